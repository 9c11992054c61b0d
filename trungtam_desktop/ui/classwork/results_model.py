"""The results sheet as a table model, the score editor (accepts "8,5"), and a view that moves down after
Enter so a column of scores is typed like in Excel.

The model never calls a service: an edited score goes to the ``submit(cell, text) -> bool`` callback the
page gives it, which saves it and shows the new sheet (or the refusal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from trungtam_desktop.domain.class_results import ResultLine, ResultsSheet
from trungtam_desktop.domain.vietnamese import format_decimal
from trungtam_desktop.ui.common.table_model import OBJECT_ROLE

Index = QModelIndex | QPersistentModelIndex
Submit = Callable[[tuple[int, int], str], bool]
CELL_ROLE = Qt.ItemDataRole.UserRole + 10

BEFORE = ("STT", "Họ và tên")
AFTER = ("Điểm TB", "Xếp loại", "Kết quả", "Số buổi\nvắng", "Đủ điều kiện cấp GCN")
_FAIL = QBrush(QColor("#b00020"))
_OK = QBrush(QColor("#2e7d32"))
_GREY = QBrush(QColor("#808080"))
_EDITABLE_BACKGROUND = QBrush(QColor("#fffbe6"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def score_text(value: float | None) -> str:
    """ "8,5"; "" when there is no score."""
    return format_decimal(value, 1)


class ResultsModel(QAbstractTableModel):
    def __init__(self, submit: Submit, parent: Any = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self._sheet: ResultsSheet | None = None

    # -- content -------------------------------------------------------------------------------------
    @property
    def sheet(self) -> ResultsSheet | None:
        return self._sheet

    def set_sheet(self, sheet: ResultsSheet) -> None:
        old = self._sheet
        same = (  # a lock or unlock resets the view so that editable cells and open editors follow
            old is not None
            and old.locked == sheet.locked
            and old.components == sheet.components
            and [r.enrolment_id for r in old.rows] == [r.enrolment_id for r in sheet.rows]
        )
        if same and self.rowCount() > 0:
            self._sheet = sheet
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self._sheet = sheet
        self.endResetModel()

    @property
    def component_count(self) -> int:
        return len(self._sheet.components) if self._sheet else 0

    def column_of(self, title: str) -> int:
        """The column whose header is ``title`` (for the page and the tests)."""
        titles = [self.headerData(c, Qt.Orientation.Horizontal) for c in range(self.columnCount())]
        return titles.index(title)

    def component_column(self, component_id: int) -> int:
        assert self._sheet is not None
        ids = [c.id for c in self._sheet.components]
        return len(BEFORE) + ids.index(component_id)

    def row_of(self, enrolment_id: int) -> int:
        assert self._sheet is not None
        row = self._sheet.row_index(enrolment_id)
        if row is None:
            raise KeyError(enrolment_id)
        return row

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._sheet is None else len(self._sheet.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._sheet is None:
            return 0
        return len(BEFORE) + self.component_count + len(AFTER)

    def _component_index(self, column: int) -> int | None:
        position = column - len(BEFORE)
        return position if 0 <= position < self.component_count else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or self._sheet is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._sheet.locked and self._component_index(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._sheet is None or not index.isValid():
            return None
        line = self._sheet.rows[index.row()]
        if role == OBJECT_ROLE:
            return line
        position = self._component_index(index.column())
        if position is not None:
            return self._score_data(line, position, role)
        if index.column() < len(BEFORE):
            return self._learner_data(line, index.row(), index.column(), role)
        return self._result_data(line, index.column() - len(BEFORE) - self.component_count, role)

    def _learner_data(self, line: ResultLine, row: int, column: int, role: int) -> Any:
        withdrawn = line.learner.withdrawn
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(row + 1)
            return line.full_name + (" (thôi học)" if withdrawn else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and withdrawn:
            return _GREY
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            parts = [line.full_name, line.learner.birth_text, line.learner.unit]
            return "\n".join(part for part in parts if part)
        return None

    def _score_data(self, line: ResultLine, position: int, role: int) -> Any:
        component = self._sheet.components[position]  # type: ignore[union-attr]
        value = line.score(component.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return score_text(value)
        if role == CELL_ROLE:
            return (line.enrolment_id, component.id)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRE
        if role == Qt.ItemDataRole.ForegroundRole and value is not None and value < component.min_score:
            return _FAIL
        if role == Qt.ItemDataRole.BackgroundRole and not self._sheet.locked:  # type: ignore[union-attr]
            return _EDITABLE_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            minimum = format_decimal(component.min_score, 1)
            return f"{component.name} ({component.weight_percent}%, tối thiểu {minimum}) – {line.full_name}"
        return None

    def _result_data(self, line: ResultLine, which: int, role: int) -> Any:
        result, tally, eligibility = line.outcome, line.tally, line.eligibility
        if role == Qt.ItemDataRole.DisplayRole:
            if which == 0:
                return score_text(result.final)
            if which == 1:
                return result.grade.label if result.grade else ""
            if which == 2:
                return "" if result.passed is None else ("Đạt" if result.passed else "Không đạt")
            if which == 3:
                return str(tally.absences)
            return "Đủ" if eligibility.eligible else "Không: " + "; ".join(eligibility.reasons)
        if role == Qt.ItemDataRole.TextAlignmentRole and which in (0, 3):
            return _CENTRE
        if role == Qt.ItemDataRole.ForegroundRole:
            if which == 2 and result.passed is not None:
                return _OK if result.passed else _FAIL
            if which == 4:
                return _OK if eligibility.eligible else _FAIL
        if role == Qt.ItemDataRole.FontRole and which == 0 and result.final is not None:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if which == 3:
                return (
                    f"Vắng {tally.absences}/{tally.sessions} buổi: có phép {tally.excused}, "
                    f"không phép {tally.unexcused}; đi muộn {tally.late}"
                )
            if which == 4:
                return (
                    "Đủ điều kiện cấp giấy chứng nhận"
                    if eligibility.eligible
                    else "\n".join(eligibility.reasons)
                )
            if which == 2 and result.failed_components:
                return "Dưới điểm tối thiểu: " + ", ".join(result.failed_components)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = "" if value is None else str(value).strip()
        if text == (index.data(Qt.ItemDataRole.EditRole) or ""):
            return True  # nothing changed: no write, no audit line
        return self._submit(index.data(CELL_ROLE), text)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._sheet is None or orientation != Qt.Orientation.Horizontal:
            return None
        position = self._component_index(section)
        if position is not None:
            component = self._sheet.components[position]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{component.name}\n({component.weight_percent}%)"
            if role == Qt.ItemDataRole.ToolTipRole:
                minimum = format_decimal(component.min_score, 1)
                return f"{component.name}: trọng số {component.weight_percent}%, điểm tối thiểu {minimum}"
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(BEFORE):
            return BEFORE[section]
        return AFTER[section - len(BEFORE) - self.component_count]


class ScoreDelegate(QStyledItemDelegate):
    """A small line editor: the clerk types "8,5" or "8.5"; the service checks the value."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setMaxLength(8)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QLineEdit) and not editor.text():
            editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ResultsTable(QTableView):
    """Typing a digit starts editing; Enter saves and moves to the next learner, unless it was refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_edit_ok = True
        self.setItemDelegate(ScoreDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setStretchLastSection(True)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        move = hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache and self.last_edit_ok
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self.last_edit_ok = True
        current = self.currentIndex()
        below = current.siblingAtRow(current.row() + 1) if current.isValid() else QModelIndex()
        if move and below.isValid():
            self.setCurrentIndex(below)

    def apply_widths(self, component_count: int) -> None:
        widths = [40, 210] + [90] * component_count + [65, 90, 80, 65]
        metrics = self.horizontalHeader().fontMetrics()
        model = self.model()
        for column, width in enumerate(widths):
            # A component's name must show whole in its header ("Bài thu hoạch (100%)" on two lines).
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model else ""
            needed = max((metrics.horizontalAdvance(line) for line in title.splitlines()), default=0) + 16
            self.setColumnWidth(column, max(width, needed) if 2 <= column < 2 + component_count else width)
