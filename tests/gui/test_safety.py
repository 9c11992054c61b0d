"""Tệp → Sao lưu / Khôi phục, Trợ giúp → Gửi báo lỗi, the damaged-database question and the instance lock."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from trungtam_desktop.app import backup_service, create_main_window
from trungtam_desktop.db import backup as bk
from trungtam_desktop.ui.instance import InstanceLock
from trungtam_desktop.ui.safety import backup_dialog, restore_dialog, start_dialogs
from trungtam_desktop.ui.safety.backup_dialog import BackupDialog
from trungtam_desktop.ui.safety.error_report import save_error_report
from trungtam_desktop.ui.safety.restore_dialog import RestoreDialog

SHOTS = Path(os.environ.get("SAFETY_SHOTS", "/tmp/safety_shots"))


def shoot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def messages_seen(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for module in (backup_dialog.messages, restore_dialog.messages):
        monkeypatch.setattr(module, "info", lambda _p, text, title="": seen.append(("info", text)))
        monkeypatch.setattr(module, "warn", lambda _p, text, title="": seen.append(("warn", text)))
    return seen


def test_menus_have_backup_restore_and_error_report(qtbot, gui_app, opened, window_settings) -> None:  # type: ignore[no-untyped-def]
    window = create_main_window(opened, window_settings, on_restore=lambda _r: None)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert titles == ["&Sao lưu…", "&Khôi phục…", "&Thoát"]
    assert "Gửi &báo lỗi…" in [a.text() for a in window.help_menu.actions()]


def test_backup_dialog_writes_a_verified_copy(qtbot, gui_app, opened, tmp_path, messages_seen) -> None:  # type: ignore[no-untyped-def]
    dialog = BackupDialog(backup_service(opened.paths), None, tmp_path / "usb")
    qtbot.addWidget(dialog)
    dialog.show()
    shoot(dialog, "backup_dialog")
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        dialog.backup_button.click()
    assert dialog.result_path is not None and dialog.result_path.parent == tmp_path / "usb"
    assert bk.integrity_ok(dialog.result_path)
    assert (
        messages_seen and messages_seen[-1][0] == "info" and str(dialog.result_path) in messages_seen[-1][1]
    )


def test_backup_dialog_with_password(qtbot, gui_app, opened, tmp_path, messages_seen) -> None:  # type: ignore[no-untyped-def]
    backups = backup_service(opened.paths)
    dialog = BackupDialog(backups, None, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.encrypt_check.setChecked(True)
    dialog.password_edit.setText("abc")
    dialog.start_backup()
    assert messages_seen[-1] == ("warn", "Mật khẩu phải có ít nhất 6 ký tự.")
    dialog.password_edit.setText("bí mật 1")
    dialog.confirm_edit.setText("bí mật 2")
    dialog.start_backup()
    assert messages_seen[-1] == ("warn", "Hai lần nhập mật khẩu không giống nhau.")
    dialog.confirm_edit.setText("bí mật 1")
    shoot(dialog, "backup_dialog_password")
    with qtbot.waitSignal(dialog.finished, timeout=20_000):
        dialog.start_backup()
    assert dialog.result_path is not None and dialog.result_path.name.endswith(".sqlite.enc")
    assert backups.preview(dialog.result_path, "bí mật 1").revision
    assert not [p for p in opened.paths.backups.iterdir() if p.name.startswith(".")]


def test_backup_dialog_explains_a_folder_that_cannot_be_written(  # type: ignore[no-untyped-def]
    qtbot, gui_app, opened, tmp_path, messages_seen
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialog = BackupDialog(backup_service(opened.paths), None, blocker / "usb")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_backup()
    qtbot.waitUntil(lambda: bool(messages_seen), timeout=20_000)
    kind, text = messages_seen[-1]
    assert kind == "warn" and text.startswith(f"Không ghi được vào thư mục {blocker / 'usb'}:")
    assert "tệp trùng tên" in text
    assert "Dữ liệu không bị thay đổi" in text and dialog.backup_button.isEnabled()
    assert dialog.result_path is None and bk.integrity_ok(opened.paths.database)


def _restore_dialog(qtbot, opened):  # type: ignore[no-untyped-def]
    dialog = RestoreDialog(backup_service(opened.paths))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_restore_dialog_lists_previews_and_confirms(qtbot, gui_app, opened, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bk.make_backup(opened.paths.database, opened.paths.backups, bk.KIND_AUTO)
    bk.backup_before(opened.paths, "nhap")
    dialog = _restore_dialog(qtbot, opened)
    assert dialog.model.rowCount() == 2
    assert dialog.model.item(0).kind_label == "Trước khi nhập dữ liệu"
    dialog.table.selectRow(0)
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=20_000)
    assert "0 lớp · 0 học viên · 0 giấy chứng nhận" in dialog.preview_label.text()
    shoot(dialog, "restore_dialog")
    asked: list[str] = []
    monkeypatch.setattr(
        restore_dialog.messages, "confirm", lambda _p, text, *a, **k: asked.append(text) or True
    )
    dialog.restore_button.click()
    assert asked and "Dữ liệu hiện tại sẽ được sao lưu trước" in asked[0]
    assert dialog.request is not None and dialog.request.path == dialog.model.item(0).path


@pytest.mark.parametrize("kind", ["empty", "random-bytes", "truncated", "other-sqlite", "newer-schema"])
def test_restore_dialog_refuses_bad_files(qtbot, gui_app, opened, tmp_path, kind) -> None:  # type: ignore[no-untyped-def]
    from tests.db.test_backup import BAD_FILES, REASONS

    good = bk.make_backup(opened.paths.database, tmp_path / "good", bk.KIND_MANUAL)
    bad = tmp_path / f"{kind}.sqlite"
    BAD_FILES[kind](bad, good)
    dialog = _restore_dialog(qtbot, opened)
    dialog.preview(bad)
    qtbot.waitUntil(lambda: "Không khôi phục được" in dialog.preview_label.text(), timeout=20_000)
    assert REASONS[kind] in dialog.preview_label.text()
    assert not dialog.restore_button.isEnabled()
    if kind == "newer-schema":
        shoot(dialog, "restore_dialog_refused")


def test_restore_dialog_asks_password_for_encrypted_file(qtbot, gui_app, opened, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sealed = backup_service(opened.paths).export(tmp_path, "mật khẩu")
    dialog = _restore_dialog(qtbot, opened)
    dialog.preview(sealed)
    assert dialog.password_edit.isVisibleTo(dialog) and "mã hóa" in dialog.preview_label.text()
    dialog.password_edit.setText("sai rồi")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: "Mật khẩu không đúng" in dialog.preview_label.text(), timeout=20_000)
    shoot(dialog, "restore_dialog_password")
    dialog.password_edit.setText("mật khẩu")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=20_000)


def test_error_report_zip(qtbot, gui_app, opened, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.ui.safety import error_report

    opened.paths.logs.mkdir(parents=True, exist_ok=True)
    (opened.paths.logs / "trungtam.log").write_text("2024 INFO Starting\n", "utf-8")
    (opened.paths.logs / "trungtam.log.1").write_text("older\n", "utf-8")
    said: list[str] = []
    monkeypatch.setattr(error_report.messages, "info", lambda _p, text, title="": said.append(text))
    path = save_error_report(
        None, opened.paths.logs, opened.paths.root, lambda _p, _s: str(tmp_path / "bao-loi")
    )
    assert path == tmp_path / "bao-loi.zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        info = archive.read("phien-ban.txt").decode("utf-8")
    assert {"phien-ban.txt", "nhat-ky/trungtam.log", "nhat-ky/trungtam.log.1"} <= names
    assert "Phiên bản:" in info and "PySide6" in info
    assert not any(name.endswith(".sqlite") for name in names)
    assert said and str(path) in said[0]


def test_damaged_question_offers_restore_or_quit(qtbot, gui_app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.services.backups import damaged_message

    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        box.show()
        shoot(box, "damaged_database")
        box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    text = damaged_message("tệp bị cắt cụt (thiếu phần cuối)", Path("C:/Users/giaovu/trungtam.sqlite"), None)
    assert start_dialogs.ask_restore_damaged(text, False) is False
    assert [b.text() for b in shown[0].buttons()] == ["Thoát"]


# -- one program per data folder ----------------------------------------------------------------------------
def _hold_lock_in_other_process(lock_file: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.lock_holder", str(lock_file)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


def test_second_program_on_the_same_folder_is_refused(qtbot, gui_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lock_file = tmp_path / "trungtam.lock"
    holder = _hold_lock_in_other_process(lock_file)
    try:
        second = InstanceLock(lock_file)
        assert not second.acquire()
        assert second.holder_pid() == holder.pid
    finally:
        holder.kill()
        holder.wait()


def test_stale_lock_after_a_crash_does_not_block(qtbot, gui_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lock_file = tmp_path / "trungtam.lock"
    holder = _hold_lock_in_other_process(lock_file)
    holder.send_signal(signal.SIGKILL)  # a crash: the lock file stays behind
    holder.wait()
    assert lock_file.exists()
    lock = InstanceLock(lock_file)
    assert lock.acquire()
    lock.release()
    assert not lock_file.exists()


def test_a_crashed_lock_holding_this_process_id_does_not_block(qtbot, gui_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 22: after a crash, Windows gave the restarted program the id recorded in the lock. The lock
    left behind names this very process and this program (here: as the Qt lock file wrote it); the start
    must take it over, not say that a window (which does not exist) was brought forward."""
    from trungtam_desktop import processes

    lock_file = tmp_path / "trungtam.lock"
    me = processes.current()
    lock_file.write_text(f"{me.pid}\n{me.name}\n{socket.gethostname()}\n", "utf-8")
    lock = InstanceLock(lock_file)
    assert lock.acquire(listen=False)
    lock.release()


