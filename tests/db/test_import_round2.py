"""Issue 16, import: Party status and dates read in every header variant, no column dropped silently, a
VNI-typed "Đơn vị", a dry run that refuses what the import refuses, a year-only match said as such."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.classwork_builder import build_class, pass_everyone
from tests.import_fixtures import TITLE_ROWS, save, simple_list
from trungtam_desktop.cli import main
from trungtam_desktop.domain.enums import PartyStatus
from trungtam_desktop.domain.errors import ConflictError, ValidationError
from trungtam_desktop.domain.import_plan import RowStatus
from trungtam_desktop.domain.legacy_encodings import unicode_to_legacy

DU_BI, CHINH_THUC, QUAN_CHUNG = PartyStatus.PROBATIONARY, PartyStatus.FULL, PartyStatus.NONE


def _plan(services, path: Path, class_id: int | None = None):  # type: ignore[no-untyped-def]
    importer = services.learner_import
    return importer.dry_run(importer.open(path), class_id=class_id)


def _sheet(path: Path, header: list[tuple], rows: list[tuple]) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in (*TITLE_ROWS, *header, *rows):
        ws.append(row)
    return save(wb, path)


def _party(plan) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    return {
        row.full_name: (row.learner.party_status, row.learner.party_join_date, row.learner.party_full_date)
        if row.learner
        else row.reason
        for row in plan.rows
    }


# -- 13. Party status and dates, in every header variant ---------------------------------------------------


def test_new_member_list_two_row_nam_nu_with_ngay_vao_dang(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The list communes send for a đảng viên mới class: "Năm sinh" over "Nam | Nữ", "Ngày vào Đảng"."""
    path = _sheet(
        tmp_path / "dvm.xlsx",
        [
            ("STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Ngày vào Đảng", "Chi bộ"),
            (None, None, "Nam", "Nữ", None, None, None),
        ],
        [
            (1, "Nguyễn Văn An", 1995, None, "Kinh", datetime(2024, 3, 2), "Chi bộ thôn 1"),
            (2, "Trần Thị Bình", None, "12/05/1998", "Kinh", "15/01/2022", "Chi bộ thôn 2"),
            (3, "Lê Văn Cường", "1990", None, "Kinh", None, "Chi bộ thôn 3"),
        ],
    )
    plan = _plan(services, path)
    assert _party(plan) == {
        "Nguyễn Văn An": (DU_BI, date(2024, 3, 2), None),  # admitted 8 months before today (20/11/2024)
        "Trần Thị Bình": (CHINH_THUC, date(2022, 1, 15), None),  # probation long over
        "Lê Văn Cường": (QUAN_CHUNG, None, None),
    }
    assert not plan.unused


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        (("Ngày vào Đảng", "Ngày chính thức"), ("02/03/2023", "02/03/2024"), (CHINH_THUC, date(2023, 3, 2), date(2024, 3, 2))),
        (("Ngày kết nạp Đảng", "Ngày vào Đảng chính thức"), ("02/03/2024", None), (DU_BI, date(2024, 3, 2), None)),
        (("Đảng viên dự bị/chính thức", "Ghi chú"), ("Dự bị", None), (DU_BI, None, None)),
        (("Đảng viên dự bị/chính thức", "Ghi chú"), ("Chính thức", None), (CHINH_THUC, None, None)),
        (("ĐV", "Ghi chú"), ("x", None), (CHINH_THUC, None, None)),
        (("ĐV", "Ghi chú"), ("ĐVDB", None), (DU_BI, None, None)),
        (("Đảng viên", "Ghi chú"), ("Quần chúng", None), (QUAN_CHUNG, None, None)),
        (("Đảng viên", "Ghi chú"), ("05/06/2024", None), (DU_BI, date(2024, 6, 5), None)),
        (("Là đảng viên", "Ngày chính thức"), (None, "01/02/2020"), (CHINH_THUC, None, date(2020, 2, 1))),
    ],
)
def test_party_columns_in_one_row_headers(services, tmp_path: Path, header, cells, expected) -> None:  # type: ignore[no-untyped-def]
    path = _sheet(
        tmp_path / "ds.xlsx",
        [("STT", "Họ và tên", "Ngày sinh", *header)],
        [(1, "Nguyễn Văn An", "05/03/1990", *cells)],
    )
    assert _party(_plan(services, path))["Nguyễn Văn An"] == expected


