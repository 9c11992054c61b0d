"""Migrations: empty → head, first revision with data → head intact, no drift, refusal of foreign files."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from trungtam_desktop.db.base import Base
from trungtam_desktop.db.engine import create_sqlite_engine
from trungtam_desktop.db.migrate import (
    DatabaseTooNewError,
    MigrationFailedError,
    NotOurDatabaseError,
    alembic_config,
    head_revision,
    migrate,
    read_revision,
)


def _upgrade_to(path: Path, revision: str) -> None:
    engine = create_sqlite_engine(path, foreign_keys=False)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _first_revision() -> str:
    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    return revisions[-1].revision


def test_empty_file_migrates_to_head_without_backup(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    result = migrate(db, tmp_path / "backups")
    assert result.from_revision is None
    assert result.to_revision == head_revision()
    assert result.backup is None
    assert read_revision(db) == (head_revision(), True)


def test_migrating_again_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    migrate(db, tmp_path / "backups")
    again = migrate(db, tmp_path / "backups")
    assert again.from_revision == again.to_revision == head_revision()
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_first_revision_with_data_upgrades_to_head_with_data_intact(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    _upgrade_to(db, _first_revision())
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "INSERT INTO programme (id, code, name, kind, certificate_kind, tiet_per_buoi, absence_limit_num,"
            " absence_limit_den, active) VALUES (1, 'NTVD', 'Bồi dưỡng nhận thức về Đảng', 'nhan_thuc_ve_dang',"
            " 'giay_chung_nhan', 5, 1, 3, 1)"
        )
        conn.execute(
            "INSERT INTO learner (id, full_name, name_key, sort_key, birth_year, ethnicity, religion, hometown,"
            " address, phone, position, unit, unit_key, party_cell, commune, party_status, education,"
            " speciality, theory_level, notes, archived, created_at, updated_at) VALUES"
            " (7, 'Nguyễn Thị Mỵ', 'nguyen thi my', 'x', 1990, 'Kinh', 'Không', '', '', '', '', 'Thôn 3',"
            " 'thon 3', '', '', 'quan_chung', '', '', '', '', 0, '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
        )
    result = migrate(db, tmp_path / "backups")
    assert result.to_revision == head_revision()
    if result.from_revision != head_revision():
        assert result.backup is not None and result.backup.exists()
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT full_name, birth_year FROM learner WHERE id = 7").fetchone() == (
            "Nguyễn Thị Mỵ",
            1990,
        )
        assert conn.execute("SELECT name FROM programme WHERE id = 1").fetchone() == (
            "Bồi dưỡng nhận thức về Đảng",
        )
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_marks_survive_the_without_rowid_rebuild(tmp_path: Path) -> None:
    """Revision 0002 rebuilds attendance and score; their rows, keys and cascades must come through."""
    db = tmp_path / "marks.sqlite"
    _upgrade_to(db, "0001")
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.executescript(
            """
            INSERT INTO programme (id, code, name, kind, certificate_kind, tiet_per_buoi, absence_limit_num,
                absence_limit_den, active)
                VALUES (1, 'NTVD', 'Nhận thức về Đảng', 'nhan_thuc_ve_dang', 'giay_chung_nhan', 5, 1, 3, 1);
            INSERT INTO assessment_component (id, programme_id, position, name, weight_percent, min_score)
                VALUES (1, 1, 1, 'Bài thu hoạch', 100, 5);
            INSERT INTO learner (id, full_name, name_key, sort_key, ethnicity, religion, hometown, address,
                phone, position, unit, unit_key, party_cell, commune, party_status, education, speciality,
                theory_level, notes, archived, created_at, updated_at)
                VALUES (1, 'Lê Văn Tám', 'le van tam', 'x', 'Kinh', 'Không', '', '', '', '', '', '', '', '',
                'quan_chung', '', '', '', '', 0, '2024-01-01 00:00:00', '2024-01-01 00:00:00');
            INSERT INTO training_class (id, programme_id, code, name, start_date, end_date, venue, mode,
                co_organiser, status, locked, notes, created_at)
                VALUES (1, 1, 'NTVD-01', 'Đợt 1/2024', '2024-03-04', '2024-03-08', '', 'tap_trung', '',
                'da_ket_thuc', 0, '', '2024-01-01 00:00:00');
            INSERT INTO class_session (id, class_id, date, half_day, title, tiet)
                VALUES (1, 1, '2024-03-04', 'sang', 'Bài 1', 5), (2, 1, '2024-03-04', 'chieu', 'Bài 2', 5);
            INSERT INTO enrolment (id, class_id, learner_id, enrolled_on, status, note)
                VALUES (1, 1, 1, '2024-03-01', 'dang_hoc', '');
            INSERT INTO attendance (enrolment_id, session_id, status)
                VALUES (1, 1, 'co_mat'), (1, 2, 'vang_co_phep');
            INSERT INTO score (enrolment_id, component_id, value) VALUES (1, 1, 8.5);
            """
        )
    migrate(db, tmp_path / "backups")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("SELECT * FROM attendance ORDER BY session_id").fetchall() == [
            (1, 1, "co_mat"),
            (1, 2, "vang_co_phep"),
        ]
        assert conn.execute("SELECT * FROM score").fetchall() == [(1, 1, 8.5)]
        for table in ("attendance", "score"):
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
            assert "WITHOUT ROWID" in sql.upper()
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"ix_attendance_session_id", "ix_learner_search"} <= indexes
        assert "ix_learner_sort_key" not in indexes
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO attendance VALUES (1, 1, 'co_mat')")  # primary key still enforced
        with conn:
            conn.execute("DELETE FROM enrolment WHERE id = 1")
        assert conn.execute("SELECT count(*) FROM attendance").fetchone() == (0,)  # cascade still there


def test_the_start_up_fast_path_knows_the_head_revision() -> None:
    from trungtam_desktop.db.migrate import SCHEMA_REVISION

    assert head_revision() == SCHEMA_REVISION, "update SCHEMA_REVISION in db/migrate.py"


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    db = tmp_path / "head.sqlite"
    migrate(db, tmp_path / "backups")
    engine = create_sqlite_engine(db)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_newer_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "newer.sqlite"
    migrate(db, tmp_path / "backups")
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = db.read_bytes()
    with pytest.raises(DatabaseTooNewError, match="phiên bản chương trình mới hơn"):
        migrate(db, tmp_path / "backups")
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all", b"SQLite format 3\x00" + b"\x00" * 50],
    ids=["text", "truncated"],
)
def test_foreign_or_damaged_file_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "bad.sqlite"
    db.write_bytes(content)
    with pytest.raises(NotOurDatabaseError):
        migrate(db, tmp_path / "backups")
    assert db.read_bytes() == content


def test_other_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO customers VALUES (1, 'A')")
    with pytest.raises(NotOurDatabaseError, match="không phải của chương trình này"):
        migrate(db, tmp_path / "backups")
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM customers").fetchone() == (1,)


def test_failed_migration_leaves_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "db.sqlite"
    _upgrade_to(db, _first_revision())
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("INSERT INTO app_setting (key, value) VALUES ('k', '1')")

    def explode(config, _revision: str) -> None:  # type: ignore[no-untyped-def]
        # A migration step that has already changed the schema and data, then fails.
        connection = config.attributes["connection"]
        connection.exec_driver_sql("DELETE FROM app_setting")
        connection.exec_driver_sql("DROP TABLE app_setting")
        raise RuntimeError("hỏng giữa chừng")

    # Pretend the package has a newer head, and make the upgrade itself fail.
    monkeypatch.setattr("trungtam_desktop.db.migrate.head_revision", lambda: "9999_newer")
    monkeypatch.setattr("trungtam_desktop.db.migrate.SCHEMA_REVISION", "9999_newer")
    monkeypatch.setattr("alembic.command.upgrade", explode)
    with pytest.raises(MigrationFailedError, match="tệp được giữ nguyên") as info:
        migrate(db, tmp_path / "backups")
    assert "Bản sao lưu" in str(info.value)
    assert read_revision(db) == (_first_revision(), True)
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT value FROM app_setting WHERE key = 'k'").fetchone() == ("1",)
    backups = list((tmp_path / "backups").glob("*.sqlite"))
    assert len(backups) == 1
