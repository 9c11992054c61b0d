"""Undo and redo (Ctrl+Z, Ctrl+Y) of the marks and scores typed in a class window's grids.

Each page keeps its own history for the life of the window. An edit remembers the cells it changed with
their values before and after; undoing writes the "before" values back through the same service call as
any edit (so it is checked, refused on a locked class, and audited like one), redoing writes the "after"
values. A refused undo leaves the history where it was.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from trungtam_desktop.ui.classwork.page_support import StatusLine, page_shortcut

MAX_EDITS = 500


@dataclass(frozen=True)
class Edit:
    """One action of the clerk: ``before`` and ``after`` values of the cells it changed."""

    what: str  # "điểm danh 3 ô", "điểm Bài thu hoạch của Lê Thị An": said when undone or redone
    before: Mapping[Hashable, Any]
    after: Mapping[Hashable, Any]


class UndoHistory(QObject):
    """A page's edits; ``write(values)`` is the page's service call, returning True when it was done."""

    changed = Signal()

    def __init__(self, write: Callable[[Mapping[Hashable, Any]], bool], parent: QObject | None = None):
        super().__init__(parent)
        self._write = write
        self._edits: list[Edit] = []
        self._done = 0  # edits[:done] are applied; edits[done:] were undone and can be redone

    def record(self, what: str, before: Mapping[Hashable, Any], after: Mapping[Hashable, Any]) -> None:
        """Remember an edit that was just written (cells whose value did not change are left out)."""
        changed = [cell for cell in after if before.get(cell) != after[cell]]
        if not changed:
            return
        del self._edits[self._done :]  # a new edit after some undos: the undone ones cannot come back
        self._edits.append(Edit(what, {c: before.get(c) for c in changed}, {c: after[c] for c in changed}))
        del self._edits[: max(0, len(self._edits) - MAX_EDITS)]
        self._done = len(self._edits)
        self.changed.emit()

    @property
    def can_undo(self) -> bool:
        return self._done > 0

    @property
    def can_redo(self) -> bool:
        return self._done < len(self._edits)

    def next_undo(self) -> Edit | None:
        return self._edits[self._done - 1] if self.can_undo else None

    def next_redo(self) -> Edit | None:
        return self._edits[self._done] if self.can_redo else None

    def undo(self) -> Edit | None:
        """Write back the last edit's "before" values; the edit, or None (nothing to undo, or refused)."""
        edit = self.next_undo()
        if edit is None or not self._write(edit.before):
            return None
        self._done -= 1
        self.changed.emit()
        return edit

    def redo(self) -> Edit | None:
        edit = self.next_redo()
        if edit is None or not self._write(edit.after):
            return None
        self._done += 1
        self.changed.emit()
        return edit


def undo_buttons(history: UndoHistory, parent: QWidget) -> tuple[QPushButton, QPushButton]:
    """ "Hoàn tác" and "Làm lại" buttons that follow ``history`` (what they would undo in their tooltip)."""
    undo = QPushButton("Hoàn tác", parent)
    redo = QPushButton("Làm lại", parent)
    for button in (undo, redo):
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the grid

    def update() -> None:
        next_undo, next_redo = history.next_undo(), history.next_redo()
        undo.setEnabled(next_undo is not None)
        redo.setEnabled(next_redo is not None)
        undo.setToolTip(f"Hoàn tác: {next_undo.what} (Ctrl+Z)" if next_undo else "Chưa có gì để hoàn tác")
        redo.setToolTip(f"Làm lại: {next_redo.what} (Ctrl+Y)" if next_redo else "Chưa có gì để làm lại")

    history.changed.connect(update)
    update()
    return undo, redo


class UndoableGrid:
    """What the attendance and results pages share: ``history``, Ctrl+Z / Ctrl+Y (and Ctrl+Shift+Z) and
    the two buttons. The page gives ``status``, ``_locked_text()`` and ``_show_cell(cell)``."""

    history: UndoHistory
    status: StatusLine
    undo_button: QPushButton
    redo_button: QPushButton

    def _build_undo(self, write: Callable[[Mapping[Hashable, Any]], bool]) -> None:
        assert isinstance(self, QWidget)
        self.history = UndoHistory(write, self)
        self.undo_button, self.redo_button = undo_buttons(self.history, self)

    def _connect_undo(self) -> None:
        assert isinstance(self, QWidget)
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        page_shortcut(self, QKeySequence.StandardKey.Undo, self.undo)
        for keys in ("Ctrl+Y", "Ctrl+Shift+Z"):
            page_shortcut(self, keys, self.redo)

    def _locked_text(self) -> str:
        raise NotImplementedError

    def _show_cell(self, cell: Hashable) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        self._step(redo=False)

    def redo(self) -> None:
        self._step(redo=True)

    def _step(self, *, redo: bool) -> None:
        """Undo (redo) one edit, put the cursor on it and say what was done; a locked class, an empty
        history or a refused write is said on the status line instead."""
        locked = self._locked_text()
        if locked:
            self.status.refuse(locked)
            return
        if not (self.history.can_redo if redo else self.history.can_undo):
            self.status.refuse("Chưa có gì để làm lại." if redo else "Chưa có gì để hoàn tác.")
            return
        edit = self.history.redo() if redo else self.history.undo()
        if edit is not None:  # None: refused, and the page's write has said why on the status line
            self._show_cell(next(iter(edit.after)))
            self.status.done(f"{'Đã làm lại' if redo else 'Đã hoàn tác'}: {edit.what}.")
