"""Demo customers for `make run`: one per plan of each demo workspace, so a newcomer can try every
plan with `bot chat --from <number>`. Development only: `bot serve` never seeds in production.

The numbers are fixed (+972 50 9000 W PP: workspace W, plan PP, in file order), created once and
never overwritten, so what a tester changes in a chat stays. Each comes with the payments of its last
periods at the plan's price in the workspace YAML (`handlers.plan_customer`), so a refund request is
quoted; a demo customer created before the payments existed gets them once, if it has none.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from bot.core.models import Customer
from bot.core.workspaces import Workspace, WorkspaceRegistry
from handlers.billing.charges import add_charges, charges_of
from handlers.customers import CustomerIn, find_customer, upsert_customer
from handlers.plan_customer import plan_customer


def demo_phone(workspace_index: int, plan_index: int) -> str:
    return f"+972509000{workspace_index % 10}{plan_index:02d}"


def demo_customers(workspace: Workspace, workspace_index: int, today: date | None = None) -> list[CustomerIn]:
    """One customer per plan; with `today` (the workspace's local date) each has its payment history."""
    return [plan_customer(workspace, demo_phone(workspace_index, i), plan_id, name=f"Demo {plan_id}", today=today)
            for i, plan_id in enumerate(workspace.plans, start=1)]


Listing = dict[str, list[tuple[str, str]]]


def ensure_demo_customers(session: Session, registry: WorkspaceRegistry, now: datetime) -> Listing:
    """Create the missing demo customers; {workspace slug: [(plan id, phone), ...]}."""
    listed: Listing = {}
    for index, workspace in enumerate(sorted(registry, key=lambda w: w.numbers[0] if w.numbers else w.slug),
                                      start=1):
        for customer in demo_customers(workspace, index, now.astimezone(workspace.tz).date()):
            found = find_customer(session, workspace.slug, customer.phone)
            if found is None:
                upsert_customer(session, workspace, customer, now)
            elif customer.charges and found.plan == customer.plan and not charges_of(session, found):
                _add_history(session, workspace, found, customer, now)  # seeded before demo payments existed
            listed.setdefault(workspace.slug, []).append((customer.plan, customer.phone))
    return listed


def _add_history(session: Session, workspace: Workspace, found: Customer, demo: CustomerIn, now: datetime) -> None:
    """The payments of a demo customer that has none; its paid dates only where it has none either."""
    add_charges(session, workspace, found, demo.charges, now)
    if found.paid_until is None and found.paid_from is None:
        found.paid_from, found.paid_until = demo.paid_from, demo.paid_until
        found.joined_plan_on = found.joined_plan_on or demo.joined_plan_on
        found.updated_at = now


def banner_lines(listed: Listing) -> list[str]:
    lines = ["  Demo customers (bot chat --workspace W --from NUMBER):"]
    for slug, rows in listed.items():
        lines.append(f"    {slug}: " + ", ".join(f"{plan} {phone}" for plan, phone in rows))
    return lines
