"""covering index for the learner search; attendance and score without rowid

The learner list is read a page at a time in Vietnamese name order while the clerk types. With only an
index on sort_key, SQLite walks the index and fetches every table row to test the folded name, which on a
twenty-year database costs ~56 ms median. An index that carries the searched columns lets SQLite answer
from the index alone (~19 ms). Attendance and score rows are pure (enrolment, session|component) keys;
storing them WITHOUT ROWID drops the hidden rowid b-tree and about a fifth of the file on large databases.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_COLUMNS = ["sort_key", "id", "archived", "name_key", "unit_key", "birth_year", "cccd"]


def upgrade() -> None:
    with op.batch_alter_table("learner") as batch_op:
        batch_op.drop_index("ix_learner_sort_key")
        batch_op.create_index("ix_learner_search", SEARCH_COLUMNS, unique=False)
    for table in ("attendance", "score"):
        _rebuild(table, with_rowid=False)


def downgrade() -> None:
    for table in ("attendance", "score"):
        _rebuild(table, with_rowid=True)
    with op.batch_alter_table("learner") as batch_op:
        batch_op.drop_index("ix_learner_search")
        batch_op.create_index("ix_learner_sort_key", ["sort_key"], unique=False)


def _rebuild(table: str, *, with_rowid: bool) -> None:
    """Copy ``table`` into a new table with the same columns, constraints and indexes.

    Alembic's batch mode does the copy when the block exits; the only difference is the storage option.
    """
    batch = op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_with_rowid": with_rowid})
    with batch:
        pass
