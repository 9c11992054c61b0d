"""Learner lists as communes send them, built with openpyxl inside the tests (no binary fixtures)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

from trungtam_desktop.domain.legacy_encodings import unicode_to_legacy

TITLE_ROWS = (
    ("HUYỆN ỦY ĐỨC TRỌNG", None, None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"),
    ("ĐẢNG ỦY XÃ HIỆP THẠNH", None, None, None, None, None),
    (None,),
    ("DANH SÁCH", None, None, None, None, None),
    ("Quần chúng ưu tú đề nghị tham gia lớp bồi dưỡng nhận thức về Đảng", None, None, None, None, None),
    (None,),
)


def save(workbook: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def commune_list(path: Path) -> Path:
    """The classic layout: title rows, merged title, "Năm sinh" over "Nam" | "Nữ", a column-number row,
    serial and text dates, an NFD name, a duplicate, an error, "Tổng cộng" and a signature block."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    for row in TITLE_ROWS:
        ws.append(row)
    ws.merge_cells("A4:F4")
    ws.append(("STT", "Họ và tên", "Năm sinh", None, "Chức vụ, đơn vị", "Ghi chú"))  # row 7
    ws.append((None, None, "Nam", "Nữ", None, None))  # row 8
    ws.merge_cells("C7:D7")
    ws.merge_cells("A7:A8")
    ws.merge_cells("B7:B8")
    ws.merge_cells("E7:E8")
    ws.merge_cells("F7:F8")
    ws.append(("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"))  # row 9
    ws.append((1, "Nguyễn Văn An", "05/03/1990", None, "Đoàn viên, thôn 1", None))  # row 10
    ws.append((2, "TRẦN THỊ BÌNH", None, datetime(1995, 7, 12), "Hội phụ nữ thôn 2", None))  # row 11
    ws.append((3, "le van cuong", 33000, None, "Thôn 3", None))  # row 12: Excel serial = 07/05/1990
    ws.append((4, "Pha\u0323m Thi\u0323 Dung", None, "1988", "Thôn 4", None))  # row 13: NFD, year only
    ws.append((5, "Nguyễn Văn An", "5-3-1990", None, "Đoàn viên, thôn 1", "nộp hai lần"))  # row 14: duplicate
    ws.append((6, "Hoàng Văn Em", "31/02/1991", None, "Thôn 5", None))  # row 15: no such date
    ws.append((None, None, None, None, None, None))  # row 16: blank
    ws.append(("Tổng cộng: 6 người", None, None, None, None, None))  # row 17
    ws.append((None, "Người lập biểu", None, None, "T/M ĐẢNG ỦY", None))
    ws.append((None, "Nguyễn Văn Lập", None, None, "Bí thư", None))
    return save(wb, path)


def simple_list(
    path: Path,
    rows: list[tuple],
    header=("STT", "Họ tên", "Ngày sinh", "Giới tính", "Đơn vị công tác", "Số CCCD"),
) -> Path:  # type: ignore[no-untyped-def]
    wb = Workbook()
    ws = wb.active
    ws.append(("DANH SÁCH HỌC VIÊN",))
    ws.append(())
    ws.append(header)
    for row in rows:
        ws.append(row)
    return save(wb, path)


def legacy_list(path: Path, encoding: str) -> Path:
    """Names and units typed in TCVN3 or VNI (as old .VnTime / VNI-Times spreadsheets hold them)."""
    people = [("Phạm Ngọc Ánh", "12/04/1987", "Nữ", "Chi bộ thôn Đồng Lạc"),
              ("Đặng Văn Đức", "01/01/1979", "Nam", "Hội nông dân xã"),
              ("Lê Thị Hồng Nhung", "23/09/1992", "Nữ", "Trường tiểu học Hiệp Thạnh")]  # fmt: skip
    rows = [
        (
            n,
            unicode_to_legacy(name, encoding),
            birth,
            unicode_to_legacy(gender, encoding),
            unicode_to_legacy(unit, encoding),
        )
        for n, (name, birth, gender, unit) in enumerate(people, start=1)
    ]
    return simple_list(path, rows, header=("STT", "Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị"))


def big_list(path: Path, count: int, *, start_year: int = 1960) -> Path:
    """``count`` distinct people (made-up names), as a clean list with dates as Excel dates."""
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
    middle = ("Văn", "Thị", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc")
    given = ("An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Oanh", "Phúc")
    rows = []
    for n in range(count):
        name = f"{family[n % 12]} {middle[(n // 12) % 8]} {given[(n // 96) % 13]}"
        birth = date(start_year + n % 45, 1 + (n // 7) % 12, 1 + n % 28)
        rows.append(
            (n + 1, name, birth, "Nam" if n % 2 else "Nữ", f"Thôn {n % 40 + 1}", f"{n + 79_000_000_000:012d}")
        )
    return simple_list(path, rows)
