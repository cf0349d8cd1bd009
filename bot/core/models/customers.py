"""Customers and their subscriptions: what entitlement decisions are made from."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.core.models.types import Money, UTCDateTime, utcnow


class SubscriptionStatus(StrEnum):
    active = "active"
    expired = "expired"
    cancelled = "cancelled"
    frozen = "frozen"
    suspended = "suspended"


class Customer(SQLModel, table=True):
    """A paying (or formerly paying) customer of a workspace, found by phone number."""

    __table_args__ = (UniqueConstraint("workspace", "phone", name="uq_customer_workspace_phone"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace: str = Field(index=True, max_length=64)
    phone: str = Field(max_length=32)
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=200)
    language: str | None = Field(default=None, max_length=2)
    plan: str = Field(max_length=64)
    status: str = Field(default=SubscriptionStatus.active, max_length=16)
    billing_period: str = Field(default="monthly", max_length=16)
    paid_from: date | None = None
    paid_until: date | None = None
    joined_plan_on: date | None = None
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    balance: Decimal = Field(default=Decimal("0"), sa_column=Column(Money(), nullable=False, default=0))
    abuse_count: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
