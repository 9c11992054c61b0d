"""The Kết quả page of a class: scores per component, the final score and grade, certificate eligibility,
the grade distribution, and locking the results when they are final (unlocking needs a reason)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.class_results import ResultsSheet
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.classes import ClassService
from trungtam_desktop.services.results import ResultsService
from trungtam_desktop.ui.classwork.page_support import (
    WARNING_STYLE,
    ClassPage,
    StatusLine,
    attempt_on_status,
)
from trungtam_desktop.ui.classwork.results_model import AFTER, ResultsModel, ResultsTable, score_text
from trungtam_desktop.ui.classwork.undo import UndoableGrid
from trungtam_desktop.ui.common.buttons import action_button
from trungtam_desktop.ui.common.forms import FormDialog, run_guarded
from trungtam_desktop.ui.common.messages import confirm

LOCKED_TEXT = (
    "Kết quả của lớp đã khóa: điểm, điểm danh, danh sách học viên và lịch học chỉ để xem. "
    "Muốn sửa, bấm “Mở khóa…” và ghi rõ lý do (lý do được lưu vào nhật ký)."
)
HELP_TEXT = (
    "Gõ điểm vào ô (ví dụ 8,5 hoặc 8.5; từ 0 đến 10, một chữ số thập phân) rồi Enter: điểm được lưu ngay "
    "và con trỏ xuống học viên tiếp theo. Xóa hết chữ số rồi Enter để xóa điểm. Ctrl+Z hoàn tác, "
    "Ctrl+Y làm lại."
)
MAX_LISTED = 5


class UnlockDialog(FormDialog):
    """Asks why the results are unlocked; the reason is required and the service records it."""

    def __init__(
        self, results: ResultsService, class_id: int, class_label: str, parent: QWidget | None = None
    ):
        super().__init__("Mở khóa kết quả", parent)
        self._results, self._class_id = results, class_id
        intro = QLabel(
            f"Mở khóa kết quả lớp {class_label} để sửa điểm, điểm danh, danh sách hoặc lịch học. "
            "Lý do được lưu vào nhật ký cùng tên người mở khóa."
        )
        intro.setWordWrap(True)
        self.layout().insertWidget(0, intro)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Ví dụ: sửa điểm sau khi chấm phúc khảo")
        self.reason.setMaxLength(300)
        self.add_row("reason", "Lý do mở khóa", self.reason, required=True)
        action_button(self.buttons, self.buttons.StandardButton.Save, "Đồng ý")
        self.setMinimumSize(600, 200)  # room for the wrapped introduction and the error under the field

    def collect(self) -> str:
        return self.reason.text()

    def save(self, obj: str) -> ResultsSheet:
        return self._results.unlock(self._class_id, obj)


def ask_unlock(
    parent: QWidget, results: ResultsService, class_id: int, class_label: str
) -> ResultsSheet | None:
    """Show the unlock dialog; the new sheet when the clerk gave a reason and the class was unlocked."""
    dialog = UnlockDialog(results, class_id, class_label, parent)
    return dialog.result_object if dialog.exec() else None


class ResultsPage(UndoableGrid, ClassPage):
    title = "Kết quả"

    @property
    def _results(self) -> ResultsService:
        return self._services.results

    @property
    def _classes(self) -> ClassService:
        return self._services.classes

    # -- building ------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.locked_banner = QLabel(LOCKED_TEXT)
        self.locked_banner.setWordWrap(True)
        self.locked_banner.setStyleSheet(WARNING_STYLE)
        self.locked_banner.hide()
        self.no_assessment = QLabel()
        self.no_assessment.setWordWrap(True)
        self.no_assessment.setStyleSheet("background: #eef4ff; border: 1px solid #9ab; padding: 4px;")
        self.no_assessment.hide()
        self.lock_button = QPushButton("Khóa kết quả")
        self.lock_button.setToolTip(
            "Chốt kết quả của lớp: sau khi khóa không sửa được nữa cho tới khi mở khóa"
        )
        self.unlock_button = QPushButton("Mở khóa…")
        self.unlock_button.setToolTip("Cho phép sửa lại kết quả của lớp (phải ghi lý do)")
        self.help = QLabel(HELP_TEXT)
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #444;")
        self._build_undo(self._write_scores)
        buttons = QHBoxLayout()
        buttons.addWidget(self.help, 1)
        buttons.addStretch(0)  # keeps the buttons at the right when the help text is hidden
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addWidget(self.lock_button)
        buttons.addWidget(self.unlock_button)
        self.model = ResultsModel(self._submit_score, self)
        self.table = ResultsTable(self)
        self.table.setModel(self.model)
        self.status = StatusLine(self)
        self.distribution = QLabel()
        self.distribution.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.locked_banner)
        layout.addWidget(self.no_assessment)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.distribution)

    def _connect_signals(self) -> None:
        self.lock_button.clicked.connect(self.lock)
        self.unlock_button.clicked.connect(self.unlock)
        self._connect_undo()

    # -- reading -------------------------------------------------------------------------------------
    @property
    def sheet(self) -> ResultsSheet | None:
        return self.model.sheet

    def reload(self) -> None:
        sheet = run_guarded(self, lambda: self._results.sheet(self.class_id))
        if sheet is None:
            return
        current = self.table.currentIndex()
        self._show(sheet)
        if current.isValid() and current.row() < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))
        elif self.model.rowCount() and self.model.component_count:
            self.table.setCurrentIndex(self.model.index(0, 2))

    def _show(self, sheet: ResultsSheet) -> None:
        reset = self.model.sheet is None or self.model.sheet.components != sheet.components
        self.model.set_sheet(sheet)
        if reset:
            self.table.apply_widths(len(sheet.components))
        result_columns = [self.model.column_of(title) for title in AFTER[:3]]
        for column in result_columns:
            self.table.setColumnHidden(column, not sheet.assessed)
        self.locked_banner.setVisible(sheet.locked)
        self.help.setVisible(sheet.assessed and not sheet.locked)
        self.lock_button.setEnabled(not sheet.locked)
        self.unlock_button.setEnabled(sheet.locked)
        if not sheet.assessed:
            self.no_assessment.setText(
                f"Chương trình “{sheet.programme_name}” không có bài kiểm tra chấm điểm. Điều kiện cấp "
                f"giấy chứng nhận chỉ dựa vào điểm danh: vắng không quá {sheet.limit.describe()}."
            )
        self.no_assessment.setVisible(not sheet.assessed)
        eligible = (
            f"<b>Đủ điều kiện cấp giấy chứng nhận:</b> "
            f"{format_int(sheet.eligible_count)}/{format_int(len(sheet.rows))} học viên"
        )
        grades = f"<b>Xếp loại:</b> {sheet.distribution_text()} · " if sheet.assessed else ""
        self.distribution.setText(grades + eligible)

    # -- writing -------------------------------------------------------------------------------------
    def _write(self, action: Callable[[], ResultsSheet]) -> bool:
        """One service call; a refusal shows on the status line and the grid keeps what it had."""
        sheet = attempt_on_status(self, self.status, action)
        if sheet is None:
            return False
        self._show(sheet)
        self.changed.emit()
        return True

    def _submit_score(self, cell: tuple[int, int], text: str) -> bool:
        """Called by the model when the clerk finished typing a score (``text`` may be "8,5" or "")."""
        before = self._score(cell)
        ok = self._write(lambda: self._results.set_scores(self.class_id, {cell: text or None}))
        self.table.last_edit_ok = ok
        if ok and self.sheet is not None:
            line = self.sheet.line(cell[0])
            component = next(c for c in self.sheet.components if c.id == cell[1])
            after = line.score(component.id)
            self.status.done(
                f"Đã lưu điểm “{component.name}” của {line.full_name}: {score_text(after) or 'đã xóa'}."
            )
            what = f"điểm “{component.name}” của {line.full_name}"
            self.history.record(what, {cell: before}, {cell: after})
        return ok

    # -- undo and redo -------------------------------------------------------------------------------
    def _score(self, cell: tuple[int, int]) -> float | None:
        if self.sheet is None or self.sheet.row_index(cell[0]) is None:
            return None
        return self.sheet.line(cell[0]).score(cell[1])

    def _write_scores(self, values: Mapping[Hashable, Any]) -> bool:
        """The history's write: the same service call as typing a score (checked, audited)."""
        changes = dict(values)
        return self._write(lambda: self._results.set_scores(self.class_id, changes))  # type: ignore[arg-type]

    def _locked_text(self) -> str:
        return LOCKED_TEXT if self.sheet is not None and self.sheet.locked else ""

    def _show_cell(self, cell: Hashable) -> None:
        self.table.setCurrentIndex(self.score_index(*cell))  # type: ignore[misc]

    def score_index(self, enrolment_id: int, component_id: int) -> QModelIndex:
        return self.model.index(self.model.row_of(enrolment_id), self.model.component_column(component_id))

    def _class_label(self) -> str:
        try:
            training_class = self._classes.get(self.class_id)
        except DomainError:
            return ""
        return f"“{training_class.code} – {training_class.name}”"

    def lock(self) -> None:
        sheet = self.sheet
        if sheet is None or sheet.locked:
            return
        text = (
            f"Khóa kết quả lớp {self._class_label()}?\n\nSau khi khóa, không sửa được điểm, điểm danh, danh "
            "sách học viên và lịch học của lớp cho tới khi mở khóa (phải ghi lý do)."
            f"\n\nĐủ điều kiện cấp giấy chứng nhận: {format_int(sheet.eligible_count)}/"
            f"{format_int(len(sheet.rows))} học viên."
        )
        if sheet.unmarked_sessions:
            text += (
                f"\n\nCòn {format_int(len(sheet.unmarked_sessions))}/{format_int(sheet.session_count)} buổi "
                "chưa điểm danh đủ: điểm danh sẽ bị khóa như hiện có."
            )
        missing = sheet.missing_results
        if missing:
            names = ", ".join(line.full_name for line in missing[:MAX_LISTED])
            more = (
                f" và {format_int(len(missing) - MAX_LISTED)} người khác" if len(missing) > MAX_LISTED else ""
            )
            text += (
                f"\n\nCòn {format_int(len(missing))} học viên chưa đủ điểm ({names}{more}): "
                "các học viên này sẽ không có kết quả."
            )
        if not confirm(self, text, "Khóa kết quả", yes="Khóa kết quả", no="Hủy"):
            return
        if self._write(lambda: self._results.lock(self.class_id)):
            self.status.done("Đã khóa kết quả của lớp.")

    def unlock(self) -> None:
        if self.sheet is None or not self.sheet.locked:
            return
        sheet = run_guarded(self, lambda: ask_unlock(self, self._results, self.class_id, self._class_label()))
        if sheet is None:
            return
        self._show(sheet)
        self.status.done("Đã mở khóa kết quả; lý do đã được ghi vào nhật ký.")
        self.changed.emit()
