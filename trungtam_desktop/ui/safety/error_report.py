"""Trợ giúp → Gửi báo lỗi…: save the last logs and version facts as a zip where the clerk chooses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from trungtam_desktop.error_report import report_name, write_error_report
from trungtam_desktop.ui.common import messages

AskPath = Callable[[QWidget, str], str]


def _ask_path(parent: QWidget, suggested: str) -> str:
    chosen, _filter = QFileDialog.getSaveFileName(parent, "Lưu tệp báo lỗi", suggested, "Tệp nén (*.zip)")
    return chosen


def save_error_report(
    parent: QWidget, log_dir: Path, data_folder: Path, ask_path: AskPath = _ask_path
) -> Path | None:
    """Ask where to save, write the zip, say where it is. Nothing is sent anywhere."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = str(Path(documents or Path.home()) / report_name())
    chosen = ask_path(parent, suggested)
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.casefold() != ".zip":
        target = target.with_name(target.name + ".zip")
    try:
        path = write_error_report(
            log_dir, target, [("PySide6", pyside_version), ("Thư mục dữ liệu", str(data_folder))]
        )
    except OSError as exc:
        messages.warn(parent, f"Không ghi được tệp báo lỗi: {exc}", "Gửi báo lỗi")
        return None
    messages.info(
        parent,
        f"Đã lưu tệp báo lỗi:\n{path}\n\nTệp gồm nhật ký hoạt động gần nhất và thông tin phiên bản, "
        "không chứa cơ sở dữ liệu. Hãy gửi tệp này cho người hỗ trợ (qua USB hoặc thư điện tử).",
        "Gửi báo lỗi",
    )
    return path
