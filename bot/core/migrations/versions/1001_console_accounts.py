"""console accounts: users, sessions, login codes, co-hosts; guests get children and notes

Revision ID: 1001_console_accounts
Revises: 0901_reply_jobs
Create Date: 2026-12-06 20:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.core.models.types

revision: str = '1001_console_accounts'
down_revision: str | Sequence[str] | None = '0901_reply_jobs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = bot.core.models.types.UTCDateTime
AutoString = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('consoleuser',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace', AutoString(length=64), nullable=False),
    sa.Column('phone', AutoString(length=32), nullable=False),
    sa.Column('name', AutoString(length=200), nullable=False),
    sa.Column('role', AutoString(length=16), nullable=False),
    sa.Column('language', AutoString(length=2), nullable=True),
    sa.Column('password_hash', AutoString(length=255), nullable=True),
    sa.Column('rsvp_account_id', sa.Integer(), nullable=True),
    sa.Column('telegram_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTC(timezone=True), nullable=False),
    sa.Column('disabled_at', UTC(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['rsvp_account_id'], ['rsvpaccount.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('workspace', 'phone', name='uq_console_user_phone')
    )
    with op.batch_alter_table('consoleuser', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consoleuser_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_consoleuser_rsvp_account_id'), ['rsvp_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consoleuser_workspace'), ['workspace'], unique=False)

    op.create_table('consolesession',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', AutoString(length=64), nullable=False),
    sa.Column('csrf_token', AutoString(length=64), nullable=False),
    sa.Column('created_at', UTC(timezone=True), nullable=False),
    sa.Column('last_seen_at', UTC(timezone=True), nullable=False),
    sa.Column('expires_at', UTC(timezone=True), nullable=False),
    sa.Column('revoked_at', UTC(timezone=True), nullable=True),
    sa.Column('user_agent', AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['consoleuser.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('consolesession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consolesession_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_consolesession_user_id'), ['user_id'], unique=False)

    op.create_table('logincode',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', AutoString(length=64), nullable=False),
    sa.Column('created_at', UTC(timezone=True), nullable=False),
    sa.Column('expires_at', UTC(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('used_at', UTC(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['consoleuser.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('logincode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logincode_user_id'), ['user_id'], unique=False)

    op.create_table('eventmember',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('invited_by', sa.Integer(), nullable=True),
    sa.Column('created_at', UTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['invited_by'], ['consoleuser.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['consoleuser.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id', 'user_id', name='uq_event_member')
    )
    with op.batch_alter_table('eventmember', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_eventmember_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_eventmember_user_id'), ['user_id'], unique=False)

    # Plain ADD COLUMN (SQLite supports it): a batch rebuild would drop and re-create `guest`, which the
    # outbox's foreign keys forbid on a database that already has campaigns.
    op.add_column('guest', sa.Column('children', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('guest', sa.Column('notes', AutoString(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column('guest', 'notes')  # plain DROP COLUMN (SQLite 3.35+), for the same reason as above
    op.drop_column('guest', 'children')
    op.drop_table('eventmember')
    op.drop_table('logincode')
    op.drop_table('consolesession')
    op.drop_table('consoleuser')
