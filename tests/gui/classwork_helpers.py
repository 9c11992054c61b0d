"""Helpers for driving the class-work pages and their dialogs in tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type Vietnamese text (QTest.keyClicks only knows Latin-1 keys) as the clerk's IME would insert it."""
    widget.setFocus()
    widget.insert(text)


def show_modal(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """What exec() does before its event loop: show the dialog and make it the active window."""
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)


def focus_table(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Give the keyboard back to the page's table (as closing a modal dialog does), for its shortcuts."""
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=2000)
    page.table.setFocus()


def shown_page(qtbot, page):  # type: ignore[no-untyped-def]
    """A class page shown on its own, its table holding the keyboard (as the clerk finds it)."""
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    return page


def type_score(qtbot, page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the results grid's current cell as the clerk does (the first key opens the editor), Enter."""
    qtbot.keyClicks(page.table, text[0])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != page.table.State.EditingState)
