"""Editable in-memory tables for the settings pages, their cell editors, and field-error labels.

``EditableRowsModel`` edits a list of frozen dataclasses: each ``EditColumn`` says how to show a row, what
value an editor starts from, and how to make the new row from the edited value (``dataclasses.replace``),
so ids carried by the rows (lessons, assessment components) survive every edit and every move.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from trungtam_desktop.ui.common.table_model import OBJECT_ROLE

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


@dataclass(frozen=True)
class EditColumn(Generic[T]):
    """One editable column: title, shown text, the editor's start value, and how to apply an edit."""

    title: str
    display: Callable[[T], str]
    value: Callable[[T], Any]
    update: Callable[[T, Any], T]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    width: int = 100
    tooltip: Callable[[T], str] | None = None


class EditableRowsModel(QAbstractTableModel, Generic[T]):
    """A small list of frozen rows edited in place; ``edited`` fires after every change by the clerk."""

    edited = Signal()

    def __init__(self, columns: Sequence[EditColumn[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._items: list[T] = []

    # -- content -------------------------------------------------------------------------------------
    def set_items(self, items: Sequence[T]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[T]:
        return list(self._items)

    def item(self, row: int) -> T:
        return self._items[row]

    def columns(self) -> list[EditColumn[T]]:
        return list(self._columns)

    def append(self, item: T) -> int:
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> T:
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self._items.pop(row)
        self.endRemoveRows()
        self.edited.emit()
        return item

    def move(self, row: int, delta: int) -> int:
        """Move a row up (-1) or down (+1); returns its new row (unchanged at either end)."""
        target = row + delta
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)) or delta == 0:
            return row
        # beginMoveRows wants the destination as "insert before" in the old numbering.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._items.insert(target, self._items.pop(row))
        self.endMoveRows()
        self.edited.emit()
        return target

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, column = self._items[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(item)
        if role == Qt.ItemDataRole.EditRole:
            return column.value(item)
        if role == OBJECT_ROLE:
            return item
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(item)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = index.row()
        new = self._columns[index.column()].update(self._items[row], value)
        if new != self._items[row]:
            self._items[row] = new
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            self.edited.emit()
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title
        return str(section + 1)


# -- cell editors --------------------------------------------------------------------------------------
class SpinDelegate(QStyledItemDelegate):
    """Whole numbers in a spin box; ``grouped`` shows "1.500.000"."""

    def __init__(
        self, minimum: int, maximum: int, *, step: int = 1, grouped: bool = False, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._range, self._step, self._grouped = (minimum, maximum), step, grouped

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setLocale(VIETNAMESE)
        editor.setRange(*self._range)
        editor.setSingleStep(self._step)
        editor.setGroupSeparatorShown(self._grouped)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class ScoreDelegate(QStyledItemDelegate):
    """A score from 0 to 10 with one decimal, typed with a comma ("5,0")."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return score_spin(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.setValue(float(index.data(Qt.ItemDataRole.EditRole) or 0.0))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QDoubleSpinBox)
        editor.interpretText()
        model.setData(index, round(editor.value(), 1), Qt.ItemDataRole.EditRole)


class ChoiceDelegate(QStyledItemDelegate):
    """A fixed list of (label, value) choices in a combo box."""

    def __init__(self, choices: Sequence[tuple[str, Any]], parent: Any = None) -> None:
        super().__init__(parent)
        self._choices = list(choices)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QComboBox(parent)
        for label, value in self._choices:
            editor.addItem(label, value)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def score_spin(parent: QWidget | None = None) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(parent)
    spin.setLocale(VIETNAMESE)
    spin.setRange(0.0, 10.0)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


def int_spin(minimum: int, maximum: int, suffix: str = "", parent: QWidget | None = None) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setLocale(VIETNAMESE)
    spin.setRange(minimum, maximum)
    spin.setSuffix(suffix)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


class EditableTable(QTableView):
    """A grid edited with the keyboard: F2, typing or a double click opens a cell; Tab leaves the table."""

    def __init__(self, model: EditableRowsModel[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        for column, definition in enumerate(model.columns()):
            self.setColumnWidth(column, definition.width)

    def rows_model(self) -> EditableRowsModel[Any]:
        model = self.model()
        assert isinstance(model, EditableRowsModel)
        return model

    def stretch_column(self, column: int) -> None:
        self.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int, column: int = 0) -> None:
        if 0 <= row < self.model().rowCount():
            index = self.model().index(row, column)
            flags = QItemSelectionModel.SelectionFlag
            self.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
            self.scrollTo(index)

    def edit_cell(self, row: int, column: int) -> None:
        self.select_row(row, column)
        self.setFocus()
        self.edit(self.model().index(row, column))

    def finish_editing(self) -> None:
        """Write back a cell still being edited (the clerk pressed Lưu without leaving the cell)."""
        focused = QApplication.focusWidget()
        if self.state() != QAbstractItemView.State.EditingState or focused is None:
            return
        if self.viewport().isAncestorOf(focused):
            editor = focused
            while editor.parentWidget() is not None and editor.parentWidget() is not self.viewport():
                editor = editor.parentWidget()
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
