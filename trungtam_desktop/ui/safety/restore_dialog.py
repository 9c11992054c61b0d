"""Tệp → Khôi phục…: choose a backup (from the list or any file), see what it holds, confirm.

The dialog only chooses and checks; the restore itself runs in app.py after the main window has closed
and the database engine is disposed (``request`` says what to restore).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.vietnamese import format_int
from trungtam_desktop.services.backups import (
    BackupEntry,
    BackupService,
    DatabaseSummary,
    PasswordNeededError,
    format_size,
    summary_text,
)
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.forms import run_guarded
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView
from trungtam_desktop.ui.common.workers import BackgroundTask, run_in_background

_RIGHT = Qt.AlignmentFlag.AlignRight


def _count(entry: BackupEntry, field: str) -> str:
    if entry.encrypted:
        return "(mã hóa)"
    return format_int(getattr(entry.summary, field)) if entry.summary else "hỏng"


COLUMNS: list[Column[BackupEntry]] = [
    Column("Thời điểm", lambda e: e.created.strftime("%d/%m/%Y %H:%M"), lambda e: e.created, width=130),
    Column("Loại", lambda e: e.kind_label, width=250),
    Column("Dung lượng", lambda e: format_size(e.size), lambda e: e.size, _RIGHT, width=90),
    Column("Lớp", lambda e: _count(e, "classes"), align=_RIGHT, width=70),
    Column("Học viên", lambda e: _count(e, "learners"), align=_RIGHT, width=80),
    Column("Giấy chứng nhận", lambda e: _count(e, "certificates"), align=_RIGHT, width=110),
]


@dataclass(frozen=True)
class RestoreRequest:
    path: Path
    password: str | None
    summary: DatabaseSummary


class RestoreDialog(QDialog):
    def __init__(self, backups: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backups = backups
        self._task: BackgroundTask | None = None
        self._chosen: Path | None = None
        self._summary: DatabaseSummary | None = None
        self.request: RestoreRequest | None = None
        self.setWindowTitle("Khôi phục dữ liệu")
        self._build_ui()
        self._connect_signals()
        self.reload()

    def _build_ui(self) -> None:
        intro = QLabel(
            "Khôi phục thay toàn bộ dữ liệu hiện tại bằng dữ liệu trong bản sao lưu. Trước khi khôi phục, "
            "chương trình tự sao lưu dữ liệu hiện tại, nên vẫn có thể quay lại. Chương trình sẽ đóng cửa sổ "
            "rồi mở lại sau khi khôi phục xong."
        )
        intro.setWordWrap(True)
        self.model: ObjectTableModel[BackupEntry] = ObjectTableModel(COLUMNS, self)
        self.table = ObjectTableView("restore_backups", self)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)
        self.table.setMinimumHeight(220)
        self.other_button = QPushButton("Chọn tệp khác…")
        list_row = QHBoxLayout()
        list_row.addWidget(QLabel(f"Bản sao lưu trong thư mục {self._backups.paths.backups}:"), 1)
        list_row.addWidget(self.other_button)

        box = QGroupBox("Tệp sẽ khôi phục")
        self.file_label = QLabel("Chưa chọn tệp.")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_label = QLabel("Mật khẩu:")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.open_button = QPushButton("Mở bằng mật khẩu")
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_label)
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.open_button)
        self.preview_label = QLabel("")
        self.preview_label.setWordWrap(True)
        inner = QVBoxLayout(box)
        inner.addWidget(self.file_label)
        inner.addLayout(password_row)
        inner.addWidget(self.preview_label)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton("Khôi phục…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(list_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        layout.addWidget(self.buttons)
        self.resize(820, 560)
        self._show_password(False)
        self.restore_button.setEnabled(False)

    def _connect_signals(self) -> None:
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.other_button.clicked.connect(self._choose_file)
        self.open_button.clicked.connect(lambda: self.preview(self._chosen, self.password_edit.text()))
        self.password_edit.returnPressed.connect(self.open_button.click)
        self.restore_button.clicked.connect(self.confirm_restore)
        self.close_button.clicked.connect(self.reject)

    def reload(self) -> None:
        entries = run_guarded(self, self._backups.list_backups) or []
        self.model.set_items(entries)

    def _show_password(self, visible: bool) -> None:
        for widget in (self.password_label, self.password_edit, self.open_button):
            widget.setVisible(visible)

    def _on_row(self, current: Any, _previous: Any) -> None:
        entry = self.model.item(current.row()) if current.isValid() else None
        if entry is not None:
            self.preview(entry.path)

    def _choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            "Chọn tệp sao lưu",
            str(self._backups.paths.backups),
            "Bản sao lưu (*.sqlite *.enc *.db);;Mọi tệp (*)",
        )
        if chosen:
            self.table.clearSelection()
            self.preview(Path(chosen))

    def preview(self, path: Path | None, password: str | None = None) -> None:
        """Check ``path`` in the background (every check restore makes) and show its counts."""
        if path is None:
            return
        self._chosen, self._summary = path, None
        self.restore_button.setEnabled(False)
        self.file_label.setText(f"Tệp: {path}")
        encrypted = self._backups.is_encrypted(path)
        self._show_password(encrypted)
        if encrypted and not password:
            self.password_edit.clear()
            self.preview_label.setText(
                "Tệp này đã được mã hóa. Hãy nhập mật khẩu rồi bấm “Mở bằng mật khẩu”."
            )
            self.password_edit.setFocus()
            return
        self.preview_label.setText("Đang kiểm tra tệp…")

        def task(_progress: Any, _cancelled: Any) -> DatabaseSummary:
            return self._backups.preview(path, password or None)

        self._task = run_in_background(
            self,
            "Đang kiểm tra tệp sao lưu…",
            task,
            lambda summary: self._previewed(path, summary),
            lambda error: self._preview_failed(path, error),
            cancellable=False,
        )

    def _previewed(self, path: Path, summary: DatabaseSummary) -> None:
        if path != self._chosen:
            return
        self._summary = summary
        upgrade = (
            "\nTệp do phiên bản cũ hơn tạo ra: sẽ được nâng cấp sau khi khôi phục."
            if summary.needs_upgrade
            else ""
        )
        centre = f"\nTrung tâm: {summary.centre}" if summary.centre else ""
        self.preview_label.setText(
            f"Tệp tốt, gồm: {summary_text(summary)}.\n"
            f"Dung lượng: {format_size(summary.size)}{centre}{upgrade}"
        )
        self.restore_button.setEnabled(True)

    def _preview_failed(self, path: Path, error: BaseException) -> None:
        if path != self._chosen:
            return
        if isinstance(error, PasswordNeededError):
            self.preview_label.setText(error.message)
            return
        message = getattr(error, "message", None) or f"Không đọc được tệp: {error}"
        self.preview_label.setText(f"Không khôi phục được từ tệp này.\n{message}")

    def _what_is_lost(self) -> str:
        """When the chosen copy was made: what the clerk typed since is not in it."""
        entry = next((e for e in self.model.items() if e.path == self._chosen), None)
        try:
            made = entry.created if entry else datetime.fromtimestamp(self._chosen.stat().st_mtime)  # type: ignore[union-attr]
        except OSError:
            return ""
        return (
            f"Bản sao lưu lúc {made:%d/%m/%Y %H:%M}: mọi thay đổi sau thời điểm đó sẽ không còn trong dữ "
            "liệu đang dùng.\n\n"
        )

    def confirm_restore(self) -> None:
        if self._chosen is None or self._summary is None:
            return
        question = (
            f"Thay toàn bộ dữ liệu hiện tại bằng dữ liệu trong tệp\n{self._chosen.name}\n"
            f"({summary_text(self._summary)})?\n\n"
            f"{self._what_is_lost()}"
            "Dữ liệu hiện tại sẽ được sao lưu trước. Chương trình sẽ đóng các cửa sổ rồi mở lại."
        )
        if not messages.confirm(self, question, "Xác nhận khôi phục", yes="Khôi phục", no="Không"):
            return
        password = self.password_edit.text() if self._backups.is_encrypted(self._chosen) else None
        self.request = RestoreRequest(self._chosen, password, self._summary)
        self.accept()
