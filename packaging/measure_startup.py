"""Start-up times of the program from source and frozen, side by side (for the packaging report).

    python packaging/measure_startup.py --frozen dist/trungtam_desktop [--runs 7] [--window]

Medians over ``--runs`` of the wall time of ``--version`` and ``self-test``, for ``python -m
trungtam_desktop`` and the frozen console program. With ``--window`` (Linux: needs Xvfb and xdotool, and
Qt's xcb plugin with its system libraries) also the time from start until the main window is visible on a
virtual screen, over a data folder migrated beforehand, for source and for the frozen windowed program.
Nothing in the program is changed for this: the window is found by its title from outside.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOW_TITLE = "Quản lý Trung tâm chính trị"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TRUNGTAM_DATA_DIR"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def _timed(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    return time.perf_counter() - started


def _medians(commands: Sequence[Sequence[str]], runs: int, env: dict[str, str]) -> list[float]:
    """Median wall time of each command; the commands take turns, so a busy machine slows them alike."""
    for command in commands:
        _timed(command, env)  # warm the file cache: every figure is a warm start
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            times[i].append(_timed(command, env))
    return [statistics.median(t) for t in times]


def _time_to_window(command: Sequence[str], data: Path, env: dict[str, str], timeout: float = 60) -> float:
    """Seconds from start until a visible window whose title names the program exists."""
    errors = data / "stderr.txt"
    started = time.perf_counter()
    with errors.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--data-dir", str(data)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=sink
        )
    try:
        while time.perf_counter() - started < timeout:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", WINDOW_TITLE],
                env=env,
                capture_output=True,
                check=False,
            )
            if found.returncode == 0 and found.stdout.strip():
                return time.perf_counter() - started
            if process.poll() is not None:
                said = errors.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise RuntimeError(f"{command[0]} exited with {process.returncode} before a window:\n{said}")
            time.sleep(0.01)
        raise TimeoutError(f"no window after {timeout} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _window_medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    display = ":97"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1600x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    folder = Path(tempfile.mkdtemp(prefix="trungtam-measure-"))
    try:
        time.sleep(1.0)
        env = _env(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        # A data folder migrated once, so each start is the everyday one (no migration, no backup).
        template = folder / "template"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from trungtam_desktop.app import open_services;"
                "from trungtam_desktop.paths import DataPaths;"
                f"open_services(DataPaths(__import__('pathlib').Path({str(template)!r}))).close()",
            ],
            env=env,
            cwd=ROOT,
            check=True,
        )
        times: dict[str, list[float]] = {label: [] for label in commands}
        for run in range(runs + 1):  # the commands take turns; the first round warms the file cache
            for label, command in commands.items():
                data = folder / f"{label}-{run}"
                shutil.copytree(template, data)
                times[label].append(_time_to_window(command, data, env))
        return {label: statistics.median(t[1:]) for label, t in times.items()}
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--frozen", type=Path, required=True, help="the one-folder build (dist/trungtam_desktop)"
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--window", action="store_true", help="also time the main window (Xvfb, xdotool)")
    args = parser.parse_args(argv)

    suffix = ".exe" if sys.platform == "win32" else ""
    source = [sys.executable, "-m", "trungtam_desktop"]
    frozen_cli = [str(args.frozen / f"trungtam-desktop-cli{suffix}")]
    frozen_gui = [str(args.frozen / f"trungtam-desktop{suffix}")]
    env = _env()
    print(f"median of {args.runs} warm runs, seconds")
    print(f"{'':24}{'source':>10}{'frozen':>10}")
    for what in ("--version", "self-test"):
        from_source, frozen = _medians([[*source, what], [*frozen_cli, what]], args.runs, env)
        print(f"{what:24}{from_source:10.3f}{frozen:10.3f}")
    if args.window:
        shown = _window_medians({"source": source, "frozen": frozen_gui}, args.runs)
        print(f"{'start → window shown':24}{shown['source']:10.3f}{shown['frozen']:10.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
