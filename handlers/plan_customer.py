"""A demo customer record on one of a workspace's plans, billed the way that plan bills.

Shared by the demo support traffic (`handlers.demo_traffic`) and the CLI's demo customers and
`bot chat --plan` (`bot/cli`), so a demo customer of a plan looks the same wherever it is made.
"""

from __future__ import annotations

from decimal import Decimal

from bot.core.workspaces import Workspace
from handlers.customers import CustomerIn

DEMO_BALANCE = Decimal("100")  # prepaid plans need a balance to reach a person


def plan_customer(workspace: Workspace, phone: str, plan_id: str, *, name: str | None = None,
                  status: str = "active") -> CustomerIn:
    """A customer of `plan_id` billed by the plan's first period (with a balance if it needs one)."""
    plan = workspace.plans[plan_id]
    return CustomerIn(phone=phone, name=name, plan=plan_id, status=status,  # type: ignore[arg-type]
                      billing_period=plan.periods[0] if plan.periods else "monthly",
                      balance=DEMO_BALANCE if plan.requires_balance else Decimal("0"))
