"""`bot credit`: the operator records an owner's payment for SMS credit, and shows balances.

The same function as the API (`scheduler.rsvp.credit.record_purchase`); a payment's `--reference`
(receipt number) is accepted once, so recording the same receipt twice cannot double a balance.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import fail, print_json, workspace
from bot.cli.events import WorkspaceOpt, _engine

app = typer.Typer(help="SMS credit of event owners: record a payment, show the balance", no_args_is_help=True)
OwnerOpt = Annotated[str, typer.Option("--owner-phone", help="The event owner's phone (any format)")]


def _account(session, ws, phone: str):  # type: ignore[no-untyped-def]
    from bot.core.phones import InvalidPhone, normalize_phone
    from scheduler.rsvp.credit import find_account

    try:
        e164 = normalize_phone(phone).e164
    except InvalidPhone as exc:
        raise fail(f"not a phone number: {exc}") from exc
    account = find_account(session, ws, e164)
    if account is None:
        raise fail(f"no event owner with this phone in {ws.slug}")
    return account


@app.command("add")
def add(workspace_slug: WorkspaceOpt, owner_phone: OwnerOpt,
        package: Annotated[str | None, typer.Option("--package", help="A package id from the workspace YAML")] = None,
        messages: Annotated[int | None, typer.Option("--messages", help="Messages instead of a package")] = None,
        amount: Annotated[str | None, typer.Option("--amount", help="Amount paid")] = None,
        reference: Annotated[str | None, typer.Option("--reference", help="Receipt or payment id (once)")] = None,
        as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Record a payment: the package's messages (or --messages) are added to the owner's balance."""
    from sqlmodel import Session

    from scheduler.rsvp.credit import CreditError, record_purchase

    ws = workspace(workspace_slug)
    try:
        paid = Decimal(amount) if amount else None
    except InvalidOperation as exc:
        raise fail(f"--amount is not a number: {amount}") from exc
    with Session(_engine(), expire_on_commit=False) as session:
        account = _account(session, ws, owner_phone)
        try:
            done = record_purchase(session, ws, account, now=datetime.now(UTC), package=package, messages=messages,
                                   amount=paid, reference=reference, recorded_by="cli", lang="en")
        except CreditError as exc:
            raise fail(str(exc)) from exc
        session.commit()
    if as_json:
        print_json({"added": done.purchase.messages, "balance": done.balance, "package": done.purchase.package})
        return
    Console().print(f"added {done.purchase.messages} messages; balance now {done.balance}")


@app.command("show")
def show(workspace_slug: WorkspaceOpt, owner_phone: OwnerOpt) -> None:
    """The owner's balance and every purchase recorded."""
    from sqlmodel import Session

    from scheduler.rsvp.credit import purchases

    ws = workspace(workspace_slug)
    with Session(_engine()) as session:
        account = _account(session, ws, owner_phone)
        table = Table("date", "package", "messages", "amount", "reference")
        for row in purchases(session, account):
            table.add_row(row.created_at.date().isoformat(), row.package or "-", str(row.messages),
                          f"{row.amount} {row.currency}" if row.amount is not None else "-", row.reference or "-")
        console = Console()
        console.print(f"{account.owner_name}: balance {account.sms_balance} messages, plan {account.plan}")
        console.print(table)
