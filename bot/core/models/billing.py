"""Money a customer paid, and what a customer asked the bot to do with their subscription.

A `SubscriptionRequest` is the record the policy promises ("we received your cancellation"):
it keeps the numbers quoted at the time, because policy changes never apply retroactively.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from bot.core.models.types import Money, UTCDateTime, utcnow


class ChargePeriod(StrEnum):
    monthly = "monthly"
    quarterly = "quarterly"
    annual = "annual"
    one_time = "one-time"
    trial = "trial"


class Charge(SQLModel, table=True):
    """One payment taken from a customer; `delivered_on` marks a service or update delivered for it."""

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    charged_on: date
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    currency: str = Field(default="ILS", max_length=3)
    period: str = Field(default=ChargePeriod.monthly, max_length=16)
    plan: str | None = Field(default=None, max_length=64)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    delivered_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class RequestKind(StrEnum):
    cancel = "cancel"
    refund = "refund"
    freeze = "freeze"
    plan_change = "plan_change"


class RequestState(StrEnum):
    pending_confirmation = "pending_confirmation"  # asked the customer to confirm
    recorded = "recorded"                          # confirmed and on record
    awaiting_staff = "awaiting_staff"              # a refund quote waiting for a person's decision
    approved = "approved"
    rejected = "rejected"                          # by staff, or by the policy itself (details.reason)
    cancelled = "cancelled"                        # the customer said no, or never confirmed


class SubscriptionRequest(SQLModel, table=True):
    """A cancellation, refund, freeze or plan change asked for through the bot."""

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    kind: str = Field(max_length=16)
    state: str = Field(default=RequestState.pending_confirmation, max_length=24, index=True)
    charge_id: int | None = Field(default=None, foreign_key="charge.id")
    quoted_amount: Decimal | None = Field(default=None, sa_column=Column(Money(), nullable=True))
    currency: str | None = Field(default=None, max_length=3)
    reason: str | None = Field(default=None, max_length=64)      # the policy's reason code
    effective_from: date | None = None
    effective_until: date | None = None
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    decided_by: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
