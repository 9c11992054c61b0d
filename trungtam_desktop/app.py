"""The composition root: paths → logging → lock → checks → migrate → daily backup → services → window.

Only this module knows every concrete class. The command line calls ``command_session`` (the folder's
lock, then ``open_services``) for its commands and ``run_gui`` to open the window.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trungtam_desktop.db.backup import backup_before, centre_name, check_writable
from trungtam_desktop.db.engine import Database
from trungtam_desktop.db.migrate import MigrationResult, migrate
from trungtam_desktop.db.start_checks import sweep_leftovers
from trungtam_desktop.disk_errors import disk_error
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.folder_lock import FolderBusyError, FolderLock, Holder, busy_message
from trungtam_desktop.logs import setup_logging
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.backups import BackupService, DailyBackup
from trungtam_desktop.services.base import ServiceContext
from trungtam_desktop.services.bundle import Services

log = logging.getLogger(__name__)

# How long a command, or the window at start, waits for a command that holds the data folder.
COMMAND_WAIT_SECONDS = 120.0


@dataclass
class OpenedData:
    paths: DataPaths
    database: Database
    services: Services
    migration: MigrationResult

    def close(self) -> None:
        self.database.dispose()


def prepare_folder(paths: DataPaths) -> DataPaths:
    """Create the data folder's folders; a folder that cannot be made is a ``DiskError`` naming it."""
    try:
        return paths.ensure()
    except OSError as exc:
        raise disk_error(exc, paths.root, "thư mục") from exc


def open_services(paths: DataPaths, *, user: str | None = None) -> OpenedData:
    """Prepare the data folder, migrate (with a backup first) and build the services.

    A database that cannot be written (a read-only file or folder) is refused here, with a message that
    names it, before any backup or change is attempted."""
    prepare_folder(paths)
    check_writable(paths.database)
    result = migrate(paths.database, paths.backups)
    if result.backup:
        log.info(
            "Database migrated %s → %s; backup %s",
            result.from_revision,
            result.to_revision,
            result.backup.name,
        )
    database = Database(paths.database)
    context = ServiceContext(database) if user is None else ServiceContext(database, user=user)
    # Before a learner import and a bulk certificate issue: a verified copy in backups/ ("..._truoc-nhap",
    # "..._truoc-cap-gcn", rotated with the others); a BackupError stops the change before it writes.
    services = Services.create(context, before_import=lambda: backup_before(paths, "nhap"))
    services.certificates.set_before_issue(lambda: backup_before(paths, "cap-gcn"))
    services.defaults.ensure_defaults()
    return OpenedData(paths, database, services, result)


def _wait_for_commands(holder: Holder | None) -> bool:
    """A command finishes by itself: worth waiting for. A window stays open until the clerk closes it."""
    return holder is None or not holder.is_window


def take_folder_lock(
    paths: DataPaths,
    purpose: str,
    *,
    say: Callable[[str], None] = lambda _text: None,
    wait: float = COMMAND_WAIT_SECONDS,
) -> FolderLock:
    """The data folder's lock for a command (``purpose``: its name). Waits up to ``wait`` seconds for
    another command (``say`` tells the user once), refuses at once when the window has the folder open.
    Raises ``FolderBusyError`` or ``DiskError`` (a folder where the lock file cannot be written)."""
    lock = FolderLock(paths.lock_file, purpose)

    def waiting(holder: Holder | None) -> None:
        who = holder.describe() if holder else "một chương trình khác"
        say(f"Đang chờ {who} dùng xong thư mục dữ liệu {paths.root} (tối đa {round(wait)} giây)…")

    try:
        taken = lock.acquire(wait=wait, wait_for=_wait_for_commands, on_wait=waiting)
    except OSError as exc:
        raise disk_error(exc, paths.root, "thư mục") from exc
    if not taken:
        holder = lock.holder()
        waited = wait if _wait_for_commands(holder) else 0
        raise FolderBusyError(busy_message(paths.root, holder, waited=waited), holder)
    return lock


@contextmanager
def command_session(
    paths: DataPaths, purpose: str, *, say: Callable[[str], None] = lambda _text: None
) -> Iterator[OpenedData]:
    """A command's use of a data folder: its lock held throughout, a crash's leftovers swept, the services
    open. One writer per data folder, by construction."""
    prepare_folder(paths)
    lock = take_folder_lock(paths, purpose, say=say)
    try:
        sweep_leftovers(paths)
        opened = open_services(paths)
        try:
            yield opened
        finally:
            opened.close()
    finally:
        lock.release()


@contextmanager
def folder_locked(
    paths: DataPaths, purpose: str, *, say: Callable[[str], None] = lambda _text: None
) -> Iterator[None]:
    """The lock and the sweep without opening the services (``restore`` works on closed files)."""
    prepare_folder(paths)
    lock = take_folder_lock(paths, purpose, say=say)
    try:
        sweep_leftovers(paths)
        yield
    finally:
        lock.release()


def make_demo_folder() -> DataPaths:
    """A fresh temporary data folder for ``--demo`` (removed when the program closes)."""
    return DataPaths(Path(tempfile.mkdtemp(prefix="trungtam-demo-")))


