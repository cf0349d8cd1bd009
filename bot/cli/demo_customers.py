"""Demo customers for `make run`: one per plan of each demo workspace, so a newcomer can try every
plan with `bot chat --from <number>`. Development only: `bot serve` never seeds in production.

The numbers are fixed (+972 50 9000 W PP: workspace W, plan PP, in file order), created once and
never overwritten, so what a tester changes in a chat stays.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.core.workspaces import Workspace, WorkspaceRegistry
from handlers.customers import CustomerIn, find_customer, upsert_customer
from handlers.plan_customer import plan_customer


def demo_phone(workspace_index: int, plan_index: int) -> str:
    return f"+972509000{workspace_index % 10}{plan_index:02d}"


def demo_customers(workspace: Workspace, workspace_index: int) -> list[CustomerIn]:
    return [plan_customer(workspace, demo_phone(workspace_index, i), plan_id, name=f"Demo {plan_id}")
            for i, plan_id in enumerate(workspace.plans, start=1)]


Listing = dict[str, list[tuple[str, str]]]


def ensure_demo_customers(session: Session, registry: WorkspaceRegistry, now: datetime) -> Listing:
    """Create the missing demo customers; {workspace slug: [(plan id, phone), ...]}."""
    listed: Listing = {}
    for index, workspace in enumerate(sorted(registry, key=lambda w: w.numbers[0] if w.numbers else w.slug),
                                      start=1):
        for customer in demo_customers(workspace, index):
            if find_customer(session, workspace.slug, customer.phone) is None:
                upsert_customer(session, workspace, customer, now)
            listed.setdefault(workspace.slug, []).append((customer.plan, customer.phone))
    return listed


def banner_lines(listed: Listing) -> list[str]:
    lines = ["  Demo customers (bot chat --workspace W --from NUMBER):"]
    for slug, rows in listed.items():
        lines.append(f"    {slug}: " + ", ".join(f"{plan} {phone}" for plan, phone in rows))
    return lines
