"""Making recorded subscription requests happen on their dates.

The bot records a cancellation or a freeze with the dates it promised; this periodic job is what
turns the customer's status to cancelled or frozen on the effective day, and back to active when a
freeze ends, in the workspace's time zone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from bot.core.db import session_scope
from bot.core.models import Customer, SubscriptionStatus
from bot.core.models.billing import RequestKind, RequestState, SubscriptionRequest
from bot.core.workspaces import WorkspaceRegistry
from scheduler import runtime
from scheduler.runner import periodic

log = logging.getLogger("scheduler.subscriptions")


@dataclass(frozen=True)
class StatusChange:
    customer_id: int
    request_id: int
    old: str
    new: str


def _today(workspaces: WorkspaceRegistry, slug: str, now: datetime) -> date:
    workspace = workspaces.by_slug(slug)
    return now.astimezone(workspace.tz).date() if workspace else now.date()


def _target(request: SubscriptionRequest, customer: Customer, today: date) -> str | None:
    """The status the customer should have today because of `request`, or None for no change."""
    starts, ends = request.effective_from, request.effective_until
    if request.kind == RequestKind.cancel:
        due = starts is not None and starts <= today
        return SubscriptionStatus.cancelled if due and customer.status != SubscriptionStatus.cancelled else None
    if request.kind == RequestKind.freeze and starts is not None:
        if ends is not None and today >= ends:
            return SubscriptionStatus.active if customer.status == SubscriptionStatus.frozen else None
        if starts <= today and customer.status == SubscriptionStatus.active:
            return SubscriptionStatus.frozen
    return None


def apply_due_requests(session: Session, workspaces: WorkspaceRegistry, now: datetime) -> list[StatusChange]:
    """Apply every recorded cancellation and freeze whose day has come; idempotent."""
    changes = []
    requests = session.exec(select(SubscriptionRequest).where(
        SubscriptionRequest.state == RequestState.recorded,
        SubscriptionRequest.kind.in_([RequestKind.cancel, RequestKind.freeze]),  # type: ignore[attr-defined]
    )).all()
    for request in requests:
        if request.details.get("completed"):
            continue
        customer = session.get(Customer, request.customer_id)
        if customer is None:
            continue
        today = _today(workspaces, request.workspace, now)
        new = _target(request, customer, today)
        if new is None:
            continue
        changes.append(StatusChange(customer.id or 0, request.id or 0, customer.status, new))
        customer.status = new
        customer.updated_at = now
        if new in (SubscriptionStatus.cancelled, SubscriptionStatus.active):
            request.details = {**request.details, "completed": today.isoformat()}
        request.updated_at = now
    session.flush()
    return changes


def run_subscription_dates() -> None:
    """Periodic job: apply recorded requests whose effective day has come."""
    context = runtime.context()
    with session_scope(context.engine) as session:
        changes = apply_due_requests(session, context.workspaces, context.now())
    if changes:
        log.info("applied %d subscription status changes", len(changes))


periodic("subscriptions:apply-dates", "scheduler.subscription_jobs:run_subscription_dates", 15 * 60)
