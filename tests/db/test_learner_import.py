"""Importing learner lists: dry run against the learners on file, one-transaction import, undo, bad files."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.db.classwork_support import count, make_class, make_learner, mark
from tests.import_fixtures import commune_list, legacy_list, save, simple_list
from trungtam_desktop.app import open_services
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.import_plan import RowStatus
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.paths import DataPaths

CCCD_A, CCCD_B = "079090001234", "079091005678"


def plan_for(services, path: Path, class_id: int | None = None):  # type: ignore[no-untyped-def]
    importer = services.learner_import
    return importer.dry_run(importer.open(path), class_id=class_id)


def statuses(plan) -> dict[int, RowStatus]:  # type: ignore[no-untyped-def]
    return {row.number: row.status for row in plan.rows}


def test_commune_list_dry_run_writes_nothing(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(services, commune_list(tmp_path / "xa.xlsx"))
    assert statuses(plan) == {
        10: RowStatus.NEW,
        11: RowStatus.NEW,
        12: RowStatus.NEW,
        13: RowStatus.NEW,
        14: RowStatus.DUPLICATE,
        15: RowStatus.ERROR,
    }
    by_number = {row.number: row for row in plan.rows}
    assert by_number[11].learner.gender is Gender.FEMALE  # the date sits in the "Nữ" column
    assert by_number[12].learner.birth_date == date(1990, 5, 7)  # Excel serial 33000
    assert by_number[12].full_name == "Le Van Cuong"
    assert by_number[13].full_name == "Phạm Thị Dung" and by_number[13].learner.birth_year == 1988
    assert by_number[15].reason == "Dòng 15: Năm sinh (cột Nam): ngày 31/02/1991 không tồn tại."
    assert "trùng với dòng 10" in by_number[14].reason
    assert plan.summary() == "6 dòng: 4 hồ sơ mới, 1 trùng dòng khác trong danh sách, 1 lỗi."
    assert count(opened, "learner") == 0


def test_import_refuses_a_file_with_errors_then_imports_valid_rows(
    services, opened, data_paths, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(services, commune_list(tmp_path / "xa.xlsx"))
    with pytest.raises(ValidationError, match="Có 2 dòng lỗi hoặc cần kiểm tra nên chưa nhập gì"):
        services.learner_import.apply(plan)
    assert count(opened, "learner") == 0
    assert not list(data_paths.backups.glob("*truoc-nhap*"))
    outcome = services.learner_import.apply(plan, valid_only=True)
    assert (outcome.created, outcome.matched, outcome.not_imported) == (4, 0, 2)
    assert count(opened, "learner") == 4
    backups = list(data_paths.backups.glob("trungtam_*_truoc-nhap.sqlite"))
    assert len(backups) == 1 and outcome.backup == str(backups[0])
    assert count(opened, "audit_log", "batch_id = ? AND entity = 'learner'", outcome.batch_id) == 4
    names = {learner.full_name for learner in services.learners.search().items}
    assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Le Van Cuong", "Phạm Thị Dung"}


def test_second_import_matches_instead_of_duplicating(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = commune_list(tmp_path / "xa.xlsx")
    services.learner_import.apply(plan_for(services, path), valid_only=True)
    again = plan_for(services, path)
    assert [row.status for row in again.importable] == [RowStatus.EXISTING] * 4
    assert "Trùng họ tên và ngày sinh với hồ sơ Nguyễn Văn An (05/03/1990" in again.rows[0].reason
    outcome = services.learner_import.apply(again, valid_only=True)
    assert (outcome.created, outcome.matched) == (0, 4)
    assert count(opened, "learner") == 4


def test_matching_by_cccd_first_and_ambiguity_is_never_silent(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_learner(services, "Nguyễn Văn An", cccd=CCCD_A, unit="Thôn 1")  # born 1990 (year only)
    make_learner(services, "Lê Thị Hoa", 1985)
    make_learner(services, "Lê Thị Hoa", 1985, unit="Thôn 9")
    make_learner(services, "Trần Văn Khải", 1970)
    path = simple_list(
        tmp_path / "ds.xlsx",
        [
            (1, "Nguyễn Văn Bảy", "02/02/1991", "Nam", "Thôn 1", CCCD_A),  # same CCCD, other name
            (2, "NGUYỄN VĂN AN", "1990", "Nam", "Thôn 1", None),  # name + year
            (3, "Lê Thị Hoa", "1985", "Nữ", "", None),  # two people on file
            (4, "Trần Văn Khải", None, "Nam", "", None),  # no birth: same name on file
            (5, "Trần Văn Khải", 1971, "Nam", "", CCCD_B),  # other year: a new person
        ],
    )
    rows = {row.number: row for row in plan_for(services, path).rows}
    assert (
        rows[4].status is RowStatus.AMBIGUOUS and "số CCCD 079090001234 đã thuộc học viên" in rows[4].reason
    )
    assert rows[5].status is RowStatus.EXISTING and rows[5].learner_id is not None
    assert "Trùng họ tên và năm sinh với hồ sơ" in rows[5].reason  # matched on the year alone: said so
    assert rows[6].status is RowStatus.AMBIGUOUS and "có 2 hồ sơ cùng họ tên và năm sinh" in rows[6].reason
    assert rows[7].status is RowStatus.AMBIGUOUS and "không có ngày sinh" in rows[7].reason
    assert rows[8].status is RowStatus.NEW


def test_same_cccd_same_person_is_an_existing_match(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    learner_id = make_learner(services, "Nguyễn Văn An", cccd=CCCD_A)
    path = simple_list(tmp_path / "ds.xlsx", [(1, "Nguyễn Văn An", "1990", "Nam", "Xã mới", 79090001234)])
    (row,) = plan_for(services, path).rows
    assert (row.status, row.learner_id) == (RowStatus.EXISTING, learner_id)
    assert row.reason.startswith("Trùng số CCCD với hồ sơ Nguyễn Văn An")


def test_archived_match_is_an_error(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services.learners.set_archived(make_learner(services, "Đỗ Văn Xuân", 1960))
    (row,) = plan_for(services, simple_list(tmp_path / "ds.xlsx", [(1, "Đỗ Văn Xuân", 1960)])).rows
    assert row.status is RowStatus.ERROR and "đã được lưu trữ" in row.reason


def test_import_into_a_class_enrols_new_and_existing(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-20", date(2024, 12, 2), date(2024, 12, 6))
    existing = make_learner(services, "Trần Văn Khải", 1970)
    path = simple_list(
        tmp_path / "ds.xlsx", [(1, "Trần Văn Khải", 1970, "Nam"), (2, "Lò Thị Mai", "03/03/1999", "Nữ")]
    )
    plan = plan_for(services, path, class_id)
    assert plan.class_code == "NTVD-2024-20"
    outcome = services.learner_import.apply(plan)
    assert (outcome.created, outcome.matched, outcome.enrolled) == (1, 1, 2)
    roster = services.enrolment.roster(class_id)
    assert {e.full_name for e in roster} == {"Trần Văn Khải", "Lò Thị Mai"}
    assert existing in {e.learner_id for e in roster}
    assert all(e.enrolled_on == date(2024, 12, 2) for e in roster)
    again = plan_for(services, path, class_id)
    assert all(row.in_class and row.status_text == "Đã có trong lớp" for row in again.rows)
    assert services.learner_import.apply(again).enrolled == 0
    assert count(opened, "enrolment") == 2


def test_import_into_a_locked_class_writes_nothing(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.db.classwork_support import lock

    class_id = make_class(services, "NTVD-2024-21", date(2024, 6, 3), date(2024, 6, 7))
    plan = plan_for(services, simple_list(tmp_path / "ds.xlsx", [(1, "Lò Thị Mai", 1999)]), class_id)
    lock(opened, class_id)
    with pytest.raises(ConflictError, match="đã khóa kết quả"):
        services.learner_import.apply(plan)
    assert count(opened, "learner") == 0


def test_cccd_taken_after_the_dry_run_rolls_back_everything(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = simple_list(
        tmp_path / "ds.xlsx",
        [(1, "Lò Thị Mai", 1999, "Nữ", "", None), (2, "Hà Văn Nam", 1998, "Nam", "", CCCD_B)],
    )
    plan = plan_for(services, path)
    make_learner(services, "Người Khác Hẳn", cccd=CCCD_B)
    with pytest.raises(ConflictError, match="Dòng 5: số CCCD 079091005678 vừa được dùng"):
        services.learner_import.apply(plan)
    assert count(opened, "learner") == 1


def test_undo_takes_the_import_back_as_one_step(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-22", date(2024, 12, 2), date(2024, 12, 6))
    kept = make_learner(services, "Trần Văn Khải", 1970)
    path = simple_list(tmp_path / "ds.xlsx", [(1, "Trần Văn Khải", 1970), (2, "Lò Thị Mai", 1999)])
    outcome = services.learner_import.apply(plan_for(services, path, class_id))
    (record,) = services.learner_import.history()
    assert record.can_undo and record.batch_id == outcome.batch_id
    summary = services.learner_import.undo(outcome.batch_id)
    assert summary.endswith("đã xóa 1 hồ sơ mới và 2 lượt xếp lớp.")
    assert count(opened, "learner") == 1 and count(opened, "enrolment") == 0
    assert services.learners.get(kept).full_name == "Trần Văn Khải"
    (record,) = services.learner_import.history()
    assert not record.can_undo and record.why_not == "đã được hoàn tác rồi."
    with pytest.raises(ConflictError, match="đã được hoàn tác rồi"):
        services.learner_import.undo(outcome.batch_id)


def test_undo_is_refused_once_the_learners_changed(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = simple_list(tmp_path / "ds.xlsx", [(1, "Lò Thị Mai", 1999)])
    outcome = services.learner_import.apply(plan_for(services, path))
    learner = services.learners.search().items[0]
    # The list had no gender column: the form asks for it when the record is next edited.
    services.learners.update(Learner(**{**learner.__dict__, "phone": "0912345678", "gender": Gender.FEMALE}))
    with pytest.raises(ConflictError, match="hồ sơ học viên đã được thay đổi sau khi nhập"):
        services.learner_import.undo(outcome.batch_id)
    assert count(opened, "learner") == 1


def test_undo_is_refused_once_the_class_marked_them(services, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.domain.classwork import ClassSessionInfo
    from trungtam_desktop.domain.enums import HalfDay

    class_id = make_class(services, "NTVD-2024-23", date(2024, 12, 2), date(2024, 12, 6))
    saved = services.timetable.add_session(
        ClassSessionInfo(class_id, date(2024, 12, 2), HalfDay.MORNING, "Bài 1")
    )
    path = simple_list(tmp_path / "ds.xlsx", [(1, "Lò Thị Mai", 1999)])
    services.learner_import.apply(plan_for(services, path, class_id))
    (entry,) = services.enrolment.roster(class_id)
    mark(opened, entry.enrolment_id, saved.session.id)
    (record,) = services.learner_import.history()
    assert not record.can_undo and "điểm danh" in record.why_not


def test_legacy_encodings_are_converted_before_import(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for encoding in ("tcvn3", "vni"):
        plan = plan_for(services, legacy_list(tmp_path / f"{encoding}.xlsx", encoding))
        assert plan.encoding == encoding
        assert [row.full_name for row in plan.rows] == ["Phạm Ngọc Ánh", "Đặng Văn Đức", "Lê Thị Hồng Nhung"]
        assert plan.conversions[0][1] == "Phạm Ngọc Ánh"
        assert any("bảng mã" in line for line in plan.report())


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters precomposed (ê, ơ, đ...), tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_utf8_with_and_without_bom_and_windows_1258(services, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    text = "DANH SÁCH\r\nSTT;Họ và tên;Ngày sinh;Giới tính;Đơn vị\r\n1;Nguyễn Thị Mỵ;05/03/1990;Nữ;Xã Hiệp Thạnh\r\n"
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    path = tmp_path / "ds.csv"
    path.write_bytes(data)
    (row,) = plan_for(services, path).rows
    assert row.status is RowStatus.NEW
    assert (row.full_name, row.learner.unit, row.learner.gender) == (
        "Nguyễn Thị Mỵ",
        "Xã Hiệp Thạnh",
        Gender.FEMALE,
    )


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_csv_with_comma_or_tab(services, tmp_path: Path, delimiter: str) -> None:  # type: ignore[no-untyped-def]
    lines = [["Họ và tên", "Năm sinh", "Chức vụ, đơn vị"], ["Lò Văn Ba", "1990", "Bí thư, chi bộ bản Mòng"]]
    path = tmp_path / "ds.csv"
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(lines)
    (row,) = plan_for(services, path).rows
    assert (row.full_name, row.learner.birth_year, row.learner.unit) == (
        "Lò Văn Ba",
        1990,
        "Bí thư, chi bộ bản Mòng",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rong.xlsx", b"", "rỗng"),
        ("anh.xlsx", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), "không phải tệp Excel .xlsx"),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "Lưu thành"),
        ("matkhau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "mật khẩu"),
        ("hong.xlsx", b"PK\x03\x04" + bytes(100), "bị hỏng"),
        ("anh.jpg", b"\xff\xd8\xff\xe0", "không phải bảng tính"),
        ("nhiphan.csv", b"\x00\x01\x02" * 100, "không phải tệp văn bản"),
    ],
)
def test_bad_files_give_a_clear_message(
    services, opened, tmp_path: Path, name: str, content: bytes, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        services.learner_import.open(path)
    assert count(opened, "learner") == 0


def test_sheet_without_header_and_junk_sheets(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    for r in range(50):
        ws.append([f"rác {r}", r, r * 2.5])
    wide = wb.create_sheet("rộng")
    wide.append(list(range(16_384)))  # as wide as Excel allows
    with pytest.raises(ValidationError, match="Không tìm thấy dòng tiêu đề"):
        services.learner_import.open(save(wb, tmp_path / "rac.xlsx"))
    junk = tmp_path / "rong.csv"
    junk.write_text(";".join(str(n) for n in range(50_000)) + "\n" + "x;y;z\n" * 3, "utf-8")
    with pytest.raises(ValidationError, match="Không tìm thấy dòng tiêu đề"):
        services.learner_import.open(junk)


def test_fifty_thousand_rows_of_junk_are_refused_quickly(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    for r in range(50_000):
        ws.append([r, "x"])
    with pytest.raises(ValidationError, match="Không tìm thấy dòng tiêu đề"):
        services.learner_import.open(save(wb, tmp_path / "dai.xlsx"))


def test_formulas_merged_cells_across_rows_and_hidden_rows(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(("STT", "Họ và tên", "Năm sinh", "Đơn vị"))
    ws.append((1, "Nguyễn Văn An", 1990, "Chi bộ thôn 1"))
    ws.append(("=A2+1", "Lê Thị Bé", 1991, None))
    ws.append(("=A3+1", "Trần Văn Cư", 1992, None))
    ws.append(("=A4+1", "=B2", 1993, "Thôn 2"))  # a formula with no stored value
    ws.append((5, "Dòng Bị Ẩn", 1994, "Thôn 2"))
    ws.merge_cells("D2:D4")  # the unit merged down its group of learners
    ws.row_dimensions[6].hidden = True
    plan = plan_for(services, save(wb, tmp_path / "gop.xlsx"))
    rows = {row.number: row for row in plan.rows}
    assert [rows[n].learner.unit for n in (2, 3, 4)] == ["Chi bộ thôn 1"] * 3
    assert rows[5].status is RowStatus.ERROR and rows[5].reason == "Dòng 5: thiếu họ và tên."
    assert 6 not in rows and "Dòng 6: dòng bị ẩn trong Excel, không nhập." in plan.skipped


def test_rejected_rows_saved_with_their_reason(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = plan_for(services, commune_list(tmp_path / "xa.xlsx"))
    out = tmp_path / "loi.xlsx"
    out.write_bytes(services.exports.rejected_rows_xlsx(plan))
    ws = load_workbook(out).active
    values = list(ws.iter_rows(values_only=True))
    assert values[1][:2] == ("Dòng trong tệp", "Lý do không nhập")
    assert values[2][0] == 14 and "trùng với dòng 10" in values[2][1]
    assert values[3][0] == 15 and values[3][1].endswith("không tồn tại.")
    assert "Hoàng Văn Em" in values[3]
    assert ws.freeze_panes == "A3"


def test_round_trip_export_a_class_import_into_an_empty_database(
    services, migrated_template, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    class_id = make_class(services, "NTVD-2024-30", date(2024, 6, 3), date(2024, 6, 7))
    people = [
        Learner(
            "Nguyễn Thị Mỵ", birth_date=date(1990, 3, 5), gender=Gender.FEMALE, cccd=CCCD_A, unit="Thôn 3"
        ),
        Learner("Đặng Văn Đức", birth_year=1979, gender=Gender.MALE, unit="Hội nông dân, xã Hiệp Thạnh"),
        Learner("K'Brel Ha Sa", birth_date=date(2001, 12, 31), gender=Gender.MALE, phone="0912345678"),
    ]
    ids = [services.learners.create(p).id for p in people]
    services.enrolment.enrol(class_id, ids)
    exported = tmp_path / "lop.xlsx"
    exported.write_bytes(services.exports.roster_xlsx(class_id))

    paths = DataPaths(tmp_path / "trong").ensure()
    shutil.copy(migrated_template, paths.database)
    other = open_services(paths)
    try:
        importer = other.services.learner_import
        plan = importer.dry_run(importer.open(exported))
        assert [row.status for row in plan.rows] == [RowStatus.NEW] * 3
        importer.apply(plan)
        imported = other.services.learners.search().items
    finally:
        other.close()
    fields = ("full_name", "birth_date", "birth_year", "gender", "cccd", "unit", "phone")
    assert {tuple(getattr(p, f) for f in fields) for p in imported} == {
        tuple(getattr(p, f) for f in fields) for p in services.learners.search().items
    }


def test_exports_have_vietnamese_headers_real_dates_and_frozen_header(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    services.learners.create(Learner("Nguyễn Thị Mỵ", birth_date=date(1990, 3, 5), gender=Gender.FEMALE))
    services.learners.create(Learner("Đặng Văn Đức", birth_year=1979, gender=Gender.MALE))
    out = tmp_path / "hv.xlsx"
    out.write_bytes(services.exports.learners_xlsx())
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]][:4] == ["STT", "Họ và tên", "Ngày sinh", "Giới tính"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 28
    births = {ws.cell(r, 2).value: ws.cell(r, 3) for r in (2, 3)}
    assert births["Nguyễn Thị Mỵ"].is_date and births["Nguyễn Thị Mỵ"].number_format == "DD/MM/YYYY"
    assert births["Đặng Văn Đức"].value == 1979
    template = tmp_path / "mau.xlsx"
    template.write_bytes(services.exports.template_xlsx())
    sheet = services.learner_import.open(template)
    assert sheet.layout.columns[1:5] == ("full_name", "birth", "gender", "cccd")
    classes = tmp_path / "lop.xlsx"
    make_class(services, "NTVD-2024-31", date(2024, 6, 3), date(2024, 6, 7))
    classes.write_bytes(services.exports.classes_xlsx(services.classes.list()))
    row = [c.value for c in load_workbook(classes).active[2]]
    assert row[1] == "NTVD-2024-31" and row[4].date() == date(2024, 6, 3)
