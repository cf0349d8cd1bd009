"""A demo customer record on one of a workspace's plans, billed the way that plan bills.

Shared by the demo support traffic (`handlers.demo_traffic`) and the CLI's demo customers and
`bot chat --plan` (`bot/cli`), so a demo customer of a plan looks the same wherever it is made.

Given the day it is made, a demo customer also has a history of payments, so "I want a refund",
"what plan am I on?" or "freeze my plan" answer as they would for a real customer: the amounts are
the plan's list prices in the workspace YAML (`billing.prices`, the trial's `billing.trial.fee`),
never numbers of this module. A plan the YAML gives no price for gets no charges: the bot then
says honestly that it found no charge, rather than quoting a made-up amount.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bot.core.workspaces import Workspace
from bot.core.workspaces.billing_rules import PERIOD_MONTHS
from handlers.billing.charges import ChargeIn
from handlers.billing.months import add_months
from handlers.customers import CustomerIn

DEMO_BALANCE = Decimal("100")  # prepaid plans need a balance to reach a person
# The newest demo payment is this many days old: inside every demo workspace's refund window, so a
# refund request is quoted, and a few days into the period, so the status reads like a real one.
DAYS_SINCE_LAST_CHARGE = 5
EARLIER_PERIODS = 2  # periods paid before the current one: the customer has been with the business a while


def plan_customer(workspace: Workspace, phone: str, plan_id: str, *, name: str | None = None,
                  status: str = "active", today: date | None = None) -> CustomerIn:
    """A customer of `plan_id` billed by the plan's first period (with a balance if it needs one);
    with `today` (the workspace's local date), also the payments of the last periods up to today."""
    plan = workspace.plans[plan_id]
    period = plan.periods[0] if plan.periods else "monthly"
    customer = CustomerIn(phone=phone, name=name, plan=plan_id, status=status,  # type: ignore[arg-type]
                          billing_period=period,  # type: ignore[arg-type]
                          balance=DEMO_BALANCE if plan.requires_balance else Decimal("0"))
    if today is None:
        return customer
    charges = payment_history(workspace, plan_id, period, today)
    if not charges:
        return customer
    newest, oldest = charges[0], charges[-1]
    months = PERIOD_MONTHS.get(newest.period)
    trial = workspace.billing.trial
    until = add_months(newest.charged_on, months) if months else \
        newest.charged_on + timedelta(days=trial.days) if trial is not None and newest.period == "trial" else None
    return customer.model_copy(update={"charges": charges, "paid_from": newest.charged_on, "paid_until": until,
                                       "joined_plan_on": oldest.charged_on})


def payment_history(workspace: Workspace, plan_id: str, period: str, today: date) -> list[ChargeIn]:
    """The demo payments of a plan, newest first: one per period, the newest `DAYS_SINCE_LAST_CHARGE`
    days before `today`, at the YAML's price; none when the YAML names no price for the plan."""
    rules = workspace.billing
    last = today - timedelta(days=DAYS_SINCE_LAST_CHARGE)
    name = workspace.plans[plan_id].name.get("en") or plan_id
    if rules.trial is not None and plan_id == rules.trial.plan:
        if rules.trial.fee <= 0:
            return []
        return [ChargeIn(charged_on=last, amount=rules.trial.fee, period="trial", plan=plan_id,
                         description=f"{name}, {rules.trial.days} days")]
    price = rules.price(plan_id, period)
    months = PERIOD_MONTHS.get(period)
    if price is None or price <= 0 or months is None:
        return []
    return [ChargeIn(charged_on=add_months(last, -months * back), amount=price, period=period,  # type: ignore[arg-type]
                     plan=plan_id, description=name)  # the period is said beside it
            for back in range(EARLIER_PERIODS + 1)]
