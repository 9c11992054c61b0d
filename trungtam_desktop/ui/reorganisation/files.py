"""The file dialogs of this feature in one place (tests replace these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from trungtam_desktop.ui.import_export.files import safe_file_name


def _documents() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


def choose_save_path(
    parent: QWidget | None, title: str, file_name: str, kind: str, suffix: str
) -> Path | None:
    """Where to save a file of ``kind`` ("Gói báo cáo (*.ttct)"); the suffix is added when left out."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(_documents() / safe_file_name(file_name)), kind)
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix.casefold() == suffix else chosen.with_name(chosen.name + suffix)


def choose_list_file(parent: QWidget | None) -> Path | None:
    """A learner list (.xlsx or .csv) to read CCCD numbers from."""
    from trungtam_desktop.ui.import_export.files import choose_open_file

    return choose_open_file(parent, "Chọn danh sách có cột số CCCD")
