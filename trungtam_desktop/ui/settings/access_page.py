"""Settings page — Bảo vệ truy cập: turn protection on or off, the program's users, their passwords.

Unlike the other pages, each button here writes at once (one transaction through ``AccessService``):
passwords are never kept in the dialog waiting for Lưu.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from trungtam_desktop.domain.access import MIN_PASSWORD_LENGTH, Permission, Role, why_not
from trungtam_desktop.domain.errors import DomainError
from trungtam_desktop.services.access import AccessService, Account
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.common.table_model import Column, ObjectTableModel
from trungtam_desktop.ui.common.views import ObjectTableView

ACCOUNT_COLUMNS: list[Column[Account]] = [
    Column("Tên đăng nhập", lambda a: a.name, width=260),
    Column("Vai trò", lambda a: a.role_label, width=140),
]
ROLES_TEXT = (
    "Quản trị: được làm mọi việc. Nhập liệu: nhập và sửa học viên, lớp, điểm danh, điểm, cấp và in giấy "
    "chứng nhận; không được thay đổi cài đặt, khôi phục dữ liệu hay hủy giấy chứng nhận."
)
FORGOT_TEXT = (
    "Mật khẩu chỉ được lưu ở dạng mã băm, không ai đọc lại được. Hãy ghi mật khẩu quản trị ra giấy và cất "
    "nơi an toàn. Các nút trên trang này lưu ngay, không cần bấm “Lưu”."
)


def _password_edit(parent: QWidget, placeholder: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class AccessPage(QWidget):
    def __init__(self, access: AccessService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._access = access
        self._build_ui()
        self._connect_signals()
        self.reload()

    def _build_ui(self) -> None:
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        roles = QLabel(ROLES_TEXT, self)
        roles.setWordWrap(True)
        forgot = QLabel(FORGOT_TEXT, self)
        forgot.setWordWrap(True)

        # Turning on: the first administrator.
        self.enable_group = QGroupBox("Bật bảo vệ truy cập", self)
        self.admin_name = QLineEdit(self.enable_group)
        self.admin_name.setPlaceholderText("Ví dụ: Quản trị hoặc họ tên người quản trị")
        self.admin_password = _password_edit(self.enable_group, f"Ít nhất {MIN_PASSWORD_LENGTH} ký tự")
        self.admin_again = _password_edit(self.enable_group, "Nhập lại mật khẩu")
        self.enable_button = QPushButton("Bật bảo vệ truy cập", self.enable_group)
        form = QFormLayout(self.enable_group)
        form.addRow("Tên người quản trị:", self.admin_name)
        form.addRow("Mật khẩu:", self.admin_password)
        form.addRow("Nhập lại mật khẩu:", self.admin_again)
        form.addRow("", self.enable_button)

        # When on: the users.
        self.users_group = QGroupBox("Người dùng chương trình", self)
        self.model: ObjectTableModel[Account] = ObjectTableModel(ACCOUNT_COLUMNS, self)
        self.table = ObjectTableView("access_users", self.users_group)
        self.table.setModel(self.model)
        self.table.apply_default_widths(self.model)
        self.table.setMinimumHeight(110)
        self.user_name = QLineEdit(self.users_group)
        self.user_name.setPlaceholderText("Tên đăng nhập của người mới")
        self.role_box = QComboBox(self.users_group)
        for role in Role:
            self.role_box.addItem(role.label, role.value)
        self.role_box.setCurrentIndex(self.role_box.findData(Role.CLERK.value))
        self.user_password = _password_edit(self.users_group, f"Ít nhất {MIN_PASSWORD_LENGTH} ký tự")
        self.user_again = _password_edit(self.users_group, "Nhập lại mật khẩu")
        self.add_button = QPushButton("Thêm người dùng", self.users_group)
        self.password_button = QPushButton("Đặt mật khẩu này cho người đang chọn", self.users_group)
        self.remove_button = QPushButton("Xóa người đang chọn", self.users_group)
        self.disable_button = QPushButton("Tắt bảo vệ truy cập…", self.users_group)
        user_form = QFormLayout()
        user_form.addRow("Tên đăng nhập:", self.user_name)
        user_form.addRow("Vai trò:", self.role_box)
        user_form.addRow("Mật khẩu:", self.user_password)
        user_form.addRow("Nhập lại mật khẩu:", self.user_again)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.password_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addWidget(self.disable_button)
        users_layout = QVBoxLayout(self.users_group)
        users_layout.addWidget(self.table, 1)
        users_layout.addLayout(user_form)
        users_layout.addLayout(row_buttons)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(roles)
        layout.addWidget(self.enable_group)
        layout.addWidget(self.users_group, 1)
        layout.addWidget(self.message)
        layout.addWidget(forgot)
        layout.addStretch(0)

    def _connect_signals(self) -> None:
        self.enable_button.clicked.connect(self.enable)
        self.add_button.clicked.connect(self.add_user)
        self.password_button.clicked.connect(self.set_password)
        self.remove_button.clicked.connect(self.remove_user)
        self.disable_button.clicked.connect(self.disable)

    # -- state ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        state = self._access.state()
        self.enable_group.setVisible(not state.enabled)
        self.users_group.setVisible(state.enabled)
        self.model.set_items(list(state.accounts))
        signed = self._access.signed_in
        if state.enabled:
            who = f" Đang đăng nhập: {signed.name} ({signed.role_label})." if signed else ""
            self.status_label.setText(f"Bảo vệ truy cập đang BẬT: chương trình hỏi mật khẩu khi mở.{who}")
        else:
            self.status_label.setText(
                "Bảo vệ truy cập đang TẮT: ai mở được máy tính này là dùng được chương trình, "
                "nhật ký ghi tên người dùng Windows."
            )
        may_manage = self._access.can(Permission.MANAGE_USERS)
        for button in (self.add_button, self.remove_button, self.disable_button):
            button.setEnabled(may_manage)
            if not may_manage:
                button.setToolTip(why_not(Permission.MANAGE_USERS))

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message.setText(text)

    def _matching(self, first: QLineEdit, second: QLineEdit) -> str | None:
        if first.text() != second.text():
            self._say("Hai lần nhập mật khẩu không giống nhau.", ok=False)
            second.clear()
            second.setFocus()
            return None
        return first.text()

    def _run(self, action, done: str) -> bool:  # type: ignore[no-untyped-def]
        try:
            action()
        except DomainError as exc:
            self._say(exc.message, ok=False)
            return False
        except Exception as exc:  # a bug: logged and explained, the page stays
            messages.show_error(self, exc)
            return False
        for edit in (self.admin_password, self.admin_again, self.user_password, self.user_again):
            edit.clear()
        self.reload()
        self._say(done, ok=True)
        return True

    # -- actions -------------------------------------------------------------------------------------
    def enable(self) -> None:
        password = self._matching(self.admin_password, self.admin_again)
        if password is None:
            return
        name = self.admin_name.text()
        self._run(
            lambda: self._access.enable(name, password),
            "Đã bật bảo vệ truy cập. Từ lần mở sau, chương trình sẽ hỏi tên và mật khẩu.",
        )

    def add_user(self) -> None:
        password = self._matching(self.user_password, self.user_again)
        if password is None:
            return
        name, role = self.user_name.text(), Role(self.role_box.currentData())
        if self._run(
            lambda: self._access.add_user(name, role, password), f"Đã thêm người dùng {name.strip()}."
        ):
            self.user_name.clear()

    def set_password(self) -> None:
        account: Account | None = self.table.current_object()
        if account is None:
            self._say("Hãy chọn một người trong danh sách.", ok=False)
            return
        password = self._matching(self.user_password, self.user_again)
        if password is None:
            return
        self._run(
            lambda: self._access.set_password(account.name, password), f"Đã đổi mật khẩu của {account.name}."
        )

    def remove_user(self) -> None:
        account: Account | None = self.table.current_object()
        if account is None:
            self._say("Hãy chọn một người trong danh sách.", ok=False)
            return
        if not messages.confirm(self, f"Xóa người dùng “{account.name}”?", "Bảo vệ truy cập"):
            return
        self._run(lambda: self._access.remove_user(account.name), f"Đã xóa người dùng {account.name}.")

    def disable(self) -> None:
        question = (
            "Tắt bảo vệ truy cập? Mọi tên đăng nhập và mật khẩu sẽ bị xóa; ai mở được máy tính này "
            "cũng dùng được chương trình."
        )
        if not messages.confirm(self, question, "Bảo vệ truy cập", yes="Tắt bảo vệ", no="Không"):
            return
        self._run(self._access.disable, "Đã tắt bảo vệ truy cập.")
