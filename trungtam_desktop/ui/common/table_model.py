"""Table models over lists of domain objects (DESIGN rule 5).

``ObjectTableModel`` shows a list of frozen dataclasses through column definitions; ``OBJECT_ROLE`` gives
back the row's object so views never read data by row number. ``PagedTableModel`` loads pages lazily
from a service query (``canFetchMore``/``fetchMore``) for lists of tens of thousands of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from trungtam_desktop.domain.models import Page

T = TypeVar("T")
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its Vietnamese title, how to display a value, and how to sort it."""

    title: str
    display: Callable[[T], str]
    sort_key: Callable[[T], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    tooltip: Callable[[T], str] | None = None
    width: int = 120


class ObjectTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
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

    def replace_item(self, predicate: Callable[[T], bool], new: T) -> bool:
        """Replace the first item matching ``predicate`` with ``new``; True when found."""
        for row, item in enumerate(self._items):
            if predicate(item):
                self._items[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
                return True
        return False

    def columns(self) -> list[Column[T]]:
        return list(self._columns)

    # -- Qt model API --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(item)
        if role == OBJECT_ROLE:
            return item
        if role == SORT_ROLE:
            return column.sort_key(item) if column.sort_key else column.display(item)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(item)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


class PagedTableModel(ObjectTableModel[T]):
    """Loads rows a page at a time from ``fetch(offset, limit) -> Page`` as the view scrolls."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        fetch: Callable[[int, int], Page[T]],
        page_size: int = 200,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._fetch = fetch
        self._page_size = page_size
        self._total = 0

    @property
    def total(self) -> int:
        return self._total

    def reload(self, fetch: Callable[[int, int], Page[T]] | None = None) -> None:
        """Start again from the first page (with a new query when ``fetch`` is given)."""
        if fetch is not None:
            self._fetch = fetch
        page = self._fetch(0, self._page_size)
        self._total = page.total
        self.set_items(page.items)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._items) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = self._fetch(len(self._items), self._page_size)
        if not page.items:
            self._total = len(self._items)
            return
        first = len(self._items)
        self.beginInsertRows(QModelIndex(), first, first + len(page.items) - 1)
        self._items.extend(page.items)
        self._total = page.total
        self.endInsertRows()


class SortProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key (SORT_ROLE), so names sort the Vietnamese way and dates by date."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
