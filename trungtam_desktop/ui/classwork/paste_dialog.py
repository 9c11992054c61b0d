"""Paste a list of learners copied from Excel into this class: paste → check each row → add to the class.

The quick, in-window face of the learner import: the pasted rows are read, matched and written by the same
code as a file (``LearnerImportService.check_pasted`` and ``apply``), so the same headings give the same
fields, and adding a pasted list can be undone like an import (Dữ liệu → Hoàn tác lần nhập danh sách).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.import_plan import ImportOutcome, ImportPlan, PlanRow, RowStatus
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.ui.common.forms import ERROR_STYLE, AsksBeforeDiscarding, run_guarded
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.import_export.plan_model import PlanModel
from trungtam_desktop.ui.import_export.row_choice import RowChoice, settle_current

MAX_ERRORS_SHOWN = 5
FIX_HINT = "Sửa các dòng này ngay trong ô trên (hoặc trong Excel rồi dán lại) trước khi thêm vào lớp."
ENCODINGS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
INSTRUCTIONS = (
    "Trong Excel, bôi đen các dòng cần lấy (có thể lấy cả dòng tiêu đề), bấm Ctrl+C, rồi bấm vào ô dưới "
    "đây và Ctrl+V. Cột họ và tên là bắt buộc; các cột khác (ngày sinh hoặc năm sinh, giới tính, đơn vị, "
    "số CCCD, chi bộ, ngày vào Đảng...) được hiểu như khi nhập từ tệp, theo thứ tự bất kỳ. Chữ gõ bằng bảng "
    "mã cũ TCVN3 hoặc VNI được tự chuyển sang Unicode."
)


class PasteDialog(AsksBeforeDiscarding, QDialog):
    """``outcome`` holds the ``ImportOutcome`` after “Thêm vào lớp” succeeded."""

    def __init__(self, services: Services, class_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dán danh sách học viên từ Excel")
        self.setModal(True)
        self._importer = services.learner_import
        self._class_id = class_id
        self._checked = ImportPlan("", (), pasted=True)  # the plan as checked, before any choice
        self.plan = self._checked
        self.outcome: ImportOutcome | None = None
        self._build_ui()
        self._connect_signals()
        self._update_state()
        self.resize(1000, 640)
        self.text.setFocus()

    def _build_ui(self) -> None:
        instructions = QLabel(INSTRUCTIONS)
        instructions.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Dán danh sách vào đây (Ctrl+V)…")
        self.text.setTabChangesFocus(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setTabStopDistance(150)  # pasted columns line up roughly as in Excel
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self.model = PlanModel(self)
        self.table = ObjectTableView("roster_paste", self)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()  # the "Dòng" column gives the line of the pasted text
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.choice_box = RowChoice("— chọn một người —")
        self.choice = self.choice_box.combo
        self.error_label = QLabel()
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("Thêm vào lớp", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        self.add_button.setAutoDefault(False)
        self.cancel_button.setAutoDefault(False)

        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(
            QLabel("<b>Kiểm tra</b> (dòng đỏ có lỗi; dòng tô vàng cần chọn hồ sơ hoặc trùng dòng khác)")
        )
        preview_layout.addWidget(self.table, 1)
        preview_layout.addWidget(self.choice_box)
        preview_layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.text)
        splitter.addWidget(preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(instructions)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.text.textChanged.connect(self._timer.start)
        self._timer.timeout.connect(self.refresh_preview)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_choice())
        self.choice_box.chosen.connect(self.choose)
        self.add_button.clicked.connect(self.enrol)
        self.cancel_button.clicked.connect(self.reject)

    def form_state(self) -> tuple[object, ...]:
        """The pasted text (for "Bỏ các thay đổi?": a pasted list is work the clerk may not want lost)."""
        return (self.text.toPlainText(),)

    # -- checking ------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Check the text now (it also happens a moment after the clerk stops typing or pastes)."""
        self._timer.stop()
        text = self.text.toPlainText()
        plan = run_guarded(self, lambda: self._importer.check_pasted(text, self._class_id))
        if plan is None:
            return
        self._checked = self.plan = plan
        self.model.set_items(list(plan.rows))
        first_choice = next((i for i, row in enumerate(plan.rows) if row.choosable), 0)
        if plan.rows:
            self.table.selectRow(first_choice)
        self._update_state()

    def rows(self) -> list[PlanRow]:
        return self.model.items()

    def _update_state(self) -> None:
        plan = self.plan
        details = [plan.summary() if plan.rows else "Chưa có dòng nào."]
        if plan.recognised:
            details.append("Đã nhận ra các cột: " + ", ".join(plan.recognised) + ".")
        in_class = sum(1 for row in plan.rows if row.importable and row.in_class)
        if in_class:
            details.append(f"{in_class} người đã có trong lớp (sẽ bỏ qua).")
        if plan.encoding:
            details.append(
                f"Đã chuyển chữ từ bảng mã {ENCODINGS.get(plan.encoding, plan.encoding)} sang Unicode."
            )
        details += [plan.unused_line(), *plan.skipped]
        self.summary.setText(" ".join(detail for detail in details if detail))
        self.error_label.setText(self._problems(plan))
        self.add_button.setEnabled(plan.ready)
        self.add_button.setToolTip("" if plan.ready else "Chỉ thêm được khi mọi dòng đều hợp lệ.")
        self._show_choice()

    @staticmethod
    def _problems(plan: ImportPlan) -> str:
        """What stops “Thêm vào lớp”: the row errors (the first few), or the rows still to choose."""
        errors = [row.reason for row in plan.rejected if row.status is not RowStatus.AMBIGUOUS]
        if errors:
            shown = errors[:MAX_ERRORS_SHOWN]
            more = len(errors) - len(shown)
            lines = [*shown, f"… và {more} dòng lỗi khác."] if more > 0 else shown
            return "\n".join([*lines, FIX_HINT])
        waiting = [str(row.number) for row in plan.rejected]
        if waiting:
            return f"Chọn hồ sơ cho các dòng tô vàng ({', '.join(waiting)}) trước khi thêm vào lớp."
        return ""

    # -- choosing among learners with the same name ---------------------------------------------------
    def _show_choice(self) -> None:
        self.choice_box.show_row(self.table.current_object())

    def choose(self, learner_id: int | None) -> None:
        """Settle the current row to check: a learner's id, None for a new record, ``UNSETTLED`` to undo."""
        plan = settle_current(self, self.table, self.model, self.plan, self._checked, learner_id)
        if plan is not None:
            self.plan = plan
            self._update_state()
        else:
            self._show_choice()

    # -- adding to the class ---------------------------------------------------------------------------
    def enrol(self) -> None:
        plan = self.plan
        outcome = run_guarded(self, lambda: self._importer.apply(plan))
        if outcome is not None:
            self.outcome = outcome
            self.accept()
