"""Campaigns of one event: compose with a live counter, preview one guest's text, schedule in local time
(quiet hours shown), move, cancel, and the report with each guest's text (/app/events/{id}/campaigns).

Every rule is scheduler/campaigns/owner.py's (the REST API and the CLI call the same functions).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Form, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import Session, col, select

from bot.console.access import event_for
from bot.console.campaign_errors import campaign_error
from bot.console.deps import DbDep, LoginDep, WorkspaceDep, lang_of
from bot.console.i18n import text
from bot.console.inputs import one_of
from bot.console.local_time import local_moment, zone_words
from bot.console.routing import page_router
from bot.console.state_reasons import reason_words
from bot.console.templating import redirect, render
from bot.core.models import Campaign, Event, Guest, OutboxItem
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep
from bot.services import Services
from scheduler.campaigns import owner
from scheduler.campaigns.audiences import KINDS, LinkMaker, plan_recipients
from scheduler.campaigns.dispatch import PRE_EVENT_KINDS
from scheduler.campaigns.preview import example_message
from scheduler.campaigns.rules import CampaignRules, rules_for
from scheduler.campaigns.scheduling import CampaignError, QuietTimeError, check_spec
from scheduler.campaigns.templates import TemplateError
from scheduler.campaigns.whatsapp import MissingTemplate, require_template
from scheduler.rsvp.campaign_pause import pause_campaign
from scheduler.rsvp.events import account_of
from scheduler.rsvp.guest_export import MEDIA_TYPES, csv_bytes, xlsx_bytes
from scheduler.rsvp.quota import quota_info
from scheduler.segments import count_characters

router = page_router()
CHANNELS = ("sms", "whatsapp")
REPORT_ROWS_SHOWN = 200  # the page stays light on a phone; the export has every row


def _links(services: Services) -> LinkMaker:
    return LinkMaker(services.settings.public_base_url, services.settings.secret_key.get_secret_value())


def _local(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%d.%m.%Y %H:%M") if value else ""


def _quiet_rules(rules: CampaignRules, lang: str) -> dict[str, Any]:
    return {"start": rules.quiet_start.strftime("%H:%M") if rules.quiet_start else None,
            "end": rules.quiet_end.strftime("%H:%M") if rules.quiet_end else None,
            "shabbat": rules.shabbat, "holidays": bool(rules.holidays_country),
            "shabbat_from": rules.shabbat_from.strftime("%H:%M"),
            "shabbat_until": rules.shabbat_until.strftime("%H:%M"),
            "tz": zone_words(rules.tz, lang)}


def _campaign(session: Session, workspace: Workspace, event: Event, campaign_id: int) -> Campaign:
    try:
        return owner.find_campaign(session, workspace, event, campaign_id)
    except owner.NotFound as exc:
        raise HTTPException(404, "no such campaign") from exc


def _page(request: Request, session: Session, workspace: Workspace, event: Event, *,
          values: dict[str, Any] | None = None, error: str | None = None, next_allowed: str | None = None,
          status: int = 200) -> Response:
    rules = rules_for(workspace)
    listing = owner.listing(session, event)
    for item in listing:
        for key in ("send_at", "started_at", "finished_at"):
            item[f"{key}_local"] = _local(datetime.fromisoformat(item[key]) if item[key] else None, rules.tz)
    form = {"kind": "invitation", "channel": "sms", "template": "", "date": "", "time": "11:00"}
    form.update(values or {})
    return render(request, "campaigns/page.html", {
        "event": event, "campaigns": listing, "kinds": KINDS, "channels": CHANNELS, "values": form, "error": error,
        "next_allowed": next_allowed, "quiet": _quiet_rules(rules, lang_of(request)),
        "next_allowed_words": local_moment(datetime.fromisoformat(next_allowed).replace(tzinfo=rules.tz), rules.tz,
                                           lang_of(request)) if next_allowed else "",
        "guests": recipients_for_select(session, event, hidden=hidden_guests(session, workspace, event))},
        status_code=status)


@router.get("/events/{event_id}/campaigns", summary="Campaigns: list and compose")
def campaigns_page(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep,
                   session: DbDep) -> Response:
    return _page(request, session, workspace, event_for(session, logged.user, event_id))


def _spec(kind: str, channel: str) -> tuple[str, str]:
    """The kind and channel as chosen; one not in its list (a forged form) is refused, never replaced by
    the first one (kind=spam scheduled an invitation)."""
    check_spec(kind, channel, "")
    return kind, channel


@router.post("/events/{event_id}/campaigns/count", summary="The live counter: characters, segments, cost")
def counter(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
            session: DbDep, kind: Annotated[str, Form()] = "invitation", channel: Annotated[str, Form()] = "sms",
            template: Annotated[str, Form(max_length=4000)] = "") -> Response:
    event = event_for(session, logged.user, event_id)
    try:
        kind, channel = _spec(kind, channel)
        summary = owner.preview(session, workspace, event, kind=kind, channel=channel, template=template,
                                links=_links(services), list_limit=200, now=services.now())
    except CampaignError as exc:
        return render(request, "campaigns/_counter.html",
                      {"error": campaign_error(exc, lang_of(request)), "summary": None, "event": event})
    sample, example = next(iter(summary["samples"].values()), ""), None
    if not sample:  # nobody this kind goes to yet: the text with a sample guest's values, never raw {{ name }}
        sample, name, segments = example_message(
            session, event, kind=kind, template=template, rules=rules_for(workspace), links=_links(services),
            stand_in_name=text("counter.example_name", lang_of(request)),
            hidden_ids=hidden_guests(session, workspace, event))
        example = {"name": name, "segments": segments}
    return render(request, "campaigns/_counter.html", {
        "error": None, "summary": summary, "event": event, "kind": kind, "characters": count_characters(sample),
        "typed_characters": count_characters(template), "sample": sample, "example": example})


@router.post("/events/{event_id}/campaigns/guest-preview", summary="The exact text one guest would get")
def guest_preview(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
                  session: DbDep, guest_id: Annotated[int, Form()], kind: Annotated[str, Form()] = "invitation",
                  channel: Annotated[str, Form()] = "sms",
                  template: Annotated[str, Form(max_length=4000)] = "") -> Response:
    event = event_for(session, logged.user, event_id)
    guest = session.get(Guest, guest_id)
    if guest is None or guest.event_id != event.id or guest.id in hidden_guests(session, workspace, event):
        raise HTTPException(404, "no such guest")
    try:
        check_spec(kind, channel, template)  # the checks of a preview, without rendering every guest's text
        require_template(rules_for(workspace), kind, channel)
        plan = plan_recipients(session, event=event, kind=kind, channel=channel, template=template,
                               rules=rules_for(workspace), links=_links(services), guests=[guest])
    except (CampaignError, TemplateError, MissingTemplate) as exc:
        return render(request, "campaigns/_guest_preview.html",
                      {"error": campaign_error(exc, lang_of(request)), "message": None, "skipped": None})
    return render(request, "campaigns/_guest_preview.html", {
        "error": None, "message": plan.recipients[0] if plan.recipients else None,
        "skipped": plan.skipped[0] if plan.skipped else None, "guest": guest})


def _send_at(rules: CampaignRules, day: str, clock: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock), tzinfo=rules.tz)
    except ValueError as exc:
        raise CampaignError("bad date", code="bad_date", field="send_at") from exc


@router.post("/events/{event_id}/campaigns", summary="Schedule a campaign (local time)")
def schedule(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
             session: DbDep, kind: Annotated[str, Form()] = "invitation", channel: Annotated[str, Form()] = "sms",
             template: Annotated[str, Form(max_length=4000)] = "", day: Annotated[str, Form(alias="date")] = "",
             clock: Annotated[str, Form(alias="time")] = "") -> Response:
    event = event_for(session, logged.user, event_id)
    rules = rules_for(workspace)
    values = {"kind": kind, "channel": channel, "template": template, "date": day, "time": clock}
    try:
        kind, channel = _spec(kind, channel)
        result = owner.schedule(session, workspace, event, kind=kind, channel=channel, template=template,
                                send_at=_send_at(rules, day, clock), now=services.now(), links=_links(services))
    except QuietTimeError as exc:
        session.rollback()
        if kind in PRE_EVENT_KINDS and exc.next_allowed >= event.starts_at:
            # The next allowed time is after the event: offering it filled in a time the form then refuses.
            return _page(request, session, workspace, event, values=values, status=422,
                         error=f"{campaign_error(exc, lang_of(request))} "
                               f"{text('campaigns.no_time_before_event', lang_of(request))}")
        allowed = exc.next_allowed.astimezone(rules.tz)
        return _page(request, session, workspace, event, values=values, status=422,
                     error=campaign_error(exc, lang_of(request)),
                     next_allowed=allowed.strftime("%Y-%m-%dT%H:%M"))
    except CampaignError as exc:
        session.rollback()
        return _page(request, session, workspace, event, values=values, error=campaign_error(exc, lang_of(request)),
                     status=exc.status)
    return redirect(request, f"/app/events/{event.id}/campaigns/{result['campaign']['id']}")


@router.post("/events/{event_id}/campaigns/{campaign_id:int}/cancel", summary="Cancel a campaign")
def cancel(request: Request, event_id: int, campaign_id: int, logged: LoginDep, workspace: WorkspaceDep,
           services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    try:
        owner.cancel(session, _campaign(session, workspace, event, campaign_id), services.now())
    except CampaignError as exc:
        session.rollback()
        return _page(request, session, workspace, event, error=campaign_error(exc, lang_of(request)), status=409)
    return redirect(request, f"/app/events/{event.id}/campaigns/{campaign_id}")


@router.post("/events/{event_id}/campaigns/{campaign_id:int}/pause", summary="Pause a scheduled campaign")
def pause(request: Request, event_id: int, campaign_id: int, logged: LoginDep, workspace: WorkspaceDep,
          services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    try:
        pause_campaign(session, _campaign(session, workspace, event, campaign_id), services.now())
    except CampaignError as exc:
        session.rollback()
        return _page(request, session, workspace, event, error=campaign_error(exc, lang_of(request)), status=409)
    return redirect(request, f"/app/events/{event.id}/campaigns/{campaign_id}")


@router.post("/events/{event_id}/campaigns/{campaign_id:int}/move", summary="Move (or resume) a campaign")
def move(request: Request, event_id: int, campaign_id: int, logged: LoginDep, workspace: WorkspaceDep,
         services: ServicesDep, session: DbDep, day: Annotated[str, Form(alias="date")] = "",
         clock: Annotated[str, Form(alias="time")] = "") -> Response:
    event = event_for(session, logged.user, event_id)
    rules = rules_for(workspace)
    try:
        owner.move(session, workspace, _campaign(session, workspace, event, campaign_id),
                   _send_at(rules, day, clock), services.now())
    except CampaignError as exc:
        session.rollback()
        return _page(request, session, workspace, event, error=campaign_error(exc, lang_of(request)),
                     status=exc.status)
    return redirect(request, f"/app/events/{event.id}/campaigns/{campaign_id}")


def hidden_guests(session: Session, workspace: Workspace, event: Event) -> frozenset[int]:
    """Guests whose answers the free quota hides (scheduler/rsvp/quota.py): no campaign page may name them,
    show their text (it holds their personal link, whose page shows the answer) or say whether a kind
    reaches them (a reminder reaches only those coming or unsure), or the quota is read around."""
    return quota_info(session, workspace, event, account_of(session, event)).hidden_ids


def _rows(session: Session, campaign_id: int, limit: int | None = None,
          hidden: frozenset[int] = frozenset()) -> list[dict[str, Any]]:
    """The report's lines with the text each guest got, in send order (`excluded` rows are not the audience;
    nor are the lines of guests the free quota hides)."""
    query = (select(OutboxItem.guest_id, Guest.name, OutboxItem.phone, OutboxItem.state, OutboxItem.reason,
                    OutboxItem.error_code, OutboxItem.sent_at, OutboxItem.delivered_at, OutboxItem.body)
             .join(Guest, col(Guest.id) == col(OutboxItem.guest_id))
             .where(OutboxItem.campaign_id == campaign_id, OutboxItem.state != "excluded")
             .order_by(col(OutboxItem.id)))
    if hidden:
        query = query.where(col(OutboxItem.guest_id).not_in(hidden))
    keys = ("guest_id", "name", "phone", "state", "reason", "error_code", "sent_at", "delivered_at", "body")
    return [dict(zip(keys, row, strict=True)) for row in session.exec(query.limit(limit) if limit else query).all()]


@router.get("/events/{event_id}/campaigns/{campaign_id:int}", summary="The campaign's report")
def report(request: Request, event_id: int, campaign_id: int, logged: LoginDep, workspace: WorkspaceDep,
           services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    return _report_page(request, session, workspace, services, event, _campaign(session, workspace, event, campaign_id))


@router.post("/events/{event_id}/campaigns/{campaign_id:int}/resend",
             summary="Send again to the guests whose message failed or is unknown (idempotent)")
def resend(request: Request, event_id: int, campaign_id: int, logged: LoginDep, workspace: WorkspaceDep,
           services: ServicesDep, session: DbDep, day: Annotated[str, Form(alias="date")] = "",
           clock: Annotated[str, Form(alias="time")] = "") -> Response:
    event = event_for(session, logged.user, event_id)
    campaign = _campaign(session, workspace, event, campaign_id)
    rules = rules_for(workspace)
    try:
        at = _send_at(rules, day, clock) if day else services.now()
        made = owner.resend(session, workspace, campaign, send_at=at, now=services.now(), links=_links(services),
                            lang=lang_of(request))
    except QuietTimeError as exc:
        session.rollback()
        allowed = exc.next_allowed.astimezone(rules.tz)
        return _report_page(request, session, workspace, services, event, campaign, status=422,
                            resend_error=campaign_error(exc, lang_of(request)), next_allowed=allowed)
    except CampaignError as exc:
        session.rollback()
        return _report_page(request, session, workspace, services, event, campaign, status=exc.status,
                            resend_error=campaign_error(exc, lang_of(request)))
    return redirect(request, f"/app/events/{event.id}/campaigns/{made['campaign']['id']}")


def _resend_context(session: Session, campaign: Campaign) -> dict[str, Any]:
    """What the report's resend card shows: how many to resend to, an open follow-up, the first campaign."""
    from scheduler.campaigns.resend import count_resend_targets, finished, open_resend

    done = finished(campaign)
    return {"targets": count_resend_targets(session, campaign) if done else 0,
            "open": open_resend(session, campaign) if done else None, "first": campaign.resend_of}