def test_two_row_dang_vien_over_du_bi_and_chinh_thuc(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _sheet(
        tmp_path / "ds.xlsx",
        [("STT", "Họ và tên", "Ngày sinh", "Đảng viên", None), (None, None, None, "Dự bị", "Chính thức")],
        [
            (1, "Nguyễn Văn An", "05/03/1990", "x", None),
            (2, "Trần Văn Bảy", "05/03/1991", None, "x"),
            (3, "Lê Văn Cường", "05/03/1992", "02/03/2024", None),
            (4, "Phạm Văn Dũng", "05/03/1993", "02/03/2020", "02/03/2021"),
        ],
    )
    assert _party(_plan(services, path)) == {
        "Nguyễn Văn An": (DU_BI, None, None),
        "Trần Văn Bảy": (CHINH_THUC, None, None),
        "Lê Văn Cường": (DU_BI, date(2024, 3, 2), None),
        "Phạm Văn Dũng": (CHINH_THUC, date(2020, 3, 2), date(2021, 3, 2)),
    }


def test_contradictory_party_data_is_a_row_error_naming_it(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _sheet(
        tmp_path / "ds.xlsx",
        [("STT", "Họ và tên", "Ngày sinh", "Đảng viên", "Ngày vào Đảng", "Ngày chính thức")],
        [
            (1, "Nguyễn Văn An", "05/03/1990", "Quần chúng", "02/03/2024", None),
            (2, "Trần Văn Bảy", "05/03/1991", "Dự bị", "02/03/2023", "02/03/2024"),
            (3, "Lê Văn Cường", "05/03/1992", None, "2019", None),
            (4, "Phạm Văn Dũng", "05/03/1993", "Không rõ gì", None, None),
        ],
    )
    reasons = _party(_plan(services, path))
    assert "ghi là quần chúng nhưng có ngày vào Đảng" in reasons["Nguyễn Văn An"]
    assert "ghi là đảng viên dự bị nhưng đã có ngày chính thức" in reasons["Trần Văn Bảy"]
    assert "Ngày vào Đảng: “2019” chỉ có năm" in reasons["Lê Văn Cường"]
    assert "Đảng viên: “Không rõ gì” không rõ" in reasons["Phạm Văn Dũng"]


def test_imported_party_data_reaches_the_record(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _sheet(
        tmp_path / "ds.xlsx",
        [("STT", "Họ và tên", "Ngày sinh", "Ngày vào Đảng")],
        [(1, "Nguyễn Văn An", "05/03/1990", "02/03/2024")],
    )
    services.learner_import.apply(_plan(services, path))
    learner = services.learners.search("nguyen van an").items[0]
    assert (learner.party_status, learner.party_join_date) == (DU_BI, date(2024, 3, 2))


def test_party_rules() -> None:
    from trungtam_desktop.domain.party_membership import settle_party

    today = date(2024, 11, 20)
    assert settle_party(None, date(2023, 11, 20), None, today).status is CHINH_THUC  # 12 months: over
    assert settle_party(None, date(2023, 11, 21), None, today).status is DU_BI
    assert settle_party("member", None, None, today).status is CHINH_THUC
    assert settle_party(None, None, None, today).status is QUAN_CHUNG
    with pytest.raises(ValidationError, match="trước ngày vào Đảng"):
        settle_party(None, date(2024, 3, 1), date(2023, 3, 1), today)


# -- 14. no column is dropped silently ---------------------------------------------------------------------


def test_dry_run_names_the_columns_it_will_not_use(services, opened, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _sheet(
        tmp_path / "ds.xlsx",
        [("STT", "Họ và tên", "Ngày sinh", "Năm vào Đoàn", "Đơn vị", None)],
        [(1, "Nguyễn Văn An", "05/03/1990", 2008, "Thôn 1", "ghi thêm"), (2, "Trần Văn Bảy", "1991", None, "Thôn 2", None)],
    )
    plan = _plan(services, path)
    assert plan.unused == ("“Năm vào Đoàn” (cột D)", "cột F (không có tiêu đề)")
    line = "Bỏ qua cột: “Năm vào Đoàn” (cột D), cột F (không có tiêu đề) (không nhập các cột này)."
    assert plan.unused_line() == line and line in plan.report()
    args = ["import", "learners", str(path), "--dry-run", "--data-dir", str(opened.paths.root)]
    assert main(args) == 0
    assert line in capsys.readouterr().out


# -- 15. a VNI-typed "Đơn vị" --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["vni", "tcvn3"])
def test_legacy_typed_headers_are_recognised(services, tmp_path: Path, encoding: str) -> None:  # type: ignore[no-untyped-def]
    legacy = lambda text: unicode_to_legacy(text, encoding)  # noqa: E731
    path = _sheet(
        tmp_path / "ds.xlsx",
        [(legacy("STT"), legacy("Họ và tên"), legacy("Ngày sinh"), legacy("Đơn vị"), legacy("ĐƠN VỊ CÔNG TÁC"))],
        [(1, legacy("Nguyễn Văn An"), "05/03/1990", legacy("Đoàn xã Hiệp Thạnh"), None)],
    )
    plan = _plan(services, path)
    assert plan.rows[0].learner is not None and plan.rows[0].learner.unit == "Đoàn xã Hiệp Thạnh"
    assert plan.headers[3] == "Đơn vị công tác"


# -- 16. the dry run tells the truth ---------------------------------------------------------------------


def test_dry_run_into_a_locked_class_is_refused_like_the_import(services, opened, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="NTVD-2024-LOCK", learners=1, sessions=1)
    pass_everyone(services, built)
    services.results.lock(built.class_id)
    path = simple_list(tmp_path / "ds.xlsx", [(1, "Nguyễn Văn Tám", "05/03/1990", "Nam", "Thôn 1", None)])
    with pytest.raises(ConflictError, match="đã khóa kết quả"):
        _plan(services, path, built.class_id)
    args = ["import", "learners", str(path), "--class", built.code, "--data-dir", str(opened.paths.root)]
    assert main([*args, "--dry-run"]) == 1
    dry_err = capsys.readouterr().err
    assert main(args) == 1
    real_err = capsys.readouterr().err
    assert "đã khóa kết quả" in dry_err and dry_err == real_err


def test_a_match_on_the_year_alone_says_so(services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = simple_list(tmp_path / "a.xlsx", [(1, "Nguyễn Văn Tám", "1990", "Nam", "Thôn 1", None)])
    services.learner_import.apply(_plan(services, first))
    again = simple_list(tmp_path / "b.xlsx", [(1, "Nguyễn Văn Tám", "05/03/1990", "Nam", "Thôn 1", None)])
    row = _plan(services, again).rows[0]
    assert row.status is RowStatus.EXISTING
    assert "Trùng họ tên và năm sinh với hồ sơ" in row.reason and "ngày sinh" not in row.reason
    same = simple_list(tmp_path / "c.xlsx", [(1, "Nguyễn Văn Tám", "1990", "Nam", "", None), (2, "Nguyễn Văn Tám", "1990", "Nam", "", None)])
    duplicate = _plan(services, same).rows[1]
    assert "cùng họ tên và năm sinh" in duplicate.reason
