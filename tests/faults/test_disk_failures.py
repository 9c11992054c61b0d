"""Issue 15 finding 9: every command against a read-only database, a read-only data folder and a full disk.

Each command must end with exit code 0 (it only reads) or 1, say in Vietnamese what is wrong and with which
file or folder, never print a traceback or a raw "[Errno 28]" / "readonly database", and leave the data as it
was. The disks are real: a read-only bind mount and a small tmpfs, which need root (CI runs as root); the
tests are skipped elsewhere, saying so.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.classwork_builder import build_class
from tests.import_fixtures import big_list
from trungtam_desktop.app import open_services
from trungtam_desktop.cli import main
from trungtam_desktop.db import backup as bk
from trungtam_desktop.paths import DataPaths

CLASS = "DIA-2024"
RAW = ("Traceback", "Errno", "No space left", "Read-only file system", "readonly database", "disk I/O error")


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(f"/tmp/trungtam-mount-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    try:
        _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
    except (subprocess.CalledProcessError, OSError):
        return False
    finally:
        _umount(probe)
        with contextlib.suppress(OSError):
            probe.rmdir()
    return True


pytestmark = pytest.mark.skipif(
    not _can_mount(), reason="needs root and mount (a read-only bind mount, a tmpfs)"
)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """``path`` (a file or a folder) made read-only for everyone, root included."""
    _mount("--bind", str(path), str(path))
    try:
        _mount("-o", "remount,ro,bind", str(path))
        yield path
    finally:
        _umount(path)


@contextlib.contextmanager
def small_disk(path: Path, size_kb: int) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path))
    try:
        yield path
    finally:
        _umount(path)


def fill(folder: Path, leave: int) -> None:
    """Fill the disk of ``folder`` until only about ``leave`` bytes are free."""
    free = shutil.disk_usage(folder).free - leave
    if free > 0:
        with (folder / "day-o-dia.bin").open("wb") as handle, contextlib.suppress(OSError):
            handle.write(b"\0" * free)


def digest(database: Path) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)) as conn:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        ]
        return {
            t: hashlib.sha256(
                repr(conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()).encode()
            ).hexdigest()
            for t in tables
        }


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A data folder with a class, issued certificates and learners; a backup of it; a list to import."""
    folder = tmp_path_factory.mktemp("nguon")
    paths = DataPaths(folder / "data")
    opened = open_services(paths)
    try:
        services = opened.services
        built = build_class(opened.database, code=CLASS, learners=12, sessions=2)
        for session_id in built.session_ids:
            services.attendance.mark_session_present(built.class_id, session_id)
        component = services.results.sheet(built.class_id).components[0].id
        services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
        chosen = [
            c.enrolment_id for c in services.certificates.plan(built.class_id, date(2024, 6, 20)).to_issue
        ]
        services.certificates.issue(built.class_id, chosen, issued_on=date(2024, 6, 20))
    finally:
        opened.close()
    backup = bk.backup_file(paths.database, folder / "sao-luu.sqlite")
    password = folder / "mk.txt"
    password.write_text("mật khẩu dài\n", "utf-8")
    return {
        "data": paths.root,
        "backup": backup,
        "list": big_list(folder / "danh-sach.xlsx", 1500),
        "password": password,
    }


def commands(root: Path, out: Path, source: dict[str, Path]) -> dict[str, list[str]]:
    d = ["--data-dir", str(root)]
    return {
        "check": ["check", *d],
        "backup": ["backup", *d, "--to", str(out / "sao-luu.sqlite")],
        "backup-encrypted": ["backup", *d, "--to", str(out), "--password-file", str(source["password"])],
        "restore": ["restore", *d, str(source["backup"])],
        "import": ["import", "learners", str(source["list"]), *d, "--class", CLASS],
        "seed-demo": ["seed-demo", *d],
        "print": ["print", "class-list", "--class", CLASS, "--out", str(out / "ds.pdf"), *d],
        "print-certificates": ["print", "certificates", "--class", CLASS, "--out", str(out / "gcn.pdf"), *d],
        "print-register": ["print", "register", "--year", "2024", "--out", str(out / "so.pdf"), *d],
        "report": ["report", "--year", "2024", "--period", "year", "--out", str(out / "bc.pdf"), *d],
        "report-pay": [
            "report",
            "pay",
            "--year",
            "2024",
            "--period",
            "year",
            "--out",
            str(out / "tl.xlsx"),
            *d,
        ],
    }


