"""Charges as owners supply them (API, CSV import, story files) and as the policy reads them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlmodel import Session, col, select

from bot.core.fields import NO_NUL
from bot.core.models import Charge, Customer
from bot.core.models.types import coerce_date
from bot.core.workspaces import Workspace
from handlers.billing.policy import ChargeFacts


class ChargeIn(BaseModel):
    """One payment: when, how much, for which period and what it paid for."""

    model_config = ConfigDict(extra="forbid")

    charged_on: date
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2, allow_inf_nan=False)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # default: the workspace's
    period: Literal["monthly", "quarterly", "annual", "one-time", "trial"] = "monthly"
    plan: str | None = Field(default=None, max_length=64, pattern=NO_NUL)
    description: str = Field(default="", max_length=500, pattern=NO_NUL)
    delivered_on: date | None = None   # a service or update delivered for this charge (final once delivered)

    @field_validator("charged_on", "delivered_on", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        return coerce_date(value)


def add_charges(session: Session, workspace: Workspace, customer: Customer, charges: list[ChargeIn],
                now: datetime) -> list[Charge]:
    """Store the charges not stored yet, so importing the same file twice adds nothing."""
    existing = {(c.charged_on, c.amount, c.period, c.description) for c in charges_of(session, customer)}
    added = []
    for item in charges:
        amount = item.amount.quantize(Decimal("0.01"))
        if (item.charged_on, amount, item.period, item.description) in existing:
            continue
        row = Charge(workspace=workspace.slug, customer_id=customer.id or 0, charged_on=item.charged_on,
                     amount=amount, currency=item.currency or workspace.billing.currency, period=item.period,
                     plan=item.plan or customer.plan, description=item.description,
                     delivered_on=item.delivered_on, created_at=now)
        session.add(row)
        added.append(row)
    session.flush()
    return added


def charges_of(session: Session, customer: Customer) -> list[Charge]:
    """The customer's charges, newest first."""
    return list(session.exec(
        select(Charge).where(Charge.customer_id == customer.id)
        .order_by(col(Charge.charged_on).desc(), col(Charge.id).desc())
    ).all())


def latest_charge(session: Session, customer: Customer, today: date) -> Charge | None:
    """The newest charge taken by `today` (future-dated rows are scheduled, not paid)."""
    return next((c for c in charges_of(session, customer) if c.charged_on <= today), None)


def facts(charge: Charge) -> ChargeFacts:
    return ChargeFacts(charged_on=charge.charged_on, amount=charge.amount, currency=charge.currency,
                       period=charge.period, delivered_on=charge.delivered_on)
