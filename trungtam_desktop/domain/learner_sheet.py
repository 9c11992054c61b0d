"""Reading a learner list as centres really keep it in Excel: header, columns, end of list, each row.

Pure Python (no Qt, no database, no openpyxl): the input is the sheet's cell values, row by row, as
openpyxl or the csv module give them (str, int, float, date, datetime, bool or None).

* ``find_header`` finds the header row below the title rows ("HUYỆN ỦY ...", "DANH SÁCH ..."), with a
  second header row when there is one (the classic "Năm sinh" over "Nam" | "Nữ", where the column holding
  the date gives the gender), and skips a row of column numbers ("1 2 3 ..." or "(1) (2) ...").
* ``read_rows`` walks the data rows up to the end of the list ("Tổng cộng", a signature block, a place-date
  line, or several blank rows), skips group headings ("I. Chi bộ thôn 1") and hidden rows, converts text
  typed in TCVN3 or VNI, and reads each row with ``parse_row``.
* ``parse_row`` never raises: it returns a learner, or an error naming the row and the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.party_membership import party_from_cells
from trungtam_desktop.domain.sheet_columns import (
    BIRTH,
    BIRTH_FEMALE,
    BIRTH_MALE,
    CCCD,
    FAMILY,
    FIELD_LABELS,
    GENDER,
    GIVEN,
    IGNORED,
    NAME,
    STT,
    TEXT_FIELDS,
    Cell,
    caption_kind,
    cell_text,
    column_letter,
)
from trungtam_desktop.domain.validation import validate_listed_learner
from trungtam_desktop.domain.vietnamese import (
    clean_text,
    detect_legacy_encoding,
    fix_legacy_text,
    fold,
    legacy_to_unicode,
    parse_birth,
)

_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,2}|[A-Z])\s*\)?", re.ASCII)
_HEADER_SEARCH_ROWS = 40
_BLANK_ROWS_END = 3
_END_MARKERS = (
    "tong cong", "tong so", "nguoi lap", "t/m", "tm.", "tm ", "kt.", "kt ", "k/t",
    "xac nhan", "thu truong", "danh sach nay", "an dinh danh sach", "(ky", "ky ten", "bi thu", "chu tich",
    "giam doc", "truong ban", "pho ban", "ghi chu:", "noi nhan",
)  # fmt: skip
_TOTAL = re.compile(r"cong\s*(:|\d|$)")  # "Cộng: 25 người", "Cộng 25", but not the name "Công Văn Minh"
_PLACE_DATE = re.compile(r"ngay\s*[\d.…_ ]*\s*thang\s*[\d.…_ ]*\s*nam")
_SERIAL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 31/12/9999
_MARK = frozenset(("x", "v", "✓", "✔", "1", "+"))
_GENDER_WORDS = {"nam": Gender.MALE, "nu": Gender.FEMALE, "nam gioi": Gender.MALE, "nu gioi": Gender.FEMALE}
# Latin-1 characters that are not Vietnamese letters: in a name they betray text typed in TCVN3 or VNI.
_VIETNAMESE_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")


@dataclass(frozen=True)
class SheetLayout:
    """Where the list is: its header rows (1-based numbers), the first data row's index, column kinds."""

    header_rows: tuple[int, ...]
    data_start: int  # index into the rows (0-based)
    columns: tuple[str, ...]
    captions: tuple[str, ...]

    @property
    def has_name(self) -> bool:
        return NAME in self.columns or GIVEN in self.columns


def _kinds(row: Sequence[Cell]) -> list[str | None]:
    return [caption_kind(value) for value in row]


def _header_score(kinds: list[str | None]) -> int:
    found = {kind for kind in kinds if kind}
    if not found & {NAME, GIVEN}:
        return 0
    return len(found)


def _is_second_header(row: Sequence[Cell], top: Sequence[Cell], name_column: int) -> bool:
    """The row under a header continues it: blank (or the same caption) in the name column, captions."""
    name_cell = cell_text(row[name_column]) if name_column < len(row) else ""
    if name_cell and fold(name_cell) != fold(cell_text(top[name_column])):
        return False
    texts = [cell_text(value) for value in row]
    return any(texts) and all(not text or caption_kind(text) for text in texts)


