"""message.confidence: how sure the turn was of its intent or topic, shown with each turn in the inbox

Revision ID: 1403_message_confidence
Revises: 1402_inbox_search
Create Date: 2026-12-07 00:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '1403_message_confidence'
down_revision: str | Sequence[str] | None = '1402_inbox_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ALTER TABLE: a batch rebuild of message would drop the search triggers of 1402.
    op.add_column('message', sa.Column('confidence', sa.Float(), nullable=True))


def downgrade() -> None:
    op.drop_column('message', 'confidence')
