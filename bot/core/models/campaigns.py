"""RSVP campaigns and their outbox: one row per (campaign, guest), so nobody gets a campaign twice.

A campaign is what the owner schedules (kind, channel, text, time); the outbox is what dispatch works
through. Rows are created before anything is sent and move only forward (scheduler/campaigns/status.py):
queued -> sending -> sent -> delivered | failed, or skipped (with a reason) or unknown (a send that was
interrupted by a crash and is never retried blindly). Every guest of the event gets a row the first time
a dispatcher sees them: guests outside the kind's audience get an `excluded` row, so a guest without a row
is one added since, whom the dispatcher still has to judge (scheduler/campaigns/outbox.py).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import UTCDateTime, utcnow


class CampaignKind(StrEnum):
    invitation = "invitation"
    second_round = "second_round"
    reminder = "reminder"
    on_the_way = "on_the_way"
    thank_you = "thank_you"


class CampaignState(StrEnum):
    draft = "draft"
    scheduled = "scheduled"
    sending = "sending"
    done = "done"
    cancelled = "cancelled"


class OutboxState(StrEnum):
    queued = "queued"
    sending = "sending"
    sent = "sent"
    delivered = "delivered"
    failed = "failed"
    skipped = "skipped"
    unknown = "unknown"   # interrupted mid-send: may or may not have left; never resent automatically
    excluded = "excluded"  # not in the kind's audience when first seen (wrong status, no table); never sent


class Campaign(SQLModel, table=True):
    """One scheduled send of one kind to one event's audience."""

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    event_id: int = Field(foreign_key="event.id", index=True)
    kind: str = Field(max_length=16)
    channel: str = Field(default="sms", max_length=16)          # sms | whatsapp
    # The owner's own text, or empty for the kind's standard text in each guest's language.
    template: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    send_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    state: str = Field(default=CampaignState.draft, max_length=16, index=True)
    state_reason: str | None = Field(default=None, max_length=200)  # e.g. "missed: past the grace", "deferred"
    materialized_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    # A follow-up to the guests whose copy failed or is unknown (scheduler/campaigns/resend.py): the first
    # campaign of the chain (no foreign key: the column is added in place on SQLite), and a key unique per
    # (first campaign, round) so two clicks at once make one follow-up.
    resend_of: int | None = Field(default=None, index=True)
    resend_key: str | None = Field(default=None, max_length=32, unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class OutboxItem(SQLModel, table=True):
    """One guest's copy of one campaign; the unique pair is what makes re-running harmless."""

    __table_args__ = (
        UniqueConstraint("campaign_id", "guest_id", name="uq_outbox_campaign_guest"),
        Index("ix_outbox_campaign_state", "campaign_id", "state", "id"),  # claims walk it in id order
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(max_length=64)
    campaign_id: int = Field(foreign_key="campaign.id")
    guest_id: int = Field(foreign_key="guest.id", index=True)
    phone: str = Field(max_length=32)                 # E.164 frozen when the row was made
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # rendered, frozen
    state: str = Field(default=OutboxState.queued, max_length=16)
    reason: str | None = Field(default=None, max_length=64)       # why skipped / failed / unknown
    error_code: str | None = Field(default=None, max_length=16)   # provider's code
    provider_sid: str | None = Field(default=None, max_length=64, unique=True)
    segments: int = 0                  # billed segments (the workspace's rule)
    charged: int = 0                   # segments taken from the balance for this row
    attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
