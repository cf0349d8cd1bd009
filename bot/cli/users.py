"""`bot users create|list|cohost`: console accounts (event owners, staff, workspace owners)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import fail, settings, workspace

app = typer.Typer(help="Web console accounts (log in at /app)", no_args_is_help=True)


def _engine():  # type: ignore[no-untyped-def]
    from bot.core.db import make_engine, migrate

    migrate(settings().database_url)
    return make_engine(settings().database_url)


@app.command("create")
def create(
    workspace_slug: Annotated[str, typer.Option("--workspace", help="Workspace slug")],
    phone: Annotated[str, typer.Option(help="Phone that receives login codes")],
    name: Annotated[str, typer.Option(help="The person's name")],
    role: Annotated[str, typer.Option(help="owner | staff | event_owner")] = "event_owner",
    language: Annotated[str | None, typer.Option(help="he | ru | en (default: the workspace's)")] = None,
    password: Annotated[bool, typer.Option("--password", help="Also set a password (asked, not echoed)")] = False,
) -> None:
    """Create an account; an event owner sees the events of their phone's RSVP account."""
    from bot.console.auth.users import AccountError, create_user
    from bot.core.db import session_scope
    from bot.core.phones import InvalidPhone

    found = workspace(workspace_slug)
    secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    engine = _engine()
    try:
        with session_scope(engine) as session:
            user = create_user(session, found, phone=phone, name=name, role=role, password=secret, language=language)
            Console().print(f"created {user.role} {user.name} {user.phone} in {found.slug}; log in at /app")
    except (AccountError, InvalidPhone, ValueError) as exc:
        raise fail(str(exc)) from exc
    finally:
        engine.dispose()


@app.command("list")
def listing(workspace_slug: Annotated[str, typer.Option("--workspace", help="Workspace slug")]) -> None:
    """The workspace's accounts."""
    from bot.console.auth.users import list_users
    from bot.core.db import session_scope

    found = workspace(workspace_slug)
    engine = _engine()
    table = Table("id", "name", "phone", "role", "password", "disabled")
    try:
        with session_scope(engine) as session:
            for user in list_users(session, found.slug):
                table.add_row(str(user.id), user.name, user.phone, user.role, "yes" if user.password_hash else "no",
                              user.disabled_at.isoformat() if user.disabled_at else "")
    finally:
        engine.dispose()
    Console().print(table)
