"""`bot events ...` and `bot guests ...`: RSVP events and guest lists from the terminal.

The same functions as the owner API (scheduler/rsvp), so a file that previews cleanly here
imports the same way over HTTP. `bot guests import --dry-run` shows every bad row and why.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.cli.common import fail, phone_option, print_json, settings, workspace
from bot.core.models import EventType

app = typer.Typer(help="RSVP events", no_args_is_help=True)
guests_app = typer.Typer(help="Guest lists of RSVP events", no_args_is_help=True)
WorkspaceOpt = Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")]
EventOpt = Annotated[str, typer.Option("--event", "-e", help="The event's id (key)")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Language of messages and headers: he, en, ru")]


def _engine() -> Any:
    from bot.core.db import make_engine, migrate

    config = settings()
    migrate(config.database_url)
    return make_engine(config.database_url)


def _now() -> datetime:
    return datetime.now(UTC)


@contextmanager
def _event_session(ws: Any, event_key: str) -> Iterator[tuple[Any, Any]]:
    """One transaction on one event: (session, event), an unknown event or any RSVP refusal said as a clean
    error (exit 1), the engine closed after."""
    from bot.core.db import session_scope
    from scheduler.rsvp.errors import RsvpError
    from scheduler.rsvp.events import get_event

    engine = _engine()
    try:
        with session_scope(engine) as session:
            event = get_event(session, ws, event_key)
            assert event.id is not None
            yield session, event
    except RsvpError as exc:
        raise fail(str(exc), code=1) from exc
    finally:
        engine.dispose()


@app.command("create")
def create(
    workspace_slug: WorkspaceOpt,
    key: Annotated[str, typer.Option("--id", help="Your id for the event, e.g. wedding-1")],
    starts_at: Annotated[str, typer.Option("--date", help="Date and time, e.g. 2027-03-12T19:30")],
    venue: Annotated[str, typer.Option(help="Venue name")],
    owner_name: Annotated[str, typer.Option("--owner-name", help="Event owner's name")],
    owner_phone: Annotated[str, typer.Option("--owner-phone", help="Event owner's phone")],
    event_type: Annotated[EventType, typer.Option("--type", help="wedding | private | business")] = EventType.wedding,
    title: Annotated[str, typer.Option(help="Title guests see")] = "",
    timezone: Annotated[str | None, typer.Option(help="IANA time zone (default: the workspace's)")] = None,
    lang: LangOpt = None,
) -> None:
    """Create an event (refused when another account has one on the same date at the same venue)."""
    from bot.core.db import session_scope
    from scheduler.rsvp.errors import RsvpError
    from scheduler.rsvp.events import EventIn, create_event

    ws = workspace(workspace_slug)
    try:
        spec = EventIn.model_validate({"key": key, "type": event_type, "title": title, "starts_at": starts_at,
                                       "timezone": timezone or ws.timezone, "venue": venue,
                                       "owner": {"name": owner_name, "phone": owner_phone}})
    except ValidationError as exc:
        raise fail("; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())) from exc
    engine = _engine()
    try:
        with session_scope(engine) as session:
            event = create_event(session, ws, spec, lang, now=datetime.now(UTC))
            when = event.starts_at
    except RsvpError as exc:
        raise fail(str(exc), code=1) from exc
    finally:
        engine.dispose()
    Console().print(f"created event [bold]{key}[/bold] ({event_type.value}) at {when.isoformat()}")


def _local_start(event: Any) -> str:
    """When the event starts in its own time zone, as the console writes it ("12.03.2027 19:30")."""
    from zoneinfo import ZoneInfo

    starts = event.starts_at if event.starts_at.tzinfo else event.starts_at.replace(tzinfo=UTC)
    return str(starts.astimezone(ZoneInfo(event.timezone)).strftime("%d.%m.%Y %H:%M"))


@app.command("list")
def list_(workspace_slug: WorkspaceOpt, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Events with their free-quota use."""
    from bot.core.db import session_scope
    from scheduler.rsvp.events import account_of, list_events
    from scheduler.rsvp.quota import quota_info

    ws = workspace(workspace_slug)
    engine = _engine()
    rows = []
    with session_scope(engine) as session:
        for event in list_events(session, ws):
            info = quota_info(session, ws, event, account_of(session, event))
            rows.append({"id": event.key, "type": event.type, "starts_at": event.starts_at.isoformat(),
                         "venue": event.venue, "quota": info.as_dict(), "local": _local_start(event)})
    engine.dispose()
    if as_json:
        for row in rows:
            print_json({key: value for key, value in row.items() if key != "local"})
        return
    table = Table()
    table.add_column("id", no_wrap=True)  # what the other commands take (-e): never cut
    table.add_column("starts", no_wrap=True)  # in the event's own time zone: the one thing a planner looks for
    for name in ("type", "venue", "answers/free", "locked"):
        table.add_column(name)
    for row in rows:
        quota = row["quota"]
        table.add_row(row["id"], row["local"], row["type"], row["venue"], f"{quota['used']} / {quota['limit']}",
                      "yes" if quota["locked"] else "no")
    Console().print(table)


