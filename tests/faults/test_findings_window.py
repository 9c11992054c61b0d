"""Issue 15's findings seen from the window (``run_gui`` with its event loop and message boxes replaced):
4. a restore chosen in the window is checked and audited under the program's user; 7. a failed automatic
backup shows in the main window; 8. damage found after today's check, or while working, leads to the
recovery dialog. Every test here failed on the code before the fix (checked against it).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.classwork_builder import build_class
from tests.db.test_backup import add_learner, learner_names
from trungtam_desktop.app import open_services
from trungtam_desktop.db import backup as bk
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.backups import BackupService


def _protected(paths: DataPaths) -> None:
    from trungtam_desktop.domain.access import Role
    from trungtam_desktop.services.access import AccessService, hash_password

    opened = open_services(paths)
    try:
        access = AccessService(opened.services.context, hasher=lambda p: hash_password(p, n=2**10))
        access.enable("Trưởng phòng", "quản trị 1")
        access.add_user("Giáo vụ", Role.CLERK, "giáo vụ 1")
    finally:
        opened.close()


@pytest.fixture
def gui_run(qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """``run_gui`` with the event loop, window settings and message boxes replaced; records what was shown."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from trungtam_desktop import app
    from trungtam_desktop.ui.application import GuiApplication
    from trungtam_desktop.ui.common import messages
    from trungtam_desktop.ui.safety import start_dialogs

    seen: dict[str, Any] = {"info": [], "warn": [], "windows": [], "damaged": [], "boxes": [], "exec": 0}
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen["boxes"].append(box.text()) or 0)
    monkeypatch.setattr(
        GuiApplication,
        "settings",
        lambda self: QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
    )
    monkeypatch.setattr(messages, "info", lambda _p, text, title="": seen["info"].append(text))
    monkeypatch.setattr(messages, "warn", lambda _p, text, title="": seen["warn"].append(text))
    monkeypatch.setattr(
        start_dialogs, "ask_restore_damaged", lambda text, can: seen["damaged"].append(text) or can
    )
    monkeypatch.setattr(app.logging, "shutdown", lambda: None)
    original = app.create_main_window

    def create(opened, settings, **kwargs):  # type: ignore[no-untyped-def]
        window = original(opened, settings, **kwargs)
        seen["windows"].append(window)
        seen["on_restore"] = kwargs.get("on_restore")
        return window

    monkeypatch.setattr(app, "create_main_window", create)
    seen["first"] = lambda: None

    def exec_(self: GuiApplication) -> int:
        seen["exec"] += 1
        if seen["exec"] == 1:
            seen["first"]()
        for window in seen["windows"]:
            window.close()
        return 0

    monkeypatch.setattr(GuiApplication, "exec", exec_)
    return seen


@pytest.mark.parametrize("who", ["Giáo vụ", "Trưởng phòng"])
def test_4_a_restore_from_the_window_is_checked_and_audited_under_the_program_user(
    gui_run: dict[str, Any], data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    from trungtam_desktop import app
    from trungtam_desktop.ui.safety import sign_in_dialog
    from trungtam_desktop.ui.safety.restore_dialog import RestoreRequest

    _protected(data_paths)
    add_learner(data_paths.database, "Nguyễn Thị Mỵ")
    backup = bk.backup_file(data_paths.database, tmp_path / "usb" / "sao-luu.sqlite")
    add_learner(data_paths.database, "Nhập sau khi sao lưu")
    password = "giáo vụ 1" if who == "Giáo vụ" else "quản trị 1"
    monkeypatch.setattr(sign_in_dialog, "ask_sign_in", lambda access: access.sign_in(who, password))
    summary = BackupService(data_paths).preview(backup)
    gui_run["first"] = lambda: gui_run["on_restore"](RestoreRequest(backup, None, summary))
    assert app.run_gui(data_paths) == 0
    names = learner_names(data_paths.database)
    if who == "Giáo vụ":  # the service refuses it, whatever the menu showed
        assert names == ["Nguyễn Thị Mỵ", "Nhập sau khi sao lưu"]
        assert any("Chỉ người dùng có vai trò Quản trị" in text for text in gui_run["warn"])
        return
    assert names == ["Nguyễn Thị Mỵ"]
    with contextlib.closing(sqlite3.connect(data_paths.database)) as conn:
        (user,) = conn.execute("SELECT user FROM audit_log WHERE action = 'restore'").fetchone()
    assert user == "Trưởng phòng"  # the program's user, not the Windows account


# -- 7. automatic backups failed silently ------------------------------------------------------------------
@pytest.mark.skipif(not Path("/proc/sys").is_dir(), reason="needs a folder nobody may write (Linux /proc)")
def test_7_a_failed_automatic_backup_shows_in_the_main_window(
    gui_run: dict[str, Any], data_paths: DataPaths, tmp_path: Path
) -> None:
    from trungtam_desktop import app

    bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_AUTO, now=datetime(2024, 11, 12, 7, 30))
    moved = tmp_path / "backups-that-worked"
    data_paths.backups.rename(moved)
    data_paths.backups.symlink_to("/proc/sys")  # a backup folder that cannot be written, even by root
    assert app.run_gui(data_paths) == 0
    window = gui_run["windows"][0]
    banner = window.backup_banner
    assert not banner.isHidden()
    assert "Sao lưu tự động hôm nay không thành công" in banner.headline.text()
    assert str(data_paths.backups) in banner.reason.text()
    data_paths.backups.unlink()
    moved.rename(data_paths.backups)


