"""The sign-in asked at start when access protection is on (after the lock and the database checks)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.services.access import AccessService, Account, SignInLockedError


class SignInDialog(QDialog):
    """Name (chosen from the program's users) and password. ``account`` is set when accepted."""

    def __init__(self, access: AccessService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self.account: Account | None = None
        self._seconds_left = 0
        self._build_ui()
        self._connect_signals()
        left = self._access.locked_for()
        if left:
            self._lock(left)

    def _build_ui(self) -> None:
        self.setWindowTitle("Đăng nhập – Quản lý Trung tâm chính trị")
        self.setModal(True)
        intro = QLabel("Chương trình đang bật bảo vệ truy cập. Hãy chọn tên và nhập mật khẩu.", self)
        intro.setWordWrap(True)
        self.name_box = QComboBox(self)
        self.name_box.setEditable(True)
        self.name_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for account in self._access.state().accounts:
            self.name_box.addItem(f"{account.name}", account.name)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Mật khẩu")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("Tên đăng nhập:", self.name_box)
        form.addRow("Mật khẩu:", self.password)
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton("Đăng nhập", QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = self.buttons.addButton("Thoát", QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.password.setFocus()
        self._timer = QTimer(self)
        self._timer.setInterval(1000)

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        self._timer.timeout.connect(self._tick)

    def try_sign_in(self) -> None:
        name = self.name_box.currentText().strip()
        try:
            self.account = self._access.sign_in(name, self.password.text())
        except SignInLockedError as exc:
            self.password.clear()
            self._lock(exc.seconds)
            return
        except DomainError as exc:
            self.password.clear()
            self.password.setFocus()
            self.message.setText(exc.message)
            return
        self.accept()

    def _lock(self, seconds: int) -> None:
        self._seconds_left = seconds
        self.sign_in_button.setEnabled(False)
        self.password.setEnabled(False)
        self._show_lock()
        self._timer.start()

    def _show_lock(self) -> None:
        self.message.setText(SignInLockedError(self._seconds_left).message)  # the service's own wording

    def _tick(self) -> None:
        self._seconds_left = self._access.locked_for()
        if self._seconds_left > 0:
            self._show_lock()
            return
        self._timer.stop()
        self.sign_in_button.setEnabled(True)
        self.password.setEnabled(True)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.setText("Có thể thử lại.")


def ask_sign_in(access: AccessService) -> Account | None:
    """Show the sign-in; None when the clerk chose Thoát."""
    dialog = SignInDialog(access)
    return dialog.account if dialog.exec() and dialog.account is not None else None


def apply_role(window, access: AccessService, restore_action=None) -> None:  # type: ignore[no-untyped-def]
    """Disable (with the reason as tooltip and status tip) what the signed-in role may not do: Cài đặt and
    Khôi phục. The services refuse them too; this only keeps the clerk from trying."""
    from trungtam_desktop.domain.access import Permission, why_not

    signed = access.signed_in
    for action, permission in (
        (window.settings_action, Permission.SETTINGS),
        (restore_action, Permission.RESTORE),
    ):
        if action is None or access.can(permission):
            continue
        action.setEnabled(False)
        action.setToolTip(why_not(permission))
        action.setStatusTip(why_not(permission))
    for menu in (window.file_menu, window.data_menu):
        menu.setToolTipsVisible(True)
    if signed is not None:
        window.setWindowTitle(f"{window.windowTitle()} – {signed.name} ({signed.role_label})")