@guests_app.command("template")
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (.xlsx or .csv)")] = Path(
        "guests-template.xlsx"),
    lang: Annotated[str, typer.Option("--lang", help="Header language: he, en, ru")] = "he",
) -> None:
    """Write the guest-list template (Hebrew headers by default)."""
    from scheduler.rsvp.guest_export import guest_template

    fmt = "csv" if output.suffix.lower() == ".csv" else "xlsx"
    output.write_bytes(guest_template(fmt, lang))
    Console().print(f"wrote {output}")


@guests_app.command("import")
def import_(
    workspace_slug: WorkspaceOpt,
    event_key: EventOpt,
    file: Annotated[Path, typer.Argument(help="CSV or XLSX guest list", exists=True, dir_okay=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only check the file and show bad rows")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the preview and result as JSON")] = False,
    lang: LangOpt = None,
) -> None:
    """Import (or preview) a guest list; numbers already on the list are updated, bad rows skipped."""
    from bot.core.db import session_scope
    from scheduler.rsvp.errors import RsvpError
    from scheduler.rsvp.events import get_event
    from scheduler.rsvp.guest_import import import_guests

    ws = workspace(workspace_slug)
    data = file.read_bytes()
    engine = _engine()
    console = Console(stderr=as_json)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("checking rows", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description="saving guests" if stage == "save" else "checking rows",
                           completed=done, total=total or None)

            with session_scope(engine) as session:
                event = get_event(session, ws, event_key, lang)
                preview, report = import_guests(session, ws, event, file.name, data, now=_now(), dry_run=dry_run,
                                                lang=lang, progress=progress)
    except RsvpError as exc:
        raise fail(str(exc), code=1) from exc
    finally:
        engine.dispose()
    if as_json:
        print_json({"dry_run": dry_run, "preview": preview.as_dict("bad"),
                    "result": report.as_dict() if report else None})
    else:
        _print_preview(console, preview)
        if report is not None:
            console.print(f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
                          f"skipped {report.skipped} bad rows")
    if preview.bad_rows:
        raise typer.Exit(1)


def _print_preview(console: Console, preview: Any) -> None:
    counts = preview.counts()
    console.print(f"{counts['rows']} rows: {counts['create']} new, {counts['update']} already on the list "
                  f"(will be updated), {counts['unchanged']} already on the list as in the file (no change), "
                  f"{counts['bad']} bad")
    if preview.ignored_columns:
        console.print(f"[yellow]ignored columns:[/yellow] {', '.join(preview.ignored_columns)}")
    if preview.locked:
        console.print(f"[red]{preview.locked_message}[/red]")
    if preview.bad_rows:
        table = Table("row", "name", "phone", "problem")
        for row in preview.bad_rows:
            table.add_row(str(row.row), row.name, row.phone or row.phone_raw, "; ".join(e.message for e in row.errors))
        console.print(table)


@guests_app.command("export")
def export(
    workspace_slug: WorkspaceOpt,
    event_key: EventOpt,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=".xlsx or .csv (default: stdout CSV)")] = None,
    lang: LangOpt = None,
) -> None:
    """Export the guest list with statuses and personal links (answers hidden by the quota stay hidden)."""
    from bot.core.db import session_scope
    from scheduler.rsvp.errors import RsvpError
    from scheduler.rsvp.events import account_of, get_event
    from scheduler.rsvp.guest_export import export_guests
    from scheduler.rsvp.links import guest_link
    from scheduler.rsvp.quota import quota_info, visible_guests

    ws = workspace(workspace_slug)
    config = settings()
    secret = config.secret_key.get_secret_value()
    engine = _engine()
    fmt = "xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "csv"
    try:
        with session_scope(engine) as session:
            event = get_event(session, ws, event_key, lang)
            info = quota_info(session, ws, event, account_of(session, event))
            body = export_guests(event, visible_guests(session, event, info), fmt, lang or ws.default_language,
                                 lambda g: guest_link(config.public_base_url, secret, g))
    except RsvpError as exc:
        raise fail(str(exc), code=1) from exc
    finally:
        engine.dispose()
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        output.write_bytes(body)
        Console(stderr=True).print(f"wrote {output}" + (f" ({info.hidden} answers hidden by the free quota)"
                                                        if info.hidden else ""))


