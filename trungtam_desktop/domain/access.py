"""Access protection rules: the two roles and what the data-entry role may not do.

Protection is optional and off by default; when it is off there is no role and everything is allowed.
"""

from __future__ import annotations

from enum import StrEnum

from trungtam_desktop.domain.enums import LabelledEnum

MIN_PASSWORD_LENGTH = 6
MAX_FAILURES = 5  # wrong passwords in a row before the sign-in is locked
LOCK_SECONDS = 60


class Role(LabelledEnum):
    ADMIN = "quan_tri", "Quản trị"
    CLERK = "nhap_lieu", "Nhập liệu"


class Permission(StrEnum):
    SETTINGS = "settings"
    RESTORE = "restore"
    VOID = "void"
    MANAGE_USERS = "manage_users"


_WHAT = {
    Permission.SETTINGS: "thay đổi cài đặt",
    Permission.RESTORE: "khôi phục dữ liệu từ bản sao lưu",
    Permission.VOID: "hủy giấy chứng nhận",
    Permission.MANAGE_USERS: "quản lý người dùng và mật khẩu",
}

# What each role may do beyond everyday data entry.
_ALLOWED: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.CLERK: frozenset(),
}


def allowed(role: str | None, permission: Permission) -> bool:
    """``role`` None means protection is off: everything is allowed."""
    if role is None:
        return True
    try:
        return permission in _ALLOWED[Role(role)]
    except ValueError:
        return False


def why_not(permission: Permission) -> str:
    """The Vietnamese sentence shown (as a tooltip or an error) when the role may not do it."""
    return f"Chỉ người dùng có vai trò {Role.ADMIN.label} mới được {_WHAT[permission]}."
