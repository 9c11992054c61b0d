"""Issue 15 ("Data safety, round 2"): one regression test per finding that an outside probe made.

The window's side of findings 4, 7 and 8 is in ``test_findings_window.py``; findings 3 (personal data in
reports) and 9 (disk and OS errors) have their own modules, ``test_personal_data.py`` and
``test_disk_failures.py``. Every test here failed on the code before the fix (checked against it).
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.classwork_builder import build_class
from tests.db.test_backup import add_learner, learner_names
from trungtam_desktop.app import open_services
from trungtam_desktop.cli import main
from trungtam_desktop.db import backup as bk
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.services.backups import BackupService

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Mật khẩu sao lưu 1"


def clear_copies(paths: DataPaths, kept: set[Path]) -> list[str]:
    """Files in the data folder holding the data in clear, beyond the database and the backups in ``kept``."""
    found = []
    for path in paths.root.rglob("*"):
        if not path.is_file() or path == paths.database or path in kept or path.parent == paths.logs:
            continue
        if path.name.startswith(paths.database.name + "-"):
            continue  # its WAL files
        parsed = bk.parse_backup_name(path.name)
        if parsed is not None and parsed.kind == bk.KIND_AUTO:
            continue  # the automatic backup a start makes (the folder's own, like the database)
        with path.open("rb") as handle:
            if handle.read(16) == bk.SQLITE_HEADER:
                found.append(str(path.relative_to(paths.root)))
    return found


def child(code: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )


# -- 1. a restore silently dropped a concurrent import --------------------------------------------------------
def test_1_a_restore_never_drops_a_concurrent_import(tmp_path: Path) -> None:
    """``import`` of 3,000 rows, and ``restore`` started half a second later in another process: the
    restore waits for the import (or one is refused with a message); the learners are never lost.
    ``python -m tests.faults.race_run`` runs this 20 times with random delays."""
    from tests.faults.race_run import run_races

    lines: list[str] = []
    figures = run_races(tmp_path, rows=3000, delays=[0.5], say=lines.append)
    report = "\n".join([*lines, *figures.problems])
    assert figures.silent_losses == 0 and figures.tracebacks == 0 and figures.damaged == 0, report
    assert figures.runs == 1 and "LOST" not in figures.outcomes, report


def test_1_restore_is_refused_while_another_program_has_the_database_open(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    """Beyond the folder's lock, the SQLite-level check: a program that ignores the lock (a SQLite viewer,
    an older version) has the database open; the restore is refused, nothing changes, nothing is left."""
    from trungtam_desktop.services.backups import BackupError

    add_learner(data_paths.database, "Nguyễn Văn Gốc")
    backup = bk.backup_file(data_paths.database, tmp_path / "sao-luu.sqlite")
    add_learner(data_paths.database, "Ghi sau khi sao lưu")
    other = sqlite3.connect(data_paths.database)
    try:
        other.execute("SELECT COUNT(*) FROM learner").fetchone()  # open, idle, as a viewer leaves it
        with pytest.raises(BackupError, match="Một chương trình khác đang mở cơ sở dữ liệu"):
            BackupService(data_paths).restore(backup)
    finally:
        other.close()
    assert learner_names(data_paths.database) == ["Nguyễn Văn Gốc", "Ghi sau khi sao lưu"]
    assert not [p for p in data_paths.root.rglob(".tam-*")]
    assert not list(data_paths.backups.glob("*_truoc-khoi-phuc.sqlite"))


# -- 2. committed data vanished in a restore's swap -------------------------------------------------------
_COMMIT_AND_DIE = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA wal_autocheckpoint = 0")
conn.execute("UPDATE learner SET full_name = 'Đã sửa, chỉ còn trong WAL' WHERE id = 1")
os._exit(0)
"""


