"""Event owners' accounts beyond the plan: SMS credit bought (the balance's ledger) and answer digests.

The balance itself stays on `RsvpAccount.sms_balance` (dispatch spends it row by row); this table says
where every added message came from, so a balance can be explained and a payment is never applied twice
(`reference` is unique per workspace when given, e.g. the payment provider's receipt number).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import Money, UTCDateTime, utcnow


class SmsPurchase(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace", "reference", name="uq_smspurchase_reference"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    account_id: int = Field(foreign_key="rsvpaccount.id", index=True)
    package: str | None = Field(default=None, max_length=32)    # a package id from the workspace YAML
    messages: int                                               # billed segments added to the balance
    amount: Decimal | None = Field(default=None, sa_column=Column(Money(precision=12, scale=2)))
    currency: str = Field(default="ILS", max_length=3)
    reference: str | None = Field(default=None, max_length=64)  # receipt / payment id, unique when given
    recorded_by: str = Field(default="operator", max_length=100)
    note: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class OwnerDigest(SQLModel, table=True):
    """When an event owner was last told about new answers, so each answer is reported once."""

    account_id: int = Field(foreign_key="rsvpaccount.id", primary_key=True)
    last_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
