"""Windows that fit the clerk's screen: most office PCs show 1366×768, some 1920×1080 at 125 % or 150 %.

- ``place_window``: a top-level window opens maximised on a screen up to 1366×768 (or where the remembered
  size no longer fits), otherwise at its remembered or preferred size, within the screen; it remembers its
  geometry (and whether it was maximised) under a QSettings key.
- ``ScreenFit``: an application-wide event filter that, when any window or dialog is shown, shrinks and
  moves it into the screen's available area (the taskbar excluded, the title bar kept on screen), so a new
  dialog cannot open with its buttons off the screen.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMargins,
    QObject,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SMALL_SCREEN = QSize(1366, 768)
# The frame Windows 10/11 draws around a window at any scaling, in logical pixels: the title bar and the
# resize borders. A window's client area must leave room for it inside the available area.
FRAME = QMargins(8, 31, 8, 8)


def available_area(widget: QWidget | None = None) -> QRect:
    """The available geometry (without the taskbar) of the widget's screen, or of the primary screen."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def client_area(widget: QWidget | None = None) -> QRect:
    """Where a window's client area may lie so that its frame stays within the available area."""
    return available_area(widget).marginsRemoved(FRAME)


def is_small_screen(area: QRect) -> bool:
    """A screen whose available area is at most 1366×768 (taskbar included, so a little less)."""
    return area.width() <= SMALL_SCREEN.width() or area.height() <= SMALL_SCREEN.height()


def fit_into_screen(window: QWidget) -> bool:
    """Shrink and move ``window`` so that it lies within its screen's available area; True when changed.

    A maximised or full-screen window is the window manager's to place and is left alone."""
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return False
    area = client_area(window)
    geometry = window.geometry()
    size = geometry.size().boundedTo(area.size()).expandedTo(window.minimumSize().boundedTo(area.size()))
    x = min(max(geometry.x(), area.left()), area.right() + 1 - size.width())
    y = min(max(geometry.y(), area.top()), area.bottom() + 1 - size.height())
    fitted = QRect(x, y, size.width(), size.height())
    if fitted == geometry:
        return False
    window.setGeometry(fitted)
    return True


def centre_on(window: QWidget, parent: QWidget | None = None) -> None:
    """Centre ``window`` on its parent window (or on the screen), within the available area."""
    area = client_area(window)
    anchor = parent.window().geometry() if parent is not None else area
    geometry = window.geometry()
    geometry.moveCenter(anchor.center())
    window.setGeometry(geometry)
    fit_into_screen(window)


def resize_to_fit(window: QWidget, width: int, height: int) -> None:
    """``resize(width, height)``, but never larger than the screen's client area."""
    area = client_area(window)
    window.resize(QSize(width, height).boundedTo(area.size()))


def place_window(window: QWidget, settings: QSettings | None, key: str, preferred: tuple[int, int]) -> None:
    """Before the first show: the remembered geometry when it still fits the screen, else maximised on a
    small screen, else the preferred size (bounded by the screen), centred."""
    area = client_area(window)
    saved = settings.value(f"{key}/geometry") if settings is not None else None
    if isinstance(saved, QByteArray) and not saved.isEmpty() and window.restoreGeometry(saved):
        maximised = bool(window.windowState() & Qt.WindowState.WindowMaximized)
        if maximised or area.contains(window.geometry()):
            return
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMaximized)
    resize_to_fit(window, *preferred)
    centre_on(window)
    if is_small_screen(available_area(window)):
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def remember_window(window: QWidget, settings: QSettings, key: str) -> None:
    """Store the window's geometry and maximised state (call from ``closeEvent``)."""
    settings.setValue(f"{key}/geometry", window.saveGeometry())


class ScreenFit(QObject):
    """Installed on the application: every window and dialog is kept within the screen when shown.

    Checked when the Show event arrives and once more after it was handled (a message box sizes itself
    in its own showEvent)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and _is_window(watched):
            fit_into_screen(watched)
            # With the window as context: the call is dropped if the window is gone by then.
            QTimer.singleShot(0, watched, lambda w=watched: w.isVisible() and fit_into_screen(w))
        return False


def _is_window(widget: QWidget) -> bool:
    kind = widget.windowType()
    return widget.isWindow() and kind in (Qt.WindowType.Window, Qt.WindowType.Dialog)
