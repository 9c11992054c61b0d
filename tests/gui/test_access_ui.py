"""Access protection in the window: the sign-in dialog, the settings page, and what the data-entry role
sees disabled (with the reason) in the menus and on the certificates page."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialog

from tests.classwork_builder import build_class
from tests.db.test_access import Clock, fast_hash
from tests.gui.test_safety_startup import gui_env  # noqa: F401  (run_gui with the event loop replaced)
from trungtam_desktop.app import create_main_window
from trungtam_desktop.domain.access import Role
from trungtam_desktop.services.access import AccessService
from trungtam_desktop.ui.classwork.certificates_page import CertificatesPage
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.safety import sign_in_dialog
from trungtam_desktop.ui.safety.sign_in_dialog import SignInDialog, ask_sign_in
from trungtam_desktop.ui.settings.access_page import AccessPage
from trungtam_desktop.ui.settings.dialog import SettingsDialog

SHOTS = "/tmp/safety2_shots"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def access(services, clock) -> AccessService:  # type: ignore[no-untyped-def]
    services.access._hash = fast_hash  # the real cost (about 0.1 s a hash) is tested in tests/db
    services.access._clock = clock
    return services.access


def _protected(access: AccessService) -> None:
    access.enable("Quản trị", "quản trị 1")
    access.add_user("Giáo vụ", Role.CLERK, "giáo vụ 1")
    access._ctx.role = None  # as at start: nobody signed in yet


def test_sign_in_refuses_a_wrong_password_then_locks_and_accepts_the_right_one(qtbot, access, clock) -> None:  # type: ignore[no-untyped-def]
    _protected(access)
    dialog = SignInDialog(access)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.name_box.itemText(i) for i in range(dialog.name_box.count())] == ["Quản trị", "Giáo vụ"]
    dialog.name_box.setCurrentIndex(1)
    dialog.password.setText("sai")
    dialog.sign_in_button.click()
    assert dialog.message.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert dialog.password.text() == "" and dialog.result() != QDialog.DialogCode.Accepted
    dialog.grab().save(f"{SHOTS}/sign_in_wrong.png")
    for _ in range(4):
        dialog.password.setText("sai")
        dialog.sign_in_button.click()
    assert not dialog.sign_in_button.isEnabled() and not dialog.password.isEnabled()
    assert "Hãy chờ 60 giây" in dialog.message.text()
    dialog.grab().save(f"{SHOTS}/sign_in_locked.png")
    # Reopening the dialog (a restart) is still locked.
    again = SignInDialog(access)
    qtbot.addWidget(again)
    assert not again.sign_in_button.isEnabled() and "60 giây" in again.message.text()
    clock.now += timedelta(seconds=61)
    dialog._tick()
    assert dialog.sign_in_button.isEnabled() and dialog.message.text() == "Có thể thử lại."
    dialog.password.setText("giáo vụ 1")
    dialog.sign_in_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.account is not None
    assert access._ctx.user == "Giáo vụ" and access._ctx.role == "nhap_lieu"


def test_ask_sign_in_returns_none_on_thoat(qtbot, access, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _protected(access)
    monkeypatch.setattr(SignInDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert ask_sign_in(access) is None
    assert sign_in_dialog.SignInDialog is SignInDialog


def test_settings_page_turns_protection_on_adds_users_and_off(qtbot, services, access, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(
        services.settings, services.programmes, access=access, today=services.context.today()
    )
    qtbot.addWidget(dialog)
    dialog.show()
    page = dialog.access_page
    assert isinstance(page, AccessPage) and dialog.tabs.tabText(3) == "Bảo vệ truy cập"
    dialog.tabs.setCurrentWidget(page)
    assert page.enable_group.isVisibleTo(page) and not page.users_group.isVisibleTo(page)
    assert "TẮT" in page.status_label.text()
    dialog.grab().save(f"{SHOTS}/access_page_off.png")
    page.admin_name.setText("Quản trị")
    page.admin_password.setText("quản trị 1")
    page.admin_again.setText("quản trị 2")
    page.enable_button.click()
    assert page.message.text() == "Hai lần nhập mật khẩu không giống nhau." and not access.enabled()
    page.admin_again.setText("quản trị 1")
    page.enable_button.click()
    assert access.enabled() and page.users_group.isVisibleTo(page) and "BẬT" in page.status_label.text()
    assert page.admin_password.text() == ""  # passwords never stay in the widgets
    page.user_name.setText("Giáo vụ")
    page.user_password.setText("123")
    page.user_again.setText("123")
    page.add_button.click()
    assert "ít nhất 6 ký tự" in page.message.text()
    page.user_password.setText("giáo vụ 1")
    page.user_again.setText("giáo vụ 1")
    page.add_button.click()
    assert [(a.name, a.role_label) for a in page.model.items()] == [
        ("Quản trị", "Quản trị"),
        ("Giáo vụ", "Nhập liệu"),
    ]
    assert page.message.text() == "Đã thêm người dùng Giáo vụ."
    dialog.grab().save(f"{SHOTS}/access_page_on.png")
    page.table.selectRow(0)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    page.remove_button.click()
    assert "người quản trị cuối cùng" in page.message.text()
    page.disable_button.click()
    assert not access.enabled() and page.enable_group.isVisibleTo(page)
    assert page.message.text() == "Đã tắt bảo vệ truy cập."


def test_clerk_sees_settings_restore_and_void_disabled_with_the_reason(  # type: ignore[no-untyped-def]
    qtbot, opened, services, access, window_settings
) -> None:
    _protected(access)
    access.sign_in("Giáo vụ", "giáo vụ 1")
    window = create_main_window(opened, window_settings, on_restore=lambda _r: None)
    qtbot.addWidget(window)
    assert not window.settings_action.isEnabled()
    assert window.settings_action.toolTip() == "Chỉ người dùng có vai trò Quản trị mới được thay đổi cài đặt."
    restore = next(a for a in window.file_menu.actions() if a.text() == "&Khôi phục…")
    assert not restore.isEnabled() and "khôi phục dữ liệu" in restore.toolTip()
    assert window.windowTitle().endswith("– Giáo vụ (Nhập liệu)")
    built = build_class(opened.database, learners=1, sessions=2)
    for session_id in built.session_ids:
        services.attendance.mark_session_present(built.class_id, session_id)
    component = services.results.sheet(built.class_id).components[0].id
    services.results.set_scores(built.class_id, {(built.enrolment_ids[0], component): 8.0})
    services.certificates.issue(
        built.class_id, list(built.enrolment_ids), issued_on=datetime(2024, 6, 20).date()
    )
    page = CertificatesPage(services, built.class_id)
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(0)
    page._update_buttons()
    assert page.reissue_button.isEnabled() and not page.void_button.isEnabled()
    assert page.void_button.toolTip() == "Chỉ người dùng có vai trò Quản trị mới được hủy giấy chứng nhận."
    # The administrator has them all.
    access.sign_in("Quản trị", "quản trị 1")
    page._update_buttons()
    assert page.void_button.isEnabled()
    admin_window = create_main_window(opened, window_settings, on_restore=lambda _r: None)
    qtbot.addWidget(admin_window)
    assert admin_window.settings_action.isEnabled()


def test_run_gui_asks_to_sign_in_before_the_window(gui_env, data_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """With protection on, Thoát at the sign-in leaves before any window; a sign-in opens the window with
    the user in the context (the audit log then names them)."""
    from tests.gui.test_safety_startup import _fake_exec, _recording_create
    from trungtam_desktop import app
    from trungtam_desktop.ui.application import GuiApplication

    opened = app.open_services(data_paths)
    try:
        setup = AccessService(opened.services.context, hasher=fast_hash)
        setup.enable("Quản trị", "quản trị 1")
        setup.add_user("Giáo vụ", Role.CLERK, "giáo vụ 1")
    finally:
        opened.close()
    _recording_create(gui_env, monkeypatch)
    monkeypatch.setattr(GuiApplication, "exec", _fake_exec(gui_env))
    asked: list[AccessService] = []
    monkeypatch.setattr(sign_in_dialog, "ask_sign_in", lambda access: asked.append(access))
    assert app.run_gui(data_paths) == 0
    assert len(asked) == 1 and gui_env["windows"] == [] and gui_env["exec"] == 0

    def sign_in(access: AccessService):  # type: ignore[no-untyped-def]
        return access.sign_in("Giáo vụ", "giáo vụ 1")

    monkeypatch.setattr(sign_in_dialog, "ask_sign_in", sign_in)
    assert app.run_gui(data_paths) == 0
    window = gui_env["windows"][0]
    assert gui_env["exec"] == 1 and not window.settings_action.isEnabled()
    assert window.windowTitle().endswith("Giáo vụ (Nhập liệu)")
