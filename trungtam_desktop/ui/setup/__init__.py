"""Thiết lập ban đầu (first-run setup) and the first steps it offers."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QWidget

from trungtam_desktop.services.bundle import Services
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.setup.pages import START_CLASS, START_DEMO, START_IMPORT
from trungtam_desktop.ui.setup.wizard import SetupWizard

__all__ = [
    "START_CLASS",
    "START_DEMO",
    "START_IMPORT",
    "SetupWizard",
    "demo_command",
    "first_run",
    "run_setup",
    "start_demo",
]

log = logging.getLogger(__name__)


def run_setup(services: Services, parent: QWidget | None = None, *, first_run: bool = False) -> SetupWizard:
    """Show the setup wizard (modal) and return it (``saved``, ``choice``). Skipped on the first run, it is
    not shown again at start (it stays under Dữ liệu → Thiết lập ban đầu)."""
    wizard = SetupWizard(services.setup, parent, today=services.context.today())
    wizard.exec()
    if first_run and not wizard.saved:
        run_guarded(parent, services.setup.dismiss)
    return wizard


def first_run(services: Services) -> str:
    """At start, on a database whose centre is not set up (and the setup not skipped before): the setup
    wizard, before the main window. Returns the first step the clerk chose ("" for none)."""
    if not run_guarded(None, services.setup.needed):
        return ""
    return run_setup(services, None, first_run=True).choice


def demo_command() -> tuple[str, list[str]]:
    """How to start this program again on a fresh demo database (frozen build or source)."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["--demo"]
    return sys.executable, ["-m", "trungtam_desktop", "--demo"]


def start_demo() -> bool:
    """Open the demo in a second program of its own (its own temporary data folder); True when started."""
    program, arguments = demo_command()
    started, _pid = QProcess.startDetached(program, arguments)
    if not started:
        log.error("Could not start the demo: %s %s", program, arguments)
    return bool(started)
