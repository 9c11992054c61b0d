"""Backup and restore as the windows see them (Qt-free): list, preview, export, restore, damage at start.

The work is done in ``db/backup.py``, ``db/backup_crypto.py`` and ``db/restore.py``; this service gives the
UI (which never imports ``db``) one object with plain results and Vietnamese messages. ``restore`` and
``recover`` need the database closed: the composition root (app.py) calls them between two program
sessions, never while services hold an engine.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trungtam_desktop.db import backup as bk
from trungtam_desktop.db.backup_crypto import decrypt_file, encrypt_file, is_encrypted
from trungtam_desktop.db.restore import (
    DatabaseSummary,
    PasswordNeededError,
    RestoreResult,
    StartCheck,
    check_at_start,
    inspect_database,
    newest_good_backup,
    preview_backup,
    recover_from_backup,
    restore_database,
)
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
    "DatabaseSummary",
    "PasswordNeededError",
    "RestoreResult",
    "StartCheck",
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
        """A verified copy in ``folder`` (a USB drive...), encrypted when a password is given."""
        folder.mkdir(parents=True, exist_ok=True)
        if not password:
            return bk.make_backup(self.paths.database, folder, bk.KIND_MANUAL, progress=progress)
        plain = bk.make_backup(self.paths.database, self.paths.backups, bk.KIND_MANUAL, progress=progress)
        try:
            target = bk.free_name(folder, plain.name.removesuffix(bk.SUFFIX) + bk.ENCRYPTED_SUFFIX)
            encrypt_file(plain, target, password, progress=progress)
            # Read the written file back: a copy on a failing USB drive is found now, not on the bad day.
            check = self.paths.backups / f".kiem-tra-{target.name}.sqlite"
            try:
                decrypt_file(target, check, password)
                if check.read_bytes() != plain.read_bytes():
                    raise BackupError(f"Bản sao lưu {target} đọc lại không khớp; hãy thử ổ đĩa khác.")
            finally:
                check.unlink(missing_ok=True)
        finally:
            plain.unlink(missing_ok=True)  # the unencrypted copy made for it (the daily copies stay)
        return target

    def suggested_name(self) -> str:
        return bk.backup_name(self._centre_name(), datetime.now(), bk.KIND_MANUAL)

    # -- with the database closed ----------------------------------------------------------------------
    def restore(
        self, path: Path, password: str | None = None, progress: Progress | None = None
    ) -> RestoreResult:
        """Refused (PermissionDeniedError) for the data-entry role: only an administrator restores."""
        if not allowed(self._role(), Permission.RESTORE):
            raise PermissionDeniedError(why_not(Permission.RESTORE))
        result = restore_database(path, self.paths, password=password, progress=progress)
        self._record_restore(path, result, "Khôi phục dữ liệu từ bản sao lưu")
        return result

    def check_at_start(self, progress: Progress | None = None) -> StartCheck:
        return check_at_start(self.paths, progress=progress)

    def newest_good_backup(self) -> DatabaseSummary | None:
        return newest_good_backup(self.paths.backups)

    def recover(self, backup: Path, progress: Progress | None = None) -> RestoreResult:
        result = recover_from_backup(self.paths, backup, progress=progress)
        self._record_restore(backup, result, "Dữ liệu bị hỏng; khôi phục từ bản sao lưu")
        return result

    def _record_restore(self, source: Path, result: RestoreResult, what: str) -> None:
        """An audit entry in the restored database: who restored which file, and where the old data went.
        The restore itself has succeeded by then; a failure to write the entry is only logged."""
        from trungtam_desktop.db.engine import Database
        from trungtam_desktop.db.models import AuditLog
        from trungtam_desktop.services.base import _default_user

        changes = {
            "source": str(source),
            "safety_copy": str(result.safety_copy or result.set_aside or ""),
            "classes": result.summary.classes,
            "learner_count": result.summary.learners,
            "certificates": result.summary.certificates,
        }
        database = Database(self.paths.database)
        try:
            with database.write_sessions.begin() as session:
                session.add(
                    AuditLog(
                        user=self._user() if self._user else _default_user(),
                        entity="database",
                        entity_id=None,
                        action=AuditAction.RESTORE.value,
                        changes=json.dumps(changes, ensure_ascii=False),
                        summary=f"{what} {source.name} ({summary_text(result.summary)})"[:500],
                    )
                )
        except Exception:  # the data is back; the missing entry is in the log file instead
            log.exception("Restore of %s not recorded in the audit log", source)
        finally:
            database.dispose()


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
