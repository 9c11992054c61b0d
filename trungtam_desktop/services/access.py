"""Access protection (optional, off by default): program users with a role, passwords, sign-in lockout.

Stored in ``app_setting`` (no schema change): ``access`` holds ``{"enabled", "users": [{"name", "role",
"password"}]}`` where ``password`` is ``scrypt$n$r$p$salt$hash`` (base64; a slow salted hash whose
parameters travel with it), and ``access.lockout`` holds ``{"failures", "locked_until"}`` so that closing
and restarting the program does not reset the count. The audit log records every change here without any
password or hash. After ``sign_in`` the shared ``ServiceContext`` carries the user's name (written in the
audit log instead of the Windows user name) and role (checked by the services).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from trungtam_desktop.db import models as orm
from trungtam_desktop.domain.access import (
    LOCK_SECONDS,
    MAX_FAILURES,
    MIN_PASSWORD_LENGTH,
    Permission,
    Role,
    allowed,
)
from trungtam_desktop.domain.enums import AuditAction
from trungtam_desktop.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from trungtam_desktop.domain.vietnamese import fold, nfc
from trungtam_desktop.services.base import Service, ServiceContext

KEY, LOCKOUT_KEY = "access", "access.lockout"
ENTITY = "access"
# scrypt cost: 2**15 × 8 × 1 needs 32 MB and about 0.1 s per try on an office PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, HASH_BYTES = 2**15, 8, 1, 16, 32
MAX_NAME_LENGTH = 50
BAD_SIGN_IN = "Tên đăng nhập hoặc mật khẩu không đúng."


class SignInLockedError(DomainError):
    """Too many wrong passwords: the sign-in waits ``seconds`` more."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Đã nhập sai mật khẩu {MAX_FAILURES} lần liên tiếp. Hãy chờ {seconds} giây rồi thử lại."
        )
        self.seconds = seconds


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, n, r, p, HASH_BYTES)
    return "$".join(["scrypt", str(n), str(r), str(p), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):  # a damaged entry never lets anyone in
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        nfc(password).encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=length
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# Checked instead of a real hash when the user name is unknown, at the same cost, so that the answer takes as
# long for a name that does not exist as for a wrong password (the time must not tell which names exist).
_NO_SUCH_USER = "$".join(
    ["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(b"khong-co-ai"), "A" * 43 + "="]
)


@dataclass(frozen=True)
class Account:
    name: str
    role: Role

    @property
    def role_label(self) -> str:
        return self.role.label


@dataclass(frozen=True)
class AccessState:
    enabled: bool
    accounts: tuple[Account, ...]


def _check_password(password: str) -> None:
    if len(nfc(password)) < MIN_PASSWORD_LENGTH:  # letters as the clerk sees them, however typed
        raise ValidationError("password", f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")
    if password != password.strip():
        raise ValidationError("password", "Mật khẩu không được bắt đầu hay kết thúc bằng dấu cách.")


def _clean_name(name: str) -> str:
    cleaned = " ".join(nfc(name or "").split())
    if not cleaned:
        raise ValidationError("name", "Chưa nhập tên đăng nhập.")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValidationError("name", f"Tên đăng nhập dài quá {MAX_NAME_LENGTH} ký tự.")
    return cleaned


class AccessService(Service):
    """Turns protection on and off, manages the program's users, signs a user in."""

    def __init__(
        self,
        context: ServiceContext,
        clock: Callable[[], datetime] = datetime.now,
        hasher: Callable[[str], str] = hash_password,
    ) -> None:
        super().__init__(context)
        self._clock = clock
        self._hash = hasher

    # -- reading -------------------------------------------------------------------------------------
    @staticmethod
    def _load(session: Session, key: str) -> dict:  # type: ignore[type-arg]
        row = session.get(orm.AppSetting, key)
        try:
            value = json.loads(row.value) if row else {}
        except ValueError:
            value = {}
        return value if isinstance(value, dict) else {}

    @staticmethod
    def _store(session: Session, key: str, value: dict) -> None:  # type: ignore[type-arg]
        encoded = json.dumps(value, ensure_ascii=False)
        row = session.get(orm.AppSetting, key)
        if row is None:
            session.add(orm.AppSetting(key=key, value=encoded))
        else:
            row.value = encoded

    def state(self) -> AccessState:
        with self._read() as session:
            data = self._load(session, KEY)
        users = [u for u in data.get("users", []) if u.get("role") in Role.values()]
        accounts = tuple(Account(u["name"], Role(u["role"])) for u in users)
        return AccessState(bool(data.get("enabled")) and bool(accounts), accounts)

    def enabled(self) -> bool:
        return self.state().enabled

    @property
    def signed_in(self) -> Account | None:
        role = self._ctx.role
        return Account(self._ctx.user, Role(role)) if role in Role.values() else None

    # -- turning on and off --------------------------------------------------------------------------
    def enable(self, admin_name: str, password: str) -> Account:
        """Protection on, with its first administrator (who is signed in from now on)."""
        name = _clean_name(admin_name)
        _check_password(password)
        with self._write() as session:
            data = self._load(session, KEY)
            if data.get("enabled") and data.get("users"):
                raise ConflictError("Bảo vệ truy cập đang bật rồi.")
            users = [{"name": name, "role": Role.ADMIN.value, "password": self._hash(password)}]
            self._store(session, KEY, {"enabled": True, "users": users})
            self._store(session, LOCKOUT_KEY, {"failures": 0, "locked_until": None})
            self._audit(
                session, ENTITY, None, AuditAction.SETTINGS,
                {"enabled": [False, True], "user": name, "role": Role.ADMIN.value},
                f"Bật bảo vệ truy cập; người quản trị: {name}",
            )  # fmt: skip
        self._ctx.user, self._ctx.role = name, Role.ADMIN.value
        return Account(name, Role.ADMIN)

    def disable(self) -> None:
        """Protection off: every program user is removed; the audit log goes back to Windows user names."""
        self._require(Permission.MANAGE_USERS)
        with self._write() as session:
            data = self._load(session, KEY)
            if not data.get("enabled"):
                raise ConflictError("Bảo vệ truy cập đang tắt.")
            self._store(session, KEY, {"enabled": False, "users": []})
            self._audit(
                session, ENTITY, None, AuditAction.SETTINGS, {"enabled": [True, False]},
                f"Tắt bảo vệ truy cập ({len(data.get('users', []))} người dùng được xóa)",
            )  # fmt: skip
        self._ctx.role = None

    # -- users ---------------------------------------------------------------------------------------
    def _enabled_users(self, session: Session) -> tuple[dict, list[dict]]:  # type: ignore[type-arg]
        data = self._load(session, KEY)
        if not data.get("enabled"):
            raise ConflictError("Hãy bật bảo vệ truy cập trước khi tạo người dùng.")
        return data, list(data.get("users", []))

    @staticmethod
    def _find(users: list[dict], name: str) -> dict | None:  # type: ignore[type-arg]
        key = fold(name)
        return next((u for u in users if fold(u.get("name", "")) == key), None)

    def add_user(self, name: str, role: Role, password: str) -> Account:
        self._require(Permission.MANAGE_USERS)
        cleaned = _clean_name(name)
        _check_password(password)
        with self._write() as session:
            data, users = self._enabled_users(session)
            if self._find(users, cleaned) is not None:
                raise ValidationError("name", f"Đã có người dùng tên “{cleaned}”.")
            users.append({"name": cleaned, "role": Role(role).value, "password": self._hash(password)})
            self._store(session, KEY, {**data, "users": users})
            self._audit(
                session, ENTITY, None, AuditAction.CREATE, {"user": cleaned, "role": Role(role).value},
                f"Tạo người dùng {cleaned} ({Role(role).label})",
            )  # fmt: skip
        return Account(cleaned, Role(role))

    def set_password(self, name: str, password: str) -> None:
        """An administrator sets anyone's password; any user may change their own."""
        if fold(name) != fold(self._ctx.user):
            self._require(Permission.MANAGE_USERS)
        _check_password(password)
        with self._write() as session:
            data, users = self._enabled_users(session)
            user = self._find(users, name)
            if user is None:
                raise NotFoundError(f"Không có người dùng tên “{name}”.")
            user["password"] = self._hash(password)
            self._store(session, KEY, {**data, "users": users})
            self._audit(session, ENTITY, None, AuditAction.UPDATE, {"user": user["name"]},
                        f"Đổi mật khẩu của {user['name']}")  # fmt: skip

    def remove_user(self, name: str) -> None:
        self._require(Permission.MANAGE_USERS)
        with self._write() as session:
            data, users = self._enabled_users(session)
            user = self._find(users, name)
            if user is None:
                raise NotFoundError(f"Không có người dùng tên “{name}”.")
            admins = [u for u in users if u.get("role") == Role.ADMIN.value]
            if user.get("role") == Role.ADMIN.value and len(admins) == 1:
                raise ConflictError(
                    "Không xóa được người quản trị cuối cùng. Muốn bỏ hết mật khẩu, hãy tắt bảo vệ truy cập."
                )
            users.remove(user)
            self._store(session, KEY, {**data, "users": users})
            self._audit(session, ENTITY, None, AuditAction.DELETE, {"user": user["name"]},
                        f"Xóa người dùng {user['name']}")  # fmt: skip

    # -- signing in ----------------------------------------------------------------------------------
    def locked_for(self) -> int:
        """Seconds before the next try is allowed (0: not locked)."""
        with self._read() as session:
            lockout = self._load(session, LOCKOUT_KEY)
        return self._remaining(lockout)

    def _remaining(self, lockout: dict) -> int:  # type: ignore[type-arg]
        until = lockout.get("locked_until")
        if not until:
            return 0
        try:
            left = (datetime.fromisoformat(until) - self._clock()).total_seconds()
        except ValueError:
            return 0
        # A clock set back by hours must not lock the program for hours: never more than one period.
        return max(0, min(LOCK_SECONDS, int(left + 0.999)))

    def sign_in(self, name: str, password: str) -> Account:
        """Check the password; five wrong in a row lock the sign-in for a minute (kept across restarts).
        On success the shared context carries this user and role."""
        locked_until = None
        with self._write() as session:
            lockout = self._load(session, LOCKOUT_KEY)
            left = self._remaining(lockout)
            if left:
                raise SignInLockedError(left)
            _data, users = self._enabled_users(session)
            user = self._find(users, name or "")
            stored = str(user.get("password", "")) if user is not None else _NO_SUCH_USER
            if not verify_password(password or "", stored) or user is None:
                failures = int(lockout.get("failures") or 0) + 1
                if failures >= MAX_FAILURES:
                    locked_until = (self._clock() + timedelta(seconds=LOCK_SECONDS)).isoformat()
                    failures = 0
                self._store(session, LOCKOUT_KEY, {"failures": failures, "locked_until": locked_until})
                failed = DomainError(BAD_SIGN_IN)
            else:
                self._store(session, LOCKOUT_KEY, {"failures": 0, "locked_until": None})
                account = Account(user["name"], Role(user["role"]))
                failed = None
        if failed is not None:  # raised after the commit, so the count is kept
            if locked_until:
                raise SignInLockedError(LOCK_SECONDS)
            raise failed
        self._ctx.user, self._ctx.role = account.name, account.role.value
        return account

    def can(self, permission: Permission) -> bool:
        return allowed(self._ctx.role, permission)
