"""sms purchases: the ledger of SMS credit the operator records for event owners

Revision ID: 1101_sms_purchases
Revises: 0701_owner_tokens
Create Date: 2026-12-06 21:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.core.models.types

revision: str = '1101_sms_purchases'
down_revision: str | Sequence[str] | None = '0701_owner_tokens'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('smspurchase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('package', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('messages', sa.Integer(), nullable=False),
    sa.Column('amount', bot.core.models.types.Money(precision=12, scale=2), nullable=True),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('created_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['rsvpaccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace', 'reference', name='uq_smspurchase_reference')
    )
    with op.batch_alter_table('smspurchase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_smspurchase_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_smspurchase_workspace'), ['workspace'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('smspurchase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_smspurchase_workspace'))
        batch_op.drop_index(batch_op.f('ix_smspurchase_account_id'))
    op.drop_table('smspurchase')