@guests_app.command("delete")
def delete(
    workspace_slug: WorkspaceOpt,
    event_key: EventOpt,
    phone: Annotated[str, typer.Option("--phone", help="The guest's number, e.g. 052-2345678")],
    lang: LangOpt = None,
) -> None:
    """Delete one guest: their campaign copies and the person the event brought go, as in the console."""
    from bot.core.db import session_scope
    from scheduler.rsvp.errors import RsvpError
    from scheduler.rsvp.events import get_event
    from scheduler.rsvp.guest_edit import delete_guest_by_phone

    ws = workspace(workspace_slug)
    engine = _engine()
    try:
        with session_scope(engine) as session:
            number = delete_guest_by_phone(session, ws, get_event(session, ws, event_key, lang), phone, lang=lang)
    except RsvpError as exc:
        raise fail(str(exc), code=1) from exc
    finally:
        engine.dispose()
    Console().print(f"deleted {number} from {event_key}")


@app.command("unlock")
def unlock(workspace_slug: WorkspaceOpt, event_key: EventOpt) -> None:
    """Operator: record that the event's owner bought a package (unlimited answers, editing unlocked)."""
    from bot.core.db import session_scope
    from scheduler.rsvp.errors import RsvpError
    from scheduler.rsvp.events import account_of, get_event

    ws = workspace(workspace_slug)
    engine = _engine()
    try:
        with session_scope(engine) as session:
            account_of(session, get_event(session, ws, event_key)).package_bought = True
    except RsvpError as exc:
        raise fail(str(exc), code=1) from exc
    finally:
        engine.dispose()
    Console().print(f"package recorded for the owner of {event_key}")


@app.command("cohosts")
def cohosts(workspace_slug: WorkspaceOpt, event_key: EventOpt) -> None:
    """The event's co-hosts (who else runs it from the console)."""
    from bot.console.auth.users import cohosts_of

    table = Table("name", "phone")
    with _event_session(workspace(workspace_slug), event_key) as (session, event):
        for person in cohosts_of(session, event.id):
            table.add_row(person.name, person.phone)
    Console().print(table if table.row_count else f"{event_key} has no co-hosts")


@app.command("add-cohost")
def add_cohost_command(
    workspace_slug: WorkspaceOpt,
    event_key: EventOpt,
    phone: Annotated[str, typer.Option("--phone", help="The co-host's mobile, e.g. 052-2345678")],
    name: Annotated[str, typer.Option("--name", help="How the co-host is shown to the owner")] = "",
) -> None:
    """Let someone else run the event from the console, as its owner does on the event's page: they log in
    with their own number (a code by SMS). The same limits hold: a mobile this workspace sends to, not the
    owner, at most `rsvp.max_cohosts` an event. No message goes to them: tell them where to log in."""
    import logging

    from bot.console.auth.users import AccountError, CohostIsOwner, TooManyCohosts, invite_cohost
    from bot.core.logs import masked

    ws = workspace(workspace_slug)
    e164 = phone_option(phone)
    try:
        with _event_session(ws, event_key) as (session, event):
            person = invite_cohost(session, ws, event.id, phone=e164, name=name.strip(), invited_by=None,
                                   owner_account_id=event.account_id)
            logging.getLogger("bot.console.events").info("co-host %s (account %s) added to event %s from the "
                                                         "command line", masked(e164), person.id, event.id)
    except CohostIsOwner as exc:
        raise fail(f"{e164} owns {event_key}: they run it already", code=1) from exc
    except TooManyCohosts as exc:
        raise fail(str(exc), code=1) from exc
    except AccountError as exc:
        raise fail(f"{e164} cannot be a co-host: not a mobile number this workspace sends messages to",
                   code=1) from exc
    Console().print(f"{person.name or e164} can now run {event_key}: they log in to the console with {e164}")


@app.command("remove-cohost")
def remove_cohost_command(
    workspace_slug: WorkspaceOpt,
    event_key: EventOpt,
    phone: Annotated[str, typer.Option("--phone", help="The co-host's number, e.g. 052-2345678")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask to confirm")] = False,
) -> None:
    """Take a co-host off the event, as its owner does in the console: they no longer see or run it (their
    account stays). Asks first unless --yes."""
    import logging

    from bot.console.auth.users import AccountError, find_user, remove_cohost
    from bot.core.logs import masked

    ws = workspace(workspace_slug)
    e164 = phone_option(phone)
    try:
        with _event_session(ws, event_key) as (session, event):
            person = find_user(session, ws.slug, e164)
            if person is None or person.id is None:
                raise AccountError(f"{e164} is not a co-host of {event_key} (see `bot events cohosts`)")
            if not yes and not typer.confirm(f"Remove {person.name} {e164} as a co-host of {event_key}? "
                                             "They will no longer see or run the event"):
                raise typer.Exit(1)
            remove_cohost(session, event.id, person.id)
            logging.getLogger("bot.console.events").info("co-host %s (account %s) removed from event %s from the "
                                                         "command line", masked(e164), person.id, event.id)
    except AccountError as exc:
        raise fail(f"{e164} is not a co-host of {event_key} (see `bot events cohosts`)", code=1) from exc
    Console().print(f"removed co-host {e164} from {event_key}")