def run(argv: list[str], capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    try:
        code = main(argv)
    except SystemExit as exc:  # usage errors only
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def check_console(name: str, code: int, text: str, expected: int) -> None:
    assert code == expected, f"{name}: exit {code}\n{text}"
    assert not any(raw in text for raw in RAW), f"{name}:\n{text}"
    if code:
        assert "Lỗi" in text, f"{name}:\n{text}"


READS = {"check", "backup", "backup-encrypted"}


def test_every_command_on_a_read_only_database_file(source: dict[str, Path], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    shutil.copytree(source["data"], data)
    out = tmp_path / "ra"
    database = data / "trungtam.sqlite"
    before, backups = digest(database), sorted((data / "backups").iterdir())
    with read_only(database):
        for name, argv in commands(data, out, source).items():
            code, text = run(argv, capsys)
            check_console(name, code, text, 0 if name in READS else 1)
            if name not in READS:
                assert f"Không ghi được vào tệp {database}" in text and "chỉ được phép đọc" in text, (
                    f"{name}\n{text}"
                )
    assert digest(database) == before
    assert sorted((data / "backups").iterdir()) == backups  # nothing half-done: not even a backup first


_WAL_ONLY_COMMIT = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("UPDATE learner SET phone = '0' WHERE id = 1")
os._exit(0)
"""


@pytest.mark.parametrize("after_a_crash", [False, True], ids=["closed-cleanly", "after-a-crash"])
def test_every_command_in_a_read_only_data_folder(
    source: dict[str, Path], tmp_path: Path, capsys, after_a_crash: bool
) -> None:  # type: ignore[no-untyped-def]
    """A read-only folder is never called a damaged database. Closed cleanly, the database can still be
    checked and copied; after a power cut its last commits wait in the WAL without the index SQLite needs
    to read them, which it cannot rebuild without writing: every command then says the folder must be
    made writable (before, ``check`` called that a damaged database)."""
    data = tmp_path / "data"
    shutil.copytree(source["data"], data)
    out = tmp_path / "ra"
    database = data / "trungtam.sqlite"
    if after_a_crash:  # the last commit only in the WAL, and no WAL index beside it (a power cut)
        subprocess.run([sys.executable, "-c", _WAL_ONLY_COMMIT, str(database)], check=True)
        database.with_name("trungtam.sqlite-shm").unlink()
    listing = sorted(p.relative_to(data) for p in data.rglob("*"))
    raw = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    with read_only(data):
        for name, argv in commands(data, out, source).items():
            code, text = run(argv, capsys)
            reads = name in READS and not after_a_crash
            check_console(name, code, text, 0 if reads else 1)
            assert "bị hỏng" not in text, f"{name}\n{text}"
            if name == "check" and reads:
                assert "Toàn vẹn: tốt" in text and "Lỗi" not in text and "chỉ cho phép đọc" in text, text
            elif not reads:
                assert f"thư mục {data}" in text and "chỉ được phép đọc" in text, f"{name}\n{text}"
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == listing
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == raw


def test_every_command_on_a_full_disk(source: dict[str, Path], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Data folder and outputs on one full drive (a USB stick in portable mode, say): every command says
    the drive is full, names the folder it could not write, and nothing is lost or half-written."""
    with small_disk(tmp_path / "usb", 6144) as usb:
        data = usb / "data"
        shutil.copytree(source["data"], data)
        out = usb / "ra"
        out.mkdir()
        database = data / "trungtam.sqlite"
        before = digest(database)
        fill(usb, 0)
        for name, argv in commands(data, out, source).items():
            code, text = run(argv, capsys)
            check_console(name, code, text, 0 if name == "check" else 1)  # reading a full drive works
            if name != "check":
                assert "đã đầy" in text and "bị hỏng" not in text, f"{name}\n{text}"
        assert digest(database) == before
        assert not [p for p in usb.rglob("*") if p.name.startswith(".tam-") or p.suffix == ".partial"]


def test_a_backup_to_a_full_usb_drive_names_the_drive(
    source: dict[str, Path], tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """The database is fine; the USB drive chosen for the copy is full: the message is about the drive."""
    data = tmp_path / "data"
    shutil.copytree(source["data"], data)
    database = data / "trungtam.sqlite"
    with small_disk(tmp_path / "usb", 1024) as usb:
        fill(usb, 8 * 1024)
        for name in ("backup", "backup-encrypted", "print", "report"):
            code, text = run(commands(data, usb, source)[name], capsys)
            check_console(name, code, text, 1)
            assert f"thư mục {usb}" in text and "đã đầy" in text, f"{name}\n{text}"
            assert f"{database}" not in text, f"{name}\n{text}"
        assert not [p for p in usb.iterdir() if p.name != "day-o-dia.bin"]
    assert bk.integrity_ok(database)


def test_an_import_that_fills_the_disk(source: dict[str, Path], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Room for the backup made before the import, not for the import itself: SQLite runs out of space in
    the middle of the transaction. One Vietnamese sentence, the transaction rolled back, nothing imported."""
    with small_disk(tmp_path / "o-dia", 8192) as disk:
        data = disk / "data"
        shutil.copytree(source["data"], data)
        database = data / "trungtam.sqlite"
        before = digest(database)
        fill(disk, database.stat().st_size + 160 * 1024)
        code, text = run(commands(data, disk, source)["import"], capsys)
        check_console("import", code, text, 1)
        assert "đã đầy" in text and str(data) in text, text
        assert [p.name for p in (data / "backups").glob("*_truoc-nhap.sqlite")]  # the backup was made
        assert digest(database) == before


def test_the_window_in_a_read_only_data_folder_says_so(source: dict[str, Path], tmp_path: Path, qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The window program on a read-only folder: one message naming the folder, exit 1, nothing written."""
    from trungtam_desktop.app import run_gui
    from trungtam_desktop.ui.application import GuiApplication

    data = tmp_path / "data"
    shutil.copytree(source["data"], data)
    told: list[str] = []
    monkeypatch.setattr(GuiApplication, "fatal", lambda self, message: told.append(message))
    raw = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    with read_only(data):
        assert run_gui(DataPaths(data)) == 1
    assert len(told) == 1 and f"thư mục {data}" in told[0] and "chỉ được phép đọc" in told[0], told
    assert "hỏng" not in told[0]
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == raw
