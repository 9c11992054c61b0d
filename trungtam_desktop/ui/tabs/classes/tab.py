"""The Lớp học tab: classes filtered by year, programme and status.

A class just saved is always shown and selected: when the filters would hide it, they are widened (and the
clerk is told), so a class is never saved twice for want of seeing it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.class_state import ended_by_date
from trungtam_desktop.domain.enums import ClassStatus
from trungtam_desktop.domain.models import TrainingClass
from trungtam_desktop.domain.vietnamese import format_date, format_int
from trungtam_desktop.services.classes import ClassService
from trungtam_desktop.services.lecturers import LecturerService
from trungtam_desktop.services.programmes import ProgrammeService
from trungtam_desktop.ui.common.empty_state import EmptyState, ListOrEmpty
from trungtam_desktop.ui.common.forms import enum_data, run_guarded
from trungtam_desktop.ui.common.messages import confirm, warn
from trungtam_desktop.ui.common.table_model import ObjectTableModel, SortProxy
from trungtam_desktop.ui.common.views import ObjectTableView, SearchBox
from trungtam_desktop.ui.tabs.classes.dialogs import ClassDialog
from trungtam_desktop.ui.tabs.classes.table_model import CLASS_COLUMNS

ALL = "Tất cả"
NOTICE_STYLE = "color: #1f3f7f; background: #eef4ff; border: 1px solid #9ab; padding: 4px;"


class ClassesTab(QWidget):
    counts_changed = Signal()
    open_requested = Signal(int)  # the clerk wants to work in this class (roster, attendance, results)
    class_deleted = Signal(int)  # a class made by mistake was deleted (its window, if open, must close)

    def __init__(
        self,
        classes: ClassService,
        programmes: ProgrammeService,
        lecturers: LecturerService,
        parent: QWidget | None = None,
        *,
        current_year: int | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self._classes, self._programmes, self._lecturers = classes, programmes, lecturers
        self._today = today
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
        self.next_round_button = QPushButton("Tạo đợt tiếp theo…")
        self.next_round_button.setToolTip(
            "Mở lớp mới cùng chương trình, số đợt/khóa tăng thêm một: xem và sửa trước khi lưu"
        )
        self.delete_button = QPushButton("Xóa lớp…")
        self.delete_button.setToolTip(
            "Xóa lớp tạo nhầm (chỉ khi lớp chưa có điểm danh, điểm hay giấy chứng nhận) (Delete)"
        )
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
        buttons.addWidget(self.delete_button)

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
        self.notice = QLabel()  # what happened to the filters when a saved class was brought into view
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.notice)
        layout.addWidget(self.list_or_empty, 1)
        layout.addWidget(self.count_label)

    def _connect_signals(self) -> None:
        for combo in (self.year, self.programme, self.status):
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.add_button.clicked.connect(self.add_class)
        self.edit_button.clicked.connect(self.edit_current)
        self.next_round_button.clicked.connect(self.next_round)
        self.delete_button.clicked.connect(self.delete_current)
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
        QShortcut(
            QKeySequence(Qt.Key.Key_Delete),
            self.table,
            self.delete_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

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
        self.notice.hide()  # it told of the filters as they were
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
        for button in (
            self.open_button,
            self.edit_button,
            self.next_round_button,
            self.status_button,
            self.delete_button,
        ):
            button.setEnabled(has)

    def _dialog(
        self, training_class: TrainingClass | None, draft: TrainingClass | None = None
    ) -> ClassDialog | None:
        programmes = run_guarded(self, lambda: self._programmes.list(active_only=training_class is None))
        lecturers = run_guarded(self, lambda: self._lecturers.list(active_only=True))
        if programmes is None or lecturers is None:
            return None
        return ClassDialog(self._classes, programmes, lecturers, training_class, self, draft=draft)

    def _after_change(self, class_id: int) -> None:
        """Re-read the list and show the class just saved, selected, whatever the filters were."""
        self.reload_filters()
        self.refresh()
        if not self.table.select_where(lambda c: c.id == class_id):
            self.show_class(class_id)
        self.counts_changed.emit()

    def show_class(self, class_id: int) -> None:
        """Widen the filters that hide the class (year, programme, status, search), select it, and say so."""
        saved = run_guarded(self, lambda: self._classes.get(class_id))
        if saved is None:
            return
        changed = []
        combos = (self.year, self.programme, self.status)
        for combo in combos:
            combo.blockSignals(True)
        if self.year.currentData() not in (None, saved.start_date.year, saved.end_date.year):
            self.year.setCurrentIndex(max(self.year.findData(saved.start_date.year), 0))
            changed.append(f"năm {self.year.currentText()}")
        if self.programme.currentData() not in (None, saved.programme_id):
            self.programme.setCurrentIndex(0)
            changed.append("mọi chương trình")
        if self.status.currentData() not in (None, saved.status):
            self.status.setCurrentIndex(0)
            changed.append("mọi trạng thái")
        for combo in combos:
            combo.blockSignals(False)
        if self.search.text():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            changed.append("bỏ chữ tìm kiếm")
        self.refresh()
        self.table.select_where(lambda c: c.id == class_id)
        if changed:
            self.notice.setText(
                f"Đã lưu lớp “{saved.code} – {saved.name}”. Bộ lọc đã được đổi ({', '.join(changed)}) "
                "để hiện lớp này."
            )
            self.notice.show()

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
        """The next round of the selected class, pre-filled in the class form: written only on Lưu."""
        current = self.current()
        if current is None:
            return
        draft = run_guarded(self, lambda: self._classes.next_round_draft(current.id))
        if draft is None:
            return
        dialog = self._dialog(None, draft)
        if dialog and dialog.exec():
            self._after_change(dialog.result_object.id)

    def delete_current(self) -> None:
        """Delete a class made by mistake (asked first); a class with work is closed instead, and the
        clerk is told why."""
        current = self.current()
        if current is None:
            return
        why_not = run_guarded(self, lambda: self._classes.why_not_delete(current.id))
        if why_not is None:
            return
        if why_not:
            warn(self, why_not, "Không xóa được lớp")
            return
        text = (
            f"Xóa lớp “{current.code} – {current.name}” ({current.programme_name}, "
            f"{format_date(current.start_date)}–{format_date(current.end_date)})?\n\n"
            f"{self._roster_text(current.learner_count)} Việc xóa được ghi vào nhật ký — không hoàn tác được."
        )
        if not confirm(self, text, "Xóa lớp tạo nhầm", yes="Xóa lớp", no="Không"):
            return
        if run_guarded(self, lambda: self._classes.delete(current.id)):
            self.class_deleted.emit(current.id)
            self.reload_filters()
            self.refresh()
            self.counts_changed.emit()

    @staticmethod
    def _roster_text(count: int) -> str:
        if not count:
            return "Lớp chưa có học viên; lịch học của lớp (nếu có) cũng bị xóa."
        return (
            f"Danh sách {format_int(count)} học viên của lớp và lịch học cũng bị xóa; hồ sơ học viên vẫn "
            "giữ nguyên."
        )

    def change_status(self, status: ClassStatus) -> None:
        current = self.current()
        if current is None or status == current.status:
            return
        if status == ClassStatus.CLOSED and not confirm(
            self, self._closing_text(current), "Đóng lớp", yes="Đóng lớp", no="Không"
        ):
            return
        if run_guarded(self, lambda: self._classes.set_status(current.id, status)):
            self._after_change(current.id)

    def _closing_text(self, c: TrainingClass) -> str:
        """What closing the class means, and what is still open in it."""
        lines = [
            f"Đóng lớp “{c.code} – {c.name}” ({format_date(c.start_date)}–{format_date(c.end_date)}, "
            f"{format_int(c.learner_count)} học viên)?",
            "",
            "Lớp đã đóng được cất đi: vẫn được lưu, vẫn tính trong báo cáo và có thể mở lại.",
        ]
        if self._today is not None and not ended_by_date(c.end_date, self._today()):
            lines.append(f"Lưu ý: lớp chưa kết thúc (học đến ngày {format_date(c.end_date)}).")
        if not c.locked:
            lines.append("Lưu ý: kết quả của lớp chưa khóa (trang Kết quả → Khóa kết quả).")
        return "\n".join(lines)

    def save_state(self, settings: QSettings) -> None:
        self.table.save_state(settings)

    def restore_state(self, settings: QSettings) -> None:
        self.table.restore_state(settings)
