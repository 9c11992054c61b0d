"""One learner-list pipeline (issue 19): a list pasted from Excel and the same list imported from a file are
read with the same column vocabulary, matched by the same matcher, written by the same writer, audited the
same way and undone the same way; a list can be matched by CCCD alone."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.db.classwork_support import count, make_class, make_learner, sql
from tests.import_fixtures import save
from trungtam_desktop.domain.enums import PartyStatus
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.import_plan import RowStatus

FUTURE = (date(2024, 12, 2), date(2024, 12, 6))  # FIXED_TODAY is 20/11/2024
FIELDS = (
    "full_name", "birth_date", "birth_year", "gender", "unit", "party_cell", "cccd", "position", "ethnicity",
    "phone", "party_status", "party_join_date", "party_full_date", "notes",
)  # fmt: skip

# Headings as communes write them; "Chi bộ" was the unit when pasted but the Party cell when imported.
ONE_ROW = (
    [("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chi bộ", "Số CCCD", "Chức vụ", "Dân tộc", "Điện thoại",
      "Ngày vào Đảng", "Ghi chú")],
    [
        (1, "Nguyễn Văn An", "05/03/1990", "Nam", "Chi bộ thôn 1", "079090001234", "Bí thư chi đoàn", "Kinh",
         "0912345678", "02/03/2024", ""),
        (2, "Trần Thị Bình", "1985", "Nữ", "Chi bộ thôn 2", "079091005678", "Trưởng thôn", "K'Ho", "", "", "CMND cũ"),
    ],
)  # fmt: skip
TWO_ROWS = (
    [
        ("STT", "Họ và tên", "Năm sinh", "", "Đơn vị công tác", "Đảng viên", ""),
        ("", "", "Nam", "Nữ", "", "Dự bị", "Chính thức"),
    ],
    [
        (1, "Lê Văn Cường", "1990", "", "Đoàn xã Hiệp Thạnh", "", "x"),
        (2, "Phạm Thị Dung", "", "12/05/1998", "Hội phụ nữ", "x", ""),
    ],
)


def _fields(plan) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return [{name: getattr(row.learner, name) for name in FIELDS} for row in plan.rows]


@pytest.mark.parametrize("table", [ONE_ROW, TWO_ROWS], ids=["one header row", "two header rows"])
def test_same_headings_give_the_same_fields_pasted_or_from_a_file(services, tmp_path: Path, table) -> None:  # type: ignore[no-untyped-def]
    header, rows = table
    workbook = Workbook()
    for row in (*header, *rows):
        workbook.active.append(row)
    importer = services.learner_import
    from_file = importer.dry_run(importer.open(save(workbook, tmp_path / "ds.xlsx")))
    text = "\n".join("\t".join(str(cell) for cell in row) for row in (*header, *rows))
    pasted = importer.check_pasted(text)

    assert [row.status for row in from_file.rows] == [RowStatus.NEW] * len(rows)
    assert _fields(pasted) == _fields(from_file)
    assert pasted.headers == from_file.headers and pasted.unused == from_file.unused == ()
    if table is ONE_ROW:
        first = from_file.rows[0].learner
        assert (first.party_cell, first.unit, first.cccd) == ("Chi bộ thôn 1", "", "079090001234")
        assert first.party_status is PartyStatus.PROBATIONARY and first.party_join_date == date(2024, 3, 2)
    else:
        assert [row.learner.party_status for row in pasted.rows] == [
            PartyStatus.FULL,
            PartyStatus.PROBATIONARY,
        ]


def test_a_pasted_list_is_an_import_into_the_class_and_is_undone_like_one(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-50", *FUTURE)
    known = make_learner(services, "Trần Văn Khải", 1970)
    plan = services.learner_import.check_pasted(
        "Họ và tên\tNăm sinh\tSố CCCD\nTrần Văn Khải\t1970\t\nLò Thị Mai\t1999\t079199000111\n", class_id
    )
    assert [row.status for row in plan.rows] == [RowStatus.EXISTING, RowStatus.NEW]
    audit_before = count(opened, "audit_log")
    outcome = services.learner_import.apply(plan)
    assert (outcome.created, outcome.matched, outcome.enrolled, outcome.backup) == (1, 1, 2, "")
    assert outcome.roster_summary() == "Đã thêm 2 học viên vào lớp (trong đó 1 hồ sơ mới)."
    roster = services.enrolment.roster(class_id)
    assert {e.learner_id for e in roster} >= {known} and all(e.enrolled_on == FUTURE[0] for e in roster)

    # one audit path: an entry per learner and enrolment written, and the import's own, under one batch
    entries = sql(opened, "SELECT entity, summary, batch_id FROM audit_log ORDER BY id")[audit_before:]
    assert {batch for _, _, batch in entries} == {outcome.batch_id}
    assert [entity for entity, _, _ in entries] == ["learner", "enrolment", "enrolment", "learner_import"]
    assert entries[0][1] == "Lò Thị Mai (dán từ Excel)"
    assert {summary for _, summary, _ in entries[1:3]} == {
        "Trần Văn Khải vào lớp NTVD-2024-50 từ 02/12/2024 (dán từ Excel)",
        "Lò Thị Mai vào lớp NTVD-2024-50 từ 02/12/2024 (dán từ Excel)",
    }
    changes = json.loads(sql(opened, "SELECT changes FROM audit_log WHERE entity = 'learner_import'")[0][0])
    assert changes["matched"] == [known] and len(changes["enrolments"]) == 2

    (record,) = services.learner_import.history()
    assert record.can_undo and record.summary == "Dán từ Excel vào lớp NTVD-2024-50: 1 hồ sơ mới, 1 hồ sơ đã có"
    assert services.learner_import.undo(outcome.batch_id).endswith("đã xóa 1 hồ sơ mới và 2 lượt xếp lớp.")
    assert services.enrolment.roster(class_id) == [] and count(opened, "learner") == 1


def test_pasting_twice_skips_those_already_in_the_class(services) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-51", *FUTURE)
    text = "Nguyễn Văn An\t05/03/1990\tNam\nLê Thị Hoa\t1991\tNữ\n"
    services.learner_import.apply(services.learner_import.check_pasted(text, class_id))
    again = services.learner_import.check_pasted(text + "Đỗ Văn Xuân\t1960\tNam\n", class_id)
    assert [row.in_class for row in again.rows] == [True, True, False]
    outcome = services.learner_import.apply(again)
    assert (outcome.created, outcome.enrolled) == (1, 1)
    assert outcome.already_in_class == ("Nguyễn Văn An", "Lê Thị Hoa")
    assert outcome.roster_summary() == (
        "Đã thêm 1 học viên vào lớp (trong đó 1 hồ sơ mới). Đã có trong lớp từ trước: Nguyễn Văn An, Lê Thị Hoa."
    )


def test_a_pasted_cccd_taken_meanwhile_writes_nothing(services, opened) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-52", *FUTURE)
    plan = services.learner_import.check_pasted("Lò Thị Mai\t1999\t079199000111\n", class_id)
    assert plan.rows[0].status is RowStatus.NEW and plan.rows[0].learner.cccd == "079199000111"
    make_learner(services, "Người Khác Hẳn", cccd="079199000111")
    with pytest.raises(ConflictError, match="Dòng 1: số CCCD 079199000111 vừa được dùng"):
        services.learner_import.apply(plan)
    assert count(opened, "learner") == 1 and count(opened, "enrolment") == 0


def test_a_list_matched_by_cccd_alone(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A chi bộ's members, pasted or imported, found by their CCCD (their training records wanted)."""
    member = make_learner(services, "Nguyễn Văn An", cccd="079090001234")
    make_learner(services, "Lê Thị Hoa", 1985)  # same name and birth as a row, but no CCCD on that row
    rows = [
        ("Họ và tên", "Năm sinh", "Số CCCD"),
        ("Nguyễn Văn An", "1990", "079090001234"),
        ("Lê Thị Hoa", "1985", ""),
        ("Trần Văn Mới", "1992", "079092000999"),
        ("Phạm Văn Khác", "1980", "079090001234"),
    ]
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    importer = services.learner_import
    pasted = importer.check_pasted("\n".join("\t".join(row) for row in rows), cccd_only=True)
    from_file = importer.dry_run(importer.open(save(workbook, tmp_path / "cb.xlsx")), cccd_only=True)
    for plan in (pasted, from_file):
        statuses = [(row.number, row.status, row.learner_id) for row in plan.rows]
        assert statuses == [
            (2, RowStatus.EXISTING, member),
            (3, RowStatus.ERROR, None),  # no CCCD: a name and birth match nothing here
            (4, RowStatus.NEW, None),  # nobody on file with that CCCD
            (5, RowStatus.DUPLICATE, None),  # the same CCCD as row 2
        ]
        assert plan.rows[1].reason == "Dòng 3: thiếu số CCCD; danh sách này chỉ đối chiếu theo số CCCD."
    # the default rule still matches by name and birth
    assert importer.check_pasted("Lê Thị Hoa\t1985\n").rows[0].status is RowStatus.EXISTING