def create_main_window(  # type: ignore[no-untyped-def]
    opened: OpenedData,
    settings,
    *,
    demo: bool = False,
    on_restore: Callable[[Any], None] | None = None,
    daily: DailyBackup | None = None,
):
    """The main window over opened data, with every dialog it can open wired in (not shown yet).

    ``on_restore(request)`` receives the backup the clerk chose in Tệp → Khôi phục; the window then closes
    and ``run_gui`` restores it with the database closed (without it the action is disabled). ``daily``:
    a failed automatic backup is shown in a banner until a backup succeeds.
    """
    from trungtam_desktop.ui.audit.log_dialog import install_audit_action
    from trungtam_desktop.ui.certificates.menu import install_certificate_actions
    from trungtam_desktop.ui.import_export.menu import install_import_export_actions
    from trungtam_desktop.ui.main_window import MainWindow
    from trungtam_desktop.ui.reorganisation.menu import install_reorganisation_actions
    from trungtam_desktop.ui.reports.menu import install_report_actions
    from trungtam_desktop.ui.safety.banner import install_backup_banner
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
    backups = backup_service(opened.paths, services.context)
    safety = install_safety_actions(window, backups, opened.paths.logs, on_restore=on_restore)
    clock = services.context
    if daily is not None:
        install_backup_banner(window, backups, daily, clock.today)
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


@dataclass
class _Session:
    """What the window asked for when it closed: a restore (with who asked) or the damage check."""

    restore: list[tuple[Any, ServiceContext]] = field(default_factory=list)
    damaged: bool = False


def run_gui(paths: DataPaths, *, demo: bool = False) -> int:
    """Open the main window on ``paths`` (a new demo database when ``demo``). Returns the exit code.

    paths → logging → the folder's lock → sweep + quick check (damage: the recovery dialog) → migrate →
    daily backup (a failure: a banner in the window) → sign-in → window. After Tệp → Khôi phục, or a
    "malformed" error while working, the window closes, the engine is disposed, the restore or the
    recovery runs, and the window reopens.
    """
    from trungtam_desktop.ui.application import GuiApplication

    try:
        prepare_folder(paths)
    except DomainError as exc:
        gui = GuiApplication()
        gui.fatal(exc.message)
        gui.restore_excepthook()
        return 1
    log_file = setup_logging(paths.logs)
    log.info("Starting; data folder %s", paths.root)
    gui = GuiApplication()
    try:
        from trungtam_desktop.ui.instance import InstanceLock

        lock = InstanceLock(paths.lock_file)
        refused = _take_window_lock(gui, lock, paths)
        if refused is not None:
            return refused
        try:
            return _sessions(gui, lock, paths, demo, log_file)
        finally:
            lock.release()
    finally:
        gui.restore_excepthook()
        if demo:
            logging.shutdown()
            shutil.rmtree(paths.root, ignore_errors=True)


def _take_window_lock(gui, lock, paths: DataPaths) -> int | None:  # type: ignore[no-untyped-def]
    """None when the window holds the folder now; else the exit code after telling the clerk why not.

    A command working on the folder is waited for (with a progress dialog the clerk may cancel); an open
    window is asked to come forward, and the message says whether it did."""
    from trungtam_desktop.ui.instance import already_running_message
    from trungtam_desktop.ui.safety.start_dialogs import tell_already_running

    waited = 0.0
    try:
        if lock.acquire():
            return None
        holder = lock.holder()
        if _wait_for_commands(holder):
            started = time.monotonic()
            who = holder.describe() if holder else "một chương trình khác"

            def wait(_progress, cancelled) -> bool:  # type: ignore[no-untyped-def]
                return lock.folder_lock.acquire(
                    wait=COMMAND_WAIT_SECONDS, wait_for=lambda h: _wait_for_commands(h) and not cancelled()
                )

            if gui.run_blocking(f"Đang chờ {who} dùng xong thư mục dữ liệu…", wait, cancellable=True):
                lock.start_listening()
                return None
            holder, waited = lock.holder(), time.monotonic() - started
    except OSError as exc:
        message = disk_error(exc, paths.root, "thư mục").message
        log.error("Cannot take the lock of %s: %s", paths.root, message)
        gui.fatal(message)
        return 1
    log.info("Another program holds %s (pid %s); leaving", paths.lock_file, holder.pid if holder else None)
    if holder is not None and not holder.is_window:
        tell_already_running(busy_message(paths.root, holder, waited=waited, again="mở lại chương trình"))
        return 0
    shown = lock.ask_first_to_show()
    tell_already_running(already_running_message(paths.root, holder, shown))
    return 0


