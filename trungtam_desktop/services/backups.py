"""Backup and restore as the windows see them (Qt-free): list, preview, export, restore, damage at start.

The work is done in ``db/backup.py``, ``db/backup_crypto.py`` and ``db/restore.py``; this service gives the
UI (which never imports ``db``) one object with plain results and Vietnamese messages. ``restore`` and
``recover`` need the database closed: the composition root (app.py) calls them between two program
sessions, never while services hold an engine.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from trungtam_desktop.db import backup as bk
from trungtam_desktop.db import temp_files
from trungtam_desktop.db.backup_crypto import encrypt_file, is_encrypted, matches
from trungtam_desktop.db.restore import (
    DatabaseSummary,
    PasswordNeededError,
    RestoreResult,
    inspect_database,
    preview_backup,
    recover_from_backup,
    restore_database,
)
from trungtam_desktop.db.start_checks import (
    DailyBackup,
    StartCheck,
    check_at_start,
    daily_step,
    newest_good_backup,
)
from trungtam_desktop.disk_errors import DiskError, disk_error
from trungtam_desktop.domain.access import Permission, allowed, why_not
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.errors import DomainError, PermissionDeniedError
from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.paths import DataPaths

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

__all__ = [
    "BackupEntry",
    "BackupError",
    "BackupService",
    "DailyBackup",
    "DatabaseSummary",
    "PasswordNeededError",
    "RestoreResult",
    "StartCheck",
    "daily_backup_warning",
    "damaged_message",
    "format_size",
]

BackupError = bk.BackupError


def format_size(size: int) -> str:
    """ "1,2 MB", "850 KB" (Vietnamese decimal comma)."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1000))} KB" if size else "0 KB"


@dataclass(frozen=True)
class BackupEntry:
    """One backup in the data folder's ``backups/``; counts are None until read (or when unreadable)."""

    path: Path
    created: datetime
    kind_label: str
    size: int
    encrypted: bool
    summary: DatabaseSummary | None = None
    problem: str = ""


def summary_text(summary: DatabaseSummary) -> str:
    return (
        f"{format_int(summary.classes)} lớp · {format_int(summary.learners)} học viên · "
        f"{format_int(summary.certificates)} giấy chứng nhận"
    )


def damaged_message(problem: str, database: Path, candidate: DatabaseSummary | None) -> str:
    """What the clerk reads when the database is damaged at start."""
    text = (
        f"Cơ sở dữ liệu của chương trình bị hỏng: {problem}.\n\nTệp: {database}\n\n"
        "Chương trình không sửa và không xóa tệp này. "
    )
    if candidate is None:
        return text + (
            "Không tìm thấy bản sao lưu nào còn dùng được trong thư mục sao lưu. "
            "Hãy thoát, rồi nhờ người phụ trách máy tính chép lại một bản sao lưu (ví dụ từ USB) "
            "vào thư mục sao lưu, hoặc dùng lệnh khôi phục."
        )
    parsed = bk.parse_backup_name(candidate.path.name)
    when = parsed.created.strftime("%H:%M ngày %d/%m/%Y") if parsed else candidate.path.name
    return text + (
        f"Bản sao lưu tốt mới nhất được tạo lúc {when} ({summary_text(candidate)}).\n\n"
        "Nếu khôi phục, tệp bị hỏng được giữ lại bên cạnh với tên mới (có ngày giờ) để chuyên viên xem xét; "
        "những gì nhập sau thời điểm sao lưu sẽ phải nhập lại."
    )


def daily_backup_warning(daily: DailyBackup, today: date) -> tuple[str, str] | None:
    """(headline, reason) when today's automatic backup failed, for the window's banner; None otherwise."""
    if daily.failure is None:
        return None
    if daily.last is None:
        since = "Chưa có bản sao lưu nào trong thư mục sao lưu."
    else:
        days = (today - daily.last.date()).days
        ago = "hôm nay" if days <= 0 else "hôm qua" if days == 1 else f"{format_int(days)} ngày trước"
        since = f"Bản sao lưu gần nhất: {daily.last:%H:%M} ngày {daily.last:%d/%m/%Y} ({ago})."
    return f"Sao lưu tự động hôm nay không thành công. {since}", f"Lý do: {daily.failure}"


