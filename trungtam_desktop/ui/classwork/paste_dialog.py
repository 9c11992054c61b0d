"""Paste a list of learners copied from Excel: preview each row with its match and errors, then enrol all."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.classwork import EnrolResult, MatchStatus, PastedList, PastedRow
from trungtam_desktop.domain.models import Learner
from trungtam_desktop.domain.vietnamese import format_birth
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.ui.common.forms import ERROR_STYLE, AsksBeforeDiscarding, run_guarded
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView

ERROR_BRUSH = QBrush(QColor("#b00020"))
CHOICE_BRUSH = QBrush(QColor("#fff4e0"))
MAX_ERRORS_SHOWN = 5
FIX_HINT = "Sửa các dòng này ngay trong ô trên (hoặc trong Excel rồi dán lại) trước khi thêm vào lớp."
ENCODINGS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
INSTRUCTIONS = (
    "Trong Excel, bôi đen các dòng cần lấy (có thể lấy cả dòng tiêu đề), bấm Ctrl+C, rồi bấm vào ô dưới đây "
    "và Ctrl+V. Cột họ và tên là bắt buộc; có thể có thêm ngày sinh (hoặc năm sinh), giới tính, đơn vị, theo "
    "thứ tự bất kỳ. Chữ gõ bằng bảng mã cũ TCVN3 hoặc VNI được tự chuyển sang Unicode."
)


def _candidate_text(learner: Learner) -> str:
    parts = [learner.full_name, f"sinh {format_birth(learner.birth_date, learner.birth_year) or 'không rõ'}"]
    if learner.unit:
        parts.append(learner.unit)
    if learner.archived:
        parts.append("đã lưu trữ")
    return ", ".join(parts)


PREVIEW_COLUMNS: list[Column[PastedRow]] = [
    Column("Dòng", lambda r: str(r.line), align=Qt.AlignmentFlag.AlignRight, width=45),
    Column("Họ và tên", lambda r: r.full_name, width=180),
    Column("Ngày sinh", lambda r: r.birth_text, align=Qt.AlignmentFlag.AlignCenter, width=85),
    Column("Giới tính", lambda r: r.gender.label if r.gender else "", width=65),
    Column("Đơn vị", lambda r: r.unit, tooltip=lambda r: r.unit, width=180),
    Column("Hồ sơ", lambda r: r.match_text, width=160),
    Column("Lỗi", lambda r: r.error, tooltip=lambda r: r.error, width=300),
]


class _PreviewModel(ObjectTableModel[PastedRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(PREVIEW_COLUMNS, parent)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            row = self.item(index.row())
            if role == Qt.ItemDataRole.ForegroundRole and row.error:
                return ERROR_BRUSH
            if role == Qt.ItemDataRole.BackgroundRole and not row.error and not row.ready:
                return CHOICE_BRUSH
            return None
        return super().data(index, role)


class PasteDialog(AsksBeforeDiscarding, QDialog):
    """``outcome`` holds the ``EnrolResult`` after “Thêm vào lớp” succeeded. ``enrolled_ids``: the
    learners already in the class (a row resolved to one of them is marked and will be skipped)."""

    def __init__(
        self,
        services: Services,
        class_id: int,
        enrolled_ids: set[int] | frozenset[int] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dán danh sách học viên từ Excel")
        self.setModal(True)
        self._enrolment = services.enrolment
        self._class_id = class_id
        self._enrolled_ids = set(enrolled_ids)
        self._parsed = PastedList(rows=())
        self._ambiguous_lines: set[int] = set()
        self.outcome: EnrolResult | None = None
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
        self.model = _PreviewModel(self)
        self.table = ObjectTableView("roster_paste", self)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()  # the "Dòng" column gives the line of the pasted text
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.choice_label = QLabel()
        self.choice = QComboBox()
        self.choice.setMinimumContentsLength(50)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.choice_label)
        choice_row.addWidget(self.choice, 1)
        self.choice_box = QWidget()
        self.choice_box.setLayout(choice_row)
        choice_row.setContentsMargins(0, 0, 0, 0)
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
        preview_layout.addWidget(QLabel("<b>Xem trước</b> (các dòng đỏ có lỗi; dòng tô vàng cần chọn hồ sơ)"))
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
        self.choice.activated.connect(lambda _index: self._choose())
        self.add_button.clicked.connect(self.enrol)
        self.cancel_button.clicked.connect(self.reject)

    def form_state(self) -> tuple[object, ...]:
        """The pasted text (for "Bỏ các thay đổi?": a pasted list is work the clerk may not want lost)."""
        return (self.text.toPlainText(),)

    # -- preview -------------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Parse the text now (it also happens a moment after the clerk stops typing or pastes)."""
        self._timer.stop()
        parsed = run_guarded(
            self, lambda: self._enrolment.parse_pasted(self.text.toPlainText(), self._class_id)
        )
        if parsed is None:
            return
        self._parsed = parsed
        self._ambiguous_lines = {row.line for row in parsed.rows if row.match is MatchStatus.AMBIGUOUS}
        self.model.set_items(parsed.rows)
        first_choice = next((i for i, row in enumerate(parsed.rows) if not row.ready and not row.error), 0)
        if parsed.rows:
            self.table.selectRow(first_choice)
        self._update_state()

    def rows(self) -> list[PastedRow]:
        return self.model.items()

    def _update_state(self) -> None:
        rows = self.rows()
        current = PastedList(
            tuple(rows), self._parsed.columns, self._parsed.has_header, self._parsed.encoding
        )
        details = []
        if current.columns:
            details.append("Đã nhận ra các cột: " + ", ".join(current.columns) + ".")
        if current.encoding:
            details.append(
                f"Đã chuyển chữ từ bảng mã {ENCODINGS.get(current.encoding, current.encoding)} sang Unicode."
            )
        self.summary.setText(" ".join([current.summary(), *details]))
        self.error_label.setText(self._problems(current))
        self.add_button.setEnabled(current.ready)
        self.add_button.setToolTip("" if current.ready else "Chỉ thêm được khi mọi dòng đều hợp lệ.")
        self._show_choice()

    @staticmethod
    def _problems(current: PastedList) -> str:
        """What stops “Thêm vào lớp”: the row errors (the first few), or the rows still to choose."""
        if current.errors:
            shown = current.errors[:MAX_ERRORS_SHOWN]
            more = len(current.errors) - len(shown)
            lines = [*shown, f"… và {more} dòng lỗi khác."] if more > 0 else shown
            return "\n".join([*lines, FIX_HINT])
        waiting = [str(row.line) for row in current.rows if not row.ready]
        if waiting:
            return f"Chọn hồ sơ cho các dòng tô vàng ({', '.join(waiting)}) trước khi thêm vào lớp."
        return ""

    # -- choosing among learners with the same name ---------------------------------------------------
    def _current_row(self) -> PastedRow | None:
        return self.table.current_object()

    def _show_choice(self) -> None:
        row = self._current_row()
        visible = row is not None and row.line in self._ambiguous_lines
        self.choice_box.setVisible(visible)
        if not visible or row is None:
            return
        self.choice_label.setText(f"Dòng {row.line} – “{row.full_name}” là:")
        self.choice.clear()
        self.choice.addItem("— chọn một người —", None)
        for learner in row.candidates:
            self.choice.addItem(_candidate_text(learner), learner.id)
        self.choice.addItem("Một người khác: tạo hồ sơ mới", 0)
        selected = (
            row.learner_id
            if row.match is MatchStatus.EXISTING
            else (0 if row.match is MatchStatus.NEW else None)
        )
        self.choice.setCurrentIndex(max(self.choice.findData(selected), 0))

    def choose(self, learner_id: int | None) -> None:
        """Resolve the current ambiguous row: a learner's id, 0 for a new record, None to undo."""
        row = self._current_row()
        if row is None or row.line not in self._ambiguous_lines:
            return
        if learner_id is None:
            resolved = dataclasses.replace(row, match=MatchStatus.AMBIGUOUS, learner_id=None, in_class=False)
        elif learner_id == 0:
            resolved = dataclasses.replace(row, match=MatchStatus.NEW, learner_id=None, in_class=False)
        else:
            resolved = dataclasses.replace(
                row,
                match=MatchStatus.EXISTING,
                learner_id=learner_id,
                in_class=learner_id in self._enrolled_ids,
            )
        self.model.replace_item(lambda r: r.line == row.line, resolved)
        self._update_state()

    def _choose(self) -> None:
        self.choose(self.choice.currentData())

    # -- enrolling -----------------------------------------------------------------------------------
    def enrol(self) -> None:
        rows = self.rows()
        result = run_guarded(self, lambda: self._enrolment.enrol_pasted(self._class_id, rows))
        if result is not None:
            self.outcome = result
            self.accept()
