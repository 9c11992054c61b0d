"""Bring a database file to the schema of this program, safely.

Run by the program itself at start-up (no alembic.ini for users). Before touching an existing file it is
copied to ``backups/``; the whole upgrade runs in one SQLite transaction, so a failure leaves the file as it
was. A file made by a newer program, or one that is not ours, is refused and never modified.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trungtam_desktop.db.backup import (
    KIND_BEFORE_MIGRATION,
    connect_read_only,
    looks_like_sqlite,
    make_backup,
)
from trungtam_desktop.db.engine import create_sqlite_engine
from trungtam_desktop.disk_errors import CORRUPT, describe, disk_error, kind_of
from trungtam_desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# The newest revision under migrations/versions. Known without importing Alembic, so that the everyday
# start-up (a database already at this revision) skips loading Alembic and its migration scripts; a test
# checks that it matches Alembic's head. Update it with every new revision.
SCHEMA_REVISION = "0004_reorganisation"


class DatabaseError(DomainError):
    """The database file cannot be used as it is (message in Vietnamese)."""


class DatabaseTooNewError(DatabaseError):
    pass


class NotOurDatabaseError(DatabaseError):
    pass


class MigrationFailedError(DatabaseError):
    pass


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package carries no migration"
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def read_revision(path: Path) -> tuple[str | None, bool]:
    """(revision stored in the file or None, whether the file has any table at all). Read-only."""
    if not path.exists() or path.stat().st_size == 0:
        return None, False
    if not looks_like_sqlite(path):
        raise NotOurDatabaseError(
            f"Tệp {path} không phải là cơ sở dữ liệu của chương trình (không phải SQLite)."
        )
    try:
        with contextlib.closing(connect_read_only(path)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                return None, bool(tables)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        if kind_of(exc) != CORRUPT:
            raise disk_error(exc, path) from exc
        raise NotOurDatabaseError(f"Tệp {path} bị hỏng hoặc không đọc được: {exc}.") from exc
    return (row[0] if row else None), True


def migrate(path: Path, backup_dir: Path, *, backup: bool = True) -> MigrationResult:
    """Upgrade ``path`` to the head revision (creating it if missing). See the module docstring.
    ``backup=False`` for a file that is itself a copy (a restore's staged file): no copy of the copy."""
    current, has_tables = read_revision(path)
    if current == SCHEMA_REVISION:
        return MigrationResult(current, current, None)
    head = head_revision()
    if current == head:
        return MigrationResult(current, head, None)
    if current is None and has_tables:
        raise NotOurDatabaseError(
            f"Tệp {path} là một cơ sở dữ liệu SQLite khác, không phải của chương trình này; "
            "chương trình không mở và không sửa tệp này."
        )
    if current is not None and current not in known_revisions():
        raise DatabaseTooNewError(
            f"Cơ sở dữ liệu {path} được tạo bởi phiên bản chương trình mới hơn (lược đồ {current}). "
            "Hãy cài phiên bản mới nhất của chương trình; tệp dữ liệu không bị thay đổi."
        )

    copy: Path | None = None
    if current is not None and backup:
        # Online backup API, integrity- and revision-checked (db/backup.py).
        copy = make_backup(path, backup_dir, f"{KIND_BEFORE_MIGRATION}-{current}")

    path.parent.mkdir(parents=True, exist_ok=True)
    # Foreign keys off while tables are rebuilt (batch mode), checked by hand before commit.
    engine = create_sqlite_engine(path, foreign_keys=False)
    try:
        from alembic import command

        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise MigrationFailedError(f"Dữ liệu vi phạm khóa ngoại sau khi nâng cấp: {problems[:5]}")
    except Exception as exc:  # our own MigrationFailedError above included: the message names the backup
        raise MigrationFailedError(_failure_message(path, copy, exc)) from exc
    finally:
        engine.dispose()
    return MigrationResult(current, head, copy)


def _failure_message(path: Path, backup: Path | None, exc: BaseException) -> str:
    where = f" Bản sao lưu trước khi nâng cấp: {backup}." if backup else ""
    kind = kind_of(exc)
    detail = describe(kind, path) if kind else f"Chi tiết: {type(exc).__name__}: {exc}"
    return f"Nâng cấp cơ sở dữ liệu {path} thất bại; tệp được giữ nguyên như trước.{where} {detail}"
