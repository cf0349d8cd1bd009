"""inbox and analytics indexes: conversations by workspace and last activity, messages by workspace and time

Revision ID: 1301_inbox_indexes
Revises: 1201_satisfaction
Create Date: 2026-12-06 22:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '1301_inbox_indexes'
down_revision: str | Sequence[str] | None = '1201_satisfaction'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_conversation_workspace_updated', 'conversation', ['workspace', 'updated_at'], unique=False)
    op.create_index('ix_message_workspace_created', 'message', ['workspace', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_message_workspace_created', table_name='message')
    op.drop_index('ix_conversation_workspace_updated', table_name='conversation')
