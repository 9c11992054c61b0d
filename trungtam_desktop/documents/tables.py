"""Table-building helpers shared by the list-like documents (grid tables with repeated headers).

Cells that hold free text (names, units, lesson titles) are paragraphs fitted to their column: the font
shrinks step by step until the text takes at most ``max_lines`` lines, and further only when a single word
is wider than the column, so text wraps or shrinks but is never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from trungtam_desktop.documents.fonts import FONT, FONT_BOLD, string_width
from trungtam_desktop.documents.inputs import ClassInfo
from trungtam_desktop.documents.styles import markup, para, party_styles, resized
from trungtam_desktop.domain.class_titles import class_heading as class_title
from trungtam_desktop.domain.vietnamese import clean_text, format_date, nfc

PAD_X = 2.5  # left and right padding of a cell, in points
PAD_Y = 2.0
GRID = 0.5
SHADE = colors.Color(0.85, 0.85, 0.85)
ABSOLUTE_MIN_SIZE = 5.0
_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")

Cell = Flowable | str | list[Flowable]
T = TypeVar("T")


def weekday_date(day: date) -> str:
    """The day as timetables write it: "Thứ Hai, 10/06/2024"."""
    return f"{_WEEKDAYS[day.weekday()]}, {format_date(day)}"


def class_heading(info: ClassInfo) -> tuple[list[str], list[str]]:
    """The sub-title (the class named as an official writes it: "Lớp bồi dưỡng nhận thức về Đảng đợt
    2/2024", see :mod:`trungtam_desktop.domain.class_titles`) and note lines (dates, venue)."""
    subtitles = [class_title(info.programme_name, info.class_name)]
    notes = [f"(Từ ngày {format_date(info.start_date)} đến ngày {format_date(info.end_date)})"]
    venue = clean_text(info.venue)
    if venue:
        notes.append(f"Địa điểm: {venue}")
    return subtitles, notes


def class_subject(info: ClassInfo) -> str:
    """The class as the PDF's subject (document properties) names it: the heading's phrase."""
    return class_title(info.programme_name, info.class_name)


@dataclass(frozen=True)
class Fitted:
    """A paragraph fitted to a column, and the row height it needs (paddings included)."""

    paragraph: Paragraph
    height: float


def _lines_at(words: Sequence[str], font: str, size: float, width: float) -> tuple[int, float]:
    """(lines needed by greedy wrapping, widest word) for ``words`` set at ``size``."""
    widths = [string_width(w, font, size) for w in words]
    space = string_width(" ", font, size)
    lines, used = 1, 0.0
    for i, w in enumerate(widths):
        if i == 0:
            used = w
        elif used + space + w <= width:
            used += space + w
        else:
            lines, used = lines + 1, w
    return lines, max(widths, default=0.0)


def fit_text(
    text: str, style: ParagraphStyle, col_width: float, *, max_lines: int = 2, min_size: float = 8.0
) -> Fitted:
    """``text`` as a paragraph that fits ``col_width``: shrunk (not below ``min_size``) to at most
    ``max_lines`` lines; smaller still only if one word alone is wider than the column."""
    text = clean_text(text)
    words = text.split(" ") if text else []
    width = col_width - 2 * PAD_X - 0.5  # a little slack against rounding in the paragraph's own wrapping
    size = float(style.fontSize)
    lines, widest = _lines_at(words, style.fontName, size, width)
    while size > min_size and lines > max_lines:
        size -= 0.5
        lines, widest = _lines_at(words, style.fontName, size, width)
    while size > ABSOLUTE_MIN_SIZE and widest > width:
        size -= 0.5
        lines, widest = _lines_at(words, style.fontName, size, width)
    fitted_style = resized(style, size)
    return Fitted(Paragraph(markup(text), fitted_style), lines * fitted_style.leading + 2 * PAD_Y + 2)


def header_cells(labels: Iterable[str], size: float = 12) -> list[Cell]:
    """Bold centred header paragraphs."""
    style = resized(party_styles().cell_header, size)
    return [para(label, style) if label else "" for label in labels]


def share_widths(total: float, widths: Sequence[float | None]) -> list[float]:
    """Column widths: given widths kept, the rest of ``total`` shared evenly by the ``None`` columns."""
    flexible = sum(1 for w in widths if w is None)
    left = total - sum(w for w in widths if w is not None)
    each = left / flexible if flexible else 0.0
    return [each if w is None else w for w in widths]


def grid_table(
    rows: list[list[Cell]],
    col_widths: Sequence[float],
    *,
    header_rows: int = 1,
    font_size: float = 12,
    row_heights: Sequence[float | None] | None = None,
    align: dict[int, str] | None = None,
    commands: Iterable[tuple[Any, ...]] = (),
    empty_text: str = "Chưa có học viên.",
) -> Table:
    """A ruled table whose first ``header_rows`` rows repeat at the top of every page.

    ``align`` maps a column index to "CENTER"/"RIGHT" for plain-string cells (the default is left).
    With no data rows, a single spanning row says ``empty_text``.
    """
    rows = [list(r) for r in rows]
    heights = list(row_heights) if row_heights is not None else None
    if len(rows) == header_rows:
        rows.append([para(empty_text, party_styles().note)] + [""] * (len(col_widths) - 1))
        if heights is not None:
            heights.append(None)
        commands = [*commands, ("SPAN", (0, header_rows), (-1, header_rows))]
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, font_size, round(font_size * 1.2, 1)),
        ("FONT", (0, 0), (-1, header_rows - 1), FONT_BOLD, font_size, round(font_size * 1.2, 1)),
        ("GRID", (0, 0), (-1, -1), GRID, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y + 1),
    ]
    for column, how in (align or {}).items():
        style.append(("ALIGN", (column, header_rows), (column, -1), how))
    style.extend(commands)
    table = Table(
        [[nfc(c) if isinstance(c, str) else c for c in r] for r in rows],
        colWidths=list(col_widths),
        rowHeights=heights,
        repeatRows=header_rows,
    )
    table.setStyle(TableStyle(style))
    return table


