"""support: staff alerts carry a generic reference (e.g. "refund:42") for their buttons

Revision ID: 0102_support_alert_ref
Revises: 0101_support
Create Date: 2026-11-24 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0102_support_alert_ref'
down_revision: str | Sequence[str] | None = '0101_support'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('staffnotification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_staffnotification_ref'), ['ref'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staffnotification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staffnotification_ref'))
        batch_op.drop_column('ref')
