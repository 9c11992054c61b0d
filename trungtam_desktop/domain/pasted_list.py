"""Reading a list of learners pasted from Excel (tab-separated), before it is matched against the files.

The clerk copies a block of rows from a spreadsheet: a name column and, in any order, birth date (or year),
gender and unit, with or without a header row, sometimes with a "STT" column, sometimes with the name split
into "Họ và đệm" + "Tên". Text may come decomposed (NFD) or typed in the old TCVN3/VNI encodings. This
module finds the columns, converts or refuses legacy text, and reads each row with a Vietnamese error that
names the row ("Dòng 4: ngày sinh: ngày 31/02/1990 không tồn tại."). Blank lines are skipped.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from trungtam_desktop.domain.classwork import PastedList, PastedRow
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.validation import validate_listed_learner
from trungtam_desktop.domain.vietnamese import (
    clean_text,
    detect_legacy_encoding,
    fix_legacy_text,
    fold,
    legacy_to_unicode,
    nfc,
    parse_birth,
)

NAME, FAMILY, GIVEN, BIRTH, GENDER, UNIT, IGNORED = "name", "family", "given", "birth", "gender", "unit", ""
COLUMN_LABELS = {
    NAME: "Họ và tên",
    FAMILY: "Họ và đệm",
    GIVEN: "Tên",
    BIRTH: "Ngày sinh",
    GENDER: "Giới tính",
    UNIT: "Đơn vị",
}

# Header captions (folded) and the column each names; checked in order, first match wins.
_HEADERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (IGNORED, ("stt", "tt", "so tt", "so thu tu")),
    (FAMILY, ("ho", "ho dem", "ho va dem", "ho va ten dem", "ho va chu dem", "ho lot", "ho, ten dem")),
    (GIVEN, ("ten",)),
    (NAME, ("ho va ten", "ho ten", "ho, ten", "ho va ten hoc vien", "ho ten hoc vien", "hoc vien")),
    (BIRTH, ("ngay sinh", "nam sinh", "ngay, thang, nam sinh", "ngay thang nam sinh", "sinh ngay")),
    (GENDER, ("gioi tinh", "gioi", "nam/nu", "nam, nu", "phai")),
    (UNIT, ("don vi", "don vi cong tac", "co quan", "co quan, don vi", "noi cong tac", "chi bo")),
)
_GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
_DATE_LIKE = re.compile(r"\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,4}", re.ASCII)
_SMALL_NUMBER = re.compile(r"\d{1,3}\.?", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
# Latin-1 characters that are not Vietnamese letters: in a name they betray text typed in TCVN3 or VNI.
_VIETNAMESE_LATIN1 = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_LEGACY_HINT = (
    "có ký tự lạ, có thể được gõ bằng bảng mã cũ (TCVN3/VNI). Hãy chuyển bảng mã sang Unicode "
    "(ví dụ Unikey: Ctrl+Shift+F6) rồi dán lại"
)


@dataclass(frozen=True)
class _Line:
    number: int
    cells: list[str]


def _lines(text: str) -> list[_Line]:
    """Non-blank rows with their line numbers; Excel quotes cells holding a line break, csv reads them."""
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    lines, previous = [], 0
    for cells in reader:
        number = previous + 1
        previous = reader.line_num
        cells = [cell.strip() for cell in cells]
        if any(cells):
            lines.append(_Line(number, cells))
    return lines


def _convert_legacy(lines: list[_Line]) -> str | None:
    """Convert the rows in place when they are in TCVN3 or VNI; returns the encoding found, if any.

    A header in Unicode stops detection over the whole text, so the rows without the first are tried too.
    """
    for start in (0, 1):
        encoding = detect_legacy_encoding("\n".join("\t".join(line.cells) for line in lines[start:]))
        if encoding is not None:
            for line in lines[start:]:
                line.cells[:] = [legacy_to_unicode(cell, encoding) for cell in line.cells]
            return encoding
    return None


def _header_column(caption: str) -> str | None:
    key = fold(caption).rstrip(":").strip()
    for column, captions in _HEADERS:
        if key in captions:
            return column
    return None


def _read_header(line: _Line) -> list[str] | None:
    """Column kinds of a header row, or None when the line is data."""
    kinds = [_header_column(fix_legacy_text(cell)[0]) for cell in line.cells]
    if not any(kind in (NAME, GIVEN, BIRTH) for kind in kinds):
        return None
    return [kind if kind is not None else IGNORED for kind in kinds]


def _cell_kind(cell: str) -> str:
    if _DATE_LIKE.fullmatch(cell) or _YEAR.fullmatch(cell):
        return BIRTH
    if _SMALL_NUMBER.fullmatch(cell):
        return IGNORED  # a row number (STT)
    if fold(cell) in _GENDERS:
        return GENDER
    return "text"


def _name_likeness(cells: list[str]) -> float:
    """Share of cells that look like a person's name: 2–6 capitalised words, no digits or commas."""

    def looks_like_name(cell: str) -> bool:
        words = clean_text(cell).split(" ")
        return (
            2 <= len(words) <= 6
            and not any(c.isdigit() or c == "," for c in cell)
            and all(word[:1].isupper() for word in words)
        )

    return sum(map(looks_like_name, cells)) / len(cells) if cells else 0.0


