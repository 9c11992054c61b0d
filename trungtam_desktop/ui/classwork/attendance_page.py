"""The Điểm danh page of a class: learners × buổi, entered with the keyboard and saved at once.

The fast way through a buổi: stand in its column, Ctrl+Enter marks everybody present, then arrow down to
the exceptions and press P, K or M (each key saves the cell and moves to the next learner). Every action
is one service call, so nothing typed is lost when the power goes. Ctrl+Z undoes the last action and
Ctrl+Y redoes it, as long as the class window is open (each an audited write like any other).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from trungtam_desktop.domain.class_results import AttendanceGrid
from trungtam_desktop.domain.enums import AttendanceStatus
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.attendance import AttendanceService
from trungtam_desktop.ui.classwork.attendance_model import (
    CELL_ROLE,
    EDITABLE_ROLE,
    AttendanceModel,
    AttendanceTable,
)
from trungtam_desktop.ui.classwork.page_support import (
    WARNING_STYLE,
    ClassPage,
    StatusLine,
    attempt_on_status,
    page_shortcut,
)
from trungtam_desktop.ui.classwork.undo import UndoableGrid
from trungtam_desktop.ui.common.forms import run_guarded

LEGEND = (
    "<b>Phím tắt:</b> <b>C</b> có mặt · <b>P</b> vắng có phép · <b>K</b> vắng không phép · "
    "<b>M</b> đi muộn · <b>Delete</b> xóa · <b>Ctrl+Enter</b> cả buổi có mặt · <b>Ctrl+Z</b> hoàn tác · "
    "<b>Ctrl+Y</b> làm lại · mũi tên để di chuyển. "
    "Mỗi phím lưu ngay và chuyển xuống học viên tiếp theo; chọn nhiều ô rồi bấm một phím để ghi cả vùng. "
    "Ô <b>—</b>: học viên chưa vào lớp hoặc đã thôi học buổi đó."
)
LOCKED_TEXT = (
    "Lớp đã khóa kết quả nên điểm danh chỉ để xem, không sửa được. "
    "Muốn sửa, hãy mở khóa lớp (ghi rõ lý do) ở trang Kết quả."
)


class AttendancePage(UndoableGrid, ClassPage):
    title = "Điểm danh"

    @property
    def _attendance(self) -> AttendanceService:
        return self._services.attendance

    # -- building ------------------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.locked_banner = QLabel(LOCKED_TEXT)
        self.locked_banner.setWordWrap(True)
        self.locked_banner.setStyleSheet(WARNING_STYLE)
        self.locked_banner.hide()
        self.all_present_button = QPushButton("Cả buổi có mặt")
        self.all_present_button.setToolTip(
            "Ghi “có mặt” cho mọi học viên chưa được điểm danh ở buổi đang chọn; "
            "các ô đã ghi (vắng, muộn) giữ nguyên (Ctrl+Enter)"
        )
        self.summary = QLabel()
        self._build_undo(self._write_cells)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_present_button)
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        self.model = AttendanceModel(self)
        self.table = AttendanceTable(self)
        self.table.setModel(self.model)
        self.status = StatusLine(self)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        legend = QLabel(LEGEND)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #444;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.locked_banner)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(legend)

    def _connect_signals(self) -> None:
        self.table.mark_requested.connect(self.mark_selection)
        self.all_present_button.clicked.connect(self.mark_current_session_present)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            page_shortcut(self, keys, self.mark_current_session_present)
        self._connect_undo()

    # -- reading -------------------------------------------------------------------------------------
    @property
    def grid(self) -> AttendanceGrid | None:
        return self.model.grid

    def reload(self) -> None:
        """Read the grid again (another page changed the roster, the timetable or the lock)."""
        grid = run_guarded(self, lambda: self._attendance.grid(self.class_id))
        if grid is None:
            return
        current = self.table.currentIndex()
        cell = current.data(CELL_ROLE) if current.isValid() else None
        self._show(grid)
        target = self.model.index_of(*cell) if cell else QModelIndex()
        if not target.isValid() and self.model.rowCount() and self.model.session_count:
            target = self.model.index(0, 0)
        if target.isValid():
            self.table.setCurrentIndex(target)

    def _show(self, grid: AttendanceGrid) -> None:
        first = self.model.grid is None or not self.model.grid.same_shape(grid)
        self.model.set_grid(grid)
        if first:
            self.table.apply_widths(len(grid.sessions))
        self.locked_banner.setVisible(grid.locked)
        self.all_present_button.setEnabled(not grid.locked and bool(grid.sessions) and bool(grid.rows))
        missing = []
        if not grid.rows:
            missing.append("Lớp chưa có học viên: hãy thêm học viên ở trang Học viên.")
        if not grid.sessions:
            missing.append("Lớp chưa có lịch học: hãy lập lịch học (các buổi) ở trang Lịch học.")
        self.empty_label.setText(" ".join(missing))
        self.empty_label.setVisible(bool(missing))
        over = grid.over_limit_count
        text = (
            f"{format_int(len(grid.rows))} học viên · {format_int(len(grid.sessions))} buổi · "
            f"được vắng tối đa {grid.limit.describe()}"
        )
        if over:
            text += (
                f" · <span style='color:#b00020'><b>{format_int(over)} học viên vắng quá số buổi</b></span>"
            )
        self.summary.setText(text)

    # -- writing -------------------------------------------------------------------------------------
    def _write(self, action: Callable[[], AttendanceGrid], done: str) -> bool:
        """Run one service call; a refusal is shown on the status line (the grid stays as it was)."""
        grid = attempt_on_status(self, self.status, action)
        if grid is None:
            return False
        self._show(grid)
        self.status.done(done)
        self.changed.emit()
        return True

    def _refuse_locked(self) -> bool:
        if self.grid is not None and self.grid.locked:
            self.status.refuse(LOCKED_TEXT)
            return True
        return False

    def mark_selection(self, status: AttendanceStatus | str | None) -> None:
        """Set (None: clear) the selected buổi cells, or the current one; one cell moves down a row."""
        if self._refuse_locked():
            return
        status = AttendanceStatus(status) if status is not None else None
        selected = self.table.selectionModel().selectedIndexes()
        current = self.table.currentIndex()
        indexes = selected if len(selected) > 1 else [current]
        cells = [i for i in indexes if i.isValid() and i.data(CELL_ROLE) is not None]
        editable = [i for i in cells if i.data(EDITABLE_ROLE)]
        single = len(indexes) == 1
        if not editable:
            if cells:  # only "—" cells: say why, and go on to the next learner
                self.status.refuse(cells[0].data(Qt.ItemDataRole.ToolTipRole))
                if single:
                    self._move_down(current)
            return
        changes = {index.data(CELL_ROLE): status for index in editable}
        before = {cell: self._mark(cell) for cell in changes}
        if not self._write(lambda: self._attendance.set_marks(self.class_id, changes), ""):
            return
        what = f"ghi “{status.label.lower()}”" if status else "xóa điểm danh"
        if len(editable) == 1 and self.grid is not None:
            index = editable[0]
            session = self.grid.sessions[index.column()]
            where = f"{self.model.line(index.row()).full_name} – {session.long_text}"
        else:
            where = f"{format_int(len(changes))} ô"
        self.history.record(f"{what} cho {where}", before, changes)
        if len(editable) == 1:  # the tooltip now tells the new state: "Tên – Sáng 10/06/2024 – …: Có mặt"
            self.status.done(f"Đã lưu: {editable[0].data(Qt.ItemDataRole.ToolTipRole)}.")
        else:
            what = f"“{status.label.lower()}”" if status else "xóa điểm danh"
            self.status.done(f"Đã ghi {what} cho {format_int(len(editable))} ô.")
        if single:
            self._move_down(current)

    def mark_current_session_present(self) -> None:
        """Everybody expected at the current buổi and not marked yet: có mặt."""
        if self._refuse_locked() or self.grid is None:
            return
        current = self.table.currentIndex()
        if not current.isValid() or current.column() >= self.model.session_count:
            self.status.refuse("Hãy chọn một ô trong cột của buổi học cần ghi “cả buổi có mặt”.")
            return
        session = self.grid.sessions[current.column()]
        unmarked = [row.enrolment_id for row in self.grid.rows if row.marks[current.column()] is None]
        before = len(unmarked)
        saved = self._write(
            lambda: self._attendance.mark_session_present(self.class_id, session.id),
            f"Đã ghi có mặt cho {format_int(before)} học viên buổi {session.long_text}; "
            "các ô đã ghi trước giữ nguyên. Bây giờ đi xuống các học viên vắng hoặc muộn để sửa.",
        )
        if saved:  # back to the first learner of the buổi: the exceptions are marked top-down
            cells = [(enrolment_id, session.id) for enrolment_id in unmarked]
            self.history.record(
                f"cả buổi {session.long_text} có mặt",
                dict.fromkeys(cells),
                dict.fromkeys(cells, AttendanceStatus.PRESENT),
            )
            top = current.siblingAtRow(0)
            self.table.setCurrentIndex(top)
            self.table.selectionModel().select(top, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # -- undo and redo -------------------------------------------------------------------------------
    def _mark(self, cell: tuple[int, int]) -> AttendanceStatus | None:
        """The cell's mark in the grid shown (None: not marked)."""
        mark = self.grid.mark(*cell) if self.grid is not None else None
        return mark if isinstance(mark, AttendanceStatus) else None

    def _write_cells(self, values: Mapping[Hashable, Any]) -> bool:
        """The history's write: the same service call as a key press (checked, audited)."""
        changes = dict(values)
        return self._write(lambda: self._attendance.set_marks(self.class_id, changes), "")  # type: ignore[arg-type]

    def _locked_text(self) -> str:
        return LOCKED_TEXT if self.grid is not None and self.grid.locked else ""

    def _show_cell(self, cell: Hashable) -> None:
        """Put the cursor on a cell an undo or redo changed, so the clerk sees it."""
        target = self.model.index_of(*cell)  # type: ignore[misc]
        if target.isValid():
            self.table.setCurrentIndex(target)
            self.table.scrollTo(target)

    def _move_down(self, current: QModelIndex) -> None:
        below = current.siblingAtRow(current.row() + 1)
        if below.isValid():
            self.table.setCurrentIndex(below)
            self.table.selectionModel().select(below, QItemSelectionModel.SelectionFlag.ClearAndSelect)
