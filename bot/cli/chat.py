"""`bot chat`: talk to a workspace's bot in the terminal, through the real pipeline and database.

`--plan` / `--status` create or update the customer for the `--from` number first, so each plan's
answers (who may reach a person, billing rules) can be tried; `--now` sets the clock (it then runs
on from there), so business hours, holidays and eves can be tried at any time of the week.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

from bot.cli.common import fail, settings, workspace
from bot.core.phones import InvalidPhone, normalize_phone
from bot.core.workspaces import Workspace

STATUSES = ("active", "expired", "cancelled", "frozen", "suspended")


def chat(
    workspace_slug: Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")] = ...,  # type: ignore[assignment]
    sender: Annotated[str, typer.Option("--from", help="Your phone number")] = "+972502345678",
    plan: Annotated[str | None, typer.Option("--plan", help="Be a customer of this plan (created or updated)")] = None,
    status: Annotated[str | None, typer.Option("--status", help=f"Subscription status: {', '.join(STATUSES)}")] = None,
    now: Annotated[str | None, typer.Option("--now", help="Clock to start from, ISO with offset "
                                                          "(e.g. 2026-11-22T10:00:00+02:00)")] = None,
) -> None:
    """Chat with the bot; an empty line or Ctrl-D ends."""
    from bot import inbound
    from bot.core.db import migrate
    from bot.services import build_services
    from handlers.turn import Inbound

    ws = workspace(workspace_slug)
    try:
        phone = normalize_phone(sender).e164
    except InvalidPhone as exc:
        raise fail(f"--from: {exc}") from exc
    if status is not None and status not in STATUSES:
        raise fail(f"--status: '{status}' is not one of {', '.join(STATUSES)}")
    if plan is not None and plan not in ws.plans:
        raise fail(f"--plan: '{plan}' is not a plan of {ws.slug} (plans: {', '.join(ws.plans)})")
    clock = _clock(now)
    config = settings()
    migrate(config.database_url)
    services = build_services(config, clock=clock)
    console = Console()
    who = _set_customer(services, ws, phone, plan, status)
    console.print(f"[bold]{ws.name}[/bold] — you are {phone} ({who}), clock {services.now().isoformat()}. "
                  "Empty line to quit.")
    while True:
        try:
            line = console.input("[cyan]you>[/cyan] ")
        except (EOFError, KeyboardInterrupt):
            break
        if not line.strip():
            break
        result = inbound.receive(services, Inbound(workspace=ws.slug, sender=phone, text=line, channel="console"))
        if result is None:
            continue
        meta = f"intent={result.intent} topic={result.topic} lang={result.lang} handoff={result.handoff}"
        console.print(f"[dim]{meta}[/dim]")
        if result.reply:
            console.print(f"bot> {result.reply}", markup=False, style="green")
    services.engine.dispose()


def _clock(now: str | None):  # type: ignore[no-untyped-def]
    """The real clock, or one that starts at `now` and runs on in real time (expiry still works)."""
    if now is None:
        return None
    try:
        start = datetime.fromisoformat(now)
    except ValueError as exc:
        raise fail(f"--now: '{now}' is not an ISO date-time") from exc
    if start.tzinfo is None:
        raise fail("--now needs a UTC offset, e.g. 2026-11-22T10:00:00+02:00")
    launched = datetime.now(UTC)
    return lambda: start + (datetime.now(UTC) - launched)


def _set_customer(services, ws: Workspace, phone: str, plan: str | None, status: str | None) -> str:  # type: ignore[no-untyped-def]
    """Create or update the customer for `phone`; a short description of who the chat is with."""
    from bot.cli.demo_customers import plan_customer
    from bot.core.db import session_scope
    from handlers.customers import find_customer, upsert_customer

    with session_scope(services.engine) as session:
        customer = find_customer(session, ws.slug, phone)
        if plan is not None or status is not None:
            if customer is None and plan is None:
                raise fail(f"--status: {phone} is not a customer of {ws.slug}; give --plan too")
            data = plan_customer(ws, phone, plan or customer.plan,  # type: ignore[union-attr]
                                 name=customer.name if customer else None,
                                 status=status or (customer.status if customer else "active"),
                                 # a new customer comes with its payments, so "I want a refund" is quoted
                                 today=None if customer else services.now().astimezone(ws.tz).date())
            customer = upsert_customer(session, ws, data, services.now())
        if customer is None:
            return "not a customer"
        return f"plan {customer.plan}, {customer.status}"
