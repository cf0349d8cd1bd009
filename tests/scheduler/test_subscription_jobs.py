"""Recorded cancellations and freezes change the customer's status on their days, once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Customer
from bot.core.models.billing import SubscriptionRequest
from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from scheduler.subscription_jobs import apply_due_requests

WORKSPACES = load_workspaces(ROOT / "workspaces")


def _customer(session: Session, phone: str) -> Customer:
    customer = Customer(workspace="saas-billing", phone=phone, plan="pro", status="active")
    session.add(customer)
    session.flush()
    return customer


def _request(session: Session, customer: Customer, kind: str, start: date, end: date | None = None) -> None:
    session.add(SubscriptionRequest(workspace="saas-billing", customer_id=customer.id or 0, kind=kind,
                                    state="recorded", effective_from=start, effective_until=end))
    session.flush()


def test_cancellation_applies_on_its_day_in_the_workspace_time_zone(engine: Engine) -> None:
    with Session(engine) as session:
        customer = _customer(session, "+972502345611")
        _request(session, customer, "cancel", date(2026, 12, 17))
        # 16 Dec 23:30 Israel time is still before the effective day
        assert apply_due_requests(session, WORKSPACES, datetime(2026, 12, 16, 21, 30, tzinfo=UTC)) == []
        # 17 Dec 00:30 Israel time is 16 Dec 22:30 UTC: the day has come
        changes = apply_due_requests(session, WORKSPACES, datetime(2026, 12, 16, 22, 30, tzinfo=UTC))
        assert [(c.old, c.new) for c in changes] == [("active", "cancelled")]
        assert customer.status == "cancelled"
        assert apply_due_requests(session, WORKSPACES, datetime(2026, 12, 20, tzinfo=UTC)) == []


def test_freeze_starts_and_ends(engine: Engine) -> None:
    with Session(engine) as session:
        customer = _customer(session, "+972502345612")
        _request(session, customer, "freeze", date(2027, 1, 1), date(2027, 3, 1))
        assert apply_due_requests(session, WORKSPACES, datetime(2026, 12, 30, 12, tzinfo=UTC)) == []
        changes = apply_due_requests(session, WORKSPACES, datetime(2027, 1, 1, 12, tzinfo=UTC))
        assert [c.new for c in changes] == ["frozen"]
        assert apply_due_requests(session, WORKSPACES, datetime(2027, 2, 1, 12, tzinfo=UTC)) == []
        changes = apply_due_requests(session, WORKSPACES, datetime(2027, 3, 1, 12, tzinfo=UTC))
        assert [c.new for c in changes] == ["active"]
        assert customer.status == "active"
        assert apply_due_requests(session, WORKSPACES, datetime(2027, 3, 5, tzinfo=UTC)) == []
