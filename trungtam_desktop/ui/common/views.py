"""Table views with the behaviour every list in the program shares."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from trungtam_desktop.ui.common.table_model import OBJECT_ROLE, ObjectTableModel

MAX_TEXT_COLUMN = 320  # a text column sized to its content stops here; the cell elides, the tip shows all
MIN_TEXT_COLUMN = 60


def _is_figure_column(model: QAbstractItemModel, column: int) -> bool:
    """A column of numbers or amounts: its cells are right-aligned."""
    for row in range(min(model.rowCount(), 5)):
        alignment = model.index(row, column).data(Qt.ItemDataRole.TextAlignmentRole)
        if alignment is not None:
            return bool(int(alignment) & int(Qt.AlignmentFlag.AlignRight))
    return False


def fit_columns(view: QTableView, *, max_width: int = MAX_TEXT_COLUMN, room: int | None = None) -> None:
    """Size the columns to their content, text columns at most ``max_width``; when they overflow the
    view (``room``: its width), the widest text columns shrink (never below their header's width) so that
    the columns of figures (right-aligned: counts, amounts) stay in view."""
    model = view.model()
    header = view.horizontalHeader()
    if model is None or model.columnCount() == 0:
        return
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    figures = {c for c in columns if _is_figure_column(model, c)}
    widths: dict[int, int] = {}
    for column in columns:
        content = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
        widths[column] = content if column in figures else min(content, max_width)
    room = room if room is not None else view.viewport().width()
    text = [c for c in columns if c not in figures]
    floors = {c: min(widths[c], max(MIN_TEXT_COLUMN, header.sectionSizeHint(c))) for c in text}
    fixed = sum(widths[c] for c in figures)

    def total(level: int) -> int:  # the text columns cut down to ``level`` (never below their floor)
        return fixed + sum(max(min(widths[c], level), floors[c]) for c in text)

    if text and total(max_width) > room:
        low, high = 0, max_width  # the highest level at which everything fits
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if total(middle) <= room else (low, middle - 1)
        for c in text:
            widths[c] = max(min(widths[c], low), floors[c])
    for column, width in widths.items():
        view.setColumnWidth(column, width)


class FullTextTips(QStyledItemDelegate):
    """Shows a cell's whole text as its tooltip when the cell is too narrow for it (elided "…")."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex,
    ) -> bool:
        own_tip = index.isValid() and index.data(Qt.ItemDataRole.ToolTipRole) is not None
        if event.type() == QEvent.Type.ToolTip and index.isValid() and not own_tip:
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str) and text and self.is_elided(option, index):
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)

    def is_elided(self, option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        """True when the cell's text is wider than the cell (drawn cut with "…")."""
        return self.sizeHint(option, index).width() > option.rect.width()


class ObjectTableView(QTableView):
    """Row selection, alternating colours, remembered column widths (QSettings under ``settings_key``)."""

    def __init__(self, settings_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings_key = settings_key
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.setTabKeyNavigation(False)
        self.setItemDelegate(FullTextTips(self))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fitted = False  # sized to content once, when first shown with rows (unless restored)

    def fit_columns(self) -> None:
        """Columns sized to their content within the view, figures kept in view (see ``fit_columns``)."""
        fit_columns(self)
        self._fitted = True

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._fit_soon)
            model.rowsInserted.connect(self._fit_soon)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self._fit_soon()

    def _fit_soon(self) -> None:
        """Once the view is shown with rows in it (and the layout has settled): size the columns."""
        if not self._fitted and self.isVisible() and self.model() is not None and self.model().rowCount():
            QTimer.singleShot(0, self, self._fit_once)

    def _fit_once(self) -> None:
        if not self._fitted and self.isVisible() and self.model().rowCount():
            self.fit_columns()

    def apply_default_widths(self, model: ObjectTableModel[Any]) -> None:
        for column, definition in enumerate(model.columns()):
            self.setColumnWidth(column, definition.width)

    def current_object(self) -> Any:
        index = self.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(OBJECT_ROLE)

    def select_first_row(self) -> None:
        if self.model() is not None and self.model().rowCount() > 0:
            self.selectRow(0)

    def select_where(self, predicate: Any) -> bool:
        """Select the first row whose object satisfies ``predicate``."""
        model = self.model()
        for row in range(model.rowCount()):
            obj = model.index(row, 0).data(OBJECT_ROLE)
            if obj is not None and predicate(obj):
                self.selectRow(row)
                self.scrollTo(model.index(row, 0))
                return True
        return False

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"columns/{self.settings_key}", self.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> bool:
        """The clerk's own column widths; then the view is not sized to its content."""
        state = settings.value(f"columns/{self.settings_key}")
        restored = bool(state) and self.horizontalHeader().restoreState(state)
        self._fitted = self._fitted or restored
        return restored


class SearchBox(QLineEdit):
    """A search field that reports its text after the clerk pauses typing (debounced)."""

    def __init__(self, placeholder: str, on_search: Any, delay_ms: int = 250, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: on_search(self.text()))
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self.flush)
        self._on_search = on_search

    def flush(self) -> None:
        """Search now (Enter, or tests) instead of waiting for the pause."""
        self._timer.stop()
        self._on_search(self.text())

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.flush()
            return
        super().keyPressEvent(event)


class LoadsWhenShown:
    """For a tab whose list may wait until the clerk first opens it (the main window's start reads only
    the tab it shows). The tab calls ``wait_for_show()`` instead of its first ``refresh()``, and its
    ``refresh()`` calls ``mark_loaded()``; a refresh asked for before then reads at once as usual."""

    _waiting_for_show = False

    def wait_for_show(self) -> None:
        self._waiting_for_show = True

    def mark_loaded(self) -> None:
        self._waiting_for_show = False

    def showEvent(self, event: Any) -> None:
        if self._waiting_for_show:
            self.refresh()  # type: ignore[attr-defined]
        super().showEvent(event)  # type: ignore[misc]
