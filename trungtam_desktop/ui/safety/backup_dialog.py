"""Tệp → Sao lưu…: a verified copy of the data to any folder or USB drive, optionally with a password."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.disk_errors import DiskError
from trungtam_desktop.domain.access import MIN_PASSWORD_LENGTH
from trungtam_desktop.domain.vietnamese import nfc
from trungtam_desktop.services.backups import BackupService
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.workers import BackgroundTask, run_in_background


class BackupDialog(QDialog):
    def __init__(
        self, backups: BackupService, parent: QWidget | None = None, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self._backups = backups
        self._task: BackgroundTask | None = None
        self.result_path: Path | None = None
        self.setWindowTitle("Sao lưu dữ liệu")
        self._build_ui(folder)
        self._connect_signals()
        self._update_password_fields()

    def _build_ui(self, folder: Path | None) -> None:
        intro = QLabel(
            "Chép toàn bộ dữ liệu của chương trình (lớp học, học viên, giảng viên, giấy chứng nhận, cài đặt) "
            "ra một thư mục hoặc ổ USB. Bản sao được kiểm tra lại sau khi chép.\n"
            "Nên giữ ít nhất một bản sao lưu ngoài máy tính này, ở nơi an toàn."
        )
        intro.setWordWrap(True)
        start = folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home()
        )
        self.folder_edit = QLineEdit(str(start))
        self.browse_button = QPushButton("Chọn thư mục…")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.name_label = QLabel(f"Tên tệp: {self._backups.suggested_name()}")
        self.name_label.setWordWrap(True)

        self.encrypt_check = QCheckBox("Đặt mật khẩu cho bản sao lưu (nên dùng khi chép ra USB)")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_note = QLabel(
            "Hãy ghi nhớ mật khẩu: không có mật khẩu thì không ai mở được bản sao lưu này, "
            "kể cả người làm ra chương trình."
        )
        self.password_note.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Lưu vào thư mục:", folder_row)
        form.addRow("", self.name_label)
        form.addRow("", self.encrypt_check)
        form.addRow("Mật khẩu:", self.password_edit)
        form.addRow("Nhập lại mật khẩu:", self.confirm_edit)
        form.addRow("", self.password_note)

        self.buttons = QDialogButtonBox()
        self.backup_button = self.buttons.addButton("Sao lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(620)

    def _connect_signals(self) -> None:
        self.browse_button.clicked.connect(self._browse)
        self.encrypt_check.toggled.connect(self._update_password_fields)
        self.backup_button.clicked.connect(self.start_backup)
        self.close_button.clicked.connect(self.reject)

    def _update_password_fields(self) -> None:
        on = self.encrypt_check.isChecked()
        for widget in (self.password_edit, self.confirm_edit, self.password_note):
            widget.setEnabled(on)
        name = self._backups.suggested_name()
        self.name_label.setText(f"Tên tệp: {name}.enc" if on else f"Tên tệp: {name}")

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Chọn thư mục lưu bản sao lưu", self.folder_edit.text()
        )
        if chosen:
            self.folder_edit.setText(chosen)

    def problem(self) -> str | None:
        """What stops the backup (shown to the clerk), or None."""
        if not self.folder_edit.text().strip():
            return "Hãy chọn thư mục để lưu bản sao lưu."
        if self.encrypt_check.isChecked():
            password = nfc(self.password_edit.text())  # "tổ hợp" typing: count letters, not marks
            if len(password) < MIN_PASSWORD_LENGTH:
                return f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
            if password != nfc(self.confirm_edit.text()):
                return "Hai lần nhập mật khẩu không giống nhau."
        return None

    def start_backup(self) -> None:
        problem = self.problem()
        if problem:
            messages.warn(self, problem, "Chưa sao lưu được")
            return
        folder = Path(self.folder_edit.text().strip()).expanduser()
        password = self.password_edit.text() if self.encrypt_check.isChecked() else None
        self.backup_button.setEnabled(False)

        def task(progress: Any, _cancelled: Any) -> Path:
            return self._backups.export(folder, password, progress)

        self._task = run_in_background(
            self, "Đang sao lưu dữ liệu…", task, self._done, self._failed, cancellable=False
        )

    def _done(self, path: Path) -> None:
        self.result_path = path
        self.backup_button.setEnabled(True)
        messages.info(self, f"Đã sao lưu dữ liệu vào tệp:\n{path}", "Sao lưu xong")
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        if isinstance(error, DiskError):  # the message names the folder (the USB drive) and what to do
            messages.warn(self, f"{error.message}\n\nDữ liệu không bị thay đổi.", "Chưa sao lưu được")
            return
        messages.show_error(self, error)
