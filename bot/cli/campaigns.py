"""`bot campaigns ...` and `bot retention`: RSVP campaigns from the terminal.

The same functions as the owner API (scheduler/campaigns/owner.py). `dispatch` sends a campaign now
from this process (what the scheduler job does at the send time), with a progress bar; it obeys the
same quiet hours, balance and at-most-once rules, and is safe to re-run after a crash.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from sqlmodel import Session

from bot.cli.common import fail, print_json, settings, workspace, workspaces

app = typer.Typer(help="RSVP campaigns: preview, schedule, move, cancel, report, dispatch", no_args_is_help=True)
WorkspaceOpt = Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")]
EventOpt = Annotated[str, typer.Option("--event", "-e", help="The event's id (key)")]
KindOpt = Annotated[str, typer.Option("--kind", help="invitation | second_round | reminder | on_the_way | thank_you")]
ChannelOpt = Annotated[str, typer.Option("--channel", help="sms | whatsapp")]
TemplateOpt = Annotated[str, typer.Option("--template", help="Your own text ({{ name }}, {{ link }}...); "
                                                             "empty: the standard text")]
TemplateFileOpt = Annotated[Path | None, typer.Option("--template-file", help="Read the text from a file")]
CampaignOpt = Annotated[int, typer.Option("--campaign", "-c", help="Campaign id")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON")]
err = Console(stderr=True)


def _engine() -> Any:
    from bot.core.db import make_engine, migrate

    config = settings()
    migrate(config.database_url)
    return make_engine(config.database_url)


def _links() -> Any:
    from scheduler.campaigns.audiences import LinkMaker

    config = settings()
    return LinkMaker(config.public_base_url, config.secret_key.get_secret_value())


def _when(text: str, tz: Any) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise fail(f"'{text}' is not a date and time like 2027-03-01T11:00") from exc
    return value if value.tzinfo else value.replace(tzinfo=tz)


def _template(template: str, template_file: Path | None) -> str:
    if template_file is None:
        return template
    try:
        return template_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot read {template_file}: {exc.strerror}") from exc


def _run(action: Any, tz: ZoneInfo | None = None) -> Any:
    """The action's result, or its refusal as an error line; a quiet-hours refusal gives the time asked for
    and the next allowed one in local words with the zone (`tz`), as the console does, not ISO with offsets."""
    from bot.console.campaign_errors import quiet_refusal
    from scheduler.campaigns.owner import NotFound
    from scheduler.campaigns.scheduling import CampaignError, QuietTimeError

    try:
        return action()
    except NotFound as exc:
        raise fail(str(exc)) from exc
    except QuietTimeError as exc:
        raise fail(quiet_refusal(exc, tz, "en") if tz else str(exc)) from exc
    except CampaignError as exc:
        raise fail(str(exc)) from exc


def _local(iso: str, tz: ZoneInfo) -> str:
    """A send time as the console shows it: '12.12.2026 11:00, Israel time'."""
    from bot.console.local_time import local_moment

    return local_moment(datetime.fromisoformat(iso), tz, "en")


def _print_preview(data: dict[str, Any]) -> None:
    console = Console()
    console.print(f"[bold]{data['kind']}[/bold] by {data['channel']} for event {data['event']}: "
                  f"[bold]{data['recipients_count']}[/bold] recipients")
    segments = data["segments"]
    console.print(f"  segments per message: {segments['per_message_min']}-{segments['per_message_max']} "
                  f"({segments['billing_rule']})")
    mark = "[green]enough[/green]" if data["enough_balance"] else f"[red]short by {data['shortfall']}[/red]"
    console.print(f"  cost: {data['cost_segments']} segments, balance {data['balance']}: {mark}; "
                  f"{data['would_send']} messages would go out")
    if data["skipped_count"]:
        reasons = ", ".join(f"{k}: {v}" for k, v in data["skipped_reasons"].items())
        console.print(f"  skipped: {data['skipped_count']} ({reasons})")
    for lang, body in data["samples"].items():
        console.print(f"  sample ({lang}): {body}")


@app.command("preview")
def preview(workspace_slug: WorkspaceOpt, event_key: EventOpt, kind: KindOpt, channel: ChannelOpt = "sms",
            template: TemplateOpt = "", template_file: TemplateFileOpt = None, as_json: JsonOpt = False) -> None:
    """Who would get it, segments and cost against the balance, who is skipped and why."""
    from scheduler.campaigns import owner

    ws = workspace(workspace_slug)
    with Session(_engine()) as session:
        data = _run(lambda: owner.preview(session, ws, owner.find_event(session, ws, event_key), kind=kind,
                                          channel=channel, template=_template(template, template_file),
                                          links=_links()))
    print_json(data) if as_json else _print_preview(data)


@app.command("schedule")
def schedule(workspace_slug: WorkspaceOpt, event_key: EventOpt, kind: KindOpt,
             at: Annotated[str, typer.Option("--at", help="Send time, e.g. 2027-03-01T11:00 (workspace time)")],
             channel: ChannelOpt = "sms", template: TemplateOpt = "", template_file: TemplateFileOpt = None,
             as_json: JsonOpt = False) -> None:
    """Create a campaign and schedule it (refused inside quiet hours, with the next allowed time)."""
    from scheduler.campaigns import owner

    ws = workspace(workspace_slug)
    with Session(_engine(), expire_on_commit=False) as session:
        data = _run(lambda: owner.schedule(session, ws, owner.find_event(session, ws, event_key), kind=kind,
                                           channel=channel, template=_template(template, template_file),
                                           send_at=_when(at, ws.tz), now=datetime.now(UTC), links=_links()),
                    ws.tz)
    if as_json:
        print_json(data)
        return
    campaign = data["campaign"]
    Console().print(f"campaign {campaign['id']} scheduled for {_local(campaign['send_at'], ws.tz)} "
                    f"({data['preview']['recipients_count']} recipients, {data['preview']['cost_segments']} segments)")
    if data.get("warning"):
        Console().print(f"[yellow]{data['warning']}[/yellow]")


@app.command("move")
def move(workspace_slug: WorkspaceOpt, event_key: EventOpt, campaign_id: CampaignOpt,
         at: Annotated[str, typer.Option("--at", help="New send time")], as_json: JsonOpt = False) -> None:
    """Move a scheduled campaign to another time."""
    from scheduler.campaigns import owner

    ws = workspace(workspace_slug)
    with Session(_engine(), expire_on_commit=False) as session:
        def act() -> dict[str, Any]:
            event = owner.find_event(session, ws, event_key)
            return owner.move(session, ws, owner.find_campaign(session, ws, event, campaign_id), _when(at, ws.tz),
                              datetime.now(UTC))
        data = _run(act, ws.tz)
    print_json(data) if as_json else Console().print(f"campaign {campaign_id} now at {_local(data['send_at'], ws.tz)}")


@app.command("cancel")
def cancel(workspace_slug: WorkspaceOpt, event_key: EventOpt, campaign_id: CampaignOpt,
           as_json: JsonOpt = False) -> None:
    """Cancel a campaign; one that is sending stops within a second and the rest is skipped."""
    from scheduler.campaigns import owner

    ws = workspace(workspace_slug)
    with Session(_engine(), expire_on_commit=False) as session:
        def act() -> dict[str, Any]:
            event = owner.find_event(session, ws, event_key)
            return owner.cancel(session, owner.find_campaign(session, ws, event, campaign_id), datetime.now(UTC))
        data = _run(act)
    print_json(data) if as_json else Console().print(f"campaign {campaign_id} cancelled")


@app.command("resend")
def resend(workspace_slug: WorkspaceOpt, event_key: EventOpt, campaign_id: CampaignOpt,
           at: Annotated[str | None, typer.Option("--at", help="Send time (workspace time); default: now")] = None,
           as_json: JsonOpt = False) -> None:
    """Send a finished campaign again to the guests whose copy failed or is unknown (never twice to one who
    got it; running it again while the follow-up is pending prints the same follow-up)."""
    from scheduler.campaigns import owner

    ws = workspace(workspace_slug)
    now = datetime.now(UTC)
    with Session(_engine(), expire_on_commit=False) as session:
        def act() -> dict[str, Any]:
            event = owner.find_event(session, ws, event_key)
            return owner.resend(session, ws, owner.find_campaign(session, ws, event, campaign_id),
                                send_at=_when(at, ws.tz) if at else now, now=now, links=_links())
        data = _run(act, ws.tz)
    if as_json:
        print_json(data)
        return
    made = "scheduled" if data["created"] else "already scheduled"
    Console().print(f"resend {data['campaign']['id']} {made} for {_local(data['campaign']['send_at'], ws.tz)} "
                    f"({data['recipients']} recipients, {data['cost_segments']} segments)")
    if data.get("warning"):
        Console().print(f"[yellow]{data['warning']}[/yellow]")


@app.command("report")
def report(workspace_slug: WorkspaceOpt, event_key: EventOpt, campaign_id: CampaignOpt, as_json: JsonOpt = False,
           rows: Annotated[bool, typer.Option("--rows", help="One line per guest")] = False) -> None:
    """The send report: counts by state, reasons for skipped and failed, who got it and who did not."""
    from scheduler.campaigns import owner

    ws = workspace(workspace_slug)
    with Session(_engine()) as session:
        data = _run(lambda: owner.report(session, owner.find_campaign(
            session, ws, owner.find_event(session, ws, event_key), campaign_id), include_rows=rows or as_json))
    if as_json:
        print_json(data)
        return
    console = Console()
    c = data["campaign"]
    console.print(f"campaign {c['id']} ({c['kind']}, {c['channel']}): {c['state']}"
                  + (f" - {c['state_reason']}" if c["state_reason"] else ""))
    table = Table("state", "count")
    for state, count in data["counts"].items():
        table.add_row(state, str(count))
    console.print(table)
    console.print(f"delivered (confirmed) {data['received']}, sent without a receipt yet {data['sent_unconfirmed']}, "
                  f"not received {data['not_received']}, uncertain {data['uncertain']}, "
                  f"outstanding {data['outstanding']}; billed {data['billed_segments']} segments")
    for title, key in (("skipped", "skipped_why"), ("failed", "failed_why"), ("uncertain", "uncertain_why")):
        if data[key]:
            console.print(f"{title}: " + "; ".join(f"{why}: {n}" for why, n in data[key].items()))
    if data.get("not_in_audience"):
        console.print(f"not in this kind's audience (not counted above): {data['not_in_audience']} guests")
    if rows:
        lines = Table("guest", "phone", "state", "reason")
        for row in data["rows"]:
            lines.add_row(row["name"], row["phone"], row["state"], row["why"] or "")
        console.print(lines)


@app.command("dispatch")
def dispatch(workspace_slug: WorkspaceOpt, campaign_id: CampaignOpt,
             rate: Annotated[float | None, typer.Option("--rate", help="Messages per second "
                                                                         "(default: rsvp.messages_per_second)")] = None,
             as_json: JsonOpt = False,
             quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar")] = False,
             now: Annotated[str | None, typer.Option("--now", help="Judge quiet hours and event times as of this "
                                                                   "moment (rehearsals and tests)")] = None) -> None:
    """Send a campaign now from this process (safe to re-run: nobody gets it twice)."""
    from bot.channels import build_channel
    from bot.core.logs import configure_logging
    from scheduler.campaigns.dispatch import CampaignNotFound
    from scheduler.campaigns.scheduling import CampaignRuntime

    config = settings()
    configure_logging(config.log_level, config.log_json)
    ws = workspace(workspace_slug)
    channel = build_channel(config)
    if hasattr(channel, "echo") and (quiet or as_json):
        channel.echo = False
    fixed = _when(now, ws.tz) if now else None
    runtime = CampaignRuntime(engine=_engine(), workspaces=workspaces(), channel=channel,
                              clock=(lambda: fixed) if fixed else (lambda: datetime.now(UTC)),
                              public_base_url=config.public_base_url,
                              secret=config.secret_key.get_secret_value(), rate=rate)
    columns = (TextColumn("[bold]campaign {task.fields[campaign]}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, disable=quiet or as_json) as bar:
        task = bar.add_task("dispatch", total=None, campaign=campaign_id)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = runtime.dispatcher(ws, progress=progress).dispatch(campaign_id)
        except CampaignNotFound as exc:
            raise fail(str(exc)) from exc
    data = {"campaign": campaign_id, "outcome": result.outcome, "reason": result.reason, "created": result.created,
            "attempted": result.attempted, "recovered_unknown": result.recovered_unknown, "counts": result.counts,
            "rate": round(result.rate, 2) if result.rate else None,
            "resume_at": result.resume_at.isoformat() if result.resume_at else None}
    if as_json:
        print_json(data)
    else:
        Console().print(json.dumps(data, ensure_ascii=False, indent=2))
    if result.outcome == "busy":
        raise typer.Exit(3)


def retention(dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would be deleted")] = False,
              as_json: JsonOpt = False) -> None:
    """Delete RSVP events (guests, campaigns, outbox) older than each workspace's rsvp.retention_days."""
    from scheduler.campaigns.retention import purge

    items = purge(_engine(), workspaces(), datetime.now(UTC), dry_run=dry_run)
    if as_json:
        print_json({"dry_run": dry_run, "events": [i.as_dict() for i in items]})
        return
    console = Console()
    verb = "would delete" if dry_run else "deleted"
    if not items:
        console.print("no event is past its retention period")
    for item in items:
        console.print(f"{verb} {item.workspace}/{item.key} (event {item.starts_at[:10]}, due {item.delete_after[:10]}):"
                      f" {item.guests} guests, {item.campaigns} campaigns, {item.outbox_items} outbox rows,"
                      f" {item.contacts} contacts, {item.contacts_anonymised} opted-out contacts kept bare")
