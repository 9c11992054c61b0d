"""The Qt application object: Vietnamese locale and texts, fonts, and the last-resort error handler."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from trungtam_desktop import APP_DISPLAY_NAME, APP_NAME
from trungtam_desktop.paths import resource
from trungtam_desktop.ui.common.messages import show_error
from trungtam_desktop.ui.common.qt_vietnamese import install_vietnamese
from trungtam_desktop.ui.common.screen import ScreenFit
from trungtam_desktop.ui.common.workers import Task, run_in_background
from trungtam_desktop.ui.help import HelpKey

log = logging.getLogger(__name__)


class GuiApplication:
    """Owns the QApplication. ``run_blocking`` runs a task in the background while showing progress."""

    def __init__(self, argv: list[str] | None = None) -> None:
        existing = QApplication.instance()
        self.app: QApplication = (
            existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
        )
        self.app.setApplicationName(APP_NAME)
        self.app.setOrganizationName(APP_NAME)
        self.app.setApplicationDisplayName(APP_DISPLAY_NAME)
        # Every window's title-bar and taskbar icon (the .exe's own icon is set by packaging/).
        self.app.setWindowIcon(QIcon(str(resource("icons", "trungtam.png"))))
        self._translator = install_vietnamese(self.app)
        # Every window and dialog kept within the screen (1366×768 PCs); F1 opens the user guide at the
        # section of the window in use. Installed once per application (tests make many wrappers).
        for application_filter in (ScreenFit, HelpKey):
            if self.app.findChild(application_filter) is None:
                self.app.installEventFilter(application_filter(self.app))
        self._previous_hook = sys.excepthook
        sys.excepthook = self._excepthook

    def settings(self) -> QSettings:
        """Window geometry and column widths only (business settings live in the database)."""
        return QSettings(APP_NAME, APP_NAME)

    def _excepthook(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        """An exception escaped a slot: log it, tell the clerk, keep the program running."""
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, error, tb)
            return
        log.error("Lỗi không được xử lý", exc_info=(kind, error, tb))
        show_error(QApplication.activeWindow(), error)

    def fatal(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_DISPLAY_NAME, message)
        box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def run_blocking(self, title: str, task: Task, *, cancellable: bool = False) -> Any:
        """Run ``task`` in the background with a progress dialog and wait for it; re-raises its error.
        ``cancellable``: the dialog has "Hủy", which the task sees through its ``is_cancelled``."""
        loop = QEventLoop()
        outcome: dict[str, Any] = {}

        def done(result: Any) -> None:
            outcome["result"] = result
            loop.quit()

        def failed(exc: BaseException) -> None:
            outcome["error"] = exc
            loop.quit()

        handle = run_in_background(None, title, task, done, failed, cancellable=cancellable)
        if not handle.done:
            loop.exec()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    def exec(self) -> int:
        return self.app.exec()

    def restore_excepthook(self) -> None:
        sys.excepthook = self._previous_hook


def seed_progress_adapter(progress: Callable[[int, int, str], None]) -> Callable[[str, int, int], None]:
    """Adapt a (stage, done, total) seeding callback to the workers' (done, total, text) progress."""
    return lambda stage, done, total: progress(done, total, f"Đang tạo dữ liệu mẫu: {stage}…")