class BackupService:
    """Backups of one data folder. ``centre_name`` gives the name used in exported file names."""

    def __init__(
        self,
        paths: DataPaths,
        centre_name: Callable[[], str] = lambda: "",
        user: Callable[[], str] | None = None,
        role: Callable[[], str | None] = lambda: None,
    ) -> None:
        self.paths = paths
        self._centre_name = centre_name
        self._user = user
        self._role = role  # the signed-in role when access protection is on (None: allowed)

    # -- listing and preview ---------------------------------------------------------------------------
    def list_backups(self, *, with_counts: bool = True) -> list[BackupEntry]:
        """The backups in ``backups/``, newest first; counts read from each file (no full check)."""
        entries = []
        folder = self.paths.backups
        for path in folder.glob("trungtam_*") if folder.is_dir() else ():
            parsed = bk.parse_backup_name(path.name)
            if not parsed or not path.is_file():
                continue
            summary, problem = None, ""
            if with_counts and not parsed.encrypted:
                try:
                    summary = inspect_database(path, full_check=False)
                except DomainError as exc:
                    problem = exc.message
            entries.append(
                BackupEntry(
                    path,
                    parsed.created,
                    parsed.kind_label,
                    path.stat().st_size,
                    parsed.encrypted,
                    summary,
                    problem,
                )
            )
        return sorted(entries, key=lambda e: (e.created, e.path.stat().st_mtime_ns), reverse=True)

    def is_encrypted(self, path: Path) -> bool:
        return is_encrypted(path)

    def preview(self, path: Path, password: str | None = None) -> DatabaseSummary:
        """Every check restore makes (integrity, ours, not newer), and the counts. Raises ``BackupError``."""
        return preview_backup(path, self.paths.backups, password)

    # -- making copies ---------------------------------------------------------------------------------
    def export(self, folder: Path, password: str | None = None, progress: Progress | None = None) -> Path:
        """A verified copy in ``folder`` (a USB drive...), encrypted when a password is given. Never
        replaces a file: a name taken by another copy gets "-2", "-3"..."""
        return export_backup(self.paths, folder, password, progress)

    def suggested_name(self) -> str:
        return bk.backup_name(self._centre_name(), datetime.now(), bk.KIND_MANUAL)

    # -- at start --------------------------------------------------------------------------------------
    def check_at_start(self) -> StartCheck:
        """Sweep a crash's leftovers, then the cheap check of the database (every start)."""
        return check_at_start(self.paths)

    def daily_backup(self, progress: Progress | None = None) -> DailyBackup:
        """Today's automatic backup (the first start of a day); a failure is returned, not raised."""
        return daily_step(self.paths, progress=progress)

    def newest_good_backup(self) -> DatabaseSummary | None:
        return newest_good_backup(self.paths.backups)

    def deep_check(self) -> str | None:
        """The full ``integrity_check`` of the database: None when sound, else what is wrong."""
        return bk.integrity_problem(self.paths.database)

    # -- with the database closed ----------------------------------------------------------------------
    def restore(
        self, path: Path, password: str | None = None, progress: Progress | None = None
    ) -> RestoreResult:
        """Refused (PermissionDeniedError) for the data-entry role: only an administrator restores. The
        audit entry, naming the program's user, is written into the restored data before it goes in place."""
        if not allowed(self._role(), Permission.RESTORE):
            raise PermissionDeniedError(why_not(Permission.RESTORE))
        return restore_database(
            path, self.paths, password=password, progress=progress,
            before_swap=self._recorder(path, "Khôi phục dữ liệu từ bản sao lưu"),
        )  # fmt: skip

    def recover(self, backup: Path, progress: Progress | None = None) -> RestoreResult:
        """The damaged database set aside and ``backup`` restored (offered at start to anyone: without it
        the program cannot open at all)."""
        return recover_from_backup(
            self.paths, backup, progress=progress,
            before_swap=self._recorder(backup, "Dữ liệu bị hỏng; khôi phục từ bản sao lưu"),
        )  # fmt: skip

    def _recorder(self, source: Path, what: str) -> Callable[[Path, Path | None], None]:
        """Writes the audit entry of a restore into the staged file: who restored which file and where the
        data it replaces went. Part of the restore: if it cannot be written, nothing is restored."""

        def record(staged: Path, previous: Path | None) -> None:
            from trungtam_desktop.db.engine import Database
            from trungtam_desktop.db.models import AuditLog
            from trungtam_desktop.services.base import _default_user

            summary = inspect_database(staged, full_check=False)
            changes = {
                "source": str(source),
                "safety_copy": str(previous or ""),
                "classes": summary.classes,
                "learner_count": summary.learners,
                "certificates": summary.certificates,
            }
            database = Database(staged)
            try:
                with database.write_sessions.begin() as session:
                    session.add(
                        AuditLog(
                            user=self._user() if self._user else _default_user(),
                            entity="database",
                            entity_id=None,
                            action=AuditAction.RESTORE.value,
                            changes=json.dumps(changes, ensure_ascii=False),
                            summary=f"{what} {source.name} ({summary_text(summary)})"[:500],
                        )
                    )
            finally:
                database.dispose()

        return record


