"""Dialogs of the roster page: find learners on file, quick-add a new one, record a withdrawal."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.classwork import RosterEntry
from trungtam_desktop.domain.models import Learner, Page
from trungtam_desktop.domain.vietnamese import format_birth, format_date, format_int
from trungtam_desktop.services.bundle import Services
from trungtam_desktop.ui.classwork.page_support import use_one_column
from trungtam_desktop.ui.common.dates import DateField
from trungtam_desktop.ui.common.forms import FormDialog, run_guarded
from trungtam_desktop.ui.common.table_model import OBJECT_ROLE, Column, PagedTableModel
from trungtam_desktop.ui.common.views import ObjectTableView, SearchBox
from trungtam_desktop.ui.tabs.learners.dialogs import LearnerDialog

GREY = QBrush(QColor("#808080"))
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _SearchModel(PagedTableModel[Learner]):
    """Learners found, with those already in the class greyed out."""

    def __init__(self, fetch: Any, enrolled: set[int], parent: Any = None) -> None:
        columns: list[Column[Learner]] = [
            Column("Họ và tên", self._name, width=210),
            Column("Ngày sinh", lambda x: format_birth(x.birth_date, x.birth_year),
                   align=Qt.AlignmentFlag.AlignCenter, width=90),
            Column("Giới tính", lambda x: x.gender.label if x.gender else "", width=70),
            Column("Đơn vị công tác", lambda x: x.unit, tooltip=lambda x: x.unit, width=300),
            Column("Số lớp đã học", lambda x: format_int(x.class_count),
                   align=Qt.AlignmentFlag.AlignRight, width=90),
        ]  # fmt: skip
        super().__init__(columns, fetch, page_size=100, parent=parent)
        self._enrolled = enrolled

    def _name(self, learner: Learner) -> str:
        return learner.full_name + (" (đã có trong lớp)" if learner.id in self._enrolled else "")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            learner = self.item(index.row())
            return GREY if learner.id in self._enrolled else None
        return super().data(index, role)


class LearnerSearchDialog(QDialog):
    """Find learners on file and pick one or several (Ctrl/Shift+click); Enter adds the selection.

    Enter in the search box moves to the results; Enter in the results (or “Thêm vào lớp”) accepts.
    """

    def __init__(self, services: Services, enrolled_ids: set[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Thêm học viên có sẵn vào lớp")
        self.setModal(True)
        self._learners = services.learners
        self._query = ""
        self.chosen: list[Learner] = []
        self._build_ui(enrolled_ids)
        self._connect_signals()
        self.model.reload()
        self._update_count()
        self.resize(820, 520)
        self.search.setFocus()

    def _build_ui(self, enrolled_ids: set[int]) -> None:
        self.search = SearchBox(
            "Tìm theo họ tên (gõ không dấu cũng được), số CCCD, đơn vị hoặc năm sinh…", self._on_search
        )
        self.model = _SearchModel(self._fetch, enrolled_ids, self)
        self.table = ObjectTableView("roster_search", self)
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()
        self.count_label = QLabel()
        hint = QLabel(
            "Giữ Ctrl hoặc Shift khi bấm chuột để chọn nhiều người; Enter để thêm những người đã chọn."
        )
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("Thêm vào lớp", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.add_button, self.close_button):
            button.setAutoDefault(False)  # Enter is handled in keyPressEvent
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.add_button)
        QWidget.setTabOrder(self.add_button, self.close_button)

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.accept_selection)
        self.close_button.clicked.connect(self.reject)
        self.table.doubleClicked.connect(lambda _index: self.accept_selection())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_count())

    def _fetch(self, offset: int, limit: int) -> Page[Learner]:
        return self._learners.search(self._query, offset=offset, limit=limit)

    def _on_search(self, text: str) -> None:
        self._query = text
        run_guarded(self, self.model.reload)
        self._update_count()

    def _update_count(self) -> None:
        chosen = len(self.selected_learners())
        self.add_button.setEnabled(chosen > 0)
        self.count_label.setText(
            f"Tìm thấy {format_int(self.model.total)} học viên; đã chọn {format_int(chosen)}."
        )

    def selected_learners(self) -> list[Learner]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.index(row, 0).data(OBJECT_ROLE) for row in rows]

    def accept_selection(self) -> None:
        self.chosen = self.selected_learners()
        if self.chosen:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ENTER_KEYS:
            if self.focusWidget() is self.search:
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection():
                    self.table.select_first_row()
            else:
                self.accept_selection()
            return
        super().keyPressEvent(event)


class QuickAddDialog(LearnerDialog):
    """The learner form (with its possible-duplicate warning) that creates the learner and enrols them
    in one transaction. ``result_object`` is the new ``RosterEntry``."""

    def __init__(self, services: Services, class_id: int, parent: QWidget | None = None) -> None:
        super().__init__(services.learners, None, parent)
        self.setWindowTitle("Thêm học viên mới vào lớp")
        self._enrolment = services.enrolment
        self._class_id = class_id

    def save(self, learner: Learner) -> RosterEntry:
        return self._enrolment.quick_add(self._class_id, learner)


class WithdrawDialog(FormDialog):
    """Record that a learner left the class: from which day, and why."""

    def __init__(
        self, services: Services, entry: RosterEntry, default_date: date, parent: QWidget | None = None
    ) -> None:
        super().__init__("Ghi học viên thôi học", parent)
        self._enrolment = services.enrolment
        self._entry = entry
        who = QLabel(
            f"<b>{entry.full_name}</b>, vào lớp từ {format_date(entry.enrolled_on)}. Học viên vẫn có tên "
            "trong danh sách lớp (ghi “Thôi học”); các buổi sau ngày thôi học không tính vắng."
        )
        who.setWordWrap(True)
        self.forms[0].addRow(who)
        self.on_date = self.add_row(
            "on_date", "Thôi học từ ngày", DateField("on_date", "Ngày thôi học", required=True), required=True
        )
        self.on_date.set_date(default_date)
        self.reason = self.add_row("reason", "Lý do", QLineEdit(), required=True)
        self.reason.setPlaceholderText("ví dụ: đi công tác dài ngày, ốm…")
        self.reason.setMaxLength(300)
        use_one_column(self)
        self.setMinimumWidth(520)
        self.reason.setFocus()

    def collect(self) -> tuple[date | None, str]:
        return self.read(self.on_date.value, None), self.reason.text()

    def save(self, values: tuple[date | None, str]) -> RosterEntry:
        on_date, reason = values
        return self._enrolment.withdraw(self._entry.enrolment_id, on_date, reason)  # type: ignore[arg-type]
