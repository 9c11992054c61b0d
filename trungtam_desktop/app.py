"""The composition root: paths → logging → instance lock → backup + migrate → services → MainWindow.

Only this module knows every concrete class. The command line calls ``open_services`` for admin commands
and ``run_gui`` to open the window.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trungtam_desktop.db.backup import backup_before, centre_name
from trungtam_desktop.db.engine import Database
from trungtam_desktop.db.migrate import MigrationResult, migrate
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.logs import setup_logging
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.backups import BackupService
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
    # Before a learner import and a bulk certificate issue: a verified copy in backups/ ("..._truoc-nhap",
    # "..._truoc-cap-gcn", rotated with the others); a BackupError stops the change before it writes.
    services = Services.create(context, before_import=lambda: backup_before(paths, "nhap"))
    services.certificates.set_before_issue(lambda: backup_before(paths, "cap-gcn"))
    services.defaults.ensure_defaults()
    return OpenedData(paths, database, services, result)


def make_demo_folder() -> DataPaths:
    """A fresh temporary data folder for ``--demo`` (removed when the program closes)."""
    return DataPaths(Path(tempfile.mkdtemp(prefix="trungtam-demo-")))


def create_main_window(  # type: ignore[no-untyped-def]
    opened: OpenedData, settings, *, demo: bool = False, on_restore: Callable[[Any], None] | None = None
):
    """The main window over opened data, with every dialog it can open wired in (not shown yet).

    ``on_restore(request)`` receives the backup the clerk chose in Tệp → Khôi phục; the window then closes
    and ``run_gui`` restores it with the database closed (without it the action is disabled).
    """
    from trungtam_desktop.ui.audit.log_dialog import install_audit_action
    from trungtam_desktop.ui.certificates.menu import install_certificate_actions
    from trungtam_desktop.ui.import_export.menu import install_import_export_actions
    from trungtam_desktop.ui.main_window import MainWindow
    from trungtam_desktop.ui.reorganisation.menu import install_reorganisation_actions
    from trungtam_desktop.ui.reports.menu import install_report_actions
    from trungtam_desktop.ui.safety.menu import install_safety_actions
    from trungtam_desktop.ui.safety.sign_in_dialog import apply_role

    services = opened.services

    # The dialogs and windows below are imported when first opened: the start shows the list sooner.
    def open_settings(parent) -> bool:  # type: ignore[no-untyped-def]
        from trungtam_desktop.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(
            services.settings,
            services.programmes,
            parent,
            access=services.access,
            today=services.context.today(),
            reorganisation=(services.organisation, services.validity, services.signing),
        )
        return bool(dialog.exec())

    def class_window(class_id: int, parent):  # type: ignore[no-untyped-def]
        from trungtam_desktop.ui.classwork.window import ClassWorkWindow

        return ClassWorkWindow(services, class_id, settings, parent)

    window = MainWindow(
        services,
        settings,
        opened.paths.database,
        opened.paths.root,
        demo=demo,
        open_settings_dialog=open_settings,
        create_class_window=class_window,
    )
    safety = install_safety_actions(
        window, backup_service(opened.paths, services.context), opened.paths.logs, on_restore=on_restore
    )
    clock = services.context
    install_certificate_actions(
        window, services.certificate_books, services.certificate_printing, clock.today
    )
    install_import_export_actions(window, services)
    install_report_actions(
        window, services.report_documents, services.packages, today=clock.today, now=clock.now
    )
    install_reorganisation_actions(window, services)
    install_audit_action(window, services.audit, clock.today)
    apply_role(window, services.access, safety["restore"])
    return window


def backup_service(paths: DataPaths, context: ServiceContext | None = None) -> BackupService:
    """With ``context`` a restore is recorded under the signed-in user and refused to the data-entry role."""
    if context is None:
        return BackupService(paths, lambda: centre_name(paths.database))
    return BackupService(
        paths, lambda: centre_name(paths.database), user=lambda: context.user, role=lambda: context.role
    )


def run_gui(paths: DataPaths, *, demo: bool = False) -> int:
    """Open the main window on ``paths`` (a new demo database when ``demo``). Returns the exit code.

    paths → logging → instance lock → damage check + daily backup → migrate → services → window. After
    Tệp → Khôi phục the window closes, the engine is disposed, the backup is restored and the window reopens.
    """
    from trungtam_desktop.services.demo import seed_demo
    from trungtam_desktop.ui.application import GuiApplication, seed_progress_adapter
    from trungtam_desktop.ui.instance import ALREADY_RUNNING, InstanceLock
    from trungtam_desktop.ui.safety.menu import bring_forward
    from trungtam_desktop.ui.safety.sign_in_dialog import ask_sign_in
    from trungtam_desktop.ui.safety.start_dialogs import tell_already_running
    from trungtam_desktop.ui.setup import first_run

    paths.ensure()
    log_file = setup_logging(paths.logs)
    log.info("Starting; data folder %s", paths.root)
    gui = GuiApplication()
    lock = InstanceLock(paths.lock_file)
    if not lock.acquire():
        log.info("Another program holds %s (pid %s); leaving", paths.lock_file, lock.holder_pid())
        lock.ask_first_to_show()
        tell_already_running(ALREADY_RUNNING.format(folder=paths.root))
        gui.restore_excepthook()
        return 0
    backups = backup_service(paths)
    try:
        if not demo and not _safe_start(gui, backups):
            return 1
        seeded = not demo
        while True:
            try:
                opened = open_services(paths)
            except DomainError as exc:
                log.error("Cannot open the database: %s", exc.message)
                gui.fatal(f"{exc.message}\n\nNhật ký: {log_file}")
                return 1
            requests: list[Any] = []
            try:
                if not seeded:
                    gui.run_blocking(
                        "Đang tạo dữ liệu mẫu…",
                        lambda progress, _cancelled, database=opened.database: seed_demo(
                            database, scale="small", progress=seed_progress_adapter(progress)
                        ),
                    )
                    seeded = True
                if opened.services.access.enabled() and ask_sign_in(opened.services.access) is None:
                    log.info("Sign-in not completed; leaving")
                    return 0
                first_step = "" if demo else first_run(opened.services)  # Thiết lập ban đầu (ui/setup)
                window = create_main_window(opened, gui.settings(), demo=demo, on_restore=requests.append)
                lock.activation_requested.connect(lambda w=window: bring_forward(w))
                window.show()
                window.start_soon(first_step)  # the first class, a learner list or the demo
                code = gui.exec()
                lock.activation_requested.disconnect()
            finally:
                opened.close()
            if not requests:
                return code
            _restore_between_sessions(gui, backups, requests[-1])
    finally:
        lock.release()
        gui.restore_excepthook()
        if demo:
            logging.shutdown()
            shutil.rmtree(paths.root, ignore_errors=True)


def _safe_start(gui, backups: BackupService) -> bool:  # type: ignore[no-untyped-def]
    """The damaged-database check and the daily backup; False when the clerk chose to quit."""
    from trungtam_desktop.services.backups import damaged_message, restore_report
    from trungtam_desktop.ui.common.messages import info
    from trungtam_desktop.ui.safety.start_dialogs import ask_restore_damaged

    check = gui.run_blocking("Đang kiểm tra và sao lưu dữ liệu…", lambda p, _c: backups.check_at_start(p))
    if check.daily_backup:
        log.info("Daily backup %s", check.daily_backup)
    if not check.damaged:
        return True
    log.error("Damaged database %s: %s", backups.paths.database, check.problem)
    candidate = gui.run_blocking("Đang tìm bản sao lưu còn tốt…", lambda _p, _c: backups.newest_good_backup())
    message = damaged_message(check.problem, backups.paths.database, candidate)
    if candidate is None:
        ask_restore_damaged(message, False)  # explains, offers only "Thoát"
        return False
    if not ask_restore_damaged(message, True):
        return False
    result = gui.run_blocking("Đang khôi phục dữ liệu…", lambda p, _c: backups.recover(candidate.path, p))
    info(None, restore_report(result), "Khôi phục xong")
    return True


def _restore_between_sessions(gui, backups: BackupService, request: Any) -> None:  # type: ignore[no-untyped-def]
    """Restore the chosen backup now that the database is closed; a failure keeps the current data."""
    from trungtam_desktop.services.backups import restore_report
    from trungtam_desktop.ui.common.messages import info, show_error

    try:
        result = gui.run_blocking(
            "Đang khôi phục dữ liệu…", lambda p, _c: backups.restore(request.path, request.password, p)
        )
    except Exception as exc:  # refused or failed: the current database is unchanged; reopen it
        log.error("Restore of %s failed: %s", request.path, exc)
        show_error(None, exc)
        return
    info(None, restore_report(result), "Khôi phục xong")
