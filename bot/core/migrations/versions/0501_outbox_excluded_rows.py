"""campaigns: `excluded` outbox rows for guests outside a running campaign's audience (data only)

Since this revision every guest of the event gets an outbox row the first time a dispatcher sees them
(guests outside the kind's audience an `excluded` one), so a guest without a row is one added since,
who still gets the campaign (scheduler/campaigns/outbox.py). Campaigns whose rows were made by the
earlier code and that are not finished yet have rows only for the guests that were in the audience;
this gives the others, the guests that already existed when the rows were made (created at or before
`materialized_at`), their `excluded` row, so upgrading does not turn them into "added later".
No schema change: `state` is a plain string column.

Revision ID: 0501_outbox_excluded_rows
Revises: 0500_merge
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import bot.core.models.types

revision: str = '0501_outbox_excluded_rows'
down_revision: str | Sequence[str] | None = '0500_merge'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = (
    "INSERT INTO outboxitem (workspace, campaign_id, guest_id, phone, body, state, reason, segments, charged, "
    "attempts, created_at, updated_at) "
    "SELECT c.workspace, c.id, g.id, substr(g.phone, 1, 32), '', 'excluded', "
    "CASE WHEN c.kind = 'on_the_way' AND g.status IN ('coming', 'maybe') THEN 'no_table' ELSE 'wrong_status' END, "
    "0, 0, 0, :now, :now "
    "FROM campaign c JOIN guest g ON g.event_id = c.event_id "
    "WHERE c.materialized_at IS NOT NULL AND c.state IN ('scheduled', 'sending') "
    "AND g.created_at <= c.materialized_at "
    "AND NOT EXISTS (SELECT 1 FROM outboxitem o WHERE o.campaign_id = c.id AND o.guest_id = g.id)"
)


def upgrade() -> None:
    statement = sa.text(BACKFILL).bindparams(sa.bindparam("now", type_=bot.core.models.types.UTCDateTime()))
    op.get_bind().execute(statement, {"now": datetime.now(UTC)})


def downgrade() -> None:
    op.get_bind().execute(sa.text("DELETE FROM outboxitem WHERE state = 'excluded'"))