def test_2_a_restore_that_dies_before_its_swap_keeps_every_commit(
    data_paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A transaction committed by another connection and still only in the WAL; the restore dies just
    before the file is put in place (a kill, simulated by an exception where the rename happens). The
    live database must still hold that commit: it was refused or never done, nothing may vanish."""
    add_learner(data_paths.database, "Nguyễn Văn Gốc")
    backup = bk.backup_file(data_paths.database, tmp_path / "sao-luu.sqlite")
    subprocess.run([sys.executable, "-c", _COMMIT_AND_DIE, str(data_paths.database)], check=True)
    assert data_paths.database.with_name("trungtam.sqlite-wal").stat().st_size > 0
    live = str(data_paths.database)

    class Killed(BaseException):
        pass

    def dies_on_swap(original):  # type: ignore[no-untyped-def]
        def replace(source, target, *args, **kwargs):  # type: ignore[no-untyped-def]
            if str(target) == live:
                raise Killed()
            return original(source, target, *args, **kwargs)

        return replace

    monkeypatch.setattr(os, "replace", dies_on_swap(os.replace))
    monkeypatch.setattr(pathlib.Path, "replace", dies_on_swap(pathlib.Path.replace))
    with pytest.raises(Killed):
        BackupService(data_paths).restore(backup)
    monkeypatch.undo()
    assert learner_names(data_paths.database) == ["Đã sửa, chỉ còn trong WAL"]
    assert bk.integrity_ok(data_paths.database)


# -- 4. roles checked where the work is done -------------------------------------------------------------
def test_4_printer_offsets_are_saved_by_administrators_only(services) -> None:  # type: ignore[no-untyped-def]
    from trungtam_desktop.domain.access import Role
    from trungtam_desktop.domain.errors import PermissionDeniedError
    from trungtam_desktop.services.access import AccessService, hash_password

    access = AccessService(services.context, hasher=lambda p: hash_password(p, n=2**10))
    access.enable("Trưởng phòng", "quản trị 1")
    access.add_user("Giáo vụ", Role.CLERK, "giáo vụ 1")
    access.sign_in("Giáo vụ", "giáo vụ 1")
    with pytest.raises(PermissionDeniedError):
        services.certificate_printing.save_printer_offset("Canon LBP2900", 1.5, -2.0)
    assert services.certificate_printing.printer_offsets() == {}
    access.sign_in("Trưởng phòng", "quản trị 1")
    services.certificate_printing.save_printer_offset("Canon LBP2900", 1.5, -2.0)
    assert services.certificate_printing.printer_offsets() == {"Canon LBP2900": (1.5, -2.0)}


def test_4_an_unknown_user_costs_the_sign_in_as_much_as_a_wrong_password(
    services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Counted, not timed: an unknown name must run the same scrypt derivation (same cost parameters) as a
    known name with a wrong password, so the answer's time does not tell which names exist."""
    from trungtam_desktop.domain.errors import DomainError
    from trungtam_desktop.services import access as access_module

    access = access_module.AccessService(services.context)
    access.enable("Trưởng phòng", "quản trị 1")
    calls: list[tuple[int, int, int]] = []
    original = access_module.hashlib.scrypt

    def counting(password, *, salt, n, r, p, maxmem, dklen):  # type: ignore[no-untyped-def]
        calls.append((n, r, p))
        return original(password, salt=salt, n=n, r=r, p=p, maxmem=maxmem, dklen=dklen)

    monkeypatch.setattr(access_module.hashlib, "scrypt", counting)
    for name in ("Trưởng phòng", "Không có ai"):
        with pytest.raises(DomainError):
            access.sign_in(name, "sai mật khẩu")
    assert len(calls) == 2 and calls[0] == calls[1], calls


# -- 5. plain-text copies left behind after a crash ------------------------------------------------------
_STOP_INSIDE = """
import sys, time
from pathlib import Path
from trungtam_desktop.paths import DataPaths
from trungtam_desktop.db import restore as restore_module
from trungtam_desktop.services import backups as backups_module

def stop_after(module, name, word):
    original = getattr(module, name)
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        print(word, flush=True)
        time.sleep(120)
        return result
    setattr(module, name, wrapper)

operation, root, target, password = sys.argv[1:5]
service = backups_module.BackupService(DataPaths(Path(root)))
if operation == "restore":
    stop_after(restore_module, "decrypt_file", "INSIDE")  # the decrypted copy exists now
    service.restore(Path(target), password)
else:
    stop_after(backups_module, "encrypt_file", "INSIDE")  # the unencrypted copy exists now
    service.export(Path(target), password)
"""


@pytest.mark.parametrize("operation", ["restore", "export"])
def test_5_no_copy_in_clear_survives_a_killed_encrypted_restore_or_backup(
    operation: str, data_paths: DataPaths, tmp_path: Path
) -> None:
    add_learner(data_paths.database, "Nguyễn Thị Mỵ")
    sealed = BackupService(data_paths).export(tmp_path / "usb", PASSWORD)
    kept = set(data_paths.backups.iterdir())
    target = sealed if operation == "restore" else tmp_path / "usb2"
    process = child(_STOP_INSIDE, operation, str(data_paths.root), str(target), PASSWORD)
    assert process.stdout is not None and process.stdout.readline().strip() == "INSIDE"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert clear_copies(data_paths, kept)  # the kill left one (the test would prove nothing otherwise)
    BackupService(data_paths).check_at_start()  # the next start
    assert clear_copies(data_paths, kept) == []
    assert learner_names(data_paths.database) == ["Nguyễn Thị Mỵ"]


def test_5_leftovers_of_a_killed_restore_are_swept_at_the_next_start(data_paths: DataPaths) -> None:
    """What the program before this change left when killed: the staged file, half-written copies and
    their journals. None of it is a backup; the next start removes it (and nothing else)."""
    leftovers = [
        data_paths.root / "trungtam.sqlite.restoring",
        data_paths.backups / "trungtam_x_20241120-073015_truoc-khoi-phuc.sqlite.partial",
        data_paths.backups / "trungtam_x_20241120-073015_tu-dong.sqlite.partial-journal",
        data_paths.backups / ".giai-ma-4242-073015123456.sqlite",
    ]
    for path in leftovers:
        path.write_bytes(data_paths.database.read_bytes())
    real = bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_MANUAL)
    BackupService(data_paths).check_at_start()
    assert [p for p in leftovers if p.exists()] == []
    assert real.exists() and data_paths.database.exists()


