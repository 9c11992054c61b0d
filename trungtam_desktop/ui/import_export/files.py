"""The file dialogs of import and export, in one place (tests replace these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

SPREADSHEETS = "Bảng tính Excel hoặc CSV (*.xlsx *.xlsm *.csv *.xls);;Mọi tệp (*)"
XLSX = "Bảng tính Excel (*.xlsx)"


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def choose_open_file(parent: QWidget | None, title: str = "Chọn tệp danh sách học viên") -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, _documents(), SPREADSHEETS)
    return Path(path) if path else None


def choose_save_file(parent: QWidget | None, title: str, file_name: str) -> Path | None:
    """Where to save an .xlsx (the suffix is added when the clerk leaves it out)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(_documents()) / file_name), XLSX)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.casefold() == ".xlsx" else chosen.with_name(chosen.name + ".xlsx")


def safe_file_name(text: str) -> str:
    """A file name from a class code or title: characters Windows refuses become "-"."""
    cleaned = "".join("-" if c in '<>:"/\\|?*' else c for c in text).strip(" .")
    return cleaned or "danh-sach"
