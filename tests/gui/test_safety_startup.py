"""run_gui's data-safety path: second program, damaged database at start, restore between two sessions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from trungtam_desktop import app
from trungtam_desktop.db import backup as bk
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.backups import BackupService
from trungtam_desktop.ui.application import GuiApplication
from trungtam_desktop.ui.common import messages
from trungtam_desktop.ui.instance import InstanceLock
from trungtam_desktop.ui.safety import start_dialogs
from trungtam_desktop.ui.safety.restore_dialog import RestoreRequest


def learners(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [r[0] for r in conn.execute("SELECT full_name FROM learner ORDER BY id")]


@pytest.fixture
def gui_env(qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """run_gui with the event loop, window settings and message boxes replaced; records what was shown."""
    seen: dict[str, Any] = {"info": [], "exec": 0, "windows": [], "damaged": [], "running": []}
    monkeypatch.setattr(
        GuiApplication,
        "settings",
        lambda self: QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat),
    )
    monkeypatch.setattr(messages, "info", lambda _p, text, title="": seen["info"].append(text))
    monkeypatch.setattr(start_dialogs, "tell_already_running", lambda text: seen["running"].append(text))
    monkeypatch.setattr(app.logging, "shutdown", lambda: None)
    return seen


def _fake_exec(seen: dict[str, Any], on_first=None):  # type: ignore[no-untyped-def]
    def exec_(self: GuiApplication) -> int:
        seen["exec"] += 1
        if seen["exec"] == 1 and on_first is not None:
            on_first()
        for window in seen["windows"]:
            window.close()
        return 0

    return exec_


def _recording_create(seen: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    original = app.create_main_window

    def create(opened, settings, **kwargs):  # type: ignore[no-untyped-def]
        window = original(opened, settings, **kwargs)
        seen["windows"].append(window)
        seen["on_restore"] = kwargs.get("on_restore")
        seen["learners_seen"] = opened.services.learners.count()
        return window

    monkeypatch.setattr(app, "create_main_window", create)


def test_second_program_is_told_and_exits(gui_env, data_paths: DataPaths) -> None:  # type: ignore[no-untyped-def]
    first = InstanceLock(data_paths.lock_file)
    assert first.acquire()
    try:
        assert app.run_gui(data_paths) == 0
    finally:
        first.release()
    assert gui_env["running"] and str(data_paths.root) in gui_env["running"][0]
    assert gui_env["exec"] == 0


def test_start_makes_the_daily_backup_and_releases_the_lock(gui_env, data_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _recording_create(gui_env, monkeypatch)
    monkeypatch.setattr(GuiApplication, "exec", _fake_exec(gui_env))
    assert app.run_gui(data_paths) == 0
    assert [p for p in data_paths.backups.iterdir() if p.name.endswith("_tu-dong.sqlite")]
    again = InstanceLock(data_paths.lock_file)
    assert again.acquire()  # released at exit
    again.release()


def test_restore_between_sessions(gui_env, data_paths, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.db.test_backup import add_learner

    add_learner(data_paths.database, "Nguyễn Thị Mỵ")
    backup = bk.backup_file(data_paths.database, tmp_path / "usb" / "copy.sqlite")
    add_learner(data_paths.database, "Nhập sau khi sao lưu")
    summary = BackupService(data_paths).preview(backup)
    _recording_create(gui_env, monkeypatch)

    def choose_restore() -> None:
        gui_env["on_restore"](RestoreRequest(backup, None, summary))

    monkeypatch.setattr(GuiApplication, "exec", _fake_exec(gui_env, choose_restore))
    assert app.run_gui(data_paths) == 0
    assert gui_env["exec"] == 2  # the window was opened again after the restore
    assert gui_env["learners_seen"] == 1  # ...on the restored data
    assert learners(data_paths.database) == ["Nguyễn Thị Mỵ"]
    assert any("Đã khôi phục dữ liệu" in text for text in gui_env["info"])
    (safety,) = [p for p in data_paths.backups.iterdir() if p.name.endswith("_truoc-khoi-phuc.sqlite")]
    assert learners(safety) == ["Nguyễn Thị Mỵ", "Nhập sau khi sao lưu"]


def test_damaged_database_restored_from_the_newest_good_backup(gui_env, data_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.db.test_backup import add_learner

    add_learner(data_paths.database, "Trần Văn Đức")
    bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_MANUAL)
    garbage = os.urandom(40_000)
    data_paths.database.write_bytes(garbage)
    asked: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        start_dialogs, "ask_restore_damaged", lambda text, can: asked.append((text, can)) or True
    )
    _recording_create(gui_env, monkeypatch)
    monkeypatch.setattr(GuiApplication, "exec", _fake_exec(gui_env))
    assert app.run_gui(data_paths) == 0
    assert asked and asked[0][1] and "bị hỏng" in asked[0][0]
    assert learners(data_paths.database) == ["Trần Văn Đức"]
    (aside,) = [
        p for p in data_paths.root.glob("trungtam.sqlite.hong-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert aside.read_bytes() == garbage


def test_damaged_database_and_quit_leaves_everything(gui_env, data_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_MANUAL)
    data = data_paths.database.read_bytes()
    data_paths.database.write_bytes(data[: len(data) // 3])
    truncated = data_paths.database.read_bytes()
    monkeypatch.setattr(start_dialogs, "ask_restore_damaged", lambda _text, _can: False)
    monkeypatch.setattr(GuiApplication, "exec", _fake_exec(gui_env))
    assert app.run_gui(data_paths) == 1
    assert data_paths.database.read_bytes() == truncated
    assert not list(data_paths.root.glob("*.hong-*"))
    assert gui_env["exec"] == 0


def _holder(lock_file: Path, purpose: str, seconds: float):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "tests.lock_holder", str(lock_file), purpose, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


def test_the_window_waits_for_a_command_then_opens(gui_env, data_paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A command-line import holds the folder: the window waits for it (progress dialog), then opens."""
    _recording_create(gui_env, monkeypatch)
    monkeypatch.setattr(GuiApplication, "exec", _fake_exec(gui_env))
    holder = _holder(data_paths.lock_file, "import", 1.5)
    try:
        assert app.run_gui(data_paths) == 0
    finally:
        holder.wait(timeout=30)
    assert gui_env["exec"] == 1 and not gui_env["running"]


def test_a_window_holding_the_folder_is_not_waited_for(gui_env, data_paths) -> None:  # type: ignore[no-untyped-def]
    """Another window holds the folder but does not answer (hung, or no window at all): the second start
    says so honestly instead of claiming it brought a window forward."""
    holder = _holder(data_paths.lock_file, "window", 60)
    try:
        assert app.run_gui(data_paths) == 0
    finally:
        holder.kill()
        holder.wait()
    assert gui_env["exec"] == 0
    (text,) = gui_env["running"]
    assert "Không liên lạc được với cửa sổ đó" in text and f"tiến trình {holder.pid}" in text
