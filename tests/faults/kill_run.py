"""Fault injection: SIGKILL a large learner import, a bulk certificate issue, a restore of an encrypted
backup and an encrypted backup at random moments, then reopen the data folder and check it.

    python -m tests.faults.kill_run                      # 10 kills of each operation (40 in all)
    python -m tests.faults.kill_run --kills 15 --rows 3000 --learners 400 --seed 8

The restore and the backup are killed in each of their steps in turn (``kill_steps.py``): after the next
start there must be no damaged database, no lost commit and no copy of the data in clear left behind.

Each operation is prepared once in a template data folder (a migrated database, a class, and for the
issue 400 learners who all attended and passed). One uninterrupted run gives the row counts of every table
when the operation completes. Then, for every kill, a fresh copy of the template is handed to a child
process (``kill_child.py``); when the child says ``BEGIN`` the parent sleeps a seeded random delay between
0 and the measured length of the whole call and kills it (SIGKILL on POSIX, TerminateProcess on Windows);
every third kill waits instead for ``COMMIT`` (SQLAlchemy about to commit) and kills it within 1.5 times
the measured COMMIT → return time, while SQLite writes the WAL and syncs it.
The database is then reopened with plain sqlite3: ``PRAGMA integrity_check`` must say ``ok`` and the row
count of *every* table (learners, enrolments, certificates, their snapshots, audit log...) must equal either
the template's (nothing written) or the completed run's (everything written). Anything else is a partial
batch. The figures are printed as ``kills: 20, damaged: 0, partial batches: 0, complete: x, none: y`` and
the exit code is 1 when a database is damaged or a batch partial.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.classwork_builder import build_class  # noqa: E402
from tests.import_fixtures import big_list  # noqa: E402
from trungtam_desktop.app import open_services  # noqa: E402
from trungtam_desktop.paths import DataPaths  # noqa: E402

IMPORT_CLASS, ISSUE_CLASS = "NHAP-2024-01", "CAP-2024-01"
DATABASE = "trungtam.sqlite"


@dataclass(frozen=True)
class Prepared:
    """A template data folder and what its database holds before and after the operation."""

    operation: str
    template: Path
    args: tuple[str, ...]  # after the data folder, for kill_child
    before: dict[str, int]
    after: dict[str, int]
    seconds: float  # BEGIN → DONE of the uninterrupted run
    commit_seconds: float  # COMMIT → DONE of the uninterrupted run (writing the WAL and syncing it)


@dataclass
class Figures:
    kills: int = 0
    damaged: int = 0
    partial: int = 0
    complete: int = 0
    none: int = 0
    lost_commits: int = 0
    plain_leftovers: int = 0
    phases: Counter[str] = field(default_factory=Counter)  # the child's last word before it died
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"kills: {self.kills}, damaged: {self.damaged}, partial batches: {self.partial}, "
            f"lost commits: {self.lost_commits}, plain-text leftovers: {self.plain_leftovers}, "
            f"complete: {self.complete}, none: {self.none}"
        )

    def add(self, other: Figures) -> Figures:
        for name in ("kills", "damaged", "partial", "complete", "none", "lost_commits", "plain_leftovers"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.phases.update(other.phases)
        self.problems.extend(other.problems)
        return self

    @property
    def failed(self) -> bool:
        return bool(self.damaged or self.partial or self.lost_commits or self.plain_leftovers)


# -- the database, read without the program ----------------------------------------------------------------
def inspect(database: Path) -> tuple[str, dict[str, int]]:
    """``PRAGMA integrity_check`` and the row count of every table (opening replays or drops the WAL)."""
    connection = sqlite3.connect(database)
    try:
        integrity = "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        return integrity, counts
    finally:
        connection.close()


def copy_folder(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


# -- the child ---------------------------------------------------------------------------------------------
@dataclass
class ChildRun:
    words: list[tuple[float, str]]
    returncode: int
    killed_at: float | None
    stderr: str

    def last_word(self) -> str:
        return self.words[-1][1] if self.words else "-"

    def time_of(self, word: str) -> float | None:
        return next((t for t, w in self.words if w == word), None)


def run_child(
    data_dir: Path, operation: str, args: tuple[str, ...], delay: float | None, trigger: str = "BEGIN"
) -> ChildRun:
    """Run kill_child; with ``delay`` kill it that many seconds after it says ``trigger``."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.kill_child", operation, str(data_dir), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    words: list[tuple[float, str]] = []
    began = threading.Event()
    errors: list[str] = []

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            words.append((time.perf_counter(), line.strip()))
            if line.strip() == trigger:
                began.set()
        began.set()  # the child ended without BEGIN: do not wait forever

    def read_stderr() -> None:
        assert process.stderr is not None
        errors.append(process.stderr.read())

    readers = [threading.Thread(target=read_stdout), threading.Thread(target=read_stderr)]
    for reader in readers:
        reader.start()
    killed_at = None
    if delay is not None:
        began.wait(timeout=120)
        time.sleep(delay)
        if process.poll() is None:
            process.kill()
            killed_at = time.perf_counter()
    process.wait(timeout=300)
    for reader in readers:
        reader.join()
    return ChildRun(words, process.returncode, killed_at, "".join(errors))


