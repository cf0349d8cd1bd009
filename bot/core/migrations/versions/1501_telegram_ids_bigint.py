"""consoleuser.telegram_user_id is BIGINT: Telegram user ids passed 2**31 (security review S16)

Revision ID: 1501_telegram_ids_bigint
Revises: 1403_message_confidence
Create Date: 2026-12-07 07:05:00

Every column that holds a Telegram user or chat id was looked at: `consoleuser.telegram_user_id` was the
only integer one (created INTEGER by 1001, so linking a staff account to id 5123456789 was a 500 on
PostgreSQL). Chat ids (`staffnotification.chat_id`, `ticket.staff_chat_id`) are VARCHAR(64) already,
update ids (`telegramupdateseen.update_id`) BIGINT since 0101; message ids are 32-bit by Telegram's API.

SQLite stores any INTEGER in up to 8 bytes, so it needs no change there; a batch rebuild of consoleuser
would only copy a table other tables point at (sessions, codes, event members) for nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '1501_telegram_ids_bigint'
down_revision: str | Sequence[str] | None = '1403_message_confidence'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # already 64-bit (see above)
    op.alter_column('consoleuser', 'telegram_user_id', type_=sa.BigInteger(), existing_type=sa.Integer(),
                    existing_nullable=True)


def downgrade() -> None:
    # Fails while a linked id is past 2**31, as it should: narrowing would lose it.
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column('consoleuser', 'telegram_user_id', type_=sa.Integer(), existing_type=sa.BigInteger(),
                    existing_nullable=True)
