"""Backups: online copy verified, names, rotation, encryption, restore refusing bad files, damage at start."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from trungtam_desktop.db import backup as bk
from trungtam_desktop.db.backup_crypto import decrypt_file, encrypt_file, is_encrypted
from trungtam_desktop.db.migrate import SCHEMA_REVISION
from trungtam_desktop.db.restore import (
    PasswordNeededError,
    inspect_database,
    preview_backup,
    recover_from_backup,
    restore_database,
)
from trungtam_desktop.db.start_checks import check_at_start, daily_step, newest_good_backup
from trungtam_desktop.disk_errors import DiskError
from trungtam_desktop.domain import models as dm
from trungtam_desktop.paths import DataPaths


def table_digest(path: Path) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every table's rows in primary-key order."""
    result = {}
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        names = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        for name in names:
            digest = hashlib.sha256()
            rows = conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for row in rows:
                digest.update(repr(row).encode())
            result[name] = (len(rows), digest.hexdigest())
    return result


def add_learner(path: Path, name: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO learner (full_name, name_key, sort_key, ethnicity, religion, hometown, address, phone,"
            " position, unit, unit_key, party_cell, commune, party_status, education, speciality, theory_level,"
            " notes, archived, created_at, updated_at) VALUES (?, ?, 'x', '', '', '', '', '', '', '', '', '',"
            " '', 'quan_chung', '', '', '', '', 0, '2024-01-01 00:00:00', '2024-01-01 00:00:00')",
            (name, name.lower()),
        )


def learner_names(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [r[0] for r in conn.execute("SELECT full_name FROM learner ORDER BY id")]


# -- the bad files a clerk may offer ----------------------------------------------------------------------
def _empty(path: Path, _good: Path) -> None:
    path.write_bytes(b"")


def _random(path: Path, _good: Path) -> None:
    path.write_bytes(os.urandom(50_000))


def _truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _other_sqlite(path: Path, _good: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO contacts (name) VALUES ('An')")


def _newer_schema(path: Path, good: Path) -> None:
    bk.backup_file(good, path)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_tuong_lai'")


def _corrupted_page(path: Path, good: Path) -> None:
    """A sound header with garbage over a b-tree page in the middle (a bad sector)."""
    data = bytearray(good.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = os.urandom(page)
    path.write_bytes(bytes(data))


BAD_FILES: dict[str, Callable[[Path, Path], None]] = {
    "empty": _empty,
    "random-bytes": _random,
    "truncated": _truncated,
    "other-sqlite": _other_sqlite,
    "newer-schema": _newer_schema,
}
REASONS = {
    "empty": "trống",
    "random-bytes": "không phải tệp sao lưu",
    "truncated": "cắt cụt",
    "other-sqlite": "SQLite khác",
    "newer-schema": "phiên bản chương trình mới hơn",
}


@pytest.fixture
def good_backup(data_paths: DataPaths) -> Path:
    add_learner(data_paths.database, "Nguyễn Thị Mỵ")
    return bk.make_backup(data_paths.database, data_paths.backups, bk.KIND_MANUAL)


# -- making copies ------------------------------------------------------------------------------------------
def test_backup_is_verified_and_named_after_centre_and_time(data_paths: DataPaths, services) -> None:
    services.settings.save_centre(
        dm.CentreIdentity(
            parent_body="ĐẢNG ỦY XÃ ĐỨC TRỌNG",
            centre_name="Trung tâm chính trị Đức Trọng",
            place_name="Đức Trọng",
            director_name="Nguyễn Văn A",
            director_title="GIÁM ĐỐC",
            document_code="TTCT",
        )
    )
    add_learner(data_paths.database, "Trần Văn Đức")  # while the program's engine is open (WAL)
    path = bk.make_backup(
        data_paths.database, data_paths.backups, bk.KIND_MANUAL, now=datetime(2024, 3, 5, 8, 9, 10)
    )
    assert path.name == "trungtam_trung-tam-chinh-tri-duc-trong_20240305-080910_thu-cong.sqlite"
    assert path.name.isascii()
    assert bk.integrity_ok(path)
    assert "Trần Văn Đức" in learner_names(path)
    assert not list(data_paths.backups.glob("*.partial"))
    again = bk.make_backup(
        data_paths.database, data_paths.backups, bk.KIND_MANUAL, now=datetime(2024, 3, 5, 8, 9, 10)
    )
    assert again != path and again.name.startswith(
        "trungtam_trung-tam-chinh-tri-duc-trong_20240305-080910-2_"
    )
    parsed = bk.parse_backup_name(again.name)
    assert parsed and parsed.kind == bk.KIND_MANUAL and parsed.created == datetime(2024, 3, 5, 8, 9, 10)


def test_round_trip_is_identical(data_paths: DataPaths, tmp_path: Path) -> None:
    add_learner(data_paths.database, "Lê Thị Hoa")
    copy = bk.backup_file(data_paths.database, tmp_path / "copy.sqlite")
    assert table_digest(copy) == table_digest(data_paths.database)


@pytest.mark.skipif(not Path("/proc/sys").is_dir(), reason="needs a folder nobody may write (Linux /proc)")
def test_a_folder_that_cannot_be_written_is_a_file_error_not_a_damaged_database(
    data_paths: DataPaths,
) -> None:
    """The clerk is told the chosen folder cannot be written (a DiskError naming it), not that the database
    failed."""
    with pytest.raises(DiskError) as info:
        bk.make_backup(data_paths.database, Path("/proc/sys"), bk.KIND_MANUAL)
    assert "thư mục /proc/sys" in info.value.message and str(data_paths.database) not in info.value.message
    assert bk.integrity_ok(data_paths.database)


def test_backup_before_names_the_reason_and_returns_none_without_database(tmp_path: Path, data_paths) -> None:
    path = bk.backup_before(data_paths, "nhap")
    assert path is not None and path.name.endswith("_truoc-nhap.sqlite")
    assert bk.parse_backup_name(path.name).kind_label == "Trước khi nhập dữ liệu"  # type: ignore[union-attr]
    assert bk.backup_before(DataPaths(tmp_path / "none"), "cap-gcn") is None


def test_copy_of_a_damaged_database_is_refused_and_removed(data_paths: DataPaths, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite"
    _corrupted_page(damaged, data_paths.database)
    with pytest.raises(bk.BackupError, match=r"không đạt kiểm tra|Không sao lưu được"):
        bk.backup_file(damaged, tmp_path / "out" / "copy.sqlite")
    assert not any((tmp_path / "out").iterdir())


def test_daily_backup_once_a_day(data_paths: DataPaths) -> None:
    morning = datetime(2024, 11, 20, 8, 0)
    first = bk.daily_backup(data_paths, now=morning)
    assert first is not None
    assert bk.daily_backup(data_paths, now=morning + timedelta(hours=5)) is None
    assert bk.daily_backup(data_paths, now=morning + timedelta(days=1)) is not None


# -- rotation -----------------------------------------------------------------------------------------------
def _fake_backups(folder: Path, times: list[datetime], kind: str = bk.KIND_AUTO) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for when in times:
        path = folder / bk.backup_name("TT", when, kind)
        path.write_bytes(b"x")
        paths.append(path)
    return paths


def test_rotation_keeps_14_days_and_12_months(tmp_path: Path) -> None:
    now = datetime(2024, 11, 20, 9, 0)
    days = [now - timedelta(days=n) for n in range(400)]  # one copy a day for 400 days
    extra = _fake_backups(tmp_path, [now - timedelta(hours=1)], "truoc-nhap")  # an import this morning
    _fake_backups(tmp_path, days)
    foreign = tmp_path / "cua-toi.sqlite"
    foreign.write_bytes(b"mine")
    deleted = bk.rotate(tmp_path, now=now)
    left = sorted(bk.parse_backup_name(p.name).created for p in tmp_path.glob("trungtam_*"))  # type: ignore[union-attr]
    daily = [d for d in left if d >= now - timedelta(days=13, hours=1)]
    assert len({d.date() for d in daily}) == 14
    months = {(d.year, d.month) for d in left}
    assert len(months) == 12  # the 14 days fall inside the newest months
    assert len(left) == 14 + 1 + 11  # 14 days (+ this morning's import copy) and 11 older month-ends
    assert extra[0].exists() and foreign.exists()
    assert len(deleted) == 401 - len(left)


def test_rotation_is_configurable_through_settings(data_paths: DataPaths, services) -> None:
    services.settings.set_value(bk.SETTING_KEEP_DAILY, 3)
    services.settings.set_value(bk.SETTING_KEEP_MONTHLY, 2)
    assert bk.retention(data_paths.database) == {"keep_daily": 3, "keep_monthly": 2}
    now = datetime(2024, 11, 20)
    _fake_backups(data_paths.backups, [now - timedelta(days=n) for n in range(90)])
    bk.rotate(data_paths.backups, now=now, **bk.retention(data_paths.database))
    assert len(list(data_paths.backups.glob("trungtam_*"))) == 3 + 1  # 3 days + the end of the month before


def test_rotation_never_deletes_the_newest_or_future_files(tmp_path: Path) -> None:
    now = datetime(2024, 11, 20)
    future = _fake_backups(tmp_path, [now + timedelta(days=400)])
    old = _fake_backups(tmp_path, [now - timedelta(days=900)])
    bk.rotate(tmp_path, keep_daily=1, keep_monthly=1, now=now)
    assert future[0].exists() and old[0].exists()


# -- encryption ---------------------------------------------------------------------------------------------
def test_encryption_round_trip_and_wrong_password(good_backup: Path, tmp_path: Path) -> None:
    sealed = encrypt_file(good_backup, tmp_path / "a.sqlite.enc", "mật khẩu 123")
    assert is_encrypted(sealed) and not bk.looks_like_sqlite(sealed)
    assert b"Nguy" not in sealed.read_bytes()
    plain = decrypt_file(sealed, tmp_path / "b.sqlite", "mật khẩu 123")
    assert plain.read_bytes() == good_backup.read_bytes()
    with pytest.raises(bk.BackupError, match="Mật khẩu không đúng"):
        decrypt_file(sealed, tmp_path / "c.sqlite", "sai")
    assert not (tmp_path / "c.sqlite").exists() and not (tmp_path / "c.sqlite.partial").exists()


def test_encryption_detects_tampering_and_truncation(tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(os.urandom(2_500_000))  # three chunks
    sealed = encrypt_file(source, tmp_path / "big.enc", "pw")
    data = sealed.read_bytes()
    cut = tmp_path / "cut.enc"
    cut.write_bytes(data[: len(data) - (len(data) - 44) // 3])  # last chunk dropped at a chunk border-ish
    with pytest.raises(bk.BackupError):
        decrypt_file(cut, tmp_path / "o1", "pw")
    chunk_dropped = tmp_path / "dropped.enc"
    chunk_dropped.write_bytes(data[: 44 + (1 << 20) + 16])  # exactly the first chunk: not marked last
    with pytest.raises(bk.BackupError):
        decrypt_file(chunk_dropped, tmp_path / "o2", "pw")
    flipped = bytearray(data)
    flipped[5000] ^= 1
    (tmp_path / "flip.enc").write_bytes(bytes(flipped))
    with pytest.raises(bk.BackupError):
        decrypt_file(tmp_path / "flip.enc", tmp_path / "o3", "pw")
    assert decrypt_file(sealed, tmp_path / "ok", "pw").read_bytes() == source.read_bytes()


# -- inspecting and restoring -------------------------------------------------------------------------------
def test_inspect_counts(good_backup: Path) -> None:
    summary = inspect_database(good_backup)
    assert summary.learners == 1 and summary.classes == 0 and summary.certificates == 0
    assert summary.revision == SCHEMA_REVISION and not summary.needs_upgrade
    assert summary.size == good_backup.stat().st_size


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_are_refused_by_restore_and_nothing_is_lost(
    kind: str, data_paths: DataPaths, good_backup: Path, tmp_path: Path
) -> None:
    add_learner(data_paths.database, "Phạm Văn Minh")
    before = table_digest(data_paths.database)
    backups_before = sorted(p.name for p in data_paths.backups.iterdir())
    bad = tmp_path / f"{kind}.sqlite"
    BAD_FILES[kind](bad, good_backup)
    bad_bytes = bad.read_bytes()
    with pytest.raises(bk.BackupError, match=REASONS[kind]) as info:
        restore_database(bad, data_paths)
    assert "Dữ liệu hiện tại không bị thay đổi" in info.value.message
    with pytest.raises(bk.BackupError, match=REASONS[kind]):
        preview_backup(bad, tmp_path)
    assert table_digest(data_paths.database) == before
    assert sorted(p.name for p in data_paths.backups.iterdir()) == backups_before
    assert bad.read_bytes() == bad_bytes
    assert not list(data_paths.root.glob("*.restoring"))


def test_corrupted_page_is_refused(data_paths: DataPaths, good_backup: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    _corrupted_page(bad, good_backup)
    before = table_digest(data_paths.database)
    backups_before = sorted(p.name for p in data_paths.backups.iterdir())
    with pytest.raises(bk.BackupError, match=r"hỏng|cắt cụt"):
        restore_database(bad, data_paths)
    assert table_digest(data_paths.database) == before
    # Refused before the safety copy is made, and the staged copy is gone.
    assert sorted(p.name for p in data_paths.backups.iterdir()) == backups_before
    assert not list(data_paths.root.glob("*.restoring*"))


def test_restore_replaces_database_after_a_safety_copy(data_paths: DataPaths, good_backup: Path) -> None:
    add_learner(data_paths.database, "Sau khi sao lưu")
    current = table_digest(data_paths.database)
    result = restore_database(good_backup, data_paths)
    assert learner_names(data_paths.database) == ["Nguyễn Thị Mỵ"]
    assert table_digest(data_paths.database) == table_digest(good_backup)
    assert result.safety_copy is not None and result.safety_copy.name.endswith("_truoc-khoi-phuc.sqlite")
    assert table_digest(result.safety_copy) == current
    assert result.set_aside is None and result.migrated_from is None
    assert bk.integrity_ok(data_paths.database)


def test_restore_of_an_encrypted_backup(data_paths: DataPaths, good_backup: Path, tmp_path: Path) -> None:
    (tmp_path / "usb").mkdir()
    sealed = encrypt_file(good_backup, tmp_path / "usb" / "x.sqlite.enc", "bí mật")
    with pytest.raises(PasswordNeededError):
        preview_backup(sealed, tmp_path)
    with pytest.raises(bk.BackupError, match="Mật khẩu không đúng"):
        restore_database(sealed, data_paths, password="sai")
    assert preview_backup(sealed, tmp_path, "bí mật").learners == 1
    add_learner(data_paths.database, "Mới")
    restore_database(sealed, data_paths, password="bí mật")
    assert learner_names(data_paths.database) == ["Nguyễn Thị Mỵ"]
    assert not list(data_paths.backups.glob(".giai-ma-*")) and not list(tmp_path.glob(".giai-ma-*"))


def test_restore_of_an_older_schema_migrates(data_paths: DataPaths, tmp_path: Path) -> None:
    from tests.db.test_migrations import _first_revision, _upgrade_to

    old = tmp_path / "old.sqlite"
    _upgrade_to(old, _first_revision())
    if _first_revision() == SCHEMA_REVISION:
        pytest.skip("only one schema revision")
    result = restore_database(old, data_paths)
    assert result.migrated_from == _first_revision()
    assert bk.stored_revision(data_paths.database) == SCHEMA_REVISION


# -- damaged database at start ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["empty", "random-bytes", "truncated", "corrupted-page"])
def test_damaged_database_at_start_is_reported_and_recovered(
    kind: str, data_paths: DataPaths, good_backup: Path, tmp_path: Path
) -> None:
    damage = {**BAD_FILES, "corrupted-page": _corrupted_page}[kind]
    sound = tmp_path / "sound.sqlite"
    bk.backup_file(data_paths.database, sound)
    damage(data_paths.database, sound)
    damaged_bytes = data_paths.database.read_bytes()
    check = check_at_start(data_paths)  # the cheap check of every start (quick_check) finds all four
    assert check.damaged and check.problem
    assert data_paths.database.read_bytes() == damaged_bytes  # never overwritten
    candidate = newest_good_backup(data_paths.backups)
    assert candidate is not None and candidate.path == good_backup
    result = recover_from_backup(data_paths, candidate.path)
    assert result.set_aside is not None and result.set_aside.read_bytes() == damaged_bytes
    assert ".hong-" in result.set_aside.name
    assert learner_names(data_paths.database) == ["Nguyễn Thị Mỵ"]


def test_sound_database_at_start_gets_its_daily_backup(data_paths: DataPaths) -> None:
    assert not check_at_start(data_paths).damaged
    daily = daily_step(data_paths, now=datetime(2030, 1, 1, 7))
    assert daily.made is not None and daily.failure is None and daily.last == datetime(2030, 1, 1, 7)
    again = daily_step(data_paths, now=datetime(2030, 1, 1, 9))
    assert again.made is None and again.failure is None


def test_newest_good_backup_skips_damaged_copies(data_paths: DataPaths, good_backup: Path) -> None:
    newer = data_paths.backups / bk.backup_name("x", datetime(2099, 1, 1), bk.KIND_AUTO)
    newer.write_bytes(os.urandom(8192))
    found = newest_good_backup(data_paths.backups)
    assert found is not None and found.path == good_backup
    assert newer.exists()


def test_new_empty_database_file_is_not_damage(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path).ensure()
    paths.database.write_bytes(b"")
    assert not check_at_start(paths).damaged


@pytest.mark.parametrize("kind", ["other-sqlite", "empty"])
def test_no_daily_backup_of_a_file_that_is_not_ours(kind: str, tmp_path: Path, data_paths: DataPaths) -> None:
    paths = DataPaths(tmp_path / "x").ensure()
    BAD_FILES[kind](paths.database, data_paths.database)
    assert bk.daily_backup(paths) is None
    assert not list(paths.backups.iterdir())
