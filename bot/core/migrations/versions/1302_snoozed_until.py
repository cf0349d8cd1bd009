"""a snooze with a time: conversation.snoozed_until (the inbox wakes the conversation when it passes)

Revision ID: 1403_snoozed_until
Revises: 1301_inbox_indexes
Create Date: 2026-12-06 23:45:00

The file was 1403_snoozed_until.py, the prefix of 1403_message_confidence too; it is named by its place
in the chain (after 1301, before 1401). The revision id stays: deployed databases have it in
alembic_version, and Alembic finds a revision by its id, never by its file name.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.core.models.types

revision: str = '1403_snoozed_until'
down_revision: str | Sequence[str] | None = '1301_inbox_indexes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE (no batch rebuild): SQLite adds a nullable column in place.
    op.add_column('conversation', sa.Column('snoozed_until', bot.core.models.types.UTCDateTime(timezone=True),
                                            nullable=True))


def downgrade() -> None:
    op.drop_column('conversation', 'snoozed_until')  # SQLite 3.35+ drops a column in place too