# -- 6. backups made in the same second collided across processes ------------------------------------------
_ISSUE = """
import sys, time
from datetime import date
from pathlib import Path
from trungtam_desktop.app import open_services
from trungtam_desktop.paths import DataPaths

root, code, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
opened = open_services(DataPaths(Path(root)), user="kiểm thử")
services = opened.services
class_id = services.classes.get_by_code(code).id
chosen = [c.enrolment_id for c in services.certificates.plan(class_id, date(2024, 6, 20)).to_issue]
time.sleep(max(0.0, start - time.time()))  # all three at the same instant
try:
    issued = services.certificates.issue(class_id, chosen, issued_on=date(2024, 6, 20))
    print("OK", len(issued), flush=True)
except Exception as exc:
    print("FAILED", type(exc).__name__, getattr(exc, "message", exc), flush=True)
"""


def test_6_three_concurrent_bulk_issues_all_succeed(data_paths: DataPaths) -> None:
    """Each bulk issue first makes a backup ("..._truoc-cap-gcn"); three made in the same second by three
    programs get three names and all three issues succeed, with gap-free numbers."""
    opened = open_services(data_paths)
    try:
        services = opened.services
        for n in range(3):
            built = build_class(opened.database, code=f"CAP-{n}", learners=12, sessions=2)
            for session_id in built.session_ids:
                services.attendance.mark_session_present(built.class_id, session_id)
            component = services.results.sheet(built.class_id).components[0].id
            services.results.set_scores(built.class_id, {(e, component): 8.0 for e in built.enrolment_ids})
    finally:
        opened.close()
    start = time.time() + 2.5
    processes = [child(_ISSUE, str(data_paths.root), f"CAP-{n}", str(start)) for n in range(3)]
    outcomes = [p.communicate(timeout=120)[0].strip() for p in processes]
    assert outcomes == ["OK 12"] * 3, outcomes
    copies = sorted(data_paths.backups.glob("trungtam_*_truoc-cap-gcn*.sqlite"))
    assert len(copies) == 3 and all(bk.integrity_ok(c) for c in copies)
    with contextlib.closing(sqlite3.connect(data_paths.database)) as conn:
        numbers = sorted(n for (n,) in conn.execute("SELECT number FROM certificate"))
    assert numbers == list(range(1, 37))


