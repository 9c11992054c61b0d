"""Shared by the report windows: the year and period picker, read-only figure tables, saving a file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from trungtam_desktop.domain.reports import DASH, MAX_YEAR, MIN_YEAR, Period
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.files import save_file
from trungtam_desktop.ui.common.views import FullTextTips, fit_columns
from trungtam_desktop.ui.import_export import files

PERIOD_CHOICES: tuple[tuple[str, Period], ...] = (
    ("Quý I", Period.Q1),
    ("Quý II", Period.Q2),
    ("Quý III", Period.Q3),
    ("Quý IV", Period.Q4),
    ("6 tháng đầu năm", Period.H1),
    ("9 tháng đầu năm", Period.M9),
    ("Cả năm", Period.YEAR),
)
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def year_spin(parent: QWidget | None, year: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(MIN_YEAR, MAX_YEAR)
    spin.setValue(year)
    spin.setAccelerated(True)
    return spin


class PeriodPicker(QWidget):
    """ "Năm [2024]  Kỳ báo cáo [Quý III]"; ``changed`` when either changes."""

    changed = Signal()

    def __init__(self, year: int, period: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = year_spin(self, year)
        self.period = QComboBox(self)
        for label, value in PERIOD_CHOICES:
            self.period.addItem(label, value.value)
        self.set_period(period)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("&Năm:", self, buddy=self.year))
        layout.addWidget(self.year)
        layout.addSpacing(12)
        layout.addWidget(QLabel("&Kỳ báo cáo:", self, buddy=self.period))
        layout.addWidget(self.period)
        self.year.valueChanged.connect(self.changed)
        self.period.currentIndexChanged.connect(self.changed)

    def value(self) -> tuple[int, Period]:
        return self.year.value(), Period(self.period.currentData())

    def set_period(self, period: Period) -> None:
        self.period.setCurrentIndex(self.period.findData(period.value))


def default_period(today: date) -> tuple[int, Period]:
    """The last quarter that has ended (the one a clerk usually reports on)."""
    quarter = (today.month - 1) // 3  # quarters finished this year
    if quarter == 0:
        return today.year - 1, Period.Q4
    return today.year, (Period.Q1, Period.Q2, Period.Q3)[quarter - 1]


def figure(value: int | None) -> str:
    return DASH if value is None else format_int(value)


def figure_table(headers: Sequence[str], parent: QWidget | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    table.setItemDelegate(FullTextTips(table))  # a cut cell shows its whole text on hover
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]], *, bold_last: bool = False) -> None:
    """Text cells; those that read as figures ("1.234", "70,0%", "–") are right-aligned."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0 and (text == DASH or text.replace(".", "").replace(",", "").rstrip("%").isdigit()):
                item.setTextAlignment(_RIGHT)
            if bold_last and r == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)
    # Sized to the content within the window: long texts (Chức vụ) give way, amounts stay in view.
    if table.isVisible():
        fit_columns(table)
    else:
        QTimer.singleShot(0, table, lambda: fit_columns(table))


def output_buttons(
    dialog: QDialog, preview: Callable[[], None], export: Callable[[], None]
) -> tuple[QPushButton, QPushButton, QHBoxLayout]:
    """The bottom row of a report window: "Xem trước, in PDF…", "Xuất Excel…" and "Đóng".

    Returns the PDF and Excel buttons (enabled or not by the window) and the row to lay out."""
    pdf_button = QPushButton("Xem trước, in &PDF…", dialog)
    xlsx_button = QPushButton("Xuất &Excel…", dialog)
    close = QPushButton("Đóng", dialog)
    pdf_button.clicked.connect(preview)
    xlsx_button.clicked.connect(export)
    close.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    for button in (pdf_button, xlsx_button, close):
        row.addWidget(button)
    return pdf_button, xlsx_button, row


def save_as(parent: QWidget | None, title: str, file_name: str, data: bytes) -> Path | None:
    """Ask where to save an .xlsx and write it whole; None when the clerk cancels."""
    path = files.choose_save_file(parent, title, file_name)
    if path is None:
        return None
    save_file(path, data)
    return path