def _report_page(request: Request, session: Session, workspace: Workspace, services: Services, event: Event,
                 campaign: Campaign, *, status: int = 200, resend_error: str | None = None,
                 next_allowed: datetime | None = None) -> Response:
    campaign_id = campaign.id or 0
    data = owner.report(session, campaign, include_rows=False)
    tz = rules_for(workspace).tz
    planned = None
    if campaign.resend_of is not None and campaign.state in ("scheduled", "draft"):  # its rows are made already
        from scheduler.campaigns.resend import follow_up_numbers

        planned = follow_up_numbers(session, campaign)
    elif campaign.state in ("scheduled", "draft"):  # no rows before it starts: say whom it will reach now
        try:
            planned = owner.preview(session, workspace, event, kind=campaign.kind, channel=campaign.channel,
                                    template=campaign.template, links=_links(services), list_limit=0,
                                    now=services.now())
        except CampaignError:
            planned = None
    shown = _rows(session, campaign_id, REPORT_ROWS_SHOWN, hidden_guests(session, workspace, event))
    return render(request, "campaigns/report.html", {
        "planned": planned, "rows": shown, "rows_hidden": max(0, data["total"] - len(shown)),
        "event": event, "campaign": campaign, "report": data,
        "state_reason": reason_words(campaign.state_reason, tz, lang_of(request)),
        "send_at": local_moment(campaign.send_at, tz, lang_of(request)) if campaign.send_at else "",
        "local": lambda at: _local(at, tz),
        "next_allowed_words": local_moment(next_allowed, tz, lang_of(request)) if next_allowed else "",
        "resend": {**_resend_context(session, campaign), "error": resend_error,
                   "date": next_allowed.strftime("%Y-%m-%d") if next_allowed else "",
                   "time": next_allowed.strftime("%H:%M") if next_allowed else ""}}, status_code=status)


