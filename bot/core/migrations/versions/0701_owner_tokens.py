"""owner tokens: hashed, named, revocable API tokens per workspace

Revision ID: 0701_owner_tokens
Revises: 1001_console_accounts
Create Date: 2026-12-06 20:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.core.models.types

revision: str = '0701_owner_tokens'
down_revision: str | Sequence[str] | None = '1001_console_accounts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('ownertoken',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', bot.core.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ownertoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ownertoken_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_ownertoken_workspace'), ['workspace'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ownertoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ownertoken_workspace'))
        batch_op.drop_index(batch_op.f('ix_ownertoken_token_hash'))
    op.drop_table('ownertoken')
