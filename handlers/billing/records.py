"""Reading the customer's billing record and writing subscription requests for a turn."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.core.models import Customer, SubscriptionRequest
from bot.core.workspaces import Workspace
from handlers.billing.policy import Account
from handlers.billing.texts import text
from handlers.customers import find_customer
from handlers.turn import Turn, TurnResult

LIVE_STATES = ("pending_confirmation", "recorded", "awaiting_staff", "approved")
ON_RECORD = ("recorded", "approved")


def local_today(workspace: Workspace, now: datetime) -> date:
    """Policy dates are calendar days where the business is, not in UTC."""
    return now.astimezone(workspace.tz).date()


def customer_of(turn: Turn) -> Customer | None:
    return find_customer(turn.session, turn.workspace.slug, turn.contact.phone)


def account_of(customer: Customer) -> Account:
    return Account(plan=customer.plan, status=customer.status, period=customer.billing_period,
                   paid_from=customer.paid_from, paid_until=customer.paid_until,
                   joined_plan_on=customer.joined_plan_on)


def not_found(turn: Turn) -> TurnResult:
    """The honest answer when the number has no subscription: say so, and how to reach us: "write
    agent" only when this number may reach a person (the entitlement rules, decided once a turn), so
    the next turn never refuses what this one offered; otherwise the workspace's e-mail, if any."""
    from handlers.human import entitlement_of  # the person rules sit above billing

    lang, email = turn.lang, turn.workspace.contact_email
    if entitlement_of(turn)[1].entitled:
        contact = text("not_found_person", lang, email_part=text("email_part", lang, email=email) if email else "")
    else:
        contact = text("not_found_email", lang, email=email) if email else ""
    return turn.result(text("not_found", lang, contact=contact), handoff="none")


def requests_of(session: Session, customer: Customer, kinds: Iterable[str],
                states: Iterable[str] = LIVE_STATES) -> list[SubscriptionRequest]:
    """The customer's requests of these kinds and states, newest first."""
    return list(session.exec(
        select(SubscriptionRequest)
        .where(SubscriptionRequest.customer_id == customer.id, col(SubscriptionRequest.kind).in_(list(kinds)),
               col(SubscriptionRequest.state).in_(list(states)))
        .order_by(col(SubscriptionRequest.id).desc())
    ).all())


def prior_freezes(session: Session, customer: Customer, except_id: int | None = None) -> list[tuple[date, int]]:
    """Freezes on record as (start, months), for the yearly allowance (without `except_id`, the
    freeze a new length would replace)."""
    out = []
    for request in requests_of(session, customer, ["freeze"], ON_RECORD):
        if request.effective_from is not None and request.id != except_id:
            out.append((request.effective_from, int(request.details.get("months", 0))))
    return out


def new_request(session: Session, customer: Customer, kind: str, state: str, now: datetime,
                **values: Any) -> SubscriptionRequest:
    row = SubscriptionRequest(workspace=customer.workspace, customer_id=customer.id or 0, kind=kind, state=state,
                              created_at=now, updated_at=now, **values)
    session.add(row)
    session.flush()
    return row


def set_state(request: SubscriptionRequest, state: str, now: datetime, by: str | None = None) -> None:
    request.state = state
    request.updated_at = now
    if by is not None:
        request.decided_by = by
        request.decided_at = now


def claim(session: Session, request: SubscriptionRequest, expected: str, state: str, now: datetime) -> bool:
    """Move `request` from `expected` to `state` unless another worker already did (two quick "yes")."""
    outcome = session.execute(
        update(SubscriptionRequest)
        .where(col(SubscriptionRequest.id) == request.id, col(SubscriptionRequest.state) == expected)
        .values(state=state, updated_at=now)
    )
    session.refresh(request)
    return outcome.rowcount == 1  # type: ignore[attr-defined]


def plan_name(workspace: Workspace, plan: str, lang: str) -> str:
    spec = workspace.plans.get(plan)
    if spec is None:
        return plan
    return spec.name.get(lang) or spec.name.get("en") or plan
