"""Table views with the behaviour every list in the program shares."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QWidget

from trungtam_desktop.ui.common.table_model import OBJECT_ROLE, ObjectTableModel


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
        state = settings.value(f"columns/{self.settings_key}")
        return bool(state) and self.horizontalHeader().restoreState(state)


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
