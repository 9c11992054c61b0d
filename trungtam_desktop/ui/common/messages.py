"""The one place that shows messages to the clerk, always in Vietnamese."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from trungtam_desktop.disk_errors import CORRUPT, describe, kind_of, path_of
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.logs import scrub

log = logging.getLogger(__name__)

APP_TITLE = "Quản lý Trung tâm chính trị"
MAX_LINES = 20  # a longer message shows its first lines; the rest is under "Xem chi tiết..." (screen fit)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    lines = text.splitlines()
    shown = text
    if len(lines) > MAX_LINES:
        shown = "\n".join(
            [*lines[:MAX_LINES], f"… và {len(lines) - MAX_LINES} dòng nữa (bấm “Xem chi tiết...”)."]
        )
    box = QMessageBox(icon, title or APP_TITLE, shown, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(box.textFormat().PlainText)
    if shown != text:
        box.setDetailedText(text)
    return box


def info(parent: QWidget | None, text: str, title: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, text: str, title: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(
    parent: QWidget | None, text: str, title: str = "", *, yes: str = "Có", no: str = "Không"
) -> bool:
    """Ask before doing something that cannot be taken back; the safe answer is the default."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def current_log_file() -> Path | None:
    """The file the program logs to (set up by logs.setup_logging), if any."""
    for handler in logging.getLogger().handlers:
        filename = getattr(handler, "baseFilename", None)
        if filename:
            return Path(filename)
    return None


class _Failures:
    """Set by the composition root while a data folder is open: its database (named in disk messages) and
    what to do when SQLite reports the database damaged (close the windows, check, offer a restore)."""

    database: Path | None = None
    on_damage: Callable[[], None] | None = None


def install_failure_handling(database: Path | None, on_damage: Callable[[], None] | None) -> None:
    _Failures.database, _Failures.on_damage = database, on_damage


DAMAGED = (
    "Cơ sở dữ liệu bị hỏng: SQLite báo tệp dữ liệu{where} không còn đọc được đúng.\n\n"
    "Không nên làm việc tiếp trên dữ liệu này. {next_step}"
)
_DAMAGED_NEXT = (
    "Chương trình sẽ đóng cửa sổ làm việc, kiểm tra lại dữ liệu và đề nghị khôi phục bản sao lưu tốt mới "
    "nhất (tệp hỏng được giữ lại bên cạnh, không bị xóa)."
)
_DAMAGED_RESTART = (
    "Hãy đóng chương trình rồi mở lại: chương trình sẽ kiểm tra và đề nghị khôi phục bản sao lưu."
)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """A domain error shows its own message; a disk failure says which file and what to do; a damaged
    database leads to the recovery path; anything else is logged and explained with the log's path.
    What is logged or shown in the details is scrubbed of personal data."""
    log_path = current_log_file()
    if isinstance(error, DomainError):
        warn(parent, error.message, "Không thực hiện được")
        return
    log.error("Lỗi không mong đợi", exc_info=(type(error), error, error.__traceback__))
    kind = kind_of(error)
    if kind == CORRUPT:
        where = f" {_Failures.database}" if _Failures.database else ""
        next_step = _DAMAGED_NEXT if _Failures.on_damage else _DAMAGED_RESTART
        box = _box(
            parent,
            QMessageBox.Icon.Critical,
            "Dữ liệu bị hỏng",
            DAMAGED.format(where=where, next_step=next_step),
        )
        box.addButton("Đồng ý", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if _Failures.on_damage is not None:
            _Failures.on_damage()
        return
    if kind is not None:
        warn(parent, describe(kind, path_of(error, _Failures.database)), "Không thực hiện được")
        return
    where = f"\n\nChi tiết đã được ghi vào tệp nhật ký:\n{log_path}" if log_path else ""
    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        "Lỗi không mong đợi",
        "Chương trình gặp một lỗi không mong đợi. Dữ liệu đã lưu trước đó không bị ảnh hưởng; "
        f"bạn có thể tiếp tục làm việc.{where}",
    )
    box.setDetailedText(scrub("".join(traceback.format_exception(type(error), error, error.__traceback__))))
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
