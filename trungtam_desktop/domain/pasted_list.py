"""A list pasted from Excel: one more tabular source, read like a sheet.

The clerk copies a block of rows from a spreadsheet: a name column and, in any order, birth date (or year),
gender, unit, CCCD..., with or without a header row (even with the title rows above it), sometimes with a
"STT" column, sometimes with the name split into "Họ và đệm" + "Tên". This module only turns the text into
rows of cells (tab-separated; Excel quotes a cell holding a line break; blank lines are left out, each row
keeps its line number) and finds the columns: the header with the column vocabulary of a file
(``learner_sheet.find_header``, where a lone "Họ và tên" is enough), or, without a header, by what most
cells of each column look like. Reading each row (legacy TCVN3/VNI text, errors naming the line) is
``learner_sheet.read_rows``, as for a file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from trungtam_desktop.domain.errors import ValidationError
from trungtam_desktop.domain.learner_sheet import SheetLayout, find_header
from trungtam_desktop.domain.sheet_columns import (
    BIRTH,
    CCCD,
    GENDER,
    GIVEN,
    IGNORED,
    NAME,
    STT,
    caption_kind,
)
from trungtam_desktop.domain.vietnamese import (
    clean_text,
    detect_legacy_encoding,
    fold,
    format_int,
    legacy_to_unicode,
    nfc,
)

PASTED_SOURCE = "danh sách dán từ Excel"
MAX_PASTED_ROWS = 5_000  # a class's list; a longer one is a file to import (checked in the background)
NO_NAME_COLUMN = "không tìm thấy cột họ và tên."
UNIT, PHONE, _TEXT = "unit", "phone", "text"
_GENDER_WORDS = frozenset(("nam", "nu"))
_DATE_LIKE = re.compile(r"\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,4}", re.ASCII)
_SMALL_NUMBER = re.compile(r"\d{1,3}\.?", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
_CCCD = re.compile(r"\d{12}|\d{9}", re.ASCII)  # a CCCD, or an old 9-digit CMND
_PHONE = re.compile(r"0\d{9}", re.ASCII)


@dataclass(frozen=True)
class PastedTable:
    """The pasted rows (blank lines left out), each row's line in the text, and where its columns are."""

    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...]
    layout: SheetLayout

    @property
    def has_header(self) -> bool:
        return bool(self.layout.header_rows)

    @property
    def data_numbers(self) -> tuple[int, ...]:
        return self.numbers[self.layout.data_start :]


def _split(text: str) -> tuple[list[tuple[str, ...]], list[int]]:
    """Non-blank rows with their line numbers; Excel quotes cells holding a line break, csv reads them."""
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    previous = 0
    for cells in reader:
        number, previous = previous + 1, reader.line_num
        stripped = tuple(cell.strip() for cell in cells)
        if any(stripped):
            rows.append(stripped)
            numbers.append(number)
    return rows, numbers


def _cell_kind(cell: str) -> str:
    if _DATE_LIKE.fullmatch(cell) or _YEAR.fullmatch(cell):
        return BIRTH
    if _SMALL_NUMBER.fullmatch(cell):
        return STT
    if _PHONE.fullmatch(cell):
        return PHONE
    if _CCCD.fullmatch(cell):
        return CCCD
    if fold(cell) in _GENDER_WORDS:
        return GENDER
    return _TEXT


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


def _readable(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The rows as Unicode, for guessing what each column holds (TCVN3/VNI text converted)."""
    for start in (0, 1):  # a Unicode first line stops detection over the whole text
        encoding = detect_legacy_encoding("\n".join("\t".join(row) for row in rows[start:]))
        if encoding is not None:
            return [tuple(legacy_to_unicode(cell, encoding) for cell in row) for row in rows]
    return rows


def _guess_layout(rows: list[tuple[str, ...]]) -> SheetLayout:
    """Column kinds of headerless rows, by what most of each column's cells look like."""
    rows = _readable(rows)
    width = max(len(row) for row in rows)
    kinds: list[str] = []
    text_columns: list[int] = []
    for index in range(width):
        votes: dict[str, int] = {}
        for row in rows:
            if index < len(row) and row[index]:
                kind = _cell_kind(row[index])
                votes[kind] = votes.get(kind, 0) + 1
        kind = max(votes, key=lambda k: (votes[k], k == _TEXT)) if votes else IGNORED
        if kind != _TEXT and kind in kinds:
            kind = IGNORED  # a second birth, gender, CCCD... column: keep the first
        if kind == _TEXT:
            text_columns.append(index)
        kinds.append(kind)
    if text_columns:
        scores = {
            index: _name_likeness([row[index] for row in rows if index < len(row)]) for index in text_columns
        }
        name_column = max(text_columns, key=lambda index: (scores[index], -index))
        others = [index for index in text_columns if index != name_column]
        for index in others:
            kinds[index] = IGNORED
        kinds[name_column] = NAME
        if others:
            kinds[others[0]] = UNIT
    # a row-number column keeps its "STT" caption: reported as nothing, like a file's STT column
    captions = tuple("STT" if kind == STT else "" for kind in kinds)
    columns = tuple(IGNORED if kind == STT else kind for kind in kinds)
    return SheetLayout((), 0, columns, captions)


def _first_row_header(row: tuple[str, ...], number: int) -> SheetLayout | None:
    """The first row as a header without a name column ("Ngày sinh | Đơn vị"), or None when it is data."""
    kinds = [caption_kind(cell) for cell in row]
    if not any(kind in (NAME, GIVEN, BIRTH) for kind in kinds):
        return None
    columns = tuple(IGNORED if kind in (None, STT) else kind for kind in kinds)
    return SheetLayout((number,), 1, columns, row)


def pasted_table(text: str) -> PastedTable:
    """The pasted text as rows of cells, and where its columns are (see the module docstring)."""
    rows, numbers = _split(nfc(text or ""))
    if len(rows) > MAX_PASTED_ROWS:
        raise ValidationError(
            "text",
            f"Danh sách dán có {format_int(len(rows))} dòng, quá {format_int(MAX_PASTED_ROWS)} dòng để dán "
            "vào lớp. Hãy lưu danh sách thành tệp Excel rồi dùng Dữ liệu → Nhập danh sách học viên….",
        )
    if not rows:
        return PastedTable((), (), SheetLayout((), 0, (), ()))
    try:
        found = find_header(rows, min_score=1)
        layout = SheetLayout(
            tuple(numbers[number - 1] for number in found.header_rows),
            found.data_start,
            found.columns,
            found.captions,
        )
    except ValidationError:
        layout = _first_row_header(rows[0], numbers[0]) or _guess_layout(rows)
    return PastedTable(tuple(rows), tuple(numbers), layout)