def _guess_columns(lines: list[_Line]) -> list[str]:
    """Column kinds of headerless data, by what most of each column's cells look like."""
    width = max(len(line.cells) for line in lines)
    kinds: list[str] = []
    text_columns: list[int] = []
    for index in range(width):
        cells = [line.cells[index] for line in lines if index < len(line.cells) and line.cells[index]]
        votes: dict[str, int] = {}
        for cell in cells:
            kind = _cell_kind(cell)
            votes[kind] = votes.get(kind, 0) + 1
        kind = max(votes, key=lambda k: (votes[k], k == "text")) if votes else IGNORED
        if kind in (BIRTH, GENDER) and kind in kinds:
            kind = IGNORED  # a second birth or gender column: keep the first
        if kind == "text":
            text_columns.append(index)
        kinds.append(kind)
    if text_columns:
        scores = {
            index: _name_likeness([line.cells[index] for line in lines if index < len(line.cells)])
            for index in text_columns
        }
        name_column = max(text_columns, key=lambda index: (scores[index], -index))
        kinds[name_column] = NAME
        others = [index for index in text_columns if index != name_column]
        for index in others:
            kinds[index] = IGNORED
        if others:
            kinds[others[0]] = UNIT
    return kinds


def _row_error(number: int, message: str) -> str:
    return f"Dòng {number}: {message[:1].lower()}{message[1:]}"


def _to_unicode(text: str, field: str, label: str) -> str:
    """``text`` in Unicode, converted from TCVN3/VNI when it reads as such; refused if it still holds
    characters that only legacy encodings produce."""
    fixed, _encoding = fix_legacy_text(text)
    if any(0x80 <= ord(c) <= 0xFF and c not in _VIETNAMESE_LATIN1 for c in fixed):
        raise ValidationError(field, f"{label} “{text}” {_LEGACY_HINT}.")
    return fixed


def _read_row(line: _Line, kinds: list[str], seen: dict[tuple[str, str], int], today: date) -> PastedRow:
    values: dict[str, str] = {}
    for kind, cell in zip(kinds, line.cells, strict=False):
        if kind and kind not in values:
            values[kind] = cell
    name = values.get(NAME) or f"{values.get(FAMILY, '')} {values.get(GIVEN, '')}"
    name, unit = clean_text(name), clean_text(values.get(UNIT, ""))
    birth_text, gender_text = values.get(BIRTH, ""), values.get(GENDER, "")
    try:
        if not name:
            raise ValidationError("full_name", "thiếu họ và tên.")
        name = _to_unicode(name, "full_name", "họ và tên")
        unit = _to_unicode(unit, "unit", "đơn vị")
        birth_date, birth_year = (
            parse_birth(birth_text, "birth", "ngày sinh", today) if birth_text else (None, None)
        )
        gender = _GENDERS.get(fold(gender_text)) if gender_text else None
        if gender_text and gender is None:
            raise ValidationError("gender", f"giới tính “{gender_text}” không hợp lệ (ghi Nam hoặc Nữ).")
        learner = validate_listed_learner(
            Learner(name, birth_date=birth_date, birth_year=birth_year, gender=gender, unit=unit), today
        )
        key = (fold(learner.full_name), str(learner.birth_date or learner.birth_year or ""))
        if key in seen:
            raise ValidationError("full_name", f"trùng với dòng {seen[key]} (cùng họ tên và ngày sinh).")
    except ValidationError as exc:
        return PastedRow(line.number, name, unit=unit, error=_row_error(line.number, exc.message))
    seen[key] = line.number
    return PastedRow(
        line=line.number,
        full_name=learner.full_name,
        birth_date=learner.birth_date,
        birth_year=learner.birth_year,
        gender=learner.gender,
        unit=learner.unit,
    )


def parse_pasted_text(text: str, today: date) -> PastedList:
    """Read pasted rows (see the module docstring). Rows come back unmatched (``match`` None)."""
    lines = _lines(nfc(text or ""))
    if not lines:
        return PastedList(rows=())
    encoding = _convert_legacy(lines)
    kinds = _read_header(lines[0])
    has_header = kinds is not None
    data = lines[1:] if has_header else lines
    if not data:
        return PastedList(rows=(), has_header=has_header, encoding=encoding)
    if kinds is None:
        kinds = _guess_columns(data)
    if NAME not in kinds and GIVEN not in kinds:
        message = "không tìm thấy cột họ và tên."
        return PastedList(
            rows=tuple(PastedRow(line.number, "", error=_row_error(line.number, message)) for line in data),
            has_header=has_header,
            encoding=encoding,
        )
    seen: dict[tuple[str, str], int] = {}
    rows = tuple(_read_row(line, kinds, seen, today) for line in data)
    columns = tuple(dict.fromkeys(COLUMN_LABELS[kind] for kind in kinds if kind in COLUMN_LABELS))
    return PastedList(rows=rows, columns=columns, has_header=has_header, encoding=encoding)
