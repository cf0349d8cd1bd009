"""dialogue: what each conversation is about (topic, entities, pending proposal), with an expiry

Revision ID: 0611_dialogue_state
Revises: 0501_outbox_excluded_rows
Create Date: 2026-12-06 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.core.models.types

revision: str = '0611_dialogue_state'
down_revision: str | Sequence[str] | None = '0501_outbox_excluded_rows'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('dialoguestate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('conversation_id')
    )
    with op.batch_alter_table('dialoguestate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialoguestate_workspace'), ['workspace'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dialoguestate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dialoguestate_workspace'))
    op.drop_table('dialoguestate')
