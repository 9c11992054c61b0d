"""Spreadsheets out: one table per workbook, Vietnamese headers, real dates, set widths, frozen header.

Data in, .xlsx bytes out (like the PDF renderers). Optional title lines go above the header row; the header
is bold with a border and frozen, dates are written as Excel dates shown dd/mm/yyyy, text is NFC.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from trungtam_desktop.domain.vietnamese import nfc

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM:SS"


@dataclass(frozen=True)
class XlsxColumn:
    title: str
    width: float = 15
    kind: str = "text"  # text | date | datetime | number | decimal


def _cell_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, str):
        return nfc(value)
    return value


def thin_border():  # type: ignore[no-untyped-def]
    """The grey hairline round header (and report) cells."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def write_heading(sheet, columns: Sequence[XlsxColumn], title_lines: Sequence[str] = ()) -> int:  # type: ignore[no-untyped-def]
    """Bold title lines, then the shaded, bordered header row and the column widths; the header's row."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    border = thin_border()
    for line in title_lines:
        sheet.append([nfc(line)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=13)
    header_row = len(title_lines) + 1
    sheet.append([nfc(column.title) for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(header_row, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    return header_row


def write_table(
    sheet_title: str,
    columns: Sequence[XlsxColumn],
    rows: Iterable[Sequence[object]],
    *,
    title_lines: Sequence[str] = (),
) -> bytes:
    """One sheet holding ``rows`` under ``columns``; returns the workbook's bytes."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    header_row = write_heading(sheet, columns, title_lines)
    for values in rows:
        sheet.append([_cell_value(v) for v in values])
        row = sheet.max_row
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row, index)
            if column.kind == "date" and isinstance(cell.value, date | datetime):
                cell.number_format = DATE_FORMAT
            elif column.kind == "datetime" and isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif column.kind == "decimal":
                cell.number_format = "0.0"
            elif column.kind == "text" and isinstance(cell.value, str) and cell.value.isdigit():
                cell.number_format = "@"  # a CCCD stays text (leading zeros)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    if columns:
        last = get_column_letter(len(columns))
        sheet.auto_filter.ref = f"A{header_row}:{last}{max(sheet.max_row, header_row)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
