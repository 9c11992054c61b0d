"""The composition root: paths → logging → backup + migrate → services → QApplication → MainWindow.

Only this module knows every concrete class. The command line calls ``open_services`` for admin commands
and ``run_gui`` to open the window.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from trungtam_desktop.db.engine import Database
from trungtam_desktop.db.migrate import MigrationResult, migrate
from trungtam_desktop.logs import setup_logging
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.base import ServiceContext
from trungtam_desktop.services.bundle import Services

log = logging.getLogger(__name__)


@dataclass
class OpenedData:
    paths: DataPaths
    database: Database
    services: Services
    migration: MigrationResult

    def close(self) -> None:
        self.database.dispose()


def open_services(paths: DataPaths, *, user: str | None = None) -> OpenedData:
    """Prepare the data folder, migrate (with a backup first) and build the services."""
    paths.ensure()
    result = migrate(paths.database, paths.backups)
    if result.backup:
        log.info(
            "Database migrated %s → %s; backup %s", result.from_revision, result.to_revision, result.backup
        )
    database = Database(paths.database)
    context = ServiceContext(database) if user is None else ServiceContext(database, user=user)
    services = Services.create(context)
    services.defaults.ensure_defaults()
    return OpenedData(paths, database, services, result)


def make_demo_folder() -> DataPaths:
    """A fresh temporary data folder for ``--demo`` (removed by ``remove_demo_folder``)."""
    return DataPaths(Path(tempfile.mkdtemp(prefix="trungtam-demo-")))


def remove_demo_folder(paths: DataPaths) -> None:
    shutil.rmtree(paths.root, ignore_errors=True)


def run_gui(paths: DataPaths, *, demo: bool = False) -> int:
    """Open the main window on ``paths`` (a new demo database when ``demo``). Returns the exit code."""
    setup_logging(paths.logs)
    from trungtam_desktop.ui.application import run_application

    return run_application(paths, demo=demo)