def _is_column_numbers(row: Sequence[Cell]) -> bool:
    texts = [cell_text(value) for value in row]
    return sum(bool(t) for t in texts) >= 2 and all(not t or _COLUMN_NUMBER.fullmatch(t) for t in texts)


def find_header(rows: Sequence[Sequence[Cell]], *, min_score: int = 2) -> SheetLayout:
    """Find the header among the first rows; raises ``ValidationError`` when there is none.

    A header names the name column and, in a file, at least one other (``min_score`` kinds): a lone
    "Họ và tên" above a pasted block is enough (``min_score=1``), a lone word in a file's title is not."""
    best, best_score = -1, 0
    for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        score = _header_score(_kinds(row))
        if score > best_score:
            best, best_score = index, score
    if best < 0 or best_score < min_score:
        raise ValidationError(
            "file",
            "Không tìm thấy dòng tiêu đề của danh sách (ví dụ “STT | Họ và tên | Ngày sinh | Đơn vị”) trong "
            f"{_HEADER_SEARCH_ROWS} dòng đầu. Hãy kiểm tra tệp có đúng là danh sách học viên không, hoặc "
            "dùng tệp mẫu (Dữ liệu → Tải mẫu danh sách để nhập).",
        )
    if best > 0 and _header_score(_kinds(rows[best - 1])) > 0:
        above = _kinds(rows[best - 1])
        name_above = next(i for i, kind in enumerate(above) if kind in (NAME, GIVEN))
        if _is_second_header(rows[best], rows[best - 1], name_above):
            best -= 1  # merged captions repeat in the second header row: the header starts above it
    top = list(rows[best])
    kinds = _kinds(top)
    width = max(len(row) for row in rows[best : best + 3])
    top += [None] * (width - len(top))
    kinds += [None] * (width - len(kinds))
    name_column = next(i for i, kind in enumerate(kinds) if kind in (NAME, GIVEN))
    header_rows, start = [best + 1], best + 1
    captions = [cell_text(value) for value in top]
    if start < len(rows) and _is_second_header(rows[start], top, name_column):
        sub = list(rows[start]) + [None] * (width - len(rows[start]))
        header_rows.append(start + 1)
        start += 1
        parent_caption, parent_kind = "", None
        for column in range(width):
            if captions[column]:
                parent_caption, parent_kind = captions[column], kinds[column]
            sub_text = cell_text(sub[column])
            if not sub_text or fold(sub_text) == fold(captions[column]):
                continue
            sub_kind = caption_kind(sub_text)
            if sub_kind in (BIRTH_MALE, BIRTH_FEMALE) and parent_kind not in (
                BIRTH,
                BIRTH_MALE,
                BIRTH_FEMALE,
            ):
                sub_kind = GENDER if parent_kind == GENDER else sub_kind
            kinds[column] = sub_kind
            captions[column] = f"{parent_caption} – {sub_text}" if parent_caption else sub_text
    if start < len(rows) and _is_column_numbers(rows[start]):
        start += 1
    columns: list[str] = []
    for kind in kinds:
        column = IGNORED if kind in (None, STT) else kind
        columns.append(IGNORED if column in columns and column != IGNORED else column)
    return SheetLayout(tuple(header_rows), start, tuple(columns), tuple(captions))


