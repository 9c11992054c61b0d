"""Class documents through the service: read from the database in one transaction, then render.

Target (issue "Class work"): the filled attendance sheet of 120 learners × 12 buổi in ≤ 0.5 s.

- ``attendance_sheet_largest_class``: the class of the large demo with the most learners (a resolution
  briefing of about 200 people over a few buổi);
- ``attendance_sheet_widest_class``: the class with the most marks (learners × buổi: a Sơ cấp class of
  about 50 learners over 53 buổi, printed as five column groups);
- ``attendance_sheet_120x12``: a class of exactly 120 learners and 12 buổi written into a fresh database
  (the large demo has no class of that shape), with its read time on its own.

Each figure is the median of several runs after one warm-up (fonts registered, styles built), in ms.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from trungtam_desktop.app import open_services
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.class_snapshot import load_class_snapshot
from trungtam_desktop.services.sample_class import SampleClassService

RUNS = 5
Figure = tuple[str, Any, str]


def _median_ms(work: Callable[[], object]) -> float:
    work()  # warm-up
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return round(statistics.median(times) * 1000, 1)


def _pick(database: Path, order: str) -> tuple[int, int, int]:
    """(class id, learners, buổi) of the class that comes first in ``order``."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT c.id, (SELECT count(*) FROM enrolment e WHERE e.class_id = c.id) AS learners, "
            "(SELECT count(*) FROM class_session s WHERE s.class_id = c.id) AS buoi "
            f"FROM training_class c ORDER BY {order} LIMIT 1"
        ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def _in_large_demo(ctx: Any) -> list[Figure]:
    documents = ctx.services.class_documents
    figures: list[Figure] = []
    for name, order in (("largest", "learners DESC, buoi DESC"), ("widest", "learners * buoi DESC")):
        class_id, learners, buoi = _pick(ctx.database_path, order)
        ms = _median_ms(lambda cid=class_id: documents.attendance_sheet(cid, blank=False))
        figures += [
            (f"attendance_sheet_{name}_class", ms, "ms"),
            (f"attendance_sheet_{name}_class_learners", learners, "learners"),
            (f"attendance_sheet_{name}_class_buoi", buoi, "buoi"),
        ]
    return figures


def _sample_120x12() -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="trungtam-bench-print-"))
    opened = open_services(DataPaths(folder))
    try:
        sample = SampleClassService(opened.services.context).create_sample_class(
            "BENCH-120", learners=120, sessions=12
        )
        services = opened.services

        def read() -> None:  # what the service reads, in a read transaction like its own
            with opened.database.read_sessions.begin() as session:
                load_class_snapshot(session, sample.class_id, marks=True)

        def sheet() -> bytes:
            return services.class_documents.attendance_sheet(sample.class_id, blank=False)

        return [
            ("attendance_sheet_120x12", _median_ms(sheet), "ms"),
            ("attendance_sheet_120x12_read", _median_ms(read), "ms"),
        ]
    finally:
        opened.close()
        shutil.rmtree(folder, ignore_errors=True)


def run(ctx: Any) -> list[Figure]:
    return _in_large_demo(ctx) + _sample_120x12()
