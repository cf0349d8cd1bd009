"""owner digests: when each event owner was last told about new answers

Revision ID: 1102_owner_digests
Revises: 1101_sms_purchases
Create Date: 2026-12-06 21:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.core.models.types

revision: str = '1102_owner_digests'
down_revision: str | Sequence[str] | None = '1101_sms_purchases'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('ownerdigest',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('last_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['rsvpaccount.id'], ),
    sa.PrimaryKeyConstraint('account_id')
    )


def downgrade() -> None:
    op.drop_table('ownerdigest')
