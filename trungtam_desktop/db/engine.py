"""Engines for the SQLite file, with the pragmas every connection needs.

Transactions are controlled explicitly (the pysqlite driver's own BEGIN handling is switched off, as the
SQLAlchemy documentation recommends) so that SQLite's transactional DDL and ``BEGIN IMMEDIATE`` work:
writers take the write lock at the start of their transaction, which makes "read the last number, then
insert the next one" safe between two program instances.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
_IMMEDIATE = "sqlite_begin_immediate"


def create_sqlite_engine(path: Path | str, *, foreign_keys: bool = True) -> Engine:
    """An engine on ``path`` whose every connection sets WAL, synchronous=FULL, foreign keys, timeout.

    ``hide_parameters``: an error never carries the bound values (names, CCCD numbers, birth dates) into
    its message, so neither the log, the error report nor the console can show them."""
    engine = create_engine(f"sqlite:///{Path(path)}", future=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        immediate = connection.get_execution_options().get(_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """The engine of one database file and its two session factories (read and write)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.engine = create_sqlite_engine(self.path)
        self.read_sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(**{_IMMEDIATE: True})
        self.write_sessions: sessionmaker[Session] = sessionmaker(writer, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()
