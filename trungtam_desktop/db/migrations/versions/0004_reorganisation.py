"""the commune a class was held at (centres serving several communes after the 2025 reorganisation)

Since Quy định 360-QĐ/TW (29/8/2025) a centre is commune-level and may serve several communes; the period
report counts classes per commune served, so a class records the commune it was held at ("" at the
centre). The dated list of communes served, the validity of certificates per programme and the centre's
signing key are settings (app_setting rows), which need no schema change.

Revision ID: 0004_reorganisation
Revises: 0003_first_run
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_reorganisation"
down_revision: str | None = "0003_first_run"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("training_class") as batch_op:
        batch_op.add_column(sa.Column("commune", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("training_class") as batch_op:
        batch_op.drop_column("commune")