def test_7_the_banner_names_the_last_good_backup(data_paths: DataPaths) -> None:
    from trungtam_desktop.db.start_checks import DailyBackup
    from trungtam_desktop.services.backups import daily_backup_warning

    daily = DailyBackup(failure="Ổ đĩa chứa thư mục E:\\backups đã đầy.", last=datetime(2024, 11, 12, 7, 30))
    headline, reason = daily_backup_warning(daily, date(2024, 11, 20))  # type: ignore[misc]
    assert headline.endswith("Bản sao lưu gần nhất: 07:30 ngày 12/11/2024 (8 ngày trước).")
    assert reason == "Lý do: Ổ đĩa chứa thư mục E:\\backups đã đầy."
    assert daily_backup_warning(DailyBackup(made=data_paths.database), date(2024, 11, 20)) is None


# -- 8. a database damaged after today's daily check opened anyway ---------------------------------------
def _damage_a_page(database: Path) -> bytes:
    """Garbage over a b-tree page in the middle of a sound file: header and length stay right."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(database.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = os.urandom(page)
    database.write_bytes(bytes(data))
    return bytes(data)


def test_8_damage_after_todays_daily_backup_is_found_at_the_next_start(
    gui_run: dict[str, Any], data_paths: DataPaths
) -> None:
    from trungtam_desktop import app

    opened = open_services(data_paths)
    try:
        build_class(opened.database, code="LON-2024", learners=120, sessions=6)
    finally:
        opened.close()
    bk.daily_backup(data_paths)  # today's check and copy are done: the old start skipped the deep check
    damaged = _damage_a_page(data_paths.database)
    assert app.run_gui(data_paths) == 0
    assert gui_run["damaged"] and "bị hỏng" in gui_run["damaged"][0]
    assert gui_run["exec"] == 1  # the window opened only after the restore
    (aside,) = [
        p for p in data_paths.root.glob("trungtam.sqlite.hong-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert aside.read_bytes() == damaged


def test_8_a_malformed_error_while_working_leads_to_recovery_not_to_continue(
    gui_run: dict[str, Any], data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite says "malformed" in the middle of the work: the clerk is not told to go on working; the
    windows close, the full check runs, and the damaged-database dialog offers the newest good backup."""
    from PySide6.QtWidgets import QMessageBox

    from trungtam_desktop import app
    from trungtam_desktop.ui.common import messages

    opened = open_services(data_paths)
    try:
        build_class(opened.database, code="LON-2024", learners=120, sessions=6)
    finally:
        opened.close()
    bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_MANUAL)
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: texts.append(box.text()) or 0)

    def damage_while_working() -> None:
        _damage_a_page(data_paths.database)
        messages.show_error(None, sqlite3.DatabaseError("database disk image is malformed"))

    gui_run["first"] = damage_while_working
    assert app.run_gui(data_paths) == 0
    assert texts and "tiếp tục làm việc" not in texts[0] and "bị hỏng" in texts[0]
    assert gui_run["damaged"], "the recovery dialog was not offered"
    assert gui_run["exec"] == 2  # reopened on the restored data
    assert bk.integrity_ok(data_paths.database)
