"""Access protection: scrypt hashes, roles refused in the services, five wrong passwords lock a minute
(kept across restarts), the audit log names the program user and never holds a password."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from tests.classwork_builder import build_class
from tests.conftest import TEST_CENTRE
from trungtam_desktop.app import open_services
from trungtam_desktop.db import backup as bk
from trungtam_desktop.domain import models as dm
from trungtam_desktop.domain.access import Permission, Role, allowed, why_not
from trungtam_desktop.domain.enums import Gender
from trungtam_desktop.domain.errors import ConflictError, DomainError, PermissionDeniedError, ValidationError
from trungtam_desktop.services.access import AccessService, SignInLockedError, hash_password, verify_password
from trungtam_desktop.services.audit import AuditFilter
from trungtam_desktop.services.backups import BackupService


def fast_hash(password: str) -> str:
    """The real cost (about 0.1 s a hash) is tested once below; the other tests use a cheap one."""
    return hash_password(password, n=2**10)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2024, 6, 20, 8, 0, 0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def access(services, clock) -> AccessService:  # type: ignore[no-untyped-def]
    return AccessService(services.context, clock=clock, hasher=fast_hash)


def test_hash_is_salted_slow_scrypt_with_its_parameters() -> None:
    stored = hash_password("mật khẩu 1")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert len(salt) == 24 and len(digest) == 44  # 16 and 32 bytes in base64
    assert (scheme, n, r, p) == ("scrypt", "32768", "8", "1")
    assert stored != hash_password("mật khẩu 1")  # a new salt each time
    assert verify_password("mật khẩu 1", stored)
    assert not verify_password("mật khẩu 2", stored)
    assert verify_password("mật khẩu 1".encode().decode(), stored)
    assert not verify_password("x", "scrypt$abc$8$1$$")  # a damaged entry lets nobody in
    assert not verify_password("x", "")


def test_protection_is_off_by_default_and_everything_is_allowed(services, access) -> None:  # type: ignore[no-untyped-def]
    assert not access.enabled() and access.state().accounts == ()
    assert services.context.role is None and access.signed_in is None
    assert all(allowed(None, p) for p in Permission)
    services.settings.save_centre(dataclasses.replace(TEST_CENTRE, place_name="Lâm Hà"))  # no sign-in needed


def test_enable_add_users_and_sign_in(services, access) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="ít nhất 6"):
        access.enable("Quản trị", "12345")
    with pytest.raises(ValidationError, match="tên đăng nhập"):
        access.enable("   ", "123456")
    assert not access.enabled()
    admin = access.enable("Nguyễn Văn A", "bí mật 1")
    assert admin.role is Role.ADMIN and access.enabled()
    assert services.context.user == "Nguyễn Văn A" and services.context.role == "quan_tri"
    clerk = access.add_user("Giáo vụ", Role.CLERK, "nhập liệu 2")
    assert clerk.role_label == "Nhập liệu"
    with pytest.raises(ValidationError, match="Đã có người dùng"):
        access.add_user("giáo vụ", Role.ADMIN, "khác 123456")
    with pytest.raises(ConflictError, match="đang bật"):
        access.enable("Khác", "123456789")
    assert [(a.name, a.role) for a in access.state().accounts] == [
        ("Nguyễn Văn A", Role.ADMIN),
        ("Giáo vụ", Role.CLERK),
    ]
    signed = access.sign_in("giáo vụ", "nhập liệu 2")  # the name ignores case and tone marks
    assert signed == clerk and services.context.role == "nhap_lieu" and services.context.user == "Giáo vụ"
    with pytest.raises(DomainError, match="Tên đăng nhập hoặc mật khẩu không đúng"):
        access.sign_in("Không có ai", "nhập liệu 2")


def test_the_clerk_role_is_refused_settings_restore_void_and_users(
    services, opened, access, data_paths
) -> None:  # type: ignore[no-untyped-def]
    built = build_class(opened.database, code="K-QUYEN", learners=1, sessions=2)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(built.enrolment_ids[0], component): 8.0})
    access.enable("Quản trị", "quản trị 1")
    access.add_user("Giáo vụ", Role.CLERK, "giáo vụ 1")
    access.sign_in("Giáo vụ", "giáo vụ 1")
    # Everyday work goes on: a learner and a certificate.
    services.learners.create(dm.Learner("Trần Văn Bình", birth_year=1980, gender=Gender.FEMALE))
    line = services.certificates.issue(
        built.class_id, list(built.enrolment_ids), issued_on=date(2024, 6, 20)
    )[0]
    refused = {
        "cài đặt": lambda: services.settings.save_centre(dataclasses.replace(TEST_CENTRE, place_name="X")),
        "giá trị": lambda: services.settings.set_value("backup.keep_daily", 3),
        "định mức": lambda: services.settings.save_quotas_and_rates(services.settings.quotas(), []),
        "chương trình": lambda: services.programmes.update(services.programmes.list()[0]),
        "mẫu giấy": lambda: services.certificate_printing.save_template(services.certificate_printing.active_template()),
        "hủy giấy": lambda: services.certificates.void(line.id, "In hỏng"),
        "người dùng": lambda: access.add_user("Khác", Role.CLERK, "123456789"),
        "tắt bảo vệ": access.disable,
        "mật khẩu người khác": lambda: access.set_password("Quản trị", "đổi 123456"),
    }
    for what, action in refused.items():
        with pytest.raises(PermissionDeniedError, match="Chỉ người dùng có vai trò Quản trị") as caught:
            action()
        assert caught.value.message, what
    assert services.settings.centre().place_name != "X"
    assert services.certificate_books.list(class_id=built.class_id)[0].status.value == "da_cap"
    access.set_password("Giáo vụ", "mới 123456")  # one's own password is allowed
    backup = bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_MANUAL)
    backups = BackupService(data_paths, role=lambda: services.context.role)
    with pytest.raises(PermissionDeniedError, match="khôi phục"):
        backups.restore(backup)
    # The administrator may.
    access.sign_in("Quản trị", "quản trị 1")
    services.certificates.void(line.id, "In hỏng")
    services.settings.save_centre(dataclasses.replace(TEST_CENTRE, place_name="Lâm Hà"))
    assert services.settings.centre().place_name == "Lâm Hà"


def test_audit_names_the_program_user_and_holds_no_password(services, access, opened) -> None:  # type: ignore[no-untyped-def]
    access.enable("Quản trị", "quản trị 1")
    access.add_user("Giáo vụ", Role.CLERK, "giáo vụ 1")
    access.set_password("Giáo vụ", "giáo vụ 2")
    access.sign_in("Giáo vụ", "giáo vụ 2")
    learner = services.learners.create(dm.Learner("Lê Thị Cúc", birth_year=1975, gender=Gender.FEMALE))
    entry = services.audit.page(AuditFilter(entity="learner", entity_id=learner.id))[0]
    assert entry.user == "Giáo vụ"
    entries = services.audit.page(AuditFilter(entity="access"))
    assert [e.action_label for e in entries] == ["Sửa", "Tạo mới", "Thay đổi cài đặt"]
    # Turned on by the Windows user (nobody was signed in yet); the rest by the administrator.
    assert [e.user for e in entries] == ["Quản trị", "Quản trị", "kiểm thử"]
    roles = [c.after for e in entries for c in e.changes() if c.field == "role"]
    assert roles == ["Nhập liệu", "Quản trị"]  # the role's name, not its stored code
    with opened.database.read_sessions.begin() as session:
        from sqlalchemy import text

        log = " ".join(
            row[0] + row[1] for row in session.execute(text("SELECT changes, summary FROM audit_log"))
        )
    assert "scrypt" not in log and "giáo vụ 2" not in log and "quản trị 1" not in log


def test_five_wrong_passwords_lock_for_a_minute_across_restarts(services, clock, data_paths) -> None:  # type: ignore[no-untyped-def]
    access = AccessService(services.context, clock=clock, hasher=fast_hash)
    access.enable("Quản trị", "đúng 123456")
    for _ in range(4):
        with pytest.raises(DomainError, match="không đúng"):
            access.sign_in("Quản trị", "sai")
    with pytest.raises(SignInLockedError, match="5 lần") as locked:
        access.sign_in("Quản trị", "sai")
    assert locked.value.seconds == 60
    # A new program run (fresh services on the same file) is still locked, even with the right password.
    again = open_services(data_paths)
    try:
        restarted = AccessService(again.services.context, clock=clock, hasher=fast_hash)
        clock.now += timedelta(seconds=20)
        assert restarted.locked_for() == 40
        with pytest.raises(SignInLockedError, match="40 giây"):
            restarted.sign_in("Quản trị", "đúng 123456")
        clock.now += timedelta(seconds=41)
        assert restarted.locked_for() == 0
        assert restarted.sign_in("Quản trị", "đúng 123456").role is Role.ADMIN
        # A success resets the count: four more wrong tries do not lock.
        for _ in range(4):
            with pytest.raises(DomainError, match="không đúng"):
                restarted.sign_in("Quản trị", "sai")
        assert restarted.locked_for() == 0
    finally:
        again.close()


def test_a_clock_set_back_never_locks_for_more_than_a_minute(services, clock) -> None:  # type: ignore[no-untyped-def]
    access = AccessService(services.context, clock=clock, hasher=fast_hash)
    access.enable("Quản trị", "đúng 123456")
    for _ in range(5):
        with pytest.raises(DomainError):
            access.sign_in("Quản trị", "sai")
    clock.now -= timedelta(days=2)
    assert access.locked_for() == 60


def test_last_admin_cannot_be_removed_and_disable_clears_users(services, access) -> None:  # type: ignore[no-untyped-def]
    access.enable("Quản trị", "quản trị 1")
    access.add_user("Giáo vụ", Role.CLERK, "giáo vụ 1")
    with pytest.raises(ConflictError, match="người quản trị cuối cùng"):
        access.remove_user("Quản trị")
    access.remove_user("Giáo vụ")
    assert [a.name for a in access.state().accounts] == ["Quản trị"]
    access.disable()
    assert not access.enabled() and services.context.role is None
    assert services.settings.value("access") == {"enabled": False, "users": []}
    with pytest.raises(ConflictError, match="bật bảo vệ"):
        access.add_user("Ai đó", Role.CLERK, "123456789")


def test_why_not_names_the_action() -> None:
    assert why_not(Permission.VOID) == "Chỉ người dùng có vai trò Quản trị mới được hủy giấy chứng nhận."
    assert not allowed("nhap_lieu", Permission.SETTINGS) and allowed("quan_tri", Permission.RESTORE)
    assert not allowed("không rõ", Permission.SETTINGS)