def _sessions(gui, lock, paths: DataPaths, demo: bool, log_file: Path | None) -> int:  # type: ignore[no-untyped-def]
    """Open the window as many times as restores and recoveries need."""
    from trungtam_desktop.services.demo import seed_demo
    from trungtam_desktop.ui.application import seed_progress_adapter
    from trungtam_desktop.ui.common.messages import install_failure_handling
    from trungtam_desktop.ui.safety.menu import bring_forward, close_everything
    from trungtam_desktop.ui.safety.sign_in_dialog import ask_sign_in
    from trungtam_desktop.ui.setup import first_run

    backups = backup_service(paths)
    problem = None if demo else _start_check(gui, backups, log_file)
    if problem is False:
        return 1
    seeded = not demo
    while True:
        if problem and not _recover(gui, backups, problem):
            return 1
        try:
            opened = open_services(paths)
        except DomainError as exc:
            log.error("Cannot open the database: %s", exc.message)
            gui.fatal(f"{exc.message}" + (f"\n\nNhật ký: {log_file}" if log_file else ""))
            return 1
        session = _Session()
        try:
            if not seeded:
                gui.run_blocking(
                    "Đang tạo dữ liệu mẫu…",
                    lambda progress, _cancelled, database=opened.database: seed_demo(
                        database, scale="small", progress=seed_progress_adapter(progress)
                    ),
                )
                seeded = True
            daily = (
                None
                if demo
                else gui.run_blocking("Đang sao lưu dữ liệu…", lambda p, _c: backups.daily_backup(p))
            )
            if daily is not None and daily.damaged:
                problem = daily.damaged
                continue
            if opened.services.access.enabled() and ask_sign_in(opened.services.access) is None:
                log.info("Sign-in not completed; leaving")
                return 0
            context = opened.services.context
            first_step = "" if demo else first_run(opened.services)  # Thiết lập ban đầu (ui/setup)

            def damaged(session: _Session = session) -> None:
                if not session.damaged:
                    session.damaged = True
                    close_everything()

            window = create_main_window(
                opened,
                gui.settings(),
                demo=demo,
                on_restore=lambda request, c=context, s=session: s.restore.append((request, c)),
                daily=daily,
            )
            install_failure_handling(paths.database, damaged)
            lock.activation_requested.connect(lambda w=window: bring_forward(w))
            window.show()
            window.start_soon(first_step)  # the first class, a learner list or the demo
            code = gui.exec()
            lock.activation_requested.disconnect()
        finally:
            install_failure_handling(None, None)
            opened.close()
        problem = None
        if session.damaged:
            problem = _deep_check(gui, backups)
            continue
        if not session.restore:
            return code
        request, context = session.restore[-1]
        _restore_between_sessions(gui, backup_service(paths, context), request)


def _start_check(gui, backups: BackupService, log_file: Path | None) -> str | bool | None:  # type: ignore[no-untyped-def]
    """Sweep and the cheap check: None (sound), the damage found, or False (cannot read: told, quit)."""
    try:
        check = gui.run_blocking("Đang kiểm tra dữ liệu…", lambda _p, _c: backups.check_at_start())
    except DomainError as exc:  # a disk failure reading the database: not damage, nothing to restore
        log.error("Start check failed: %s", exc.message)
        gui.fatal(exc.message + (f"\n\nNhật ký: {log_file}" if log_file else ""))
        return False
    return check.problem if check.damaged else None


def _deep_check(gui, backups: BackupService) -> str | None:  # type: ignore[no-untyped-def]
    """After SQLite reported damage while working: the full integrity check decides."""
    from trungtam_desktop.ui.common.messages import info

    try:
        problem = gui.run_blocking("Đang kiểm tra toàn bộ dữ liệu…", lambda _p, _c: backups.deep_check())
    except DomainError as exc:
        problem = exc.message
    if problem is None:
        log.warning("SQLite reported damage, but the full check found none; reopening")
        info(
            None,
            "Kiểm tra toàn bộ không thấy dữ liệu bị hỏng. Chương trình mở lại để làm việc tiếp.",
            "Kiểm tra dữ liệu",
        )
    return problem


def _recover(gui, backups: BackupService, problem: str) -> bool:  # type: ignore[no-untyped-def]
    """The damaged-database dialog: True when a backup was restored (the window may open), False to quit."""
    from trungtam_desktop.services.backups import damaged_message, restore_report
    from trungtam_desktop.ui.common.messages import info, show_error
    from trungtam_desktop.ui.safety.start_dialogs import ask_restore_damaged

    log.error("Damaged database %s: %s", backups.paths.database, problem)
    candidate = gui.run_blocking("Đang tìm bản sao lưu còn tốt…", lambda _p, _c: backups.newest_good_backup())
    message = damaged_message(problem, backups.paths.database, candidate)
    if candidate is None:
        ask_restore_damaged(message, False)  # explains, offers only "Thoát"
        return False
    if not ask_restore_damaged(message, True):
        return False
    try:
        result = gui.run_blocking("Đang khôi phục dữ liệu…", lambda p, _c: backups.recover(candidate.path, p))
    except Exception as exc:  # the damaged file stays where it was (or set aside): say why, then quit
        log.error("Recovery from %s failed: %s", candidate.path.name, exc)
        show_error(None, exc)
        return False
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
        log.error("Restore of %s failed: %s", request.path.name, exc)
        show_error(None, exc)
        return
    info(None, restore_report(result), "Khôi phục xong")