def test_a_headerless_paste_finds_the_cccd_and_party_data_is_read(services) -> None:  # type: ignore[no-untyped-def]
    text = "1\tNguyễn Văn An\t05/03/1990\tNam\t079090001234\tThôn 1\n2\tLê Thị Hoa\t1991\tNữ\t079191000002\tThôn 2\n"
    plan = services.learner_import.check_pasted(text)
    assert not plan.has_header
    assert [(row.learner.cccd, row.unit) for row in plan.rows] == [
        ("079090001234", "Thôn 1"),
        ("079191000002", "Thôn 2"),
    ]
    assert plan.unused == ()  # the STT column is no column to report


def test_an_excel_date_pasted_as_text_and_a_file_date_give_the_same_birth(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workbook = Workbook()
    workbook.active.append(("Họ và tên", "Ngày sinh"))
    workbook.active.append(("Nguyễn Văn An", datetime(1990, 3, 5)))
    importer = services.learner_import
    from_file = importer.dry_run(importer.open(save(workbook, tmp_path / "d.xlsx")))
    pasted = importer.check_pasted("Họ và tên\tNgày sinh\nNguyễn Văn An\t05/03/1990\n")
    assert _fields(pasted) == _fields(from_file)


def test_a_whole_sheet_pasted_with_its_titles_and_total(services) -> None:  # type: ignore[no-untyped-def]
    text = (
        "ĐẢNG ỦY XÃ HIỆP THẠNH\t\t\t\n"
        "DANH SÁCH QUẦN CHÚNG ƯU TÚ\t\t\t\n"
        "STT\tHọ và tên\tNăm sinh\t\n"
        "\t\tNam\tNữ\n"  # "Năm sinh" over "Nam | Nữ": the column holding the year gives the gender
        "1\tNguyễn Văn An\t1990\t\n"
        "2\tLê Thị Hoa\t\t1991\n"
        "Tổng cộng: 2 người\t\t\t\n"
        "\tNgười lập biểu\t\t\n"
    )
    plan = services.learner_import.check_pasted(text)
    assert [(row.number, row.full_name, row.gender_text, row.birth_text) for row in plan.rows] == [
        (5, "Nguyễn Văn An", "Nam", "1990"),
        (6, "Lê Thị Hoa", "Nữ", "1991"),
    ]
    assert plan.end_note == "Danh sách kết thúc ở dòng 6 (dòng 7: “Tổng cộng: 2 người”)."


def test_a_huge_paste_is_sent_to_the_file_import(services) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(f"Nguyễn Văn An\t{1960 + n % 40}" for n in range(5001))
    with pytest.raises(ValidationError, match=r"quá 5\.000 dòng để dán vào lớp"):
        services.learner_import.check_pasted(text)
