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
from trungtam_desktop.domain.errors import DomainError
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
    services = Services.create(context, before_import=lambda: backup_before_import(paths))
    services.defaults.ensure_defaults()
    return OpenedData(paths, database, services, result)


def backup_before_import(paths: DataPaths) -> Path:
    """The automatic backup taken before a learner list is imported (a copy made with SQLite's online
    backup API, in the backups folder). The import service only knows it as a callable."""
    from datetime import datetime

    from trungtam_desktop.db.backup import backup_file

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return backup_file(paths.database, paths.backups / f"truoc-khi-nhap-{stamp}.sqlite")


def make_demo_folder() -> DataPaths:
    """A fresh temporary data folder for ``--demo`` (removed when the program closes)."""
    return DataPaths(Path(tempfile.mkdtemp(prefix="trungtam-demo-")))


def create_main_window(opened: OpenedData, settings, *, demo: bool = False):  # type: ignore[no-untyped-def]
    """The main window over opened data, with every dialog it can open wired in (not shown yet)."""
    from trungtam_desktop.ui.main_window import MainWindow

    services = opened.services

    # The dialogs and windows below are imported when first opened: the start shows the list sooner.
    def open_settings(parent) -> bool:  # type: ignore[no-untyped-def]
        from trungtam_desktop.ui.settings.dialog import SettingsDialog

        return bool(SettingsDialog(services.settings, services.programmes, parent).exec())

    def class_window(class_id: int, parent):  # type: ignore[no-untyped-def]
        from trungtam_desktop.ui.classwork.window import ClassWorkWindow

        return ClassWorkWindow(services, class_id, settings, parent)

    return MainWindow(
        services,
        settings,
        opened.paths.database,
        opened.paths.root,
        demo=demo,
        open_settings_dialog=open_settings,
        create_class_window=class_window,
    )


def run_gui(paths: DataPaths, *, demo: bool = False) -> int:
    """Open the main window on ``paths`` (a new demo database when ``demo``). Returns the exit code."""
    from trungtam_desktop.services.demo import seed_demo
    from trungtam_desktop.ui.application import GuiApplication, seed_progress_adapter

    paths.ensure()
    log_file = setup_logging(paths.logs)
    log.info("Starting; data folder %s", paths.root)
    gui = GuiApplication()
    try:
        opened = open_services(paths)
    except DomainError as exc:
        log.error("Cannot open the database: %s", exc.message)
        gui.fatal(f"{exc.message}\n\nNhật ký: {log_file}")
        return 1
    try:
        if demo:
            gui.run_blocking(
                "Đang tạo dữ liệu mẫu…",
                lambda progress, _cancelled: seed_demo(
                    opened.database, scale="small", progress=seed_progress_adapter(progress)
                ),
            )
        window = create_main_window(opened, gui.settings(), demo=demo)
        window.show()
        return gui.exec()
    finally:
        opened.close()
        gui.restore_excepthook()
        if demo:
            logging.shutdown()
            shutil.rmtree(paths.root, ignore_errors=True)
