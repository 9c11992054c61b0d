"""Helpers for driving the class-work pages and their dialogs in tests."""

from __future__ import annotations


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