# -- preparing the two operations --------------------------------------------------------------------------
def prepare_import(folder: Path, rows: int) -> tuple[Path, tuple[str, ...]]:
    template = folder / "nhap"
    opened = open_services(DataPaths(template))
    try:
        build_class(opened.database, code=IMPORT_CLASS, learners=0, sessions=2)
    finally:
        opened.close()
    source = big_list(folder / f"danh-sach-{rows}.xlsx", rows)
    return template, (str(source), IMPORT_CLASS)


def prepare_issue(folder: Path, learners: int) -> tuple[Path, tuple[str, ...]]:
    template = folder / "cap"
    opened = open_services(DataPaths(template))
    try:
        services = opened.services
        built = build_class(opened.database, code=ISSUE_CLASS, learners=learners, sessions=2)
        for session_id in built.session_ids:
            services.attendance.mark_session_present(built.class_id, session_id)
        component = services.results.sheet(built.class_id).components[0].id
        services.results.set_scores(
            built.class_id, {(e, component): 5 + i % 50 / 10 for i, e in enumerate(built.enrolment_ids)}
        )
    finally:
        opened.close()
    return template, (ISSUE_CLASS,)


def prepare(folder: Path, operation: str, size: int) -> Prepared:
    """The template, its counts, and the counts and duration of one uninterrupted run on a copy."""
    if operation == "import":
        template, args = prepare_import(folder, size)
    else:
        template, args = prepare_issue(folder, size)
    integrity, before = inspect(template / DATABASE)
    assert integrity == "ok", integrity
    probe = copy_folder(template, folder / f"{operation}-tron-ven")
    run = run_child(probe, operation, args, None)
    if run.returncode != 0 or run.last_word() != "DONE":
        raise RuntimeError(f"the uninterrupted {operation} failed:\n{run.stderr}")
    integrity, after = inspect(probe / DATABASE)
    assert integrity == "ok", integrity
    changed = {t for t in after if after[t] != before.get(t)}
    if not changed:
        raise RuntimeError(f"the uninterrupted {operation} wrote nothing")
    done = run.time_of("DONE") or 0.0
    seconds = done - (run.time_of("BEGIN") or 0.0)
    commit_seconds = done - (run.time_of("COMMIT") or done)
    shutil.rmtree(probe, ignore_errors=True)
    return Prepared(operation, template, args, before, after, seconds, commit_seconds)


