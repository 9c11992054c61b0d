"""The Học viên page of a class: its roster in the Vietnamese order, and every way to change it."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.classwork import RosterEntry
from trungtam_desktop.domain.vietnamese import format_date, format_int, person_sort_key
from trungtam_desktop.ui.classwork.page_support import (
    ClassPage,
    LockBanner,
    StatusLine,
    attempt,
    page_shortcut,
)
from trungtam_desktop.ui.classwork.paste_dialog import PasteDialog
from trungtam_desktop.ui.classwork.roster_dialogs import LearnerSearchDialog, QuickAddDialog, WithdrawDialog
from trungtam_desktop.ui.common.empty_state import EmptyState, ListOrEmpty
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.messages import confirm
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel, SortProxy
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.tabs.learners.dialogs import LearnerDialog

WITHDRAWN_BRUSH = QBrush(QColor("#808080"))


def _birth_order(entry: RosterEntry) -> date | None:
    if entry.birth_date is not None:
        return entry.birth_date
    return date(entry.birth_year, 1, 1) if entry.birth_year else None


class RosterModel(ObjectTableModel[RosterEntry]):
    """The roster; STT follows the Vietnamese order whatever column the table is sorted by."""

    def __init__(self, parent: Any = None) -> None:
        self._numbers: dict[int, int] = {}
        columns: list[Column[RosterEntry]] = [
            Column("STT", lambda e: str(self._numbers.get(e.enrolment_id, "")),
                   sort_key=lambda e: self._numbers.get(e.enrolment_id, 0),
                   align=Qt.AlignmentFlag.AlignRight, width=45),
            Column("Họ và tên", lambda e: e.full_name,
                   sort_key=lambda e: person_sort_key(e.full_name, e.birth_date, e.birth_year), width=200),
            Column("Ngày sinh", lambda e: e.birth_text, sort_key=_birth_order,
                   align=Qt.AlignmentFlag.AlignCenter, width=90),
            Column("Giới tính", lambda e: e.gender.label if e.gender else "", width=70),
            Column("Ngày vào lớp", lambda e: format_date(e.enrolled_on), sort_key=lambda e: e.enrolled_on,
                   align=Qt.AlignmentFlag.AlignCenter, width=95),
            Column("Tình trạng", lambda e: e.status_text, tooltip=lambda e: e.note, width=170),
            # Last, so the long unit names get whatever width the window has.
            Column("Đơn vị", lambda e: e.unit, tooltip=lambda e: e.unit, width=300),
        ]  # fmt: skip
        super().__init__(columns, parent)

    def set_items(self, items: Any) -> None:
        self._numbers = {entry.enrolment_id: number for number, entry in enumerate(items, start=1)}
        super().set_items(items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            if not self.item(index.row()).withdrawn:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return WITHDRAWN_BRUSH
            font = QFont()
            font.setItalic(True)
            return font
        return super().data(index, role)


class RosterPage(ClassPage):
    """The roster: add learners (search, new record, pasted list), withdraw, reinstate, remove, edit."""

    title = "Học viên"

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.lock_banner = LockBanner("danh sách học viên", self)
        self.add_existing_button = QPushButton("Thêm học viên có sẵn…")
        self.add_existing_button.setToolTip("Tìm trong hồ sơ học viên và thêm vào lớp (Insert)")
        self.add_new_button = QPushButton("Thêm học viên mới…")
        self.add_new_button.setToolTip("Tạo hồ sơ học viên mới và thêm vào lớp (Ctrl+N)")
        self.paste_button = QPushButton("Dán danh sách từ Excel…")
        self.paste_button.setToolTip("Dán nhiều học viên đã chép từ Excel (Ctrl+Shift+V)")
        self.import_button = QPushButton("Nhập vào lớp này…")
        self.import_button.setToolTip("Nhập danh sách từ tệp Excel (.xlsx) hoặc .csv vào lớp này")
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setToolTip("Lưu danh sách lớp, kèm điểm và kết quả, ra tệp Excel")
        self.withdraw_button = QPushButton("Thôi học…")
        self.withdraw_button.setToolTip("Ghi học viên đang chọn thôi học từ một ngày, có lý do")
        self.reinstate_button = QPushButton("Học lại")
        self.reinstate_button.setToolTip("Bỏ ghi thôi học của học viên đang chọn")
        self.remove_button = QPushButton("Xóa khỏi lớp")
        self.remove_button.setToolTip("Xóa học viên đang chọn khỏi lớp, cùng điểm danh và điểm (Delete)")
        self.edit_button = QPushButton("Sửa hồ sơ…")
        self.edit_button.setToolTip("Sửa hồ sơ của học viên đang chọn (Enter hoặc nhấp đúp)")
        self.action_buttons = [
            self.add_existing_button,
            self.add_new_button,
            self.paste_button,
            self.import_button,
            self.withdraw_button,
            self.reinstate_button,
            self.remove_button,
            self.edit_button,
        ]
        buttons = QHBoxLayout()
        for button in self.action_buttons[:4]:
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in self.action_buttons[4:]:
            buttons.addWidget(button)
        buttons.addWidget(self.export_button)

        self.model = RosterModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ObjectTableView("class_roster", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()  # the STT column numbers the rows
        self.count_label = QLabel()
        self.status = StatusLine(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.status, 1)

        self.empty = EmptyState(
            "Lớp chưa có học viên",
            "Nhập danh sách Excel do các xã, đơn vị gửi lên thẳng vào lớp này, hoặc dán danh sách đã chép "
            "từ Excel, hoặc chọn những người đã có hồ sơ (học viên các lớp trước).",
        )
        self.empty.add_action("Nhập danh sách từ tệp Excel…", self.import_file, "Tệp .xlsx hoặc .csv")
        self.empty.add_action("Dán danh sách từ Excel…", self.paste_list, "Ctrl+Shift+V")
        self.empty.add_action("Thêm học viên có sẵn…", self.add_existing, "Insert")
        self.empty.add_action("Thêm học viên mới…", self.add_new, "Ctrl+N")
        self.list_or_empty = ListOrEmpty(self.table, self.empty, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_banner)
        layout.addLayout(buttons)
        layout.addWidget(self.list_or_empty, 1)
        layout.addLayout(bottom)
        chain = [*self.action_buttons, self.table]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)

    def _connect_signals(self) -> None:
        self.add_existing_button.clicked.connect(self.add_existing)
        self.add_new_button.clicked.connect(self.add_new)
        self.paste_button.clicked.connect(self.paste_list)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_excel)
        self.withdraw_button.clicked.connect(self.withdraw_current)
        self.reinstate_button.clicked.connect(self.reinstate_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.edit_button.clicked.connect(self.edit_current)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        page_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.add_existing)
        page_shortcut(self, QKeySequence.StandardKey.New, self.add_new)
        page_shortcut(self, "Ctrl+Shift+V", self.paste_list)
        page_shortcut(self, QKeySequence(Qt.Key.Key_Delete), self.remove_current)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key), self.table, self.edit_current, context=Qt.ShortcutContext.WidgetShortcut
            )

    # -- data ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the class (for its lock) and its roster; keeps the selected learner selected."""
        selected = self.current()
        training_class = run_guarded(self, lambda: self._services.classes.get(self.class_id))
        roster = run_guarded(self, lambda: self._services.enrolment.roster(self.class_id))
        if training_class is None or roster is None:
            return
        self.training_class = training_class
        self.model.set_items(roster)
        self.list_or_empty.set_empty(not roster and not training_class.locked)
        self.lock_banner.show_for(training_class)
        withdrawn = sum(1 for entry in roster if entry.withdrawn)
        text = f"Sĩ số: {format_int(len(roster))} học viên"
        if withdrawn:
            text += f" (đang học {format_int(len(roster) - withdrawn)}, thôi học {format_int(withdrawn)})"
        self.count_label.setText(text + ".")
        if selected is None or not self.table.select_where(lambda e: e.enrolment_id == selected.enrolment_id):
            self.table.select_first_row()
        self._update_buttons()

    def current(self) -> RosterEntry | None:
        return self.table.current_object()

    @property
    def locked(self) -> bool:
        return bool(self.training_class and self.training_class.locked)

    def _update_buttons(self) -> None:
        entry, editable = self.current(), not self.locked
        for button in (self.add_existing_button, self.add_new_button, self.paste_button, self.import_button):
            button.setEnabled(editable)
        self.withdraw_button.setEnabled(editable and entry is not None and not entry.withdrawn)
        self.reinstate_button.setEnabled(editable and entry is not None and entry.withdrawn)
        self.remove_button.setEnabled(editable and entry is not None)
        self.edit_button.setEnabled(entry is not None)

    def _after_write(self, message: str, select_enrolment: int | None = None) -> None:
        self.reload()
        if select_enrolment is not None:
            self.table.select_where(lambda e: e.enrolment_id == select_enrolment)
        self.status.done(message)
        self.changed.emit()

    # -- actions -------------------------------------------------------------------------------------
    def add_existing(self) -> None:
        if self.locked:
            return
        enrolled = {entry.learner_id for entry in self.model.items()}
        dialog = LearnerSearchDialog(self._services, enrolled, self)
        if not dialog.exec() or not dialog.chosen:
            return
        ids = [learner.id for learner in dialog.chosen if learner.id is not None]
        result = run_guarded(self, lambda: self._services.enrolment.enrol(self.class_id, ids))
        if result is not None:
            first = result.enrolled[0].enrolment_id if result.enrolled else None
            self._after_write(result.summary(), first)

    def add_new(self) -> None:
        if self.locked:
            return
        dialog = QuickAddDialog(self._services, self.class_id, self)
        if dialog.exec():
            entry: RosterEntry = dialog.result_object
            self._after_write(f"Đã tạo hồ sơ và thêm {entry.full_name} vào lớp.", entry.enrolment_id)

    def paste_list(self) -> None:
        if self.locked:
            return
        dialog = PasteDialog(self._services, self.class_id, self)
        if dialog.exec() and dialog.outcome is not None:
            self._after_write(dialog.outcome.roster_summary())

    def import_file(self) -> None:
        """The import wizard with this class chosen (new records are created, everyone is enrolled)."""
        if self.locked:
            return
        from trungtam_desktop.ui.import_export.menu import open_import_wizard

        wizard = open_import_wizard(self, self._services, self.class_id)
        if wizard.outcome is not None:
            self._after_write(wizard.outcome.summary())

    def export_excel(self) -> None:
        from trungtam_desktop.ui.import_export.menu import export_roster

        code = self.training_class.code if self.training_class else str(self.class_id)
        if export_roster(self, self._services, self.class_id, code) is not None:
            self.status.done("Đã xuất danh sách lớp ra Excel.")

    def withdraw_current(self) -> None:
        entry = self.current()
        if entry is None or entry.withdrawn or self.locked:
            return
        default = run_guarded(self, lambda: self._services.enrolment.default_enrolled_on(self.class_id))
        default = max(default or entry.enrolled_on, entry.enrolled_on)
        dialog = WithdrawDialog(self._services, entry, default, self)
        if dialog.exec():
            updated: RosterEntry = dialog.result_object
            self._after_write(
                f"Đã ghi {updated.full_name} {updated.status_text.lower()}.", updated.enrolment_id
            )

    def reinstate_current(self) -> None:
        entry = self.current()
        if entry is None or not entry.withdrawn or self.locked:
            return
        updated = run_guarded(self, lambda: self._services.enrolment.reinstate(entry.enrolment_id))
        if updated is not None:
            self._after_write(f"{updated.full_name} đã học lại.", updated.enrolment_id)

    def remove_current(self) -> None:
        entry = self.current()
        if entry is None or self.locked:
            return
        marks = run_guarded(self, lambda: self._services.enrolment.recorded_marks(entry.enrolment_id)) or 0
        recorded = (
            f"\n\nĐiểm danh và điểm của học viên ở lớp này ({format_int(marks)} mục) cũng bị xóa."
            if marks
            else "\n\nĐiểm danh và điểm (nếu có) của học viên ở lớp này cũng bị xóa."
        )
        question = (
            f"Xóa {entry.full_name} khỏi lớp?{recorded} Hồ sơ của học viên vẫn được giữ.\n\n"
            "Nếu học viên chỉ nghỉ giữa chừng, hãy dùng “Thôi học…” thay vì xóa."
        )
        if not confirm(self, question, "Xóa học viên khỏi lớp", yes="Xóa khỏi lớp", no="Không xóa"):
            return
        if attempt(self, lambda: self._services.enrolment.remove(entry.enrolment_id)):
            self._after_write(f"Đã xóa {entry.full_name} khỏi lớp.")

    def edit_current(self) -> None:
        entry = self.current()
        if entry is None:
            return
        learner = run_guarded(self, lambda: self._services.learners.get(entry.learner_id))
        if learner is None:
            return
        dialog = LearnerDialog(self._services.learners, learner, self)
        if dialog.exec():
            self._after_write(f"Đã lưu hồ sơ của {dialog.result_object.full_name}.", entry.enrolment_id)
