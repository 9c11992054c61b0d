"""The Lớp học tab: classes filtered by year, programme and status."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.enums import ClassStatus
from trungtam_desktop.domain.models import TrainingClass
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.classes import ClassService
from trungtam_desktop.services.lecturers import LecturerService
from trungtam_desktop.services.programmes import ProgrammeService
from trungtam_desktop.ui.common.empty_state import EmptyState, ListOrEmpty
from trungtam_desktop.ui.common.forms import enum_data, run_guarded
from trungtam_desktop.ui.common.messages import confirm
from trungtam_desktop.ui.common.table_model import ObjectTableModel, SortProxy
from trungtam_desktop.ui.common.views import ObjectTableView, SearchBox
from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog
from trungtam_desktop.ui.tabs.classes.table_model import CLASS_COLUMNS

ALL = "Tất cả"


class ClassesTab(QWidget):
    counts_changed = Signal()
    open_requested = Signal(int)  # the clerk wants to work in this class (roster, attendance, results)

    def __init__(
        self,
        classes: ClassService,
        programmes: ProgrammeService,
        lecturers: LecturerService,
        parent: QWidget | None = None,
        *,
        current_year: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._classes, self._programmes, self._lecturers = classes, programmes, lecturers
        self._build_ui()
        self._connect_signals()
        self.reload_filters()
        # A clerk works on this year's classes (or the latest year that has any); twenty years of
        # history stay one click away ("Tất cả").
        years = [self.year.itemData(i) for i in range(1, self.year.count())]
        recent = [y for y in years if current_year is not None and y <= current_year]
        if recent:
            self.year.blockSignals(True)
            self.year.setCurrentIndex(self.year.findData(max(recent)))
            self.year.blockSignals(False)
        self.refresh()

    def _build_ui(self) -> None:
        self.year = QComboBox()
        self.programme = QComboBox()
        self.programme.setMinimumContentsLength(24)
        self.status = QComboBox()
        self.status.addItem(ALL, None)
        for status in ClassStatus:
            self.status.addItem(status.label, status)
        self.search = SearchBox("Tìm theo mã, tên lớp, địa điểm…", lambda _text: self.refresh())
        filters = QHBoxLayout()
        for label, widget in (
            ("Năm:", self.year),
            ("Chương trình:", self.programme),
            ("Trạng thái:", self.status),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.open_button = QPushButton("Vào lớp")
        self.open_button.setToolTip(
            "Học viên, lịch học, điểm danh, kết quả và giấy tờ của lớp (Enter hoặc nhấp đúp)"
        )
        self.add_button = QPushButton("Mở lớp mới…")
        self.add_button.setToolTip("Mở lớp mới (Ctrl+N)")
        self.edit_button = QPushButton("Sửa thông tin lớp…")
        self.edit_button.setToolTip("Sửa mã, tên, thời gian, địa điểm… của lớp (F2)")
        self.next_round_button = QPushButton("Tạo đợt tiếp theo")
        self.next_round_button.setToolTip("Tạo lớp mới cùng chương trình, số đợt/khóa tăng thêm một")
        self.status_button = QPushButton("Chuyển trạng thái")
        self.status_menu = QMenu(self)
        for status in ClassStatus:
            action = self.status_menu.addAction("Đóng lớp" if status == ClassStatus.CLOSED else status.label)
            action.setData(status)
        self.status_button.setMenu(self.status_menu)
        buttons = QHBoxLayout()
        for button in (
            self.open_button,
            self.add_button,
            self.edit_button,
            self.next_round_button,
            self.status_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.model: ObjectTableModel[TrainingClass] = ObjectTableModel(CLASS_COLUMNS, self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ObjectTableView("classes", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.table.apply_default_widths(self.model)
        self.empty = EmptyState(
            "Chưa có lớp học nào",
            "Mỗi lớp thuộc một chương trình (nhận thức về Đảng, đảng viên mới, sơ cấp lý luận chính trị…). "
            "Mở lớp đầu tiên: chọn chương trình, đặt mã lớp, ngày học và địa điểm; sau đó vào lớp để thêm "
            "học viên, xếp lịch học, điểm danh, cho điểm và cấp giấy chứng nhận.",
        )
        self.empty.add_action("Mở lớp đầu tiên…", self.add_class, "Mở lớp mới (Ctrl+N)")
        self.list_or_empty = ListOrEmpty(self.table, self.empty, self)
        self.count_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.list_or_empty, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        for combo in (self.year, self.programme, self.status):
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.add_button.clicked.connect(self.add_class)
        self.edit_button.clicked.connect(self.edit_current)
        self.next_round_button.clicked.connect(self.next_round)
        self.status_menu.triggered.connect(lambda action: self.change_status(action.data()))
        self.open_button.clicked.connect(self.open_current)
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence.StandardKey.New, self, self.add_class)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key), self.table, self.open_current, context=Qt.ShortcutContext.WidgetShortcut
            )
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.edit_current)

    def reload_filters(self) -> None:
        """Fill the year and programme filters (after programmes or classes change)."""
        current_year, current_programme = self.year.currentData(), self.programme.currentData()
        for combo in (self.year, self.programme):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
        for year in run_guarded(self, self._classes.years) or []:
            self.year.addItem(str(year), year)
        for programme in run_guarded(self, self._programmes.list) or []:
            self.programme.addItem(programme.name, programme.id)
        self.year.setCurrentIndex(max(self.year.findData(current_year), 0))
        self.programme.setCurrentIndex(max(self.programme.findData(current_programme), 0))
        for combo in (self.year, self.programme):
            combo.blockSignals(False)

    def refresh(self) -> None:
        classes = run_guarded(
            self,
            lambda: self._classes.list(
                year=self.year.currentData(),
                programme_id=self.programme.currentData(),
                status=enum_data(self.status, ClassStatus),
                query=self.search.text(),
            ),
        )
        self.model.set_items(classes or [])
        # A new centre sees what to do first; a filter that finds nothing still shows the (empty) list.
        self.list_or_empty.set_empty(classes == [] and run_guarded(self, self._classes.count) == 0)
        learners = sum(c.learner_count for c in classes or [])
        count = format_int(len(classes or []))
        self.count_label.setText(f"{count} lớp, {format_int(learners)} lượt học viên.")
        self.table.select_first_row()
        self._update_buttons()

    def current(self) -> TrainingClass | None:
        return self.table.current_object()

    def _update_buttons(self) -> None:
        has = self.current() is not None
        for button in (self.open_button, self.edit_button, self.next_round_button, self.status_button):
            button.setEnabled(has)

    def _dialog(self, training_class: TrainingClass | None) -> ClassDialog | None:
        programmes = run_guarded(self, lambda: self._programmes.list(active_only=training_class is None))
        lecturers = run_guarded(self, lambda: self._lecturers.list(active_only=True))
        if programmes is None or lecturers is None:
            return None
        return ClassDialog(self._classes, programmes, lecturers, training_class, self)

    def _after_change(self, class_id: int) -> None:
        self.reload_filters()
        self.refresh()
        self.table.select_where(lambda c: c.id == class_id)
        self.counts_changed.emit()

    def add_class(self) -> None:
        dialog = self._dialog(None)
        if dialog and dialog.exec():
            self._after_change(dialog.result_object.id)

    def open_current(self) -> None:
        current = self.current()
        if current is not None:
            self.open_requested.emit(current.id)

    def refresh_keeping_selection(self) -> None:
        """Re-read the list (counts changed in a class window) and keep the selected class selected."""
        current = self.current()
        self.refresh()
        if current is not None:
            self.table.select_where(lambda c: c.id == current.id)

    def edit_current(self) -> None:
        current = self.current()
        if current is None:
            return
        dialog = self._dialog(current)
        if dialog and dialog.exec():
            self._after_change(current.id)

    def next_round(self) -> None:
        current = self.current()
        if current is None:
            return
        created = run_guarded(self, lambda: self._classes.duplicate_as_next_round(current.id))
        if created:
            self._after_change(created.id)
            self.edit_current()

    def change_status(self, status: ClassStatus) -> None:
        current = self.current()
        if current is None or status == current.status:
            return
        if status == ClassStatus.CLOSED and not confirm(
            self, f"Đóng lớp “{current.name}”? Lớp đã đóng vẫn được lưu và có thể mở lại.", "Đóng lớp"
        ):
            return
        if run_guarded(self, lambda: self._classes.set_status(current.id, status)):
            self._after_change(current.id)

    def save_state(self, settings: QSettings) -> None:
        self.table.save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        self.table.restore_state(settings)
