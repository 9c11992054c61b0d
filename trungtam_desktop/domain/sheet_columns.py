"""The columns of a learner list: what each kind is called, and how header captions and cells read.

Pure Python. A header caption is matched on its folded form ("HỌ VÀ TÊN", "Họ tên", "Ngày, tháng, năm
sinh", "CCCD/CMND"...), first exactly and then by the words it contains.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from trungtam_desktop.domain.vietnamese import clean_text, fix_legacy_text, fold, format_date

# Column kinds. "" is a column the importer does not read.
IGNORED, NAME, FAMILY, GIVEN, BIRTH = "", "full_name", "family", "given", "birth"
BIRTH_MALE, BIRTH_FEMALE, GENDER, CCCD = "birth_male", "birth_female", "gender", "cccd"
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
}
# Folded captions, by the words they contain (checked in order after the exact ones).
_CONTAINS: tuple[tuple[tuple[str, ...], str], ...] = (
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