def total_row_commands(row: int, span_to: int) -> list[tuple[Any, ...]]:
    """Style of a "Tổng cộng" row: bold, its label spanning the first ``span_to + 1`` columns."""
    return [
        ("SPAN", (0, row), (span_to, row)),
        ("FONT", (0, row), (-1, row), FONT_BOLD),
        ("ALIGN", (0, row), (span_to, row), "CENTER"),
    ]


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column of a list table: its header, width (None: a share of what the others leave) and value.

    ``wrap`` columns (names, units, titles) become paragraphs fitted by :func:`fit_text`; the others are
    short plain strings aligned by ``align``.
    """

    label: str
    width: float | None
    value: Callable[[T], str]
    align: str = "CENTER"
    wrap: bool = False
    max_lines: int = 2
    min_size: float = 8.0


def column_table(
    items: Sequence[T],
    columns: Sequence[Column[T]],
    frame_width: float,
    *,
    font_size: float = 12,
    header_size: float = 12,
    tail_rows: Sequence[list[Cell]] = (),
    commands: Iterable[tuple[Any, ...]] = (),
    empty_text: str = "Chưa có học viên.",
) -> Table:
    """A one-header-row table of ``items`` (data rows start at row 1), then ``tail_rows`` (totals).

    With no items the tail rows are left out (pass no ``commands`` for them either).
    """
    widths = share_widths(frame_width, [c.width for c in columns])
    styles = party_styles()
    left, centred = resized(styles.cell, font_size), resized(styles.cell_centre, font_size)
    rows: list[list[Cell]] = [header_cells([c.label for c in columns], header_size)]
    for item in items:
        row: list[Cell] = []
        for column, width in zip(columns, widths, strict=True):
            text = column.value(item)
            if column.wrap:
                style = centred if column.align == "CENTER" else left
                row.append(
                    fit_text(
                        text, style, width, max_lines=column.max_lines, min_size=column.min_size
                    ).paragraph
                )
            else:
                row.append(text)
        rows.append(row)
    if items:
        rows.extend(tail_rows)
    align = {i: c.align for i, c in enumerate(columns) if not c.wrap}
    return grid_table(
        rows,
        widths,
        header_rows=1,
        font_size=font_size,
        align=align,
        commands=commands,
        empty_text=empty_text,
    )


def numbered(items: Sequence[T]) -> list[tuple[int, T]]:
    """``(STT, item)`` pairs, STT counting from 1."""
    return list(enumerate(items, start=1))
