"""Who may reach a person, and when: one pure function of (workspace rules, customer, now).

Nothing here reads the database or the clock, so every row of the plans table is a plain table test.
The order of the checks is the order of the reasons a customer is told: first who they are
(unknown, barred for abuse), then the subscription (status, paid-until), then the plan, then time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal, Protocol

from bot.core.workspaces import Workspace
from handlers.hours import closing_holiday, holiday_eve, is_open, next_opening

Outcome = Literal["human", "queued", "denied"]
Reason = Literal[
    "in_hours",            # human: a person is on duty now
    "after_hours_plan",    # human: the plan includes a person outside hours (priority)
    "after_hours",         # queued: entitled, closed now
    "holiday",             # queued: entitled, closed for a public holiday
    "holiday_eve",         # queued: entitled, closed for the rest of a holiday's eve (short day)
    "not_customer",        # denied: no customer record for this number
    "abusive",             # denied: barred for abuse (the bot still answers)
    "unknown_plan",        # denied: the record names a plan this workspace does not have
    "expired", "cancelled", "frozen", "suspended",  # denied: subscription status
    "plan_no_human",       # denied: the plan is bot-only or has no support
    "no_balance",          # denied: prepaid without a positive balance
    "no_hours",            # denied: the workspace never opens (misconfiguration)
]
ABUSIVE_FLAG = "abusive"


class CustomerLike(Protocol):
    """What the decision reads from a customer (a `Customer` row or a test double)."""

    plan: str
    status: str
    paid_until: date | None
    flags: list[str]
    balance: Decimal


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: Reason
    next_opening: datetime | None = None   # queued: when a person will answer (workspace zone)
    holiday: str | None = None             # the holiday closing support today, if any
    eve: str | None = None                 # queued on an eve: the holiday that begins tonight

    @property
    def entitled(self) -> bool:
        return self.outcome != "denied"


def _subscription_problem(workspace: Workspace, customer: CustomerLike, today: date) -> Reason | None:
    if customer.status not in workspace.support.entitled_statuses:
        return customer.status if customer.status in ("expired", "cancelled", "frozen", "suspended") \
            else "suspended"  # type: ignore[return-value]
    if customer.paid_until is not None and customer.paid_until < today:
        return "expired"
    return None


def decide(workspace: Workspace, customer: CustomerLike | None, now: datetime) -> Decision:
    """Whether this customer may reach a person at `now`: human now, queued for the next opening, or denied."""
    if customer is None:
        return Decision("denied", "not_customer")
    if ABUSIVE_FLAG in (customer.flags or []):
        return Decision("denied", "abusive")
    plan = workspace.plans.get(customer.plan)
    if plan is None:
        return Decision("denied", "unknown_plan")
    problem = _subscription_problem(workspace, customer, now.astimezone(workspace.tz).date())
    if problem is not None:
        return Decision("denied", problem)
    if not plan.human:
        return Decision("denied", "plan_no_human")
    if plan.requires_balance and Decimal(str(customer.balance or 0)) <= 0:
        return Decision("denied", "no_balance")
    holiday = closing_holiday(workspace.holidays, now.astimezone(workspace.tz).date())
    if is_open(workspace, now):
        return Decision("human", "in_hours")
    if plan.after_hours:
        return Decision("human", "after_hours_plan", holiday=holiday)
    opening = next_opening(workspace, now)
    if opening is None:
        return Decision("denied", "no_hours")
    if holiday:
        return Decision("queued", "holiday", next_opening=opening, holiday=holiday)
    today = now.astimezone(workspace.tz).date()
    eve = holiday_eve(workspace.holidays, today)
    if eve and opening.astimezone(workspace.tz).date() != today:  # no more opening today: closed for the eve
        return Decision("queued", "holiday_eve", next_opening=opening, eve=eve)
    return Decision("queued", "after_hours", next_opening=opening)


def entitling_plans(workspace: Workspace) -> list[str]:
    """Plan ids that include a person (what a denied customer is pointed to)."""
    return [plan_id for plan_id, plan in workspace.plans.items() if plan.human]
