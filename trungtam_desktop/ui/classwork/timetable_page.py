"""The Lịch học page of a class: its buổi, generated from the programme and then edited by hand, with a
warning when a lecturer is booked in two classes at once."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from trungtam_desktop.domain.classwork import (
    ClassSessionInfo,
    LecturerClash,
    SessionSaved,
    first_free_slot,
    session_order,
    weekday_date,
)
from trungtam_desktop.domain.models import Lecturer, Programme
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.ui.classwork.page_support import (
    WARNING_STYLE,
    ClassPage,
    LockBanner,
    StatusLine,
    attempt,
    page_shortcut,
)
from trungtam_desktop.ui.classwork.session_dialog import SessionDialog
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.messages import confirm
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel, SortProxy
from trungtam_desktop.ui.common.views import ObjectTableView

CLASH_BRUSH = QBrush(QColor("#ffd9d9"))
UNASSIGNED_BRUSH = QBrush(QColor("#808080"))
UNASSIGNED = "(chưa phân công)"


class TimetableModel(ObjectTableModel[ClassSessionInfo]):
    """The buổi; those whose lecturer is booked elsewhere at the same time are shaded, with the reason."""

    def __init__(self, parent: Any = None) -> None:
        self.clashes: dict[int, list[LecturerClash]] = {}
        columns: list[Column[ClassSessionInfo]] = [
            Column("Ngày", lambda s: weekday_date(s.date), sort_key=session_order, width=150),
            Column("Buổi", lambda s: s.half_day.label, sort_key=session_order, width=60),
            Column("Bài / chuyên đề", lambda s: s.title, tooltip=lambda s: s.title, width=420),
            Column("Giảng viên", lambda s: s.lecturer_name or UNASSIGNED, width=200),
            Column("Số tiết", lambda s: str(s.tiet), sort_key=lambda s: s.tiet,
                   align=Qt.AlignmentFlag.AlignRight, width=60),
        ]  # fmt: skip
        super().__init__(columns, parent)

    def set_content(self, sessions: list[ClassSessionInfo], clashes: list[LecturerClash]) -> None:
        self.clashes = {}
        for clash in clashes:
            self.clashes.setdefault(clash.session.id or 0, []).append(clash)
        self.set_items(sessions)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        session = self.item(index.row())
        clashes = self.clashes.get(session.id or 0)
        if role == Qt.ItemDataRole.BackgroundRole:
            return CLASH_BRUSH if clashes else None
        if role == Qt.ItemDataRole.ToolTipRole and clashes:
            return "\n".join(clash.message for clash in clashes)
        if role == Qt.ItemDataRole.ForegroundRole:
            return UNASSIGNED_BRUSH if index.column() == 3 and not session.lecturer_name else None
        return super().data(index, role)


class TimetablePage(ClassPage):
    """Generate the timetable, add, edit and delete buổi; clashes are shown, never refused."""

    title = "Lịch học"

    # -- layout --------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.lock_banner = LockBanner("lịch học", self)
        self.generate_button = QPushButton("Tạo lịch tự động")
        self.generate_button.setToolTip(
            "Xếp các bài của chương trình thành các buổi (sáng, chiều) trong thời gian của lớp"
        )
        self.skip_sundays = QCheckBox("Bỏ qua Chủ nhật")
        self.skip_sundays.setChecked(True)
        self.add_button = QPushButton("Thêm buổi…")
        self.add_button.setToolTip("Thêm một buổi học (Insert hoặc Ctrl+N)")
        self.edit_button = QPushButton("Sửa…")
        self.edit_button.setToolTip("Sửa buổi đang chọn (Enter hoặc nhấp đúp)")
        self.delete_button = QPushButton("Xóa buổi")
        self.delete_button.setToolTip("Xóa buổi đang chọn (Delete)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.skip_sundays)
        buttons.addStretch(1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)

        self.clash_label = QLabel()
        self.clash_label.setWordWrap(True)
        self.clash_label.setStyleSheet(WARNING_STYLE)
        self.clash_label.hide()
        self.model = TimetableModel(self)
        self.proxy = SortProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = ObjectTableView("class_timetable", self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.apply_default_widths(self.model)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.status = StatusLine(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.lock_banner)
        layout.addLayout(buttons)
        layout.addWidget(self.clash_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        chain = [
            self.generate_button,
            self.skip_sundays,
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.table,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)

    def _connect_signals(self) -> None:
        self.generate_button.clicked.connect(self.generate)
        self.add_button.clicked.connect(self.add_session)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        page_shortcut(self, QKeySequence(Qt.Key.Key_Insert), self.add_session)
        page_shortcut(self, QKeySequence.StandardKey.New, self.add_session)
        page_shortcut(self, QKeySequence(Qt.Key.Key_Delete), self.delete_current)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key), self.table, self.edit_current, context=Qt.ShortcutContext.WidgetShortcut
            )

    # -- data ----------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the class (for its lock), its buổi and the lecturer clashes."""
        selected = self.current()
        services = self._services
        training_class = run_guarded(self, lambda: services.classes.get(self.class_id))
        sessions = run_guarded(self, lambda: services.timetable.sessions(self.class_id))
        clashes = run_guarded(self, lambda: services.timetable.lecturer_clashes(self.class_id))
        needed = run_guarded(self, lambda: services.timetable.needed_sessions(self.class_id))
        if training_class is None or sessions is None or clashes is None:
            return
        self.training_class = training_class
        self.model.set_content(sessions, clashes)
        self.lock_banner.show_for(training_class)
        self.clash_label.setText(
            "Giảng viên bị trùng lịch (các dòng tô đỏ):\n" + "\n".join(f"• {c.message}" for c in clashes)
        )
        self.clash_label.setVisible(bool(clashes))
        text = f"{format_int(len(sessions))} buổi, {format_int(sum(s.tiet for s in sessions))} tiết"
        if needed:
            text += f"; chương trình cần {format_int(needed)} buổi"
        unassigned = sum(1 for s in sessions if s.lecturer_id is None)
        if sessions and unassigned:
            text += f"; {format_int(unassigned)} buổi chưa phân công giảng viên"
        if not sessions and not self.locked:
            text += ". Bấm “Tạo lịch tự động” để xếp các bài của chương trình vào các buổi, hoặc “Thêm buổi…”"
        self.summary.setText(text + ".")
        if selected is None or not self.table.select_where(lambda s: s.id == selected.id):
            self.table.select_first_row()
        self._update_buttons()

    def current(self) -> ClassSessionInfo | None:
        return self.table.current_object()

    @property
    def locked(self) -> bool:
        return bool(self.training_class and self.training_class.locked)

    def _update_buttons(self) -> None:
        has_current, editable = self.current() is not None, not self.locked
        self.generate_button.setEnabled(editable)
        self.skip_sundays.setEnabled(editable)
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and has_current)
        self.delete_button.setEnabled(editable and has_current)

    def _after_write(
        self, message: str, select_id: int | None = None, warnings: tuple[LecturerClash, ...] = ()
    ) -> None:
        self.reload()
        if select_id is not None:
            self.table.select_where(lambda s: s.id == select_id)
        if warnings:
            self.status.warning(message + " Lưu ý: " + " ".join(c.message for c in warnings))
        else:
            self.status.done(message)
        self.changed.emit()

    # -- actions -------------------------------------------------------------------------------------
    def generate(self) -> None:
        if self.locked:
            return
        sessions = self.model.items()
        replace = False
        if sessions:
            marks = sum(s.attendance_count for s in sessions)
            question = (
                f"Lớp đã có lịch {format_int(len(sessions))} buổi. Tạo lịch tự động sẽ thay toàn bộ lịch "
                "hiện có (kể cả các buổi đã sửa tay; giảng viên đã phân công cho từng bài được giữ lại)."
            )
            if marks:
                question += (
                    f"\n\nLịch hiện có đã có {format_int(marks)} lượt điểm danh; các lượt này sẽ bị xóa."
                )
            if not confirm(self, question + "\n\nVẫn tạo lại lịch?", "Tạo lại lịch học", yes="Tạo lại lịch",
                           no="Giữ lịch cũ"):  # fmt: skip
                return
            replace = True
        skip = self.skip_sundays.isChecked()
        created = run_guarded(
            self, lambda: self._services.timetable.generate(self.class_id, skip_sundays=skip, replace=replace)
        )
        if created is not None:
            self._after_write(f"Đã tạo lịch học tự động: {format_int(len(created))} buổi.")

    def _lecturers(self, keep: int | None) -> list[Lecturer] | None:
        lecturers = run_guarded(self, lambda: self._services.lecturers.list(active_only=True))
        if lecturers is not None and keep is not None and all(x.id != keep for x in lecturers):
            kept = run_guarded(self, lambda: self._services.lecturers.get(keep))
            lecturers = [*lecturers, kept] if kept is not None else lecturers
        return lecturers

    def _programme(self) -> Programme | None:
        training_class = self.training_class
        if training_class is None:
            return None
        return run_guarded(self, lambda: self._services.programmes.get(training_class.programme_id))

    def _open_dialog(self, info: ClassSessionInfo, programme: Programme) -> SessionSaved | None:
        lecturers = self._lecturers(info.lecturer_id)
        if lecturers is None:
            return None
        dialog = SessionDialog(self._services, info, programme.lessons, lecturers, self)
        return dialog.result_object if dialog.exec() else None

    def add_session(self) -> None:
        training_class = self.training_class
        if training_class is None or self.locked:
            return
        programme = self._programme()
        if programme is None:
            return
        day, half = first_free_slot(
            self.model.items(),
            training_class.start_date,
            training_class.end_date,
            skip_sundays=self.skip_sundays.isChecked(),
        )
        info = ClassSessionInfo(self.class_id, day, half, tiet=programme.tiet_per_buoi)
        saved = self._open_dialog(info, programme)
        if saved is not None:
            self._after_write(f"Đã thêm buổi {saved.session.slot_text}.", saved.session.id, saved.clashes)

    def edit_current(self) -> None:
        session = self.current()
        programme = None if session is None or self.locked else self._programme()
        if session is None or programme is None:
            return
        saved = self._open_dialog(session, programme)
        if saved is not None:
            self._after_write(f"Đã lưu buổi {saved.session.slot_text}.", saved.session.id, saved.clashes)

    def delete_current(self) -> None:
        session = self.current()
        if session is None or session.id is None or self.locked:
            return
        question = f"Xóa buổi {session.slot_text} ({session.title}) khỏi lịch học?"
        if not confirm(self, question, "Xóa buổi học", yes="Xóa buổi", no="Không xóa"):
            return
        force = False
        if session.attendance_count:
            warning = (
                f"Buổi {session.slot_text} đã có {format_int(session.attendance_count)} lượt điểm danh. "
                "Xóa buổi sẽ xóa luôn các lượt điểm danh này và không lấy lại được.\n\nVẫn xóa?"
            )
            if not confirm(self, warning, "Buổi đã có điểm danh", yes="Vẫn xóa", no="Không xóa"):
                return
            force = True
        session_id = session.id
        if attempt(self, lambda: self._services.timetable.delete_session(session_id, force=force)):
            self._after_write(f"Đã xóa buổi {session.slot_text}.")