_BURST = """
import sys, time
from datetime import date, datetime
from pathlib import Path
from trungtam_desktop.db import backup as bk

database, folder, start = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
time.sleep(max(0.0, start - time.time()))
for _ in range(8):
    try:
        bk.make_backup(database, folder, bk.KIND_MANUAL, now=datetime(2024, 11, 20, 7, 30, 15))
        print("OK", flush=True)
    except Exception as exc:
        print("FAILED", type(exc).__name__, exc, flush=True)
"""


def test_6_backups_in_the_same_second_never_share_a_name(data_paths: DataPaths) -> None:
    """Six programs making eight backups each, all stamped with the same second: 48 files, each whole.
    Before, two programs could write the same file (one copy lost, or "disk I/O error")."""
    start = time.time() + 2.0
    processes = [
        child(_BURST, str(data_paths.database), str(data_paths.backups), str(start)) for _ in range(6)
    ]
    said = [line for p in processes for line in p.communicate(timeout=120)[0].split("\n") if line]
    assert said == ["OK"] * 48, said
    copies = sorted(data_paths.backups.glob("trungtam_*_20241120-073015*_thu-cong.sqlite"))
    assert len(copies) == 48 and all(bk.integrity_ok(c) for c in copies)


def test_6_a_name_chosen_by_two_programs_at_once_gives_two_backups(
    data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interleaving that made two programs write one file, made deterministic: program A has chosen
    the name of its backup and is paused; program B makes its backup of the same second, start to end;
    A goes on. Both backups must exist (before: A wrote over B's, one copy silently lost)."""
    import threading

    when = datetime(2024, 11, 20, 7, 30, 15)
    original = bk.backup_file
    chosen, resume = threading.Event(), threading.Event()

    def paused(*args, **kwargs):  # type: ignore[no-untyped-def]
        if threading.current_thread().name == "A":
            chosen.set()
            resume.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(bk, "backup_file", paused)
    made: list[Path] = []
    a = threading.Thread(
        name="A",
        target=lambda: made.append(bk.make_backup(data_paths.database, data_paths.backups, "x", now=when)),
    )
    a.start()
    assert chosen.wait(30)
    made.append(bk.make_backup(data_paths.database, data_paths.backups, "x", now=when))  # B, whole
    resume.set()
    a.join(30)
    copies = sorted(data_paths.backups.glob("trungtam_*_20241120-073015*_x.sqlite"))
    assert len(made) == 2 and len(set(made)) == 2 and len(copies) == 2
    assert all(bk.integrity_ok(c) for c in copies)


# -- 10. command-line leniency that wrote ------------------------------------------------------------------
def test_10_the_command_line_takes_nothing_for_granted(
    data_paths: DataPaths, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.import_fixtures import big_list

    source = big_list(tmp_path / "ds.xlsx", 3)
    before = learner_names(data_paths.database)
    root = str(data_paths.root)
    home = tmp_path / "nha"
    monkeypatch.setenv("HOME", str(home))  # where the default data folder would be
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("TRUNGTAM_DATA_DIR", raising=False)
    refused = [
        ["import", "learners", str(source), "--data-dir", root, "--v"],  # not --valid-only
        ["import", "learners", str(source), "--data-dir", root, "--dry"],  # not --dry-run
        ["import", "learners", str(source), "--data-dir", ""],  # not the real default folder
        ["import", "learners", str(source), "--data-dir", root, "--class", ""],  # not "no class"
        ["print", "register", "--year", "2024", "--out", "", "--data-dir", root],
        ["backup", "--data-dir", root, "--to", ""],
        ["report", "--year", "2024", "--period", "q3", "--out", str(tmp_path / "r.pdf"), "--data", root],
    ]
    for argv in refused:
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2, argv
        assert "lỗi cú pháp lệnh" in capsys.readouterr().err, argv
    assert learner_names(data_paths.database) == before
    assert not home.exists()
    for year in ("99999", "0", "1800"):
        out = tmp_path / f"so-{year}.pdf"
        assert main(["print", "register", "--year", year, "--out", str(out), "--data-dir", root]) == 1
        assert "Năm" in capsys.readouterr().err and not out.exists()
        out = tmp_path / f"bc-{year}.pdf"
        assert main(["report", "--year", year, "--period", "q3", "--out", str(out), "--data-dir", root]) == 1
        assert "Năm" in capsys.readouterr().err and not out.exists()
