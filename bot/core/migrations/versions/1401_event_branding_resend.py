"""guest page branding and languages: event.localized, event colours, the eventimage table; campaign resends

Revision ID: 1401_event_branding_resend
Revises: 1403_snoozed_until
Create Date: 2026-12-06 23:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.core.models.types

revision: str = '1401_event_branding_resend'
down_revision: str | Sequence[str] | None = '1403_snoozed_until'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): rebuilding `event` or `campaign` on SQLite would drop tables
    # that guests, outbox rows and jobs point at.
    op.add_column('event', sa.Column('localized', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.add_column('event', sa.Column('theme_accent', AutoString(length=7), nullable=True))
    op.add_column('event', sa.Column('theme_background', AutoString(length=7), nullable=True))
    op.create_table('eventimage',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('content_type', AutoString(length=32), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('sha256', AutoString(length=64), nullable=False),
    sa.Column('updated_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.add_column('campaign', sa.Column('resend_of', sa.Integer(), nullable=True))
    op.add_column('campaign', sa.Column('resend_key', AutoString(length=32), nullable=True))
    op.create_index(op.f('ix_campaign_resend_of'), 'campaign', ['resend_of'], unique=False)
    op.create_index(op.f('ix_campaign_resend_key'), 'campaign', ['resend_key'], unique=True)


def downgrade() -> None:
    op.drop_index(op.f('ix_campaign_resend_key'), table_name='campaign')
    op.drop_index(op.f('ix_campaign_resend_of'), table_name='campaign')
    op.drop_column('campaign', 'resend_key')  # plain DROP COLUMN (SQLite 3.35+), for the same reason
    op.drop_column('campaign', 'resend_of')
    op.drop_table('eventimage')
    op.drop_column('event', 'theme_background')
    op.drop_column('event', 'theme_accent')
    op.drop_column('event', 'localized')
