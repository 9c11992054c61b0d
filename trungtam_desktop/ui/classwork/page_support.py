"""What the class window's pages share: their base class, the locked-class banner, the action status
line, keyboard shortcuts scoped to one page, and running a service action (one that returns nothing, or
one whose refusal belongs on the status line)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QBoxLayout, QLabel, QWidget

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.domain.models import TrainingClass
from trungtam_desktop.ui.common.forms import FormDialog, run_guarded
from trungtam_desktop.ui.common.messages import show_error

if TYPE_CHECKING:
    from trungtam_desktop.services.bundle import Services

WARNING_STYLE = "color: #8a4b00; background: #fff4e0; border: 1px solid #e0b060; padding: 4px;"
STATUS_STYLE = "color: #1f5f1f;"
T = TypeVar("T")


class ClassPage(QWidget):
    """A page (tab) of the class window. Subclasses give ``title`` and build in ``_build_ui`` /
    ``_connect_signals``; ``reload()`` re-reads the class; ``changed`` tells the window that this page
    wrote something the other pages show, so that they reload."""

    title = ""
    changed = Signal()

    def __init__(self, services: Services, class_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.class_id = class_id
        self.training_class: TrainingClass | None = None
        self._build_ui()
        self._connect_signals()
        self.reload()

    def _build_ui(self) -> None:
        raise NotImplementedError

    def _connect_signals(self) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError


class LockBanner(QLabel):
    """Says why the page's buttons are disabled when the class's results are locked."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self.setWordWrap(True)
        self.setStyleSheet(WARNING_STYLE)
        self.hide()

    def show_for(self, training_class: TrainingClass | None) -> bool:
        """Show or hide the banner for ``training_class``; True when the class is locked."""
        locked = bool(training_class and training_class.locked)
        if locked:
            self.setText(
                f"Lớp đã khóa kết quả nên không thể sửa {self._what}. "
                "Muốn sửa, hãy mở khóa lớp (ghi rõ lý do) ở trang Kết quả."
            )
        self.setVisible(locked)
        return locked


class StatusLine(QLabel):
    """The outcome of the clerk's last action ("Đã thêm 3 học viên vào lớp."), or a warning."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def done(self, text: str) -> None:
        self.setStyleSheet(STATUS_STYLE)
        self.setText(text)

    def warning(self, text: str) -> None:
        self.setStyleSheet(WARNING_STYLE)
        self.setText(text)

    def refuse(self, text: str) -> None:
        """A beep and the reason: what the grids do when a key cannot be obeyed."""
        QApplication.beep()
        self.warning(text)


def use_one_column(dialog: FormDialog) -> None:
    """Let the left column of a ``FormDialog`` take the whole width (for forms with few, long fields)."""
    columns = dialog.forms[1].parent()
    if isinstance(columns, QBoxLayout):
        columns.setStretchFactor(dialog.forms[0], 1)
        columns.setStretchFactor(dialog.forms[1], 0)
        columns.setSpacing(0)


def page_shortcut(
    page: QWidget, keys: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], Any]
) -> None:
    """A shortcut active while the focus is anywhere inside ``page`` (pages share one window)."""
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    QShortcut(sequence, page, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)


def attempt(parent: QWidget, action: Callable[[], Any]) -> bool:
    """Run one service action through ``run_guarded``; True when it succeeded (even if it returns None)."""
    return bool(run_guarded(parent, lambda: action() or True))


def attempt_on_status(parent: QWidget, status: StatusLine, action: Callable[[], T]) -> T | None:
    """Run one service call for a grid; a refusal (``DomainError``) beeps and shows on ``status`` so the
    clerk keeps typing, anything else goes to the error dialog. The result, or None when it failed."""
    try:
        return action()
    except DomainError as exc:
        status.refuse(exc.message)
    except Exception as exc:
        show_error(parent, exc)
    return None
