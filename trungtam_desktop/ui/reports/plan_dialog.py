"""Báo cáo → Kế hoạch năm: planned classes and learner places per programme for one year, saved at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.report_rules import MAX_PLANNED, PlanRow
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.reports import ReportService
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.reports.common import year_spin


class PlanDialog(QDialog):
    def __init__(
        self, service: ReportService, parent: QWidget | None = None, *, year: int
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle("Kế hoạch năm")
        self.resize(720, 420)
        self._rows: list[PlanRow] = []
        self._dirty = False
        self.year = year_spin(self, year)
        self._shown_year = self.year.value()
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels(["Chương trình", "Số lớp kế hoạch", "Số học viên kế hoạch"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.total = QLabel(self)
        self.status = QLabel(self)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("&Lưu kế hoạch", QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("Kế hoạch đào tạo, bồi dưỡng của &năm:", self, buddy=self.year))
        top.addWidget(self.year)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self._year_changed)
        self.load()

    def load(self) -> None:
        rows = run_guarded(self, lambda: self.service.plan(self.year.value()))
        self._rows = rows or []
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            name = QTableWidgetItem(row.programme)
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(r, 0, name)
            for c, value in ((1, row.planned_classes), (2, row.planned_learners)):
                spin = QSpinBox(self.table)
                spin.setRange(0, MAX_PLANNED)
                spin.setGroupSeparatorShown(True)
                spin.setValue(value)
                spin.valueChanged.connect(self._edited)
                self.table.setCellWidget(r, c, spin)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(2)
        self._shown_year = self.year.value()
        self._dirty = False
        self._update_total()
        self.status.setText("")

    def values(self) -> list[PlanRow]:
        rows = []
        for r, row in enumerate(self._rows):
            classes, learners = (self.table.cellWidget(r, c) for c in (1, 2))
            assert isinstance(classes, QSpinBox) and isinstance(learners, QSpinBox)
            rows.append(PlanRow(row.programme_id, row.programme, classes.value(), learners.value()))
        return rows

    def save(self) -> bool:
        year = self._shown_year
        done = run_guarded(self, lambda: self.service.save_plan(year, self.values()) or True)
        if done:
            self._dirty = False
            self.status.setText(f"Đã lưu kế hoạch năm {year}.")
        return bool(done)

    def _edited(self) -> None:
        self._dirty = True
        self.status.setText("Có thay đổi chưa lưu.")
        self._update_total()

    def _update_total(self) -> None:
        rows = self.values()
        classes = sum(r.planned_classes for r in rows)
        learners = sum(r.planned_learners for r in rows)
        self.total.setText(f"Tổng cộng: {format_int(classes)} lớp, {format_int(learners)} học viên.")

    def _year_changed(self) -> None:
        if self._dirty and messages.confirm(
            self,
            f"Lưu các thay đổi của kế hoạch năm {self._shown_year} trước khi chuyển năm?",
            "Kế hoạch năm",
        ):
            self.save()
        self.load()

    def reject(self) -> None:
        question = "Kế hoạch có thay đổi chưa lưu. Lưu trước khi đóng?"
        if self._dirty and messages.confirm(self, question, "Kế hoạch năm") and not self.save():
            return
        super().reject()