def export_backup(
    paths: DataPaths,
    folder: Path,
    password: str | None = None,
    progress: Progress | None = None,
    *,
    file_name: str | None = None,
) -> Path:
    """A verified copy of the data folder's database in ``folder``; encrypted with ``password`` when given
    (the plain copy it is made from is a temporary file in ``backups/``, removed at once; the encrypted file
    is read back and compared without writing a decrypted copy). Named by the program, a copy never
    replaces a file ("-2", "-3"...); ``file_name`` (the command line's ``--to FILE``) is written over.
    Disk failures name ``folder``."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise disk_error(exc, folder, "thư mục") from exc
    name = file_name or bk.backup_name(bk.centre_name(paths.database), datetime.now(), bk.KIND_MANUAL)
    if not password:
        return bk.backup_file(paths.database, folder / name, progress=progress, exclusive=file_name is None)
    try:
        work = paths.backups
        plain = bk.backup_file(paths.database, temp_files.temporary(work, "ban-ro"), progress=progress)
    except DiskError:  # a data folder that cannot be written (read-only): the system's temporary folder
        work = temp_files.system_folder()
        plain = bk.backup_file(paths.database, temp_files.temporary(work, "ban-ro"), progress=progress)
    sealed = temp_files.temporary(folder, "ma-hoa", bk.ENCRYPTED_SUFFIX)
    try:
        encrypt_file(plain, sealed, password, progress=progress)
        # Read the written file back: a copy on a failing USB drive is found now, not on the bad day.
        if not matches(sealed, plain, password):
            raise BackupError(f"Bản sao lưu ghi vào {folder} đọc lại không khớp; hãy thử ổ đĩa khác.")
        if file_name is not None:
            os.replace(sealed, folder / file_name)
            return folder / file_name
        names = bk.name_candidates(folder, name.removesuffix(bk.SUFFIX) + bk.ENCRYPTED_SUFFIX)
        return temp_files.publish(sealed, names)
    except OSError as exc:
        raise disk_error(exc, folder, "thư mục") from exc
    finally:
        temp_files.remove(plain)
        temp_files.remove(sealed)


def restore_report(result: RestoreResult) -> str:
    """The message after a restore: what came back, and where the previous data was kept."""
    lines = [f"Đã khôi phục dữ liệu: {summary_text(result.summary)}."]
    if result.migrated_from:
        lines.append("Dữ liệu khôi phục đã được nâng cấp lên phiên bản hiện tại của chương trình.")
    if result.safety_copy:
        lines.append(f"Dữ liệu trước khi khôi phục được lưu ở:\n{result.safety_copy}")
    if result.set_aside:
        lines.append(f"Tệp dữ liệu bị hỏng được giữ lại ở:\n{result.set_aside}")
    return "\n\n".join(lines)
