"""Alembic environment. The program passes its own connection in ``config.attributes["connection"]``;
no alembic.ini is needed by users. Batch mode, because SQLite cannot ALTER most things in place."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from trungtam_desktop.db import models  # noqa: F401  (registers every table on Base.metadata)
from trungtam_desktop.db.base import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        compare_server_default=False,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    # Developer use (``alembic -x db=path revision --autogenerate``): an engine of our own.
    url = (
        config.get_main_option("sqlalchemy.url")
        or f"sqlite:///{context.get_x_argument(as_dictionary=True)['db']}"
    )
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported.")
run_migrations_online()
