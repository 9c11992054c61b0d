"""Benchmark runner: builds (or reuses) the large demo database and runs every ``bench_*.py`` module.

    python tests/benchmarks/run.py [--rebuild] [--only NAME] [--vs OTHER_CHECKOUT]

The large demo (twenty years of a centre, about 1.4 million attendance marks) is cached under
``tests/benchmarks/.cache/large/`` together with how long seeding took; it is rebuilt when asked, or when the
code that shapes it (demo generator, models, migrations, sort keys) has changed since it was built.

Each ``bench_<area>.py`` beside this file has ``run(ctx: BenchContext) -> list[tuple[name, value, unit]]``.
Every figure is printed on its own line as ``name: value unit`` (for example ``learner_search_median:
12.3 ms``), followed by its goal when it has one (``goal ≤ 30 ms: met``; the goals are in ``goals.py``);
notes go to stderr so that stdout stays machine-readable. ``--vs`` runs another checkout's benchmarks too,
area by area in turn with this one's, and prints both side by side (``side_by_side.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
# The checkout being measured: this one, or another one's package and benchmark modules (``--vs`` runs
# this runner with TRUNGTAM_BENCH_ROOT and PYTHONPATH set to it, so both sides print alike).
ROOT = Path(os.environ.get("TRUNGTAM_BENCH_ROOT") or HERE.parents[1]).resolve()
BENCHES = ROOT / "tests" / "benchmarks"
CACHE = BENCHES / ".cache" / "large"
BUILD_INFO = CACHE / "build.json"
SEED = 20240101
# The files whose changes make a cached database stale.
FINGERPRINTED = (
    "trungtam_desktop/services/demo.py",
    "trungtam_desktop/services/demo_names.py",
    "trungtam_desktop/services/demo_staff.py",
    "trungtam_desktop/services/demo_model.py",
    "trungtam_desktop/services/demo_results.py",
    "trungtam_desktop/services/demo_certificates.py",
    "trungtam_desktop/services/certificate_faces.py",
    "trungtam_desktop/domain/vietnamese.py",
    "trungtam_desktop/db/models.py",
    "trungtam_desktop/db/migrations/versions",
)

Figure = tuple[str, float, str]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from goals import derived, line  # noqa: E402

from trungtam_desktop.app import OpenedData, open_services  # noqa: E402
from trungtam_desktop.paths import DataPaths  # noqa: E402
from trungtam_desktop.services.demo import seed_demo  # noqa: E402


@dataclass
class BenchContext:
    """What a benchmark module gets: the opened large demo database and how it was built."""

    opened: OpenedData
    summary: dict[str, int]
    seed_seconds: float
    rebuilt: bool
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.opened.services

    @property
    def database_path(self) -> Path:
        return self.opened.paths.database


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in FINGERPRINTED:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []:
            digest.update(file.relative_to(ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _progress() -> Callable[[str, int, int], None]:
    last = [0.0]

    def report(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 5 or done == total:
            last[0] = now
            note(f"  {stage}: {done:,}/{total:,}")

    return report


def build(rebuild: bool) -> BenchContext:
    """Open the cached large demo, building it first when missing, stale or asked for."""
    paths = DataPaths(CACHE)
    info = json.loads(BUILD_INFO.read_text("utf-8")) if BUILD_INFO.exists() else {}
    current = fingerprint()
    if not rebuild and info.get("fingerprint") != current and paths.database.exists():
        note("Cached database is stale (the demo, schema or sort keys changed): rebuilding.")
        rebuild = True
    if rebuild or not paths.database.exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        note(f"Building the large demo database in {CACHE} ...")
        opened = open_services(paths)
        start = time.perf_counter()
        summary = seed_demo(opened.database, scale="large", seed=SEED, progress=_progress())
        seconds = time.perf_counter() - start
        info = {"fingerprint": current, "seed_seconds": seconds, "summary": summary, "seed": SEED}
        BUILD_INFO.write_text(json.dumps(info, ensure_ascii=False, indent=1), "utf-8")
        opened.close()  # checkpoint the WAL so the file size below is the real one
        rebuilt = True
    else:
        note(f"Reusing the cached large demo database {paths.database} (use --rebuild to build it again).")
        rebuilt = False
    opened = open_services(paths)
    return BenchContext(opened, info["summary"], info["seed_seconds"], rebuilt)


def discover(only: str | None) -> list[ModuleType]:
    modules = []
    for path in sorted(BENCHES.glob("bench_*.py")):
        area = path.stem.removeprefix("bench_")
        if only and only not in (area, path.stem):
            continue
        spec = importlib.util.spec_from_file_location(f"benchmarks.{path.stem}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def emit(figures: Iterable[Figure]) -> list[Figure]:
    """Print each figure with its goal (and the figures derived from them); returns them."""
    figures = list(figures)
    by_name = {name: (float(value), unit) for name, value, unit in figures}
    for name, value, unit in [*figures, *derived(by_name)]:
        print(line(name, value, unit), flush=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks on the large demo database.")
    parser.add_argument("--rebuild", action="store_true", help="build the large demo database again")
    parser.add_argument("--only", metavar="NAME", help="run only bench_NAME.py (e.g. foundation)")
    parser.add_argument(
        "--vs", metavar="CHECKOUT", type=Path, help="also run another checkout's benchmarks, side by side"
    )
    parser.add_argument(
        "--vs-without",
        metavar="MODULE",
        action="append",
        default=[],
        help="hide an installed module from the other checkout (one it does not depend on)",
    )
    args = parser.parse_args(argv)
    if args.vs:
        from side_by_side import compare

        note(f"trungtam_desktop from {Path(sys.modules['trungtam_desktop'].__file__).parent}")
        return compare(args.vs.resolve(), ROOT, args.only, note, args.vs_without)
    modules = discover(args.only)
    if args.only and not modules:
        parser.error(f"no benchmark module bench_{args.only}.py in {BENCHES}")
    note(f"trungtam_desktop from {Path(sys.modules['trungtam_desktop'].__file__).parent}")
    ctx = build(args.rebuild)
    try:
        if not ctx.rebuilt:
            note("seed_large_seconds below was measured when the cached database was built.")
        emit(
            [
                ("seed_large_seconds", float(ctx.seed_seconds), "s"),
                ("database_size", ctx.database_path.stat().st_size / 1e6, "MB"),
            ]
        )
        emit((f"demo_{key}", value, "rows") for key, value in _summary_names(ctx.summary))
        for module in modules:
            started = time.perf_counter()
            emit(module.run(ctx))
            note(f"({module.__name__} took {time.perf_counter() - started:.1f} s)")
    finally:
        ctx.opened.close()
    return 0


def _summary_names(summary: dict[str, int]) -> list[tuple[str, int]]:
    english = {
        "Lớp học": "classes",
        "Học viên": "learners",
        "Lượt học": "enrolments",
        "Buổi học": "sessions",
        "Điểm danh": "attendance",
        "Điểm": "scores",
        "Giảng viên": "lecturers",
        "Giấy chứng nhận": "certificates",
    }
    return [(english[label], count) for label, count in summary.items() if label in english]


if __name__ == "__main__":
    sys.exit(main())
