"""The columns of a learner list: what each kind is called, and how header captions and cells read.

Pure Python. A header caption is matched on its folded form ("HỌ VÀ TÊN", "Họ tên", "Ngày, tháng, năm
sinh", "CCCD/CMND"...), first exactly and then by the words it contains.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.vietnamese import clean_text, fix_legacy_text, fold, format_date, parse_date

# Column kinds. "" is a column the importer does not read.
IGNORED, NAME, FAMILY, GIVEN, BIRTH = "", "full_name", "family", "given", "birth"
BIRTH_MALE, BIRTH_FEMALE, GENDER, CCCD = "birth_male", "birth_female", "gender", "cccd"
# Party membership: a status word or mark ("Đảng viên", "ĐV", "Dự bị"...), the date of admission (vào Đảng,
# kết nạp: the probationary member's date) and the date of becoming a full member (chính thức). Under a
# two-row header "Đảng viên" or "Ngày vào Đảng" over "Dự bị | Chính thức", the two sub-columns are the
# admission and the full-membership columns (holding dates, or marks).
PARTY_STATUS, PARTY_JOIN, PARTY_FULL = "party_status", "party_join_date", "party_full_date"
TEXT_FIELDS = ("position", "unit", "ethnicity", "religion", "hometown", "address", "phone")
TEXT_FIELDS += ("party_cell", "commune", "education", "notes")
FIELD_LABELS: dict[str, str] = {
    IGNORED: "(Không nhập)",
    NAME: "Họ và tên",
    FAMILY: "Họ và đệm",
    GIVEN: "Tên",
    BIRTH: "Ngày sinh",
    BIRTH_MALE: "Năm sinh – Nam",
    BIRTH_FEMALE: "Năm sinh – Nữ",
    GENDER: "Giới tính",
    CCCD: "Số CCCD",
    "position": "Chức vụ",
    "unit": "Đơn vị công tác",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "hometown": "Quê quán",
    "address": "Nơi ở",
    "phone": "Điện thoại",
    "party_cell": "Chi bộ / Đảng bộ cơ sở",
    PARTY_STATUS: "Đảng viên (dự bị / chính thức)",
    PARTY_JOIN: "Ngày vào Đảng",
    PARTY_FULL: "Ngày chính thức",
    "commune": "Xã/phường",
    "education": "Trình độ học vấn",
    "notes": "Ghi chú",
}
STT = "stt"  # a row-number column: recognised as a caption, imported as nothing

# Folded captions, exact.
_EXACT: dict[str, str] = {
    **dict.fromkeys(("stt", "tt", "so tt", "so thu tu", "thu tu"), STT),
    **dict.fromkeys(("ho", "ho dem", "ho va dem", "ho va ten dem", "ho lot", "ho, ten dem"), FAMILY),
    **dict.fromkeys(("ho va chu dem", "ho, dem", "ho va ten lot"), FAMILY),
    **dict.fromkeys(("ten", "ten goi"), GIVEN),
    **dict.fromkeys(
        ("ho va ten", "ho ten", "ho, ten", "hoc vien", "ten hoc vien", "ho va ten khai sinh"), NAME
    ),
    **dict.fromkeys(("gioi tinh", "gioi", "nam/nu", "nam, nu", "nam nu", "phai", "nam - nu"), GENDER),
    "nam": BIRTH_MALE,
    "nu": BIRTH_FEMALE,
    **dict.fromkeys(("chuc vu", "chuc danh", "chuc vu hien nay", "chuc vu dang"), "position"),
    **dict.fromkeys(("dan toc",), "ethnicity"),
    **dict.fromkeys(("ton giao",), "religion"),
    **dict.fromkeys(("que quan", "nguyen quan", "que"), "hometown"),
    **dict.fromkeys(("noi o", "noi o hien nay", "cho o hien nay", "dia chi", "noi cu tru"), "address"),
    **dict.fromkeys(("thuong tru", "dia chi thuong tru", "noi thuong tru"), "address"),
    **dict.fromkeys(("dien thoai", "so dien thoai", "sdt", "dt", "so dt", "dien thoai lien he"), "phone"),
    **dict.fromkeys(("xa", "xa/phuong", "xa, phuong", "phuong/xa", "xa, thi tran", "xa/thi tran"), "commune"),
    **dict.fromkeys(("trinh do hoc van", "hoc van", "van hoa", "trinh do van hoa", "gdpt"), "education"),
    **dict.fromkeys(("ghi chu",), "notes"),
    **dict.fromkeys(
        (
            "dang vien", "dv", "la dang vien", "dang vien/quan chung", "dang vien, quan chung",
            "quan chung/dang vien", "dang vien du bi/chinh thuc", "dang vien du bi, chinh thuc",
            "dang vien du bi - chinh thuc", "dv du bi/chinh thuc", "dang vien (du bi, chinh thuc)",
        ),
        PARTY_STATUS,
    ),
    **dict.fromkeys(("du bi", "dang vien du bi", "dvdb", "ngay du bi", "vao dang", "ket nap"), PARTY_JOIN),
    **dict.fromkeys(("chinh thuc", "dang vien chinh thuc", "dvct", "ngay chinh thuc"), PARTY_FULL),
}
# Folded captions, by the words they contain (checked in order after the exact ones).
_CONTAINS: tuple[tuple[tuple[str, ...], str], ...] = (
    # Party dates first: "Ngày vào Đảng chính thức" is the full-membership date, not the admission's
    (("chinh thuc",), PARTY_FULL),
    (("vao dang",), PARTY_JOIN),
    (("ket nap",), PARTY_JOIN),
    (("ngay", "du bi"), PARTY_JOIN),
    (("dang vien",), PARTY_STATUS),
    (("cccd",), CCCD),
    (("cmnd",), CCCD),
    (("can cuoc",), CCCD),
    (("chung minh",), CCCD),
    (("dinh danh",), CCCD),
    (("ho va ten",), NAME),
    (("ho ten",), NAME),
    (("ngay", "sinh"), BIRTH),
    (("nam sinh",), BIRTH),
    (("sinh ngay",), BIRTH),
    (("don vi",), "unit"),
    (("co quan",), "unit"),
    (("noi cong tac",), "unit"),
    (("noi lam viec",), "unit"),
    (("chi bo",), "party_cell"),
    (("dang bo",), "party_cell"),
    (("chuc vu",), "position"),
    (("dien thoai",), "phone"),
    (("ghi chu",), "notes"),
)

_NOISE = re.compile(r"\(\s*\d+\s*\)|[*:]|\s+\(.*\)$")

Cell = object


def column_letter(index: int) -> str:
    """Excel's name of a column: 0 -> "A", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def caption_kind(caption: object) -> str | None:
    """The column a header caption names ("HỌ VÀ TÊN" -> NAME), or None when it names nothing we know."""
    text = cell_text(caption)
    if not text:
        return None
    key = fold(_NOISE.sub(" ", fix_legacy_text(text)[0])).strip(" .,;-")
    if key in _EXACT:
        return _EXACT[key]
    if "noi sinh" in key:
        return None
    for words, kind in _CONTAINS:
        if all(word in key for word in words):
            return kind
    return None


def cell_text(value: Cell) -> str:
    """A cell as text: numbers without a trailing ".0", dates as dd/mm/yyyy, everything cleaned."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return clean_text(repr(value)) if math.isfinite(value) else ""
    if isinstance(value, datetime | date):
        return format_date(value)
    return clean_text(str(value))


SERIAL_EPOCH = date(1899, 12, 30)  # Excel's day 0
MAX_SERIAL = 2958465  # 31/12/9999


def cell_date(value: Cell, label: str) -> date:
    """A full date from a cell: an Excel date, an Excel serial number, or text (dd/mm/yyyy...). A year
    alone is refused (a Party date is a day); raises ``ValidationError`` starting with ``label``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and 1 <= number <= MAX_SERIAL:
            if 1900 <= number <= 2100:
                raise ValidationError(
                    "date", f"{label}: “{int(number)}” chỉ có năm; hãy ghi đủ ngày, tháng, năm."
                )
            return SERIAL_EPOCH + timedelta(days=int(number))
    text = cell_text(value)
    if text.isdigit() and len(text) == 4:
        raise ValidationError("date", f"{label}: “{text}” chỉ có năm; hãy ghi đủ ngày, tháng, năm.")
    return parse_date(text, "date", label)
