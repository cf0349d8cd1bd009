"""Creating and updating customers: one code path for the API, the CSV import and story files."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import ColumnElement, Exists, bindparam, exists
from sqlmodel import Session, select

from bot.core.fields import NO_NUL, money, text
from bot.core.models import Customer
from bot.core.models.types import coerce_date
from bot.core.phones import normalize_phone
from bot.core.workspaces import Workspace
from handlers.billing.charges import ChargeIn, add_charges
from handlers.read_memo import remember, remembered


class CustomerIn(BaseModel):
    """A customer record as owners supply it; the phone is normalised to E.164."""

    model_config = ConfigDict(extra="forbid")

    phone: str = Field(max_length=64)
    name: str | None = text(Customer, "name", None)
    email: str | None = text(Customer, "email", None)
    language: Literal["he", "en", "ru"] | None = None
    plan: str = text(Customer, "plan")
    status: Literal["active", "expired", "cancelled", "frozen", "suspended"] = "active"
    billing_period: Literal["monthly", "annual", "quarterly", "one-time"] = "monthly"
    paid_from: date | None = None
    paid_until: date | None = None
    joined_plan_on: date | None = None
    flags: list[Annotated[str, Field(max_length=64, pattern=NO_NUL)]] = Field(default_factory=list, max_length=50)
    balance: Decimal = money()
    charges: list[ChargeIn] = Field(default_factory=list, max_length=1000)  # payments taken (billing quotes read them)

    @field_validator("phone")
    @classmethod
    def _e164(cls, value: str) -> str:
        return normalize_phone(value).e164

    @field_validator("paid_from", "paid_until", "joined_plan_on", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        return coerce_date(value)


class UnknownPlan(ValueError):
    pass


def upsert_customer(session: Session, workspace: Workspace, data: CustomerIn, now: datetime) -> Customer:
    """Create the customer or update the one with the same number in this workspace."""
    if data.plan not in workspace.plans:
        raise UnknownPlan(f"plan '{data.plan}' is not one of {', '.join(workspace.plans)}")
    customer = find_customer(session, workspace.slug, data.phone)
    values = data.model_dump(exclude={"charges"})
    if customer is None:
        customer = Customer(workspace=workspace.slug, created_at=now, updated_at=now, **values)
        session.add(customer)
    else:
        for key, value in values.items():
            setattr(customer, key, value)
        customer.updated_at = now
    session.flush()
    if data.charges:
        add_charges(session, workspace, customer, data.charges, now)
    return customer


# Asked on most support turns (entitlement): built once, values bound.
_CUSTOMER = select(Customer).where(Customer.workspace == bindparam("workspace"), Customer.phone == bindparam("phone"))


def find_customer(session: Session, workspace: str, phone: str) -> Customer | None:
    """The customer record of `phone` (read once until the session next writes; bot.inbound may
    have read that there is none)."""
    def read() -> Customer | None:
        return session.exec(_CUSTOMER, params={"workspace": workspace, "phone": phone}).first()

    return remembered(session, ("customer", workspace, phone), read)


def customer_exists(workspace: ColumnElement[str], phone: ColumnElement[str]) -> Exists:
    """Whether `find_customer` would find one, as an EXISTS another read can carry (bot.inbound
    asks it with the contact, one statement instead of one more on most support turns)."""
    return exists().where(Customer.workspace == workspace, Customer.phone == phone)


def remember_no_customer(session: Session, workspace: str, phone: str) -> None:
    """`find_customer` answers None without a query until the session next writes (the caller has
    just read that there is none)."""
    remember(session, ("customer", workspace, phone), None)
