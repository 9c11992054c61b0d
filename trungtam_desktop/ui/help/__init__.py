"""The user guide (Hướng dẫn sử dụng): F1 anywhere opens it at the section of the window in use."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from trungtam_desktop.ui.help.topics import TOPICS, topic_for
from trungtam_desktop.ui.help.window import HelpWindow, guide_pdf, show_help

__all__ = ["TOPICS", "HelpKey", "HelpWindow", "guide_pdf", "show_help", "topic_for"]


class HelpKey(QObject):
    """Installed on the application: F1 opens the guide at the section of the focused window or page."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and isinstance(watched, QWidget)
            and not event.isAutoRepeat()
        ):
            origin = QApplication.focusWidget() or watched
            if isinstance(origin.window(), HelpWindow):
                return True  # F1 in the guide itself: already there
            show_help(topic_for(origin))
            return True
        return False
