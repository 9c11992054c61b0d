"""The Giảng viên tab."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.models import Lecturer
from trungtam_desktop.services.lecturers import LecturerService
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.messages import confirm
from trungtam_desktop.ui.common.table_model import ObjectTableModel, SortProxy
from trungtam_desktop.ui.common.views import LoadsWhenShown, ObjectTableView, SearchBox
from trungtam_desktop.ui.tabs.lecturers.dialogs import LecturerDialog
from trungtam_desktop.ui.tabs.lecturers.table_model import LECTURER_COLUMNS


class LecturersTab(LoadsWhenShown, QWidget):
    counts_changed = Signal()

    def __init__(self, service: LecturerService, parent: QWidget | None = None, *, load: bool = True) -> None:
        """``load`` False: the list is read when the tab is first shown (or refreshed)."""
        super().__init__(parent)
        self._service = service
        self._build_ui()
        self._connect_signals()
        if load:
            self.refresh()
        else:
            self.wait_for_show()

    def _build_ui(self) -> None:
        self.search = SearchBox("Tìm giảng viên theo tên hoặc đơn vị…", lambda _text: self.refresh())
        self.active_only = QCheckBox("Chỉ giảng viên đang giảng dạy")
        self.add_button = QPushButton("Thêm giảng viên…")
        self.add_button.setToolTip("Thêm giảng viên mới (Ctrl+N)")
        self.edit_button = QPushButton("Sửa…")
        self.active_button = QPushButton("Ngừng giảng dạy")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.active_only)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.active_button)
        self.model: ObjectTableModel[Lecturer] = ObjectTableModel(LECTURER_COLUMNS, self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ObjectTableView("lecturers", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.apply_default_widths(self.model)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        self.active_only.toggled.connect(lambda _checked: self.refresh())
        self.add_button.clicked.connect(self.add_lecturer)
        self.edit_button.clicked.connect(self.edit_current)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence.StandardKey.New, self, self.add_lecturer)
        QShortcut(
            QKeySequence(Qt.Key.Key_Return),
            self.table,
            self.edit_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    def refresh(self) -> None:
        self.mark_loaded()
        lecturers = run_guarded(
            self, lambda: self._service.list(self.search.text(), active_only=self.active_only.isChecked())
        )
        self.model.set_items(lecturers or [])
        self.count_label.setText(f"{self.model.rowCount()} giảng viên.")
        self.table.select_first_row()
        self._update_buttons()

    def current(self) -> Lecturer | None:
        return self.table.current_object()

    def _update_buttons(self) -> None:
        lecturer = self.current()
        self.edit_button.setEnabled(lecturer is not None)
        self.active_button.setEnabled(lecturer is not None)
        self.active_button.setText(
            "Ngừng giảng dạy" if lecturer is None or lecturer.active else "Giảng dạy trở lại"
        )

    def add_lecturer(self) -> None:
        dialog = LecturerDialog(self._service, None, self)
        if dialog.exec():
            self.refresh()
            self.table.select_where(lambda x: x.id == dialog.result_object.id)
            self.counts_changed.emit()

    def edit_current(self) -> None:
        lecturer = self.current()
        if lecturer is None:
            return
        dialog = LecturerDialog(self._service, lecturer, self)
        if dialog.exec():
            self.model.replace_item(lambda x: x.id == lecturer.id, dialog.result_object)
            self._update_buttons()

    def toggle_active(self) -> None:
        lecturer = self.current()
        if lecturer is None:
            return
        if lecturer.active and not confirm(
            self,
            f"Chuyển giảng viên {lecturer.full_name} sang “ngừng giảng dạy”? Lịch sử giảng dạy vẫn được giữ.",
            "Ngừng giảng dạy",
        ):
            return
        updated = run_guarded(self, lambda: self._service.set_active(lecturer.id, not lecturer.active))
        if updated:
            self.refresh()
            self.table.select_where(lambda x: x.id == updated.id)

    def save_state(self, settings: QSettings) -> None:
        self.table.save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        self.table.restore_state(settings)
