"""Open every window and dialog of the catalogue on a simulated screen; report what does not fit.

Run in a child process (the offscreen platform's screen is fixed when Qt starts)::

    python -m tests.gui.screen_fit --width 1366 --height 728 --out result.json [--shots DIR]

The screen is the available area a Windows PC offers: 1366×768 less a 40-pixel taskbar; 1920×1080 at 125 %
or 150 % scaling gives 1536×864 or 1280×720 logical pixels (less the taskbar), and Qt lays out windows in
logical pixels, so those are simulated by their logical size. A window fits when its frame (title bar and
borders, ``FRAME``) lies within the area, its layout is not squeezed below its minimum size, and every
visible button lies on the screen, inside its window and not cut off by the widgets around it (a button
scrolled out of a scroll area's view can be scrolled to, and counts as shown).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def _start_qt(width: int, height: int, folder: Path) -> Any:
    config = folder / "screen.json"
    screen = {"name": "fit", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from trungtam_desktop.ui.application import GuiApplication

    return GuiApplication()


def settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(3):  # the screen fit's second look runs from a zero-time timer
        QApplication.processEvents()


def problems_of(window: Any) -> list[str]:
    """What lies outside the screen or is cut off, in words."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea

    from trungtam_desktop.ui.common.screen import FRAME, available_area

    area = available_area(window)
    found = []
    maximised = bool(window.windowState() & Qt.WindowState.WindowMaximized)
    outer = window.geometry() if maximised else window.geometry().marginsAdded(FRAME)
    if not area.contains(outer):
        found.append(f"window {_rect(outer)} outside the screen {_rect(area)}")
    minimum = window.minimumSizeHint()
    if minimum.width() > window.width() or minimum.height() > window.height():
        found.append(f"layout squeezed: needs {minimum.width()}×{minimum.height()}, has {window.width()}×"
                     f"{window.height()}")  # fmt: skip
    window_rect = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
    for button in window.findChildren(QAbstractButton):
        if not button.isVisible() or button.window() is not window:
            continue
        label = button.text().replace("&", "") or button.toolTip() or type(button).__name__
        rect = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        parent = button.parentWidget()
        while parent is not None and parent is not window:
            parent_rect = QRect(parent.mapToGlobal(QPoint(0, 0)), parent.size())
            if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent.objectName().endswith(
                "viewport"
            ):
                rect = rect.intersected(parent_rect)  # scrolled out of view: the clerk can scroll to it
                if rect.isEmpty():
                    break
            elif not parent_rect.contains(rect):
                found.append(f"button “{label}” cut off by {type(parent).__name__}")
                break
            parent = parent.parentWidget()
        if rect.isEmpty():
            continue
        if not window_rect.contains(rect) or not area.contains(rect):
            found.append(f"button “{label}” at {_rect(rect)} outside the window or the screen")
    return found


def _rect(rect: Any) -> str:
    return f"{rect.width()}×{rect.height()}+{rect.x()}+{rect.y()}"


def run(width: int, height: int, shots: Path | None, only: str | None) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="screen-fit-"))
    gui = _start_qt(width, height, folder)
    from tests.gui.catalogue import CATALOGUE, build_scene, window_classes

    scene = build_scene(folder / "data")
    result: dict[str, Any] = {
        "screen": [width, height],
        "missing": [name for name in window_classes() if name not in CATALOGUE],
        "problems": {},
        "checked": [],
        "maximised": [],
    }
    for name, factory in CATALOGUE.items():
        if only and only not in name:
            continue
        window, states = factory(scene)
        window.show()
        settle()
        if window.isMaximized():
            result["maximised"].append(name)
        for state, switch in [("", None), *states]:
            if switch is not None:
                switch(window)
                settle()
            key = f"{name}:{state}" if state else name
            result["checked"].append(key)
            found = problems_of(window)
            if found:
                result["problems"][key] = found
            if shots is not None:
                short = name.rsplit(".", 1)[-1].replace(" ", "_").replace("(", "").replace(")", "")
                window.grab().save(str(shots / f"{width}x{height}-{short}{'-' + state if state else ''}.png"))
        window.close()
        window.deleteLater()
        settle()
    scene.opened.close()
    gui.restore_excepthook()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--width", type=int, required=True)
    parser.add_argument("--height", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--only")
    args = parser.parse_args(argv)
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    result = run(args.width, args.height, args.shots, args.only)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