def unused_columns(
    layout: SheetLayout, columns: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> tuple[str, ...]:
    """The columns the import will not read, named for the clerk ("“Năm vào Đoàn” (cột F)", "cột H (không
    có tiêu đề)"): every column with a caption, or with data in the list's ``rows``, that no kind was
    given to, the row numbers (STT) aside. Nothing in a list is dropped without saying so."""
    width = max([len(layout.captions), len(columns), *(len(row) for row in rows)])
    found = []
    for index in range(width):
        if index < len(columns) and columns[index]:
            continue
        caption = layout.captions[index] if index < len(layout.captions) else ""
        if caption and caption_kind(caption) == STT:
            continue
        if caption:
            found.append(f"“{caption}” (cột {column_letter(index)})")
        elif any(index < len(row) and cell_text(row[index]) for row in rows):
            found.append(f"cột {column_letter(index)} (không có tiêu đề)")
    return tuple(found)


# ---------------------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedRow:
    """One data row: the learner read from it, or the error (naming the row and the field)."""

    number: int  # the row's number in the file, as Excel shows it
    full_name: str
    learner: Learner | None = None
    error: str = ""
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class SheetReading:
    """Every data row of the list, what was skipped and why, and the legacy encoding converted."""

    rows: tuple[ParsedRow, ...]
    encoding: str | None = None
    conversions: tuple[tuple[str, str], ...] = ()  # (as typed, converted) for the first few names
    skipped: tuple[str, ...] = ()  # "Dòng 12: dòng bị ẩn, không nhập." ...
    end_note: str = ""  # where and why the list was taken to end
    notes: tuple[str, ...] = field(default=())


def _row_error(number: int, message: str) -> str:
    return f"Dòng {number}: {message}"


def _number(value: Cell) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _birth_of(value: Cell, label: str, today: date) -> tuple[date | None, int | None]:
    """Read a birth cell: an Excel date, an Excel serial number, a year, or text. Raises ValidationError."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value.year < 1900 or value > today:
            raise ValidationError("birth", f"{label}: ngày {cell_text(value)} không thể là ngày sinh.")
        return value, value.year
    number = _number(value)
    if number is not None:
        if not math.isfinite(number) or not number.is_integer():
            raise ValidationError("birth", f"{label}: “{cell_text(value)}” không phải ngày hay năm sinh.")
        whole = int(number)
        if 1900 <= whole <= today.year:
            return None, whole
        if 1000 <= whole < 1900 or today.year < whole <= 9999:  # a year typed wrong, not a date serial
            raise ValidationError("birth", f"{label}: năm {whole} không hợp lệ (năm sinh từ 1900 trở đi).")
        if 1 <= whole <= _MAX_SERIAL:
            day = _SERIAL_EPOCH + timedelta(days=whole)
            return _birth_of(day, label, today)
        raise ValidationError("birth", f"{label}: “{whole}” không phải ngày hay năm sinh.")
    text = cell_text(value)
    return parse_birth(text, "birth", label, today)


def _gender_of(text: str) -> Gender | None:
    gender = _GENDER_WORDS.get(fold(text))
    if gender is None:
        raise ValidationError("gender", f"Giới tính “{text}” không hợp lệ (ghi Nam hoặc Nữ).")
    return gender


def _cccd_of(value: Cell) -> tuple[str, str]:
    """(CCCD, note): Excel turns a CCCD typed as a number into one without its leading zeros."""
    number = _number(value)
    if number is not None and math.isfinite(number) and number.is_integer() and number >= 0:
        text = str(int(number))
        text = text.zfill(12) if 10 <= len(text) <= 11 else text
    else:
        text = cell_text(value)
    digits = re.sub(r"[\s.\-]", "", text)
    if len(digits) == 9 and digits.isdigit():  # an old 9-digit CMND: kept as a note, not as the CCCD
        return "", f"Số CMND cũ: {digits}"
    return text, ""


def _unicode(text: str, label: str, *, strict: bool = False) -> str:
    """Text converted from TCVN3/VNI when it reads as such; refused if legacy characters remain: any
    Latin-1 letter that is not Vietnamese, and in a name (``strict``) any Latin-1 sign at all ("Ph¹m"),
    where other fields may hold a "°" or "½"."""
    fixed, _ = fix_legacy_text(text)
    if any(
        0x80 <= ord(c) <= 0xFF and c not in _VIETNAMESE_LATIN1 and (strict or c.isalpha()) for c in fixed
    ):
        raise ValidationError(
            "text",
            f"{label} “{text}” có ký tự lạ, có thể được gõ bằng bảng mã cũ (TCVN3/VNI) không đọc được. "
            "Hãy chuyển bảng mã sang Unicode (ví dụ Unikey: Ctrl+Shift+F6) rồi nhập lại.",
        )
    return fixed


def parse_row(cells: Sequence[Cell], columns: Sequence[str], number: int, today: date) -> ParsedRow:
    """Read one data row with the given column kinds. Never raises: an error comes back in the row."""
    texts = tuple(cell_text(value) for value in cells)
    raw: dict[str, Cell] = {}
    for kind, value in zip(columns, cells, strict=False):
        if kind and kind not in raw and cell_text(value):
            raw[kind] = value
    name = raw.get(NAME) and cell_text(raw[NAME])
    if not name:
        name = clean_text(f"{cell_text(raw.get(FAMILY))} {cell_text(raw.get(GIVEN))}")
    try:
        return _parse(raw, name, texts, number, today)
    except ValidationError as exc:
        return ParsedRow(number, name, error=_row_error(number, exc.message), cells=texts)


def _parse(raw: dict[str, Cell], name: str, texts: tuple[str, ...], number: int, today: date) -> ParsedRow:
    if not name:
        raise ValidationError("full_name", "thiếu họ và tên.")
    name = _unicode(name, "Họ và tên", strict=True)
    birth_date, birth_year, gender = None, None, None
    births = [(kind, raw[kind]) for kind in (BIRTH, BIRTH_MALE, BIRTH_FEMALE) if kind in raw]
    if BIRTH_MALE in raw and BIRTH_FEMALE in raw:
        raise ValidationError("birth", "ghi năm sinh ở cả cột Nam và cột Nữ; chỉ được ghi ở một cột.")
    for kind, value in births:
        if kind != BIRTH:
            gender = Gender.MALE if kind == BIRTH_MALE else Gender.FEMALE
            label = "Năm sinh (cột Nam)" if kind == BIRTH_MALE else "Năm sinh (cột Nữ)"
            if fold(cell_text(value)) in _MARK:
                continue  # a cross in the column: the gender only
        else:
            label = "Ngày sinh"
        if birth_date is None and birth_year is None:
            birth_date, birth_year = _birth_of(value, label, today)
    if GENDER in raw:
        stated = _gender_of(cell_text(raw[GENDER]))
        if gender is not None and stated is not gender:
            raise ValidationError("gender", "giới tính ghi ở cột Giới tính khác với cột Nam/Nữ của năm sinh.")
        gender = stated
    values = {kind: _unicode(cell_text(raw.get(kind)), FIELD_LABELS[kind]) for kind in TEXT_FIELDS}
    cccd, cmnd_note = _cccd_of(raw[CCCD]) if CCCD in raw else ("", "")
    if cmnd_note:
        values["notes"] = clean_text(f"{values['notes']} {cmnd_note}" if values["notes"] else cmnd_note)
    party = party_from_cells(raw, today)
    learner = Learner(
        name,
        birth_date=birth_date,
        birth_year=birth_year,
        gender=gender,
        cccd=cccd or None,
        party_status=party.status,
        party_join_date=party.joined,
        party_full_date=party.full,
        **{key: value for key, value in values.items() if value},
    )
    cleaned = validate_listed_learner(learner, today)
    return ParsedRow(number, cleaned.full_name, cleaned, cells=texts)


# ---------------------------------------------------------------------------------------------------------
# The list as a whole
# ---------------------------------------------------------------------------------------------------------


def is_end_row(texts: Sequence[str], columns: Sequence[str]) -> bool:
    """The row closes the list ("Tổng cộng", a signature block, a place-date line)."""
    name = " ".join(
        texts[i] for i, kind in enumerate(columns) if kind in (NAME, GIVEN, FAMILY) and i < len(texts)
    )
    return _is_end(texts, clean_text(name))


def _is_end(texts: Sequence[str], name: str) -> bool:
    candidates = [name] if name else [t for t in texts if t][:1]
    for text in candidates:
        key = fold(text)
        if _TOTAL.match(key) or key.startswith(_END_MARKERS) or _PLACE_DATE.search(key):
            return True
    return False


def _looks_like_name(text: str) -> bool:
    words = text.split(" ")
    return 2 <= len(words) <= 7 and not any(c.isdigit() or c in ",.:;()" for c in text)


def _is_group_heading(texts: Sequence[str], name: str) -> bool:
    """A heading between groups ("I. Đảng bộ xã Hiệp Thạnh", a merged row): one value, no learner data."""
    values = {t for t in texts if t}
    if len(values) != 1:
        return False
    value = next(iter(values))
    return not (name == value and _looks_like_name(name) and sum(1 for t in texts if t) == 1)


def detect_encoding(rows: Sequence[Sequence[Cell]], columns: Sequence[str]) -> str | None:
    """The legacy encoding of the name (and unit) columns, when they are typed in TCVN3 or VNI."""
    wanted = [i for i, kind in enumerate(columns) if kind in (NAME, FAMILY, GIVEN, "unit")]
    text = "\n".join(
        cell_text(row[i]) for row in rows for i in wanted if i < len(row) and isinstance(row[i], str)
    )
    return detect_legacy_encoding(text) if text else None


def read_rows(
    rows: Sequence[Sequence[Cell]],
    layout: SheetLayout,
    today: date,
    *,
    columns: Sequence[str] | None = None,
    hidden: frozenset[int] = frozenset(),
    numbers: Sequence[int] | None = None,
) -> SheetReading:
    """Read the data rows below the header (``columns`` overrides the layout's, after the clerk's check).

    ``numbers`` gives each row's number as the clerk sees it (a pasted text's line numbers, its blank
    lines left out); by default row ``i`` is the sheet's row ``i + 1``."""
    columns = tuple(columns if columns is not None else layout.columns)
    name_columns = [i for i, kind in enumerate(columns) if kind in (NAME, GIVEN, FAMILY)]
    data, skipped, end_note, blanks = [], [], "", 0

    def number_of(index: int) -> int:
        return (numbers[index] if index >= 0 else 0) if numbers is not None else index + 1

    for index in range(layout.data_start, len(rows)):
        number, row = number_of(index), rows[index]
        texts = [cell_text(value) for value in row]
        name = " ".join(texts[i] for i in name_columns if i < len(texts) and texts[i])
        if not any(texts):
            blanks += 1
            if blanks >= _BLANK_ROWS_END and data:
                end_note = (
                    f"Danh sách kết thúc ở dòng {number_of(index - blanks)} (sau đó là {blanks} dòng trống)."
                )
                break
            continue
        blanks = 0
        if _is_end(texts, name):
            end_note = (
                f"Danh sách kết thúc ở dòng {number_of(index - 1)} "
                f"(dòng {number}: “{next(t for t in texts if t)}”)."
            )
            break
        if number in hidden:
            skipped.append(f"Dòng {number}: dòng bị ẩn trong Excel, không nhập.")
            continue
        if not name and all(not t or _COLUMN_NUMBER.fullmatch(t) for t in texts):
            skipped.append(f"Dòng {number}: chỉ có số thứ tự, không nhập.")
            continue
        if _is_group_heading(texts, name):
            skipped.append(
                f"Dòng {number}: “{next(t for t in texts if t)}” là dòng tiêu đề nhóm, không nhập."
            )
            continue
        data.append((number, row))
    encoding = detect_encoding([row for _, row in data], columns)
    conversions: list[tuple[str, str]] = []
    parsed = []
    for number, row in data:
        if encoding is not None:
            before = " ".join(cell_text(row[i]) for i in name_columns if i < len(row))
            row = [legacy_to_unicode(v, encoding) if isinstance(v, str) else v for v in row]
            if len(conversions) < 10 and before:
                conversions.append(
                    (before, " ".join(cell_text(row[i]) for i in name_columns if i < len(row)))
                )
        parsed.append(parse_row(row, columns, number, today))
    if not end_note and data:
        end_note = f"Danh sách kết thúc ở dòng {data[-1][0]} (hết dữ liệu)."
    return SheetReading(tuple(parsed), encoding, tuple(conversions), tuple(skipped), end_note)
