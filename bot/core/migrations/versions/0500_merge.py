"""merge support, campaigns and billing branches

Revision ID: 0500_merge
Revises: 0102_support_alert_ref, 0301_campaigns, 0401_billing_charges
Create Date: 2026-11-22 04:14:57.990343
"""

from collections.abc import Sequence

revision: str = '0500_merge'
down_revision: str | Sequence[str] | None = ('0102_support_alert_ref', '0301_campaigns', '0401_billing_charges')
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
