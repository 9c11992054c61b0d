"""Backup benchmark on the large demo: online backup (verified), restore into place, round trip identical.

Targets: backup ≤ 5 s, restore ≤ 5 s. The round trip compares every table's row count and a SHA-256 of its
rows (in primary-key order) between the live database, the backup and the restored file; any difference
fails the run. Also timed: the encrypted export (scrypt + AES-GCM, read back), the check of every start and
the daily backup (``bench_start_check.py`` compares the candidate start checks).
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from trungtam_desktop.db import backup as bk
from trungtam_desktop.db.restore import restore_database
from trungtam_desktop.db.start_checks import check_at_start, daily_step
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.backups import BackupService


def table_digest(path: Path) -> dict[str, tuple[int, str]]:
    result = {}
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        names = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        for name in names:
            digest = hashlib.sha256()
            count = 0
            for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
                digest.update(repr(row).encode())
                count += 1
            result[name] = (count, digest.hexdigest())
    return result


def run(ctx: Any) -> list[tuple[str, float, str]]:
    source = ctx.database_path
    work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    try:
        paths = DataPaths(work / "data").ensure()
        start = time.perf_counter()
        copy = bk.make_backup(source, paths.backups, bk.KIND_MANUAL)  # includes integrity + revision check
        backup_s = time.perf_counter() - start

        shutil.copy(
            copy, paths.database
        )  # a "current" database to be replaced (closed: a plain copy is fine)
        start = time.perf_counter()
        result = restore_database(
            copy, paths
        )  # safety copy of the current one + check + copy + check + rename
        restore_s = time.perf_counter() - start

        original, backed_up, restored = table_digest(source), table_digest(copy), table_digest(paths.database)
        identical = original == backed_up == restored
        if not identical:
            differing = [
                t for t in original if original[t] != restored.get(t) or original[t] != backed_up.get(t)
            ]
            raise AssertionError(f"round trip differs in tables: {differing}")
        rows = sum(count for count, _ in original.values())
        ctx.extra["backup_safety_copy"] = str(result.safety_copy)

        service = BackupService(paths)
        start = time.perf_counter()
        sealed = service.export(work / "usb", "mật khẩu thử")
        encrypted_s = time.perf_counter() - start

        fresh = DataPaths(work / "fresh").ensure()
        shutil.copy(copy, fresh.database)
        start = time.perf_counter()
        check = check_at_start(fresh)  # every start: sweep, header, length, PRAGMA quick_check
        start_check_s = time.perf_counter() - start
        assert not check.damaged
        start = time.perf_counter()
        daily = daily_step(fresh)  # the first start of a day: the backup with its full integrity check
        daily_s = time.perf_counter() - start
        assert daily.made is not None and daily.failure is None
        return [
            ("backup_seconds", backup_s, "s"),
            ("restore_seconds", restore_s, "s"),
            ("round_trip_tables", len(original), "tables"),
            ("round_trip_rows", rows, "rows"),
            ("round_trip_identical", 1 if identical else 0, "bool"),
            ("backup_size", copy.stat().st_size / 1e6, "MB"),
            ("encrypted_export_seconds", encrypted_s, "s"),
            ("encrypted_size", sealed.stat().st_size / 1e6, "MB"),
            ("start_check_seconds", start_check_s, "s"),
            ("daily_backup_seconds", daily_s, "s"),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
