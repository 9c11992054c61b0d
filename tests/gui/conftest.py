"""GUI fixtures: a main window over a fresh database, with window settings in a temporary INI file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMessageBox

from trungtam_desktop.ui.application import GuiApplication
from trungtam_desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def no_unexpected_modals(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal loop nobody answers would hang the run offscreen: fail the test with the box's text instead.

    Tests that expect a message or a dialog replace the function that shows it.
    """

    def refuse(self: QDialog) -> int:
        text = (
            self.text() + "\n" + self.detailedText() if isinstance(self, QMessageBox) else type(self).__name__
        )
        raise AssertionError(f"unexpected modal window: {self.windowTitle()}: {text}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)


@pytest.fixture
def gui_app(qapp):  # type: ignore[no-untyped-def]
    """The program's application wrapper (Vietnamese Qt texts, error hook) around pytest-qt's QApplication."""
    gui = GuiApplication()
    yield gui
    gui.restore_excepthook()


@pytest.fixture
def window_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def main_window(qtbot, gui_app, services, opened, window_settings):  # type: ignore[no-untyped-def]
    window = MainWindow(services, window_settings, opened.paths.database, opened.paths.root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