# -- killing -----------------------------------------------------------------------------------------------
def kill_once(prepared: Prepared, target: Path, delay: float, trigger: str, figures: Figures) -> str:
    data = copy_folder(prepared.template, target)
    run = run_child(data, prepared.operation, prepared.args, delay, trigger)
    if run.killed_at is None and run.returncode != 0:
        raise RuntimeError(f"the child failed by itself:\n{run.stderr}")
    figures.kills += 1
    phase = run.last_word() if run.killed_at is not None else "DONE (lived)"
    figures.phases[f"{prepared.operation}: {phase}"] += 1
    try:
        integrity, counts = inspect(data / DATABASE)
    except sqlite3.DatabaseError as exc:
        integrity, counts = f"cannot open: {exc}", {}
    if integrity != "ok":
        figures.damaged += 1
        outcome = f"DAMAGED ({integrity})"
    elif counts == prepared.after:
        figures.complete += 1
        outcome = "complete"
    elif counts == prepared.before:
        figures.none += 1
        outcome = "none"
    else:
        figures.partial += 1
        moved = {t: (prepared.before.get(t), counts.get(t), prepared.after.get(t)) for t in counts}
        outcome = "PARTIAL " + ", ".join(
            f"{t}: {b}→{c} (all: {a})" for t, (b, c, a) in moved.items() if c not in (b, a) or b != a
        )
    if outcome not in ("complete", "none"):
        figures.problems.append(f"{prepared.operation} +{delay * 1000:.0f} ms: {outcome} (kept in {data})")
    else:
        shutil.rmtree(data, ignore_errors=True)
    when = f"{trigger} +{delay * 1000:.1f} ms"
    return f"{prepared.operation}: kill at {when:<16} last word {phase:<8} → {outcome}"


def run_faults(
    folder: Path,
    *,
    kills: int = 10,
    rows: int = 3000,
    learners: int = 400,
    seed: int = 8,
    say: Callable[[str], None] = lambda _line: None,
) -> Figures:
    """``kills`` kills of each operation; returns the figures (``say`` receives one line per kill)."""
    rng = random.Random(seed)
    figures = Figures()
    for operation, size in (("import", rows), ("issue", learners)):
        prepared = prepare(folder, operation, size)
        say(
            f"{operation}: {size} rows, uninterrupted call {prepared.seconds * 1000:.0f} ms "
            f"(commit {prepared.commit_seconds * 1000:.0f} ms); tables written: "
            + ", ".join(
                f"{t} +{prepared.after[t] - prepared.before.get(t, 0)}"
                for t in prepared.after
                if prepared.after[t] != prepared.before.get(t)
            )
        )
        for n in range(kills):
            # Two kills in three at a random point of the whole call; every third one while COMMIT is
            # being written (the journal and the fsync), where a power cut does the most harm.
            if n % 3 == 2:
                trigger, delay = "COMMIT", rng.uniform(0.0, max(prepared.commit_seconds * 1.5, 0.004))
            else:
                trigger, delay = "BEGIN", rng.uniform(0.0, prepared.seconds * 1.05)
            say(kill_once(prepared, folder / f"{operation}-{n:02d}", delay, trigger, figures))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kills", type=int, default=10, help="kills of each operation (default 10)")
    parser.add_argument("--rows", type=int, default=3000, help="rows of the imported list (default 3000)")
    parser.add_argument("--learners", type=int, default=400, help="certificates issued at once (default 400)")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    from tests.faults.kill_steps import run_step_faults

    with tempfile.TemporaryDirectory(prefix="trungtam-kill-") as folder:
        figures = run_faults(
            Path(folder), kills=args.kills, rows=args.rows, learners=args.learners, seed=args.seed, say=print
        )
        figures.add(
            run_step_faults(Path(folder), kills=args.kills, learners=args.learners, seed=args.seed, say=print)
        )
        for problem in figures.problems:
            print("problem:", problem)
    print(
        "where the kills landed (the child's last word): "
        + ", ".join(f"{k} ×{v}" for k, v in sorted(figures.phases.items()))
    )
    print(figures.line())
    print(f"time: {time.perf_counter() - started:.0f} s")
    return 1 if figures.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
