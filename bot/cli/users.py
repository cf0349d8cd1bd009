"""`bot users create|list|cohost`: console accounts (event owners, staff, workspace owners)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.common import fail, phone_option, settings, workspace

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.core.models import ConsoleUser

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
    from scheduler.rsvp.messages import phone_refusal

    found = workspace(workspace_slug)
    secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    engine = _engine()
    try:
        with session_scope(engine) as session:
            user = create_user(session, found, phone=phone, name=name, role=role, password=secret, language=language)
            Console().print(f"created {user.role} {user.name} {user.phone} in {found.slug}; log in at /app")
    except InvalidPhone as exc:
        raise fail(f"--phone: {phone_refusal(exc, phone, 'en')}") from exc
    except (AccountError, ValueError) as exc:
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
    table = Table("id", "name", "phone", "role", "password", "telegram", "disabled")
    try:
        with session_scope(engine) as session:
            for user in list_users(session, found.slug):
                table.add_row(str(user.id), user.name, user.phone, user.role, "yes" if user.password_hash else "no",
                              str(user.telegram_user_id or ""),
                              user.disabled_at.isoformat() if user.disabled_at else "")
    finally:
        engine.dispose()
    Console().print(table)


@contextmanager
def _account(workspace_slug: str, phone: str) -> Iterator[tuple[Session, ConsoleUser]]:
    """The account of `phone` in the workspace, in a unit of work; a clear error when there is none
    (or the change is refused: AccountError, or ValueError for a too-short password)."""
    from bot.console.auth.users import find_user
    from bot.core.db import session_scope

    found = workspace(workspace_slug)
    e164 = phone_option(phone)
    engine = _engine()
    try:
        with session_scope(engine) as session:
            user = find_user(session, found.slug, e164)
            if user is None:
                raise fail(f"{e164} has no account in {found.slug} (see `bot users list --workspace {found.slug}`)")
            yield session, user
    except ValueError as exc:  # AccountError, a too-short password
        raise fail(str(exc)) from exc
    finally:
        engine.dispose()


@app.command("password")
def password(
    workspace_slug: Annotated[str, typer.Option("--workspace", help="Workspace slug")],
    phone: Annotated[str, typer.Option(help="The account's phone")],
    clear: Annotated[bool, typer.Option("--clear", help="Remove the password: log in by code only")] = False,
) -> None:
    """Set, reset or remove an account's password (asked, not echoed); its open sessions end."""
    from bot.console.auth.passwords import MIN_LENGTH
    from bot.console.auth.sessions import end_all_sessions
    from bot.console.auth.users import set_password

    with _account(workspace_slug, phone) as (session, user):
        secret = None
        if not clear:
            secret = typer.prompt(f"New password for {user.name} (at least {MIN_LENGTH} characters)",
                                  hide_input=True, confirmation_prompt=True)
        set_password(session, user, secret)
        assert user.id is not None
        ended = end_all_sessions(session, user.id, datetime.now(UTC))
        what = "removed (log in by code)" if clear else "set"
        Console().print(f"password {what} for {user.name} {user.phone}; {ended} open session(s) ended")


@app.command("telegram")
def telegram(
    workspace_slug: Annotated[str, typer.Option("--workspace", help="Workspace slug")],
    phone: Annotated[str, typer.Option(help="The account's phone")],
    telegram_id: Annotated[int | None, typer.Option("--id", help="The person's Telegram user id (a number)")] = None,
    unlink: Annotated[bool, typer.Option("--unlink", help="Remove the link")] = False,
) -> None:
    """Link a staff or owner account to its Telegram user: only linked members act from the staff chat."""
    from bot.console.auth.users import link_telegram

    if (telegram_id is None) == (not unlink):
        raise fail("give --id N to link, or --unlink")
    if telegram_id is not None and not 0 < telegram_id < 2**53:
        raise fail("--id: a Telegram user id is a positive number")
    with _account(workspace_slug, phone) as (session, user):
        link_telegram(session, user.workspace, user, telegram_id)
        done = f"linked to Telegram user {telegram_id}" if telegram_id else "unlinked from Telegram"
        Console().print(f"{user.name} {user.phone} {done}")
