"""Main window benchmark on the large demo database (issue "Main window").

Each measurement runs in a fresh child process of the same interpreter, so imports and Qt start-up are
paid as a clerk pays them:

- ``bare_window``: import PySide6, create the QApplication, show an empty QMainWindow.
- ``startup``: the program's own path (open and check the database, build the services, the main window
  with the class list filled) until the window is exposed. Printed with the ratio to the bare window.
- ``search_typing``: typing a learner search one character at a time; each step is the time from the text
  change to the table updated (the debounce timer is skipped with ``flush``: it is a pause on purpose).
- ``peak_memory``: maximum resident size after visiting every tab and searching.

Targets: start-up ≤ 0.5 s and ≤ 4× the bare window (issue 17); search median ≤ 80 ms; peak memory ≤ 350 MB.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3
QUERIES = ("nguyen thi my", "tran van", "hiep thanh", "le thi hoa", "k'bron", "1985", "pham duc")


def _child(mode: str, data_dir: str, launched: float) -> dict[str, float]:
    """Runs inside the child process; returns the figures as JSON-friendly numbers."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication, QMainWindow

    def wait_exposed(window: QMainWindow) -> None:
        window.show()
        while window.windowHandle() is None or not window.windowHandle().isExposed():
            QApplication.processEvents()
        QApplication.processEvents()

    if mode == "bare":
        app = QApplication([])
        window = QMainWindow()
        window.resize(1366, 740)
        wait_exposed(window)
        figures = {"shown": time.time() - launched}
        del app
        return figures

    from trungtam_desktop.app import create_main_window, open_services
    from trungtam_desktop.paths import DataPaths
    from trungtam_desktop.ui.application import GuiApplication

    QCoreApplication.setOrganizationName("trungtam-bench")
    gui = GuiApplication()
    opened = open_services(DataPaths(Path(data_dir)))
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "window.ini"), QSettings.Format.IniFormat)
    window = create_main_window(opened, settings)
    window.resize(1366, 740)
    wait_exposed(window)
    figures = {"shown": time.time() - launched, "classes_rows": window.classes_tab.model.rowCount()}
    if mode == "startup":
        gui.restore_excepthook()
        return figures

    tab = window.learners_tab
    window.tabs.setCurrentWidget(tab)
    QApplication.processEvents()
    steps: list[float] = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            tab.search.setText(query[:end])
            tab.search.flush()
            QApplication.processEvents()
            steps.append((time.perf_counter() - started) * 1000)
        tab.search.setText("")
        tab.search.flush()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    figures["search_steps"] = len(steps)
    figures["search_median_ms"] = statistics.median(steps)
    figures["search_p95_ms"] = statistics.quantiles(steps, n=20)[-1]
    figures["peak_memory_mb"] = _peak_memory_mb()
    opened.close()
    gui.restore_excepthook()
    return figures


def _peak_memory_mb() -> float:
    """This process's peak resident size. Linux's VmHWM starts afresh at exec; ru_maxrss does not (it keeps
    the forking runner's size, which is much larger after the other benchmarks)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _spawn(mode: str, data_dir: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    launched = time.time()
    done = subprocess.run(
        [sys.executable, __file__, mode, str(data_dir), repr(launched)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(ctx) -> list[tuple[str, float, str]]:  # type: ignore[no-untyped-def]
    data_dir = ctx.opened.paths.root
    ctx.opened.close()  # the child opens it itself, as the program would
    bare = statistics.median(_spawn("bare", data_dir)["shown"] for _ in range(RUNS))
    starts = [_spawn("startup", data_dir) for _ in range(RUNS)]
    startup = statistics.median(s["shown"] for s in starts)
    usage = _spawn("usage", data_dir)
    return [
        ("bare_window_shown", bare, "s"),
        ("startup_main_window_shown", startup, "s"),
        ("startup_ratio_to_bare_window", startup / bare, "x"),
        ("startup_classes_listed", int(starts[0]["classes_rows"]), "rows"),
        ("learner_search_typing_median", usage["search_median_ms"], "ms"),
        ("learner_search_typing_p95", usage["search_p95_ms"], "ms"),
        ("learner_search_typing_steps", int(usage["search_steps"]), "steps"),
        ("peak_memory_all_tabs", usage["peak_memory_mb"], "MB"),
    ]


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2], float(sys.argv[3]))), flush=True)
