"""The one background-task helper (DESIGN rule 7).

A task is a plain function ``task(progress, is_cancelled) -> result``; ``progress(done, total, text)``
reports and ``is_cancelled()`` polls. It runs on Qt's thread pool; its result or error comes back on the
GUI thread through signals. Tasks are testable without Qt by passing plain callables.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[int, int, str], None]
Task = Callable[[Progress, Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, task: Task, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self._task, self._signals, self._cancel = task, signals, cancel

    def run(self) -> None:
        try:
            result = self._task(lambda d, t, s="": self._signals.progress.emit(d, t, s), self._cancel.is_set)
        except BaseException as exc:
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class BackgroundTask(QObject):
    """Runs ``task`` in the thread pool. Shows a progress dialog with a cancel button when the work takes
    longer than ``show_after_ms``. ``on_done(result)`` / ``on_error(exc)`` run on the GUI thread."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        task: Task,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        cancellable: bool = True,
        show_after_ms: int = 400,
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._on_done, self._on_error = on_done, on_error
        self.dialog = QProgressDialog(title, "Hủy" if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(show_after_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._cancel.set)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._finish)
        self._signals.failed.connect(self._fail)
        self._runnable = _Runnable(task, self._signals, self._cancel)
        self._runnable.setAutoDelete(False)
        self.done = False

    def start(self) -> BackgroundTask:
        QThreadPool.globalInstance().start(self._runnable)
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once the clerk pressed "Hủy" (or ``cancel()`` was called), even if the task went on."""
        return self._cancel.is_set()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    def _close(self) -> None:
        self.done = True
        self.dialog.reset()
        self.dialog.hide()
        QTimer.singleShot(0, self.dialog.deleteLater)

    def _finish(self, result: Any) -> None:
        self._close()
        self._on_done(result)

    def _fail(self, exc: BaseException) -> None:
        self._close()
        self._on_error(exc)


def run_in_background(
    parent: QWidget | None,
    title: str,
    task: Task,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    *,
    cancellable: bool = True,
) -> BackgroundTask:
    """Start ``task`` and return the handle (keep it referenced until it finishes)."""
    return BackgroundTask(parent, title, task, on_done, on_error, cancellable=cancellable).start()
