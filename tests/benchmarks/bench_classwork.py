"""Class-work benchmark: opening one class (header, roster, attendance grid, results sheet) and saving marks.

Target (issue "Class work"): opening a class of 120 learners and 12 buổi ≤ 200 ms. The class is built in a
fresh temporary database (every learner marked for every buổi, every component scored) because no class of
the demo is that large; the largest class of the cached large demo is measured too when the runner gives
one. Also measured: one keystroke of attendance (``set_marks`` of one cell, returning the new grid) and
"everyone present" for a buổi, the two writes the attendance page makes.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.classwork_builder import build_class  # noqa: E402
from trungtam_desktop.app import open_services  # noqa: E402
from trungtam_desktop.domain.enums import AttendanceStatus  # noqa: E402
from trungtam_desktop.paths import DataPaths  # noqa: E402

LEARNERS = 120
SESSIONS = 12
RUNS = 15


def _median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm: statement cache, page cache
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1)


def _open_class(services: Any, class_id: int) -> Callable[[], object]:
    """What the class window reads when it opens: its header, roster, attendance grid and results."""

    def read() -> object:
        services.classes.get(class_id)
        services.enrolment.roster(class_id)
        grid = services.attendance.grid(class_id)
        sheet = services.results.sheet(class_id)
        return grid, sheet

    return read


def _built_class_figures() -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-classwork-") as folder:
        opened = open_services(DataPaths(Path(folder)))
        try:
            services = opened.services
            built = build_class(
                opened.database,
                code="SCLLCT-2024-99",
                programme_code="SCLLCT",
                learners=LEARNERS,
                sessions=SESSIONS,
            )
            cid = built.class_id
            started = time.perf_counter()
            for session_id in built.session_ids:
                services.attendance.mark_session_present(cid, session_id)
            present_ms = (time.perf_counter() - started) * 1000 / SESSIONS
            components = [c.id for c in services.results.sheet(cid).components]
            services.results.set_scores(
                cid,
                {
                    (e, c): 5 + (i * 7 + k * 3) % 50 / 10
                    for i, e in enumerate(built.enrolment_ids)
                    for k, c in enumerate(components)
                },
            )
            grid, sheet = _open_class(services, cid)()  # type: ignore[misc]
            assert len(grid.rows) == LEARNERS and len(grid.sessions) == SESSIONS
            assert all(line.outcome.final is not None for line in sheet.rows)
            cells = [(e, s) for e in built.enrolment_ids[: RUNS + 1] for s in built.session_ids[:1]]
            statuses = iter([AttendanceStatus.EXCUSED, AttendanceStatus.PRESENT] * RUNS)
            keystroke = iter(cells * 2)
            return [
                (f"class_open_{LEARNERS}x{SESSIONS}", _median_ms(_open_class(services, cid)), "ms"),
                (
                    f"attendance_grid_{LEARNERS}x{SESSIONS}",
                    _median_ms(lambda: services.attendance.grid(cid)),
                    "ms",
                ),
                (
                    f"results_sheet_{LEARNERS}x{SESSIONS}",
                    _median_ms(lambda: services.results.sheet(cid)),
                    "ms",
                ),
                (
                    "attendance_keystroke",
                    _median_ms(lambda: services.attendance.set_marks(cid, {next(keystroke): next(statuses)})),
                    "ms",
                ),
                ("attendance_everyone_present", round(present_ms, 1), "ms"),
            ]
        finally:
            opened.close()


def _largest_demo_class(ctx: Any) -> list[tuple[str, float, str]]:
    with closing(sqlite3.connect(ctx.database_path)) as conn:
        row = conn.execute(
            """SELECT c.id, (SELECT count(*) FROM enrolment e WHERE e.class_id = c.id) AS learners,
                      (SELECT count(*) FROM class_session s WHERE s.class_id = c.id) AS sessions
               FROM training_class c ORDER BY learners * sessions DESC LIMIT 1"""
        ).fetchone()
    if row is None:
        return []
    class_id, learners, sessions = row
    print(f"largest demo class: id {class_id}, {learners} learners × {sessions} buổi", file=sys.stderr)
    return [("class_open_largest_demo", _median_ms(_open_class(ctx.services, class_id)), "ms")]


def run(ctx: Any = None) -> list[tuple[str, float, str]]:
    figures = _built_class_figures()
    if ctx is not None:
        figures += _largest_demo_class(ctx)
    return figures


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name}: {value} {unit}")
