"""The attendance grid as a table model, and the table view that turns one key into one mark.

Rows are learners (their number and name in the row header, so they stay in view while the clerk scrolls
through the buổi), columns are buổi then the totals. ``CELL_ROLE`` gives a buổi cell's
``(enrolment id, buổi id)``; ``OBJECT_ROLE`` the row's ``AttendanceLine``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from trungtam_desktop.domain.class_results import NOT_EXPECTED, AttendanceGrid, AttendanceLine, Mark
from trungtam_desktop.domain.enums import AttendanceStatus
from trungtam_desktop.domain.vietnamese import format_date
from trungtam_desktop.ui.common.table_model import OBJECT_ROLE

CELL_ROLE = Qt.ItemDataRole.UserRole + 10
EDITABLE_ROLE = Qt.ItemDataRole.UserRole + 11

# One key per status; the letter shown in the cell is the key that sets it.
KEYS: dict[int, AttendanceStatus] = {
    Qt.Key.Key_C: AttendanceStatus.PRESENT,
    Qt.Key.Key_P: AttendanceStatus.EXCUSED,
    Qt.Key.Key_K: AttendanceStatus.UNEXCUSED,
    Qt.Key.Key_M: AttendanceStatus.LATE,
}
LETTERS = {status: letter for letter, status in zip("CPKM", KEYS.values(), strict=True)}
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
NOT_EXPECTED_TEXT = "—"

_COLOURS = {
    AttendanceStatus.PRESENT: QColor("#2e7d32"),
    AttendanceStatus.EXCUSED: QColor("#1565c0"),
    AttendanceStatus.UNEXCUSED: QColor("#c62828"),
    AttendanceStatus.LATE: QColor("#b35900"),
}
_GREY = QBrush(QColor("#9e9e9e"))
_NOT_EXPECTED_BACKGROUND = QBrush(QColor("#eeeeee"))
_OVER_LIMIT_BACKGROUND = QBrush(QColor("#fde4e1"))
_OVER_LIMIT_TEXT = QBrush(QColor("#b00020"))

TOTALS = ("Vắng\nCP", "Vắng\nKP", "Đi\nmuộn", "Tổng\nvắng", "Quá số buổi vắng")
_TOTAL_TIPS = (
    "Số buổi vắng có phép",
    "Số buổi vắng không phép",
    "Số buổi đi muộn",
    "Tổng số buổi vắng (có phép và không phép)",
    "Học viên vắng quá số buổi cho phép của chương trình",
)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class AttendanceModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid: AttendanceGrid | None = None

    # -- content -------------------------------------------------------------------------------------
    @property
    def grid(self) -> AttendanceGrid | None:
        return self._grid

    def set_grid(self, grid: AttendanceGrid) -> None:
        """Show a new grid; when only marks changed the view keeps its current cell and selection."""
        if self._grid is not None and self._grid.same_shape(grid) and self.rowCount() > 0:
            self._grid = grid
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)
            return
        self.beginResetModel()
        self._grid = grid
        self.endResetModel()

    @property
    def session_count(self) -> int:
        return len(self._grid.sessions) if self._grid else 0

    def line(self, row: int) -> AttendanceLine:
        assert self._grid is not None
        return self._grid.rows[row]

    def index_of(self, enrolment_id: int, session_id: int) -> QModelIndex:
        if self._grid is None:
            return QModelIndex()
        row, column = self._grid.row_index(enrolment_id), self._grid.column_index(session_id)
        return QModelIndex() if row is None or column is None else self.index(row, column)

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._grid is None else len(self._grid.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._grid is None else self.session_count + len(TOTALS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._grid is None or not index.isValid():
            return None
        line = self._grid.rows[index.row()]
        if role == OBJECT_ROLE:
            return line
        column = index.column()
        if column < self.session_count:
            return self._mark_data(line, column, role)
        return self._total_data(line, column - self.session_count, role)

    def _mark_data(self, line: AttendanceLine, column: int, role: int) -> Any:
        mark: Mark = line.marks[column]
        session = self._grid.sessions[column]  # type: ignore[union-attr]
        if role == Qt.ItemDataRole.DisplayRole:
            if mark is NOT_EXPECTED:
                return NOT_EXPECTED_TEXT
            return "" if mark is None else LETTERS[mark]  # type: ignore[index]
        if role == CELL_ROLE:
            return (line.enrolment_id, session.id)
        if role == EDITABLE_ROLE:
            return mark is not NOT_EXPECTED and not self._grid.locked  # type: ignore[union-attr]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if mark is NOT_EXPECTED:
                return _GREY
            return QBrush(_COLOURS[mark]) if mark is not None else None  # type: ignore[index]
        if role == Qt.ItemDataRole.FontRole and mark is AttendanceStatus.UNEXCUSED:
            return _bold()
        if role == Qt.ItemDataRole.BackgroundRole:
            if mark is NOT_EXPECTED:
                return _NOT_EXPECTED_BACKGROUND
            return _OVER_LIMIT_BACKGROUND if line.over_limit else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if mark is NOT_EXPECTED:
                return line.learner.not_expected_reason(session.date)
            state = "chưa điểm danh" if mark is None else mark.label  # type: ignore[union-attr]
            return f"{line.full_name} – {session.long_text}: {state}"
        return None

    def _total_data(self, line: AttendanceLine, which: int, role: int) -> Any:
        t = line.tally
        if role == Qt.ItemDataRole.DisplayRole:
            if which == len(TOTALS) - 1:
                return f"Vắng {t.absences}/{t.sessions}, tối đa {line.allowed}" if line.over_limit else ""
            return str((t.excused, t.unexcused, t.late, t.absences)[which])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft if which == len(TOTALS) - 1 else Qt.AlignmentFlag.AlignRight
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and line.over_limit:
            return _OVER_LIMIT_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and line.over_limit and which >= 3:
            return _OVER_LIMIT_TEXT
        if role == Qt.ItemDataRole.FontRole and line.over_limit and which >= 3:
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if line.over_limit:
                return line.limit_reason
            return (
                f"Vắng {t.absences}/{t.sessions} buổi (được vắng tối đa {line.allowed} buổi); "
                f"chưa điểm danh {t.unmarked} buổi"
            )
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._grid is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section < self.session_count:
                session = self._grid.sessions[section]
                if role == Qt.ItemDataRole.DisplayRole:
                    return session.header
                if role == Qt.ItemDataRole.ToolTipRole:
                    return session.long_text
                return None
            which = section - self.session_count
            if role == Qt.ItemDataRole.DisplayRole:
                return TOTALS[which]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _TOTAL_TIPS[which]
            return None
        if not 0 <= section < len(self._grid.rows):
            return None
        line = self._grid.rows[section]
        if role == Qt.ItemDataRole.DisplayRole:
            suffix = " (thôi học)" if line.learner.withdrawn else ""
            return f"{section + 1}. {line.full_name}{suffix}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.over_limit:
                return _OVER_LIMIT_TEXT
            return _GREY if line.learner.withdrawn else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._learner_tip(line)
        return None

    @staticmethod
    def _learner_tip(line: AttendanceLine) -> str:
        x = line.learner
        parts = [x.full_name]
        if x.birth_text:
            parts.append(f"Sinh: {x.birth_text}")
        if x.unit:
            parts.append(f"Đơn vị: {x.unit}")
        parts.append(f"Vào lớp: {format_date(x.enrolled_on)}")
        if x.withdrawn and x.withdrawn_on:
            parts.append(f"Thôi học từ: {format_date(x.withdrawn_on)}")
        if line.over_limit:
            parts.append(line.limit_reason)
        return "\n".join(parts)


class AttendanceTable(QTableView):
    """Arrow keys move; C, P, K, M ask for a mark and Delete/Backspace for clearing (``mark_requested``)."""

    mark_requested = Signal(object)  # an AttendanceStatus, or None to clear

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setHighlightSections(True)
        self.horizontalHeader().setStretchLastSection(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier & ~Qt.KeyboardModifier.ShiftModifier
        )
        if modifiers == Qt.KeyboardModifier.NoModifier:
            key = event.key()
            if key in KEYS:
                self.mark_requested.emit(KEYS[key])  # type: ignore[index]
                event.accept()
                return
            if key in CLEAR_KEYS:
                self.mark_requested.emit(None)
                event.accept()
                return
        super().keyPressEvent(event)

    def apply_widths(self, session_count: int) -> None:
        for column in range(session_count):
            self.setColumnWidth(column, 50)
        for offset, width in enumerate((50, 50, 50, 54)):
            self.setColumnWidth(session_count + offset, width)