@router.get("/events/{event_id}/campaigns/{campaign_id:int}/export", summary="The report as XLSX or CSV")
def export_report(request: Request, event_id: int, campaign_id: int, logged: LoginDep, workspace: WorkspaceDep,
                  session: DbDep, format: str = "xlsx") -> Response:
    from bot.console.i18n import Translator

    event = event_for(session, logged.user, event_id)
    _campaign(session, workspace, event, campaign_id)  # 404 for a campaign of another event
    t, tz = Translator(lang_of(request)), rules_for(workspace).tz
    rows: list[list[Any]] = [[t("guests.name"), t("guests.phone"), t("report.state"), t("report.reason"),
                              t("report.sent_at"), t("report.delivered_at"), t("report.text")]]
    for row in _rows(session, campaign_id, hidden=hidden_guests(session, workspace, event)):
        rows.append([row["name"], row["phone"], t.maybe("outbox", row["state"]),
                     t.maybe("reason", row["reason"] or row["error_code"]), _local(row["sent_at"], tz),
                     _local(row["delivered_at"], tz), row["body"]])
    fmt = one_of(format, ("xlsx", "csv"))
    body = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(t("report.sheet"), rows, t.lang)
    return Response(body, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="report-{event.key}-{campaign_id}.{fmt}"'})


def recipients_for_select(session: Session, event: Event, limit: int = 300,
                          hidden: frozenset[int] = frozenset()) -> list[tuple[int, str]]:
    query = select(Guest.id, Guest.name).where(Guest.event_id == event.id)
    if hidden:
        query = query.where(col(Guest.id).not_in(hidden))
    rows = session.exec(query.order_by(col(Guest.name)).limit(limit)).all()
    return [(gid, name) for gid, name in rows if gid is not None]
