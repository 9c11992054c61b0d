"""Before and after in one run: the benchmarks of another checkout (the code before a change) and of this
one, area by area in turn, each in its own process, so that both meet the same machine load.

    python tests/benchmarks/run.py --vs /path/to/other/checkout [--vs-without MODULE ...] [--only NAME]

Each side is this runner in a child process with ``TRUNGTAM_BENCH_ROOT`` and ``PYTHONPATH`` set to the
checkout: it imports that checkout's package (even from this virtual environment), runs that checkout's
benchmark modules on a large demo built by that checkout's code (cached in its own tree), and prints the
figures alike (same precision, same goals). ``--vs-without MODULE`` hides a module installed here that the other
checkout does not depend on (``_rl_accel``, ReportLab's optional accelerator, which ReportLab uses whenever
it can import it), so that the other side runs as its own installation would. Figures are matched by
name; a figure one side does not print shows "–".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from goals import GOALS, derived, format_value, parse, verdict


def areas(root: Path) -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in (root / "tests" / "benchmarks").glob("bench_*.py"))


def hide(modules: Sequence[str]) -> Path:
    """A folder of stand-ins that fail to import, to put first on ``PYTHONPATH``."""
    folder = Path(tempfile.mkdtemp(prefix="bench-hidden-"))
    for name in modules:
        (folder / f"{name}.py").write_text(f"raise ImportError('{name} is hidden for this benchmark run')\n")
    return folder


def run_area(
    root: Path, area: str, note: Callable[[str], None], hidden: Path | None = None
) -> dict[str, tuple[float, str]]:
    """The figures of ``root``'s benchmark module for one area (and its seed and demo figures)."""
    path = os.pathsep.join([*([str(hidden)] if hidden else []), str(root)])
    env = dict(os.environ, PYTHONPATH=path, TRUNGTAM_BENCH_ROOT=str(root), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("run.py")), "--only", area],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        note(f"  {root.name} {area}: exit {done.returncode}\n{done.stderr[-3000:]}")
    for said in done.stderr.splitlines():
        if said.startswith("trungtam_desktop from"):
            note(f"  {said}")
    figures = parse(done.stdout)
    figures.update({name: (value, unit) for name, value, unit in derived(figures)})  # older checkouts
    return figures


def compare(
    before_root: Path,
    after_root: Path,
    only: str | None,
    note: Callable[[str], None],
    without: Sequence[str] = (),
) -> int:
    hidden = hide(without) if without else None
    try:
        return _compare(before_root, after_root, only, note, hidden)
    finally:
        if hidden:
            shutil.rmtree(hidden, ignore_errors=True)


def _compare(
    before_root: Path, after_root: Path, only: str | None, note: Callable[[str], None], hidden: Path | None
) -> int:
    names = sorted(set(areas(before_root)) | set(areas(after_root)))
    if only:
        names = [name for name in names if name == only]
    before: dict[str, tuple[float, str]] = {}
    after: dict[str, tuple[float, str]] = {}
    order: list[str] = []
    for area in names:
        for label, root, into, hiding in (
            ("before", before_root, before, hidden),
            ("after", after_root, after, None),
        ):
            note(f"{area}: {label} ({root}) ...")
            got = run_area(root, area, note, hiding) if area in areas(root) else {}
            for name in got:
                if name not in order:
                    order.append(name)
            into.update(got)
    width = max((len(name) for name in order), default=10)
    print(f"{'figure':{width}}  {'before':>12}  {'after':>12}  goal", flush=True)
    for name in order:
        cells = [format_value(*side[name]) if name in side else "–" for side in (before, after)]
        goal = ""
        if name in GOALS:
            then = verdict(name, *before[name]).rsplit(": ", 1)[1] if name in before else "–"
            now = verdict(name, *after[name]) if name in after else f"goal {GOALS[name]}: –"
            goal = f"{now} (before: {then})"
        print(f"{name:{width}}  {cells[0]:>12}  {cells[1]:>12}  {goal}".rstrip(), flush=True)
    return 0
