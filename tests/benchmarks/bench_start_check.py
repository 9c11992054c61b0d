"""Which check can every start afford? Measured on the large demo (issue 15: "a cheap check at every start").

Candidates, each on a warm cache (the program ran a moment ago) and, where the OS allows dropping its cache
(Linux, root), on a cold one (the first start of the morning):

- header: the SQLite header and the length the header promises (finds a file cut off or overwritten);
- quick_check: ``PRAGMA quick_check`` — every page of every b-tree read once (finds a damaged page anywhere);
- integrity_check: ``PRAGMA integrity_check`` — quick_check plus every index checked against its table.

The program runs ``quick_check`` at every start (``db/start_checks.py``) and the full ``integrity_check`` on
the daily backup's copy; the figures below are the reason.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

from trungtam_desktop.db import backup as bk


def _drop_cache() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def _pragma(path: Path, pragma: str) -> float:
    start = time.perf_counter()
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        assert conn.execute(f"PRAGMA {pragma}").fetchall() == [("ok",)]
    return time.perf_counter() - start


def _header(path: Path) -> float:
    start = time.perf_counter()
    assert bk.looks_like_sqlite(path) and not bk.truncated(path)
    return time.perf_counter() - start


def run(ctx: Any) -> list[tuple[str, float, str]]:
    path = Path(ctx.database_path)
    figures: list[tuple[str, float, str]] = [("database_size", path.stat().st_size / 1e6, "MB")]
    checks = {
        "header": lambda: _header(path),
        "quick_check": lambda: _pragma(path, "quick_check"),
        "integrity_check": lambda: _pragma(path, "integrity_check"),
    }
    cold = os.name == "posix" and _drop_cache()
    for name, check in checks.items():
        if cold:
            _drop_cache()
            figures.append((f"start_check_{name}_cold_seconds", check(), "s"))
        check()  # warm the cache
        figures.append((f"start_check_{name}_warm_seconds", min(check() for _ in range(3)), "s"))
    if not cold:
        ctx.extra["start_check_cold"] = "not measured (needs Linux and root to drop the page cache)"
    return figures
