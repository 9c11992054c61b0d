"""Command line: backup, restore and check, with their exit codes (0 done, 1 bad input, 2 usage)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from trungtam_desktop.cli import main
from trungtam_desktop.db import backup as bk
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.ui.instance import InstanceLock

from .test_backup import BAD_FILES, add_learner, learner_names


def test_backup_then_restore_into_another_folder(data_paths: DataPaths, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    add_learner(data_paths.database, "Nguyễn Thị Mỵ")
    out = tmp_path / "usb" / "sao-luu.sqlite"
    assert main(["backup", "--data-dir", str(data_paths.root), "--to", str(out)]) == 0
    assert "Đã sao lưu" in capsys.readouterr().out and bk.integrity_ok(out)
    other = tmp_path / "other"
    assert main(["restore", "--data-dir", str(other), str(out)]) == 0
    assert "Đã khôi phục dữ liệu: 0 lớp · 1 học viên" in capsys.readouterr().out
    assert learner_names(other / "trungtam.sqlite") == ["Nguyễn Thị Mỵ"]


def test_backup_to_a_folder_with_password(data_paths: DataPaths, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    password = tmp_path / "mk.txt"
    password.write_text("mật khẩu dài\n", "utf-8")
    folder = tmp_path / "usb"
    folder.mkdir()
    args = [
        "backup",
        "--data-dir",
        str(data_paths.root),
        "--to",
        str(folder),
        "--password-file",
        str(password),
    ]
    assert main(args) == 0
    (sealed,) = folder.iterdir()
    assert sealed.name.startswith("trungtam_") and sealed.name.endswith(".sqlite.enc")
    assert main(["restore", "--data-dir", str(data_paths.root), str(sealed)]) == 1
    assert "mã hóa" in capsys.readouterr().err
    wrong = tmp_path / "sai.txt"
    wrong.write_text("sai", "utf-8")
    assert (
        main(["restore", "--data-dir", str(data_paths.root), str(sealed), "--password-file", str(wrong)]) == 1
    )
    assert "Mật khẩu không đúng" in capsys.readouterr().err
    args = ["restore", "--data-dir", str(data_paths.root), str(sealed), "--password-file", str(password)]
    assert main(args) == 0


def test_password_files_as_windows_notepad_writes_them(data_paths: DataPaths, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """UTF-8 with a BOM and UTF-16 read as the same password; a file that is not text, a missing file and an
    empty --to are refused in Vietnamese (exit 1) and nothing is written."""
    sealed = tmp_path / "sao-luu.sqlite.enc"
    bom = tmp_path / "mk-bom.txt"
    bom.write_text("mật khẩu dài\r\n", "utf-8-sig")
    utf16 = tmp_path / "mk-utf16.txt"
    utf16.write_text("mật khẩu dài\r\n", "utf-16")
    backup = ["backup", "--data-dir", str(data_paths.root), "--to", str(sealed), "--password-file"]
    assert main([*backup, str(bom)]) == 0
    restore = ["restore", "--data-dir", str(data_paths.root), str(sealed), "--password-file"]
    assert main([*restore, str(utf16)]) == 0
    capsys.readouterr()
    binary = tmp_path / "mk.bin"
    binary.write_bytes(b"\x81\xfe\xff\x00")
    assert main([*restore, str(binary)]) == 1
    assert "không phải văn bản UTF-8" in capsys.readouterr().err
    assert main([*restore, str(tmp_path / "khong-co.txt")]) == 1
    assert "Không đọc được tệp mật khẩu" in capsys.readouterr().err
    before = set(Path.cwd().iterdir())
    with pytest.raises(SystemExit) as info:
        main(["backup", "--data-dir", str(data_paths.root), "--to", ""])
    assert info.value.code == 2
    assert "--to: đường dẫn trống" in capsys.readouterr().err
    assert set(Path.cwd().iterdir()) == before


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_restore_refuses_bad_files(kind: str, data_paths: DataPaths, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = bk.backup_file(data_paths.database, tmp_path / "good.sqlite")
    bad = tmp_path / f"{kind}.sqlite"
    BAD_FILES[kind](bad, good)
    before = data_paths.database.read_bytes()
    assert main(["restore", "--data-dir", str(data_paths.root), str(bad)]) == 1
    assert "Dữ liệu hiện tại không bị thay đổi" in capsys.readouterr().err
    assert data_paths.database.read_bytes() == before


def test_restore_is_refused_while_the_program_is_open(data_paths: DataPaths, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = bk.backup_file(data_paths.database, tmp_path / "good.sqlite")
    lock = InstanceLock(data_paths.lock_file)
    assert lock.acquire(listen=False)
    try:
        assert main(["restore", "--data-dir", str(data_paths.root), str(good)]) == 1
    finally:
        lock.release()
    assert "đang được cửa sổ chương trình" in capsys.readouterr().err


def test_check(data_paths: DataPaths, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--data-dir", str(data_paths.root)]) == 0
    out = capsys.readouterr().out
    assert "Toàn vẹn: tốt" in out and "Phiên bản lược đồ:" in out
    data = data_paths.database.read_bytes()
    data_paths.database.write_bytes(data[: len(data) // 2])
    assert main(["check", "--data-dir", str(data_paths.root)]) == 1
    assert "bị hỏng" in capsys.readouterr().err
    data_paths.database.write_bytes(os.urandom(8192))
    assert main(["check", "--data-dir", str(data_paths.root)]) == 1


def test_usage_errors_exit_2(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as info:
        main(["backup"])
    assert info.value.code == 2
    assert "thiếu tham số bắt buộc" in capsys.readouterr().err


def _command(*args: str) -> subprocess.Popen[str]:
    root = Path(__file__).resolve().parents[2]
    return subprocess.Popen(
        [sys.executable, "-m", "trungtam_desktop", *args],
        cwd=root,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def test_a_closed_output_and_ctrl_c_print_no_traceback(data_paths: DataPaths, tmp_path: Path) -> None:
    """``… | more`` closed early ("Broken pipe"), and Ctrl+C in the middle: one Vietnamese sentence, exit 1."""
    from tests.import_fixtures import big_list

    # more output than a pipe holds (64 KB), so the command is still writing when the reader goes away
    source = big_list(tmp_path / "ds.xlsx", 3000)
    reading = _command("import", "learners", str(source), "--data-dir", str(data_paths.root), "--dry-run")
    assert reading.stdout is not None and reading.stdout.readline()
    reading.stdout.close()  # the reader goes away
    _out, err = reading.communicate(timeout=120)
    assert reading.returncode == 1 and "Traceback" not in err and "Broken pipe" not in err, err
    assert "đầu ra của lệnh đã bị đóng" in err

    seeding = _command("seed-demo", "--data-dir", str(tmp_path / "mau"), "--scale", "large")
    assert seeding.stdout is not None and seeding.stdout.readline().startswith("Tạo dữ liệu mẫu")
    seeding.send_signal(signal.SIGINT)
    _out, err = seeding.communicate(timeout=120)
    assert seeding.returncode == 1 and "Traceback" not in err, err
    assert "Ctrl+C" in err
