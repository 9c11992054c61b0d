"""The race of issue 15 finding 1: a learner import from the command line, and a restore started in another
process while it runs. Before, both said they had succeeded and the imported learners were in neither the
live database nor the restore's safety copy.

    python -m tests.faults.race_run                   # 20 runs of a 3,000-row import
    python -m tests.faults.race_run --runs 5 --rows 800 --seed 2

Each run copies a template data folder, starts ``trungtam-desktop import learners`` and, after a seeded
random delay, ``trungtam-desktop restore`` of a backup made before. Every run must end one of these ways:
both done in order (the restore waited for the import: its learners are in the safety copy; or the import
waited for the restore: they are in the restored database), or one refused with a Vietnamese message and
the other done. A *silent loss* is an import that said "Đã tạo" whose learners are nowhere; a traceback or
a damaged database is counted too. The figures are printed; the exit code is 1 if anything was lost.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.classwork_builder import build_class  # noqa: E402
from tests.import_fixtures import big_list  # noqa: E402
from trungtam_desktop.app import open_services  # noqa: E402
from trungtam_desktop.db import backup as bk  # noqa: E402
from trungtam_desktop.paths import DataPaths  # noqa: E402

CLASS = "NHAP-DUA-2024"


@dataclass
class RaceFigures:
    runs: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    silent_losses: int = 0
    tracebacks: int = 0
    damaged: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"runs: {self.runs}, silent losses: {self.silent_losses}, tracebacks: {self.tracebacks}, "
            f"damaged: {self.damaged} ({kinds})"
        )


def names(path: Path) -> set[str]:
    """The citizen-ID numbers of a database's learners (each row of the list has its own)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT cccd FROM learner WHERE cccd IS NOT NULL")}


def prepare(folder: Path, rows: int) -> tuple[Path, Path, Path, set[str]]:
    """A template data folder with a class, a backup made of it, and the list to import."""
    template = folder / "mau"
    opened = open_services(DataPaths(template))
    try:
        build_class(opened.database, code=CLASS, learners=3, sessions=2)
    finally:
        opened.close()
    backup = bk.backup_file(DataPaths(template).database, folder / "sao-luu.sqlite")
    source = big_list(folder / f"danh-sach-{rows}.xlsx", rows)
    from openpyxl import load_workbook

    sheet = load_workbook(source, read_only=True).active
    listed = {str(r[5]) for r in sheet.iter_rows(values_only=True) if r and isinstance(r[0], int) and r[5]}
    return template, backup, source, listed


def command(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "trungtam_desktop", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def race_once(
    folder: Path, n: int, prepared: tuple[Path, Path, Path, set[str]], delay: float, figures: RaceFigures
) -> str:
    template, backup, source, listed = prepared
    data = folder / f"lan-{n:02d}"
    shutil.copytree(template, data)
    importing = command("import", "learners", str(source), "--data-dir", str(data), "--class", CLASS)
    time.sleep(delay)
    restoring = command("restore", "--data-dir", str(data), str(backup))
    out_i, err_i = importing.communicate(timeout=600)
    out_r, err_r = restoring.communicate(timeout=600)
    figures.runs += 1
    problems = []
    for err in (err_i, err_r):
        if "Traceback" in err:
            figures.tracebacks += 1
            problems.append("traceback: " + err.strip().splitlines()[-1])
    imported = importing.returncode == 0 and "Đã tạo" in out_i
    restored = restoring.returncode == 0 and "Đã khôi phục" in out_r
    for ok, err, who in ((imported, err_i, "import"), (restored, err_r, "restore")):
        if not ok and "Lỗi" not in err:
            problems.append(f"{who} failed without a message: {err.strip()[-200:]}")
    live = data / "trungtam.sqlite"
    integrity = sqlite3.connect(live).execute("PRAGMA integrity_check").fetchone()[0]
    if integrity != "ok":
        figures.damaged += 1
        problems.append(f"damaged: {integrity}")
    in_live = listed & names(live)
    safety = sorted((data / "backups").glob(f"trungtam_*_{bk.KIND_BEFORE_RESTORE}.sqlite"))
    in_safety = listed & set().union(*(names(p) for p in safety)) if safety else set()
    if imported and restored:
        if in_live == listed and "Đang chờ lệnh “restore”" in err_i:
            outcome = "both done: restore, then import"
        elif in_safety == listed and in_live == set():
            outcome = "both done: import, then restore"
        else:
            outcome = "LOST"
    elif imported:
        outcome = "restore refused, import done" if in_live == listed else "LOST"
    elif restored:
        outcome = "import refused, restore done"
    else:
        outcome = "both refused"
    if outcome == "LOST":
        figures.silent_losses += 1
        problems.append(
            f"imported learners: {len(in_live)} in the database, {len(in_safety)} in the safety copy"
        )
    figures.outcomes[outcome] += 1
    if problems:
        figures.problems.append(
            f"run {n} (+{delay:.2f} s): {outcome}; " + "; ".join(problems) + f" (kept in {data})"
        )
    else:
        shutil.rmtree(data, ignore_errors=True)
    return f"run {n:2d}: restore started {delay:.2f} s after the import → {outcome}"


def run_races(
    folder: Path,
    *,
    runs: int = 20,
    rows: int = 3000,
    seed: int = 1,
    delays: list[float] | None = None,
    say=lambda _line: None,
) -> RaceFigures:  # type: ignore[no-untyped-def]
    """``runs`` races with seeded random delays between 0 and 2 s (or the ``delays`` given)."""
    prepared = prepare(folder, rows)
    rng = random.Random(seed)
    figures = RaceFigures()
    for n, delay in enumerate(delays or [rng.uniform(0.0, 2.0) for _ in range(runs)]):
        say(race_once(folder, n, prepared, delay, figures))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trungtam-dua-") as folder:
        figures = run_races(Path(folder), runs=args.runs, rows=args.rows, seed=args.seed, say=print)
        for problem in figures.problems:
            print("problem:", problem)
    print(figures.line())
    print(f"time: {time.perf_counter() - started:.0f} s")
    return 1 if figures.silent_losses or figures.tracebacks or figures.damaged else 0


if __name__ == "__main__":
    raise SystemExit(main())
