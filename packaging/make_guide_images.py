"""Make the user guide's screenshots from the real windows, on the demo data, at 1366×768.

    .venv/bin/python packaging/make_guide_images.py [--out resources/help/img]

Runs Qt offscreen with a 1366×768 screen (less the taskbar), opens each window the guide shows through the
window catalogue of the screen-fit test (tests/gui/catalogue.py), and saves it scaled to at most 900 pixels
wide in 96 colours, so the images stay small enough to ship (resources/help/img, about 30–70 KB each).
Run it again after changing a window the guide shows; commit the images with the change.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MAX_WIDTH = 900
COLOURS = 96


def _start_qt(folder: Path) -> Any:
    config = folder / "screen.json"
    screen = {"name": "guide", "x": 0, "y": 0, "width": 1366, "height": 728, "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from trungtam_desktop.ui.application import GuiApplication

    return GuiApplication()


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(4):
        QApplication.processEvents()


def _save(widget: Any, path: Path) -> int:
    """Grab ``widget``, scale and reduce its colours (Pillow), write a PNG; returns its size in bytes."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    if image.width > MAX_WIDTH:
        image = image.resize(
            (MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.Resampling.LANCZOS
        )
    image = image.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)
    return path.stat().st_size


def shots(scene: Any) -> dict[str, Callable[[], tuple[Any, Callable[[Any], None] | None]]]:
    """Image name → a factory giving the window and what to do to it before the picture."""
    from tests.gui import catalogue as c
    from trungtam_desktop.domain.enums import ClassStatus
    from trungtam_desktop.ui.classwork.issue_dialog import IssueDialog

    def issue_dialog() -> tuple[Any, None]:
        services = scene.services
        ready = [
            klass
            for klass in services.classes.list()
            if klass.status is ClassStatus.FINISHED
            and not services.certificates.why_no_certificate(klass.id)
            and not services.certificate_books.list(class_id=klass.id)
        ]
        klass = min(ready, key=lambda k: k.learner_count)  # a short list reads best in a picture
        plan = services.certificates.plan(klass.id, klass.end_date)
        return IssueDialog(services.certificates, plan), None

    def backup_dialog() -> tuple[Any, None]:
        from trungtam_desktop.app import backup_service
        from trungtam_desktop.ui.safety.backup_dialog import BackupDialog

        service = backup_service(scene.opened.paths, scene.services.context)
        return BackupDialog(service, folder=Path("E:/")), None  # a USB drive as Windows names it

    def page(window: Any, index: int) -> None:
        window.tabs.setCurrentIndex(index)

    return {
        "thiet-lap": lambda: (c._setup_wizard(scene)[0], None),
        "cua-so-chinh": lambda: (c._main_window(scene)[0], None),
        "diem-danh": lambda: (c._class_window(scene)[0], lambda w: page(w, 2)),
        "nhap-danh-sach": lambda: (c._import_wizard(scene)[0], None),
        "cap-giay": issue_dialog,
        "bao-cao": lambda: (c._period_window(scene)[0], None),
        "sao-luu": backup_dialog,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "help" / "img")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # tests.gui.catalogue
    folder = Path(tempfile.mkdtemp(prefix="guide-images-"))
    gui = _start_qt(folder)
    from tests.gui.catalogue import build_scene

    scene = build_scene(folder / "data")
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, make in shots(scene).items():
        window, prepare = make()
        window.show()
        _settle()
        if prepare is not None:
            prepare(window)
            _settle()
        size = _save(window, args.out / f"{name}.png")
        total += size
        print(f"{name}.png: {window.width()}×{window.height()}, {size // 1024} KB")
        window.close()
        window.deleteLater()
        _settle()
    scene.opened.close()
    gui.restore_excepthook()
    print(f"Tổng cộng {total // 1024} KB trong {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
