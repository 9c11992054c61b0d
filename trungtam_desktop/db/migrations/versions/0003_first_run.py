"""first run: the centre's deputies; a register's first number (continuing a paper register)

The first-run setup asks for the deputy directors (who may sign "KT. GIÁM ĐỐC") and for the next register
number of each certificate kind: a centre that kept its register on paper continues its numbering in the
program. Both columns have defaults, so existing rows keep their meaning (no deputies; registers from 1).

Revision ID: 0003_first_run
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_first_run"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("centre") as batch_op:
        batch_op.add_column(sa.Column("deputies", sa.Text(), server_default="[]", nullable=False))
    with op.batch_alter_table("certificate_register") as batch_op:
        batch_op.add_column(sa.Column("first_number", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("certificate_register") as batch_op:
        batch_op.drop_column("first_number")
    with op.batch_alter_table("centre") as batch_op:
        batch_op.drop_column("deputies")