def test_a_crashed_lock_whose_id_went_to_another_program_does_not_block(qtbot, gui_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lock_file = tmp_path / "trungtam.lock"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        from trungtam_desktop import processes

        lock_file.write_text(f"{other.pid}\n{processes.current().name}\n{socket.gethostname()}\n", "utf-8")
        lock = InstanceLock(lock_file)
        assert lock.acquire(listen=False)
        lock.release()
    finally:
        other.kill()
        other.wait()


def test_second_program_brings_the_first_forward(qtbot, gui_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lock_file = tmp_path / "trungtam.lock"
    first = InstanceLock(lock_file)
    assert first.acquire()
    try:
        second = InstanceLock(lock_file)
        assert not second.acquire()
        with qtbot.waitSignal(first.activation_requested, timeout=5_000):
            assert second.ask_first_to_show()
    finally:
        first.release()


def test_restore_action_closes_windows_then_hands_the_request_over(
    qtbot, gui_app, opened, window_settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    good = bk.make_backup(opened.paths.database, opened.paths.backups, bk.KIND_MANUAL)
    requests: list[object] = []
    window = create_main_window(opened, window_settings, on_restore=requests.append)
    qtbot.addWidget(window)
    window.show()
    chosen = restore_dialog.RestoreRequest(good, None, backup_service(opened.paths).preview(good))

    def accept(self: RestoreDialog) -> int:
        self.request = chosen
        return 1

    monkeypatch.setattr(RestoreDialog, "exec", accept)
    restore_action = next(a for a in window.file_menu.actions() if a.text() == "&Khôi phục…")
    restore_action.trigger()
    assert requests == [chosen]
    assert not window.isVisible()


@pytest.mark.skipif(not Path("/proc/sys").is_dir(), reason="needs a folder nobody may write (Linux /proc)")
def test_backup_banner_stays_until_a_backup_succeeds(qtbot, gui_app, opened, window_settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Today's automatic backup failed (the backup folder cannot be written): the banner says so; "Thử lại"
    while it still cannot keeps it; once the folder is back, "Thử lại" makes the backup and the banner goes."""
    backups = opened.paths.backups
    kept = tmp_path / "backups-that-work"
    backups.rename(kept)
    backups.symlink_to("/proc/sys")
    daily = backup_service(opened.paths).daily_backup()
    assert daily.failure and str(backups) in daily.failure
    window = create_main_window(opened, window_settings, daily=daily)
    qtbot.addWidget(window)
    window.show()
    banner = window.backup_banner
    assert banner.isVisible() and "không thành công" in banner.headline.text()
    shoot(window, "backup_banner")
    banner.retry_button.click()
    qtbot.waitUntil(lambda: banner.retry_button.isEnabled(), timeout=20_000)
    assert banner.isVisible()  # still failing: still shown
    backups.unlink()
    kept.rename(backups)
    banner.retry_button.click()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=20_000)
    assert [p for p in backups.iterdir() if p.name.endswith("_tu-dong.sqlite")]
    assert banner.bar is not None and not banner.bar.isVisible()
