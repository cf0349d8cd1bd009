"""satisfaction: the 1-5 rating asked after a person closes a ticket

Revision ID: 1201_satisfaction
Revises: 1102_owner_digests
Create Date: 2026-12-06 21:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.core.models.types

revision: str = '1201_satisfaction'
down_revision: str | Sequence[str] | None = '1102_owner_digests'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('satisfactionsurvey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('assignee', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('asked', sa.Boolean(), nullable=False),
    sa.Column('skipped', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('asked_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('answered_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ticket_id')
    )
    op.create_index(op.f('ix_satisfactionsurvey_contact_id'), 'satisfactionsurvey', ['contact_id'], unique=False)
    op.create_index(op.f('ix_satisfactionsurvey_created_at'), 'satisfactionsurvey', ['created_at'], unique=False)
    op.create_index(op.f('ix_satisfactionsurvey_workspace'), 'satisfactionsurvey', ['workspace'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_satisfactionsurvey_workspace'), table_name='satisfactionsurvey')
    op.drop_index(op.f('ix_satisfactionsurvey_created_at'), table_name='satisfactionsurvey')
    op.drop_index(op.f('ix_satisfactionsurvey_contact_id'), table_name='satisfactionsurvey')
    op.drop_table('satisfactionsurvey')
