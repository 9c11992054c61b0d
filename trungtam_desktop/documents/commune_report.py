"""The period report's own section on the communes served: classes held at, and learner places of people
living in, each commune (a landscape annex in the PDF, a sheet of its own in the XLSX).

Self-contained: the period report adds these pages and this sheet after its own, without changing them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from trungtam_desktop.documents.party import LANDSCAPE
from trungtam_desktop.documents.report_pages import landscape_break
from trungtam_desktop.documents.styles import para, party_styles, resized
from trungtam_desktop.documents.tables import (
    Cell,
    fit_text,
    grid_table,
    header_cells,
    share_widths,
    total_row_commands,
)
from trungtam_desktop.documents.xlsx_tables import XlsxColumn, thin_border, write_heading
from trungtam_desktop.domain.organisation import CommuneFigures, CommuneLine
from trungtam_desktop.domain.reports import DASH
from trungtam_desktop.domain.vietnamese import format_date, format_int, nfc

SHEET_TITLE = "Theo xã, phường"
TABLE_SIZE = 12
HEADERS = ("STT", "Xã, phường, đặc khu phục vụ", "Số lớp tổ chức tại xã, phường", "Lượt học viên", "Ghi chú")


def subtitle(title: str) -> str:
    return f"Số lớp và lượt học viên theo xã, phường phục vụ {title}"


def explanation(figures: CommuneFigures) -> str:
    level = f" (trung tâm cấp {figures.level.word})" if figures.level else ""
    return (
        f"Từ ngày {format_date(figures.start)} đến ngày {format_date(figures.end)}{level}. Lớp tính theo "
        "xã, phường nơi tổ chức lớp; lượt học viên tính theo xã, phường nơi học viên cư trú."
    )


def _figure(value: int | None) -> str:
    return DASH if value is None else format_int(value)


def _rows(figures: CommuneFigures) -> list[tuple[str, CommuneLine]]:
    """(STT, line): served communes numbered 1, 2...; the other rows without a number."""
    rows, number = [], 0
    for line in figures.lines:
        if line.served:
            number += 1
        rows.append((str(number) if line.served else "", line))
    return rows


def commune_annex(figures: CommuneFigures, title: str) -> list[Flowable]:
    """Landscape pages for the end of the period report."""
    styles = party_styles()
    widths = share_widths(LANDSCAPE.frame_width, [12 * mm, None, 45 * mm, 40 * mm, 45 * mm])
    cell = resized(styles.cell, TABLE_SIZE)
    table: list[list[Cell]] = [header_cells(HEADERS, TABLE_SIZE)]
    for number, line in _rows(figures):
        table.append(
            [
                number,
                fit_text(line.commune, cell, widths[1], max_lines=2).paragraph,
                _figure(line.classes),
                _figure(line.places),
                fit_text(line.note, cell, widths[4], max_lines=2).paragraph,
            ]
        )
    table.append(["Tổng cộng", "", format_int(figures.classes), format_int(figures.places), ""])
    return [
        *landscape_break(),
        para("PHỤ LỤC", styles.title),
        para(subtitle(title), styles.subtitle),
        para(f"({explanation(figures)})", styles.subtitle_note),
        Spacer(1, 8),
        grid_table(
            table,
            widths,
            font_size=TABLE_SIZE,
            align={0: "CENTER", 2: "RIGHT", 3: "RIGHT"},
            commands=total_row_commands(len(table) - 1, 1),
        ),
    ]


def add_commune_sheet(workbook_bytes: bytes, figures: CommuneFigures, title: str, centre_name: str) -> bytes:
    """The report workbook with a sheet "Theo xã, phường" added at its end."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    workbook = load_workbook(io.BytesIO(workbook_bytes))
    sheet = workbook.create_sheet(SHEET_TITLE)
    columns: Sequence[XlsxColumn] = (
        XlsxColumn(HEADERS[0], 6),
        XlsxColumn(HEADERS[1], 36),
        XlsxColumn(HEADERS[2], 16, "number"),
        XlsxColumn(HEADERS[3], 14, "number"),
        XlsxColumn(HEADERS[4], 18),
    )
    header_row = write_heading(sheet, columns, [centre_name.upper(), subtitle(title), explanation(figures)])
    border = thin_border()
    rows: list[list[object]] = [
        [int(number) if number else None, line.commune, line.classes, line.places, line.note]
        for number, line in _rows(figures)
    ]
    rows.append([None, "Tổng cộng", figures.classes, figures.places, None])
    for values in rows:
        sheet.append([nfc(v) if isinstance(v, str) else v for v in values])
        for index in range(1, len(columns) + 1):
            sheet.cell(sheet.max_row, index).border = border
    for index in range(1, len(columns) + 1):
        sheet.cell(sheet.max_row, index).font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
