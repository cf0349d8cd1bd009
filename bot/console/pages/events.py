"""Events: list, create, edit, delete, co-hosts, and the live dashboard (/app/events...)."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from anyio import from_thread
from fastapi import File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, col, func, select

from bot.console.access import event_for, is_event_owner, owned_event_for, visible_events
from bot.console.auth.routes import throttle as login_throttle
from bot.console.auth.users import (
    AccountError,
    CohostIsOwner,
    TooManyCohosts,
    cohosts_of,
    invite_cohost,
    remove_cohost,
)
from bot.console.chart import SERIES, answers_chart
from bot.console.config import config
from bot.console.deps import DbDep, LoginDep, WorkspaceDep, lang_of
from bot.console.i18n import text
from bot.console.local_time import local_moment
from bot.console.routing import page_router
from bot.console.templating import render
from bot.core.logs import masked
from bot.core.models import ConsoleUser, Event, EventImage, Role
from bot.core.phones import InvalidPhone
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep, get_services
from scheduler.rsvp.branding import (
    DEFAULT_ACCENT,
    DEFAULT_BACKGROUND,
    MAX_BYTES,
    BrandingError,
    save_image,
    set_colours,
)
from scheduler.rsvp.branding import remove_image as remove_image_of
from scheduler.rsvp.errors import RsvpError
from scheduler.rsvp.event_delete import delete_event
from scheduler.rsvp.event_edit import EventChanges, update_event
from scheduler.rsvp.event_texts import LANGUAGES, set_localized
from scheduler.rsvp.events import EventIn, OwnerIn, account_of, create_event
from scheduler.rsvp.messages import phone_refusal
from scheduler.rsvp.quota import quota_info
from scheduler.rsvp.stats import event_stats

router = page_router()
log = logging.getLogger("bot.console.events")
TYPES = ("wedding", "private", "business")


def local_parts(event: Event) -> tuple[str, str]:
    from zoneinfo import ZoneInfo

    local = event.starts_at.astimezone(ZoneInfo(event.timezone))
    return local.date().isoformat(), local.strftime("%H:%M")


def shown_date(event: Event) -> str:
    """The event's local date and time as people write them here (12.03.2027 19:30)."""
    day, clock = local_parts(event)
    return f"{day[8:10]}.{day[5:7]}.{day[:4]} {clock}"


def _form_values(event: Event | None = None, **typed: Any) -> dict[str, Any]:
    values = {"title": "", "type": "wedding", "date": "", "time": "19:30", "venue": ""}
    if event is not None:
        day, clock = local_parts(event)
        values.update(title=event.title, type=event.type, date=day, time=clock, venue=event.venue)
    values.update({k: v for k, v in typed.items() if v is not None})
    return values


def _changes(workspace: Workspace, title: str, type_: str, day: str, clock: str, venue: str) -> EventChanges:
    try:
        starts = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock or "00:00"))
    except ValueError as exc:
        raise RsvpError("bad date", code="bad_date") from exc
    if type_ not in TYPES:  # a forged select: refused, never turned into a wedding
        raise RsvpError("unknown event type", code="unknown_type")
    try:
        return EventChanges(title=title, type=type_, starts_at=starts,
                            timezone=workspace.timezone, venue=venue)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0]) if exc.errors() else "title"
        raise RsvpError(field, code=f"missing_{field}") from exc


def _error_text(exc: RsvpError, lang: str) -> str:
    key = f"event_error.{exc.code}"
    found = text(key, lang, **exc.values)
    return found if found != key else str(exc)


@router.get("/events", summary="The user's events")
def events_page(request: Request, logged: LoginDep, session: DbDep) -> Response:
    events = visible_events(session, logged.user)
    return render(request, "events/list.html", {"events": [(e, shown_date(e)) for e in events]})


@router.get("/events/new", summary="New event form")
def new_event(request: Request, logged: LoginDep) -> Response:
    return render(request, "events/form.html", {"event": None, "values": _form_values(), "error": None,
                                                "types": TYPES})


@router.post("/events", summary="Create an event")
def create(request: Request, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep, session: DbDep,
           title: Annotated[str, Form(max_length=200)] = "", type: Annotated[str, Form()] = "wedding",
           day: Annotated[str, Form(alias="date")] = "", clock: Annotated[str, Form(alias="time")] = "",
           venue: Annotated[str, Form(max_length=200)] = "") -> Response:
    lang = lang_of(request)
    values = _form_values(title=title, type=type, date=day, time=clock, venue=venue)
    if logged.user.role not in (Role.owner, Role.event_owner):
        return render(request, "error.html", {"status": 404, "detail": ""}, status_code=404)
    try:
        changes = _changes(workspace, title, type, day, clock, venue)
        event = _create(session, workspace, logged.user, changes, lang, services.now())
        session.commit()
    except RsvpError as exc:
        session.rollback()
        return render(request, "events/form.html", {"event": None, "values": values, "types": TYPES,
                                                    "error": _error_text(exc, lang)}, status_code=422)
    return RedirectResponse(f"/app/events/{event.id}", status_code=303)


def _create(session: Session, workspace: Workspace, user: ConsoleUser, changes: EventChanges, lang: str,
            now: datetime) -> Event:
    if user.role == Role.event_owner:
        _within_upcoming_limit(session, workspace, user, now)
    key = f"ev-{changes.aware_start():%Y%m%d}-{secrets.token_hex(3)}"
    spec = EventIn(key=key, type=changes.type, title=changes.title, starts_at=changes.aware_start(),
                   timezone=changes.timezone, venue=changes.venue, owner=OwnerIn(name=user.name, phone=user.phone))
    event = create_event(session, workspace, spec, lang, now=now)
    if user.rsvp_account_id is None:
        user.rsvp_account_id = event.account_id
        session.add(user)
    return event


class TooManyEvents(RsvpError):
    code = "too_many_events"

    def __init__(self, limit: int) -> None:
        super().__init__(f"an account may hold at most {limit} upcoming events", self.code, limit=limit)
        self.limit = limit


def _within_upcoming_limit(session: Session, workspace: Workspace, user: ConsoleUser, now: datetime) -> None:
    """An event owner holds at most `rsvp.max_upcoming_events` events not yet over (review N14)."""
    if user.rsvp_account_id is None:
        return
    limit = workspace.rsvp.max_upcoming_events
    held = session.exec(select(func.count()).select_from(Event).where(
        Event.account_id == user.rsvp_account_id, col(Event.starts_at) >= now - timedelta(days=1))).one()
    if held >= limit:
        raise TooManyEvents(limit)


@router.get("/events/{event_id}", summary="The event's live dashboard")
def dashboard(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    return render(request, "events/dashboard.html", {"event": event, **_stats_context(session, workspace, event)})


@router.get("/events/{event_id}/stats", summary="The dashboard's numbers (polled by htmx)")
def stats_fragment(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep,
                   session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    return render(request, "events/_stats.html", {"event": event, **_stats_context(session, workspace, event)})


def _stats_context(session: Session, workspace: Workspace, event: Event) -> dict[str, Any]:
    account = account_of(session, event)
    quota = quota_info(session, workspace, event, account)
    stats = event_stats(session, event, quota)
    return {"shown": shown_date(event), "stats": stats, "quota": quota, "account": account,
            "chart": answers_chart(stats.by_day), "series": SERIES, "poll": config().dashboard_poll_seconds}


@router.get("/events/{event_id}/edit", summary="Edit the event")
def edit_form(request: Request, event_id: int, logged: LoginDep, session: DbDep) -> Response:
    return _edit_page(request, session, event_for(session, logged.user, event_id))


def _cohosts(session: Session, event: Event) -> list[ConsoleUser]:
    assert event.id is not None
    return cohosts_of(session, event.id)


@router.post("/events/{event_id}/edit", summary="Save the event's changes")
def edit(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
         session: DbDep, title: Annotated[str, Form(max_length=200)] = "", type: Annotated[str, Form()] = "wedding",
         day: Annotated[str, Form(alias="date")] = "", clock: Annotated[str, Form(alias="time")] = "",
         venue: Annotated[str, Form(max_length=200)] = "") -> Response:
    event = event_for(session, logged.user, event_id)
    lang = lang_of(request)
    try:
        update_event(session, workspace, event, _changes(workspace, title, type, day, clock, venue),
                     now=services.now(), lang=lang)
        session.commit()
    except RsvpError as exc:
        session.rollback()
        values = _form_values(title=title, type=type, date=day, time=clock, venue=venue)
        return _edit_page(request, session, event, values=values, error=_error_text(exc, lang), status=422)
    return RedirectResponse(f"/app/events/{event.id}", status_code=303)


def _look_values(event: Event) -> dict[str, Any]:
    """The guest page section's fields: the title and venue per language, the colours."""
    values: dict[str, Any] = {f"{f}_{lang}": (event.localized or {}).get(lang, {}).get(f, "")
                              for lang in LANGUAGES for f in ("title", "venue")}
    values.update(accent=event.theme_accent or DEFAULT_ACCENT, background=event.theme_background or DEFAULT_BACKGROUND)
    return values


def _edit_page(request: Request, session: Session, event: Event, *, values: dict[str, Any] | None = None,
               look: dict[str, Any] | None = None, error: str | None = None, look_error: str | None = None,
               status: int = 200) -> Response:
    image = session.exec(select(EventImage.sha256).where(EventImage.event_id == event.id)).first()  # not the bytes
    return render(request, "events/form.html", {
        "event": event, "values": values or _form_values(event), "error": error, "types": TYPES,
        "cohosts": _cohosts(session, event), "is_owner": is_event_owner(request.state.console_login.user, event),
        "look": look or _look_values(event), "look_error": look_error,
        "languages": LANGUAGES, "image": image[:12] if image else None,
        "login_url": get_services(request).settings.public_base_url.rstrip("/") + "/app/login"}, status_code=status)


@router.get("/events/{event_id}/image", summary="The guest page's picture (for the owner's preview)")
def event_image(event_id: int, logged: LoginDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    image = session.get(EventImage, event.id)
    if image is None:
        return Response(status_code=404)
    return Response(image.data, media_type=image.content_type, headers={
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, max-age=3600"})


@router.post("/events/{event_id}/guest-page", summary="The guest page's picture, colours, title and venue per language")
def save_look(request: Request, event_id: int, logged: LoginDep, services: ServicesDep, session: DbDep,
              image: Annotated[UploadFile | None, File()] = None, accent: Annotated[str, Form(max_length=20)] = "",
              background: Annotated[str, Form(max_length=20)] = "",
              standard_colours: Annotated[str, Form(max_length=5)] = "",
              remove_image: Annotated[str, Form(max_length=5)] = "",
              title_he: Annotated[str, Form(max_length=200)] = "", venue_he: Annotated[str, Form(max_length=200)] = "",
              title_ru: Annotated[str, Form(max_length=200)] = "", venue_ru: Annotated[str, Form(max_length=200)] = "",
              title_en: Annotated[str, Form(max_length=200)] = "",
              venue_en: Annotated[str, Form(max_length=200)] = "") -> Response:
    event = event_for(session, logged.user, event_id)
    typed = {"title_he": title_he, "venue_he": venue_he, "title_ru": title_ru, "venue_ru": venue_ru,
             "title_en": title_en, "venue_en": venue_en, "accent": accent, "background": background}
    try:
        if standard_colours:
            set_colours(event, None, None)
        else:
            set_colours(event, accent, background)
        set_localized(event, {lang: {f: typed[f"{f}_{lang}"] for f in ("title", "venue")} for lang in LANGUAGES})
        data = image.file.read(MAX_BYTES + 1) if image is not None and image.filename else b""
        if remove_image:
            remove_image_of(session, event)
        elif data:
            save_image(session, event, data, services.now())
        session.add(event)
        session.commit()
    except BrandingError as exc:
        session.rollback()
        session.refresh(event)
        return _edit_page(request, session, event, look=typed, status=422,
                          look_error=text(f"branding_error.{exc.code}", lang_of(request), **exc.values))
    return RedirectResponse(f"/app/events/{event.id}/edit?saved=look", status_code=303)


@router.post("/events/{event_id}/cohosts", summary="Invite a co-host to the event")
def add_cohost(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
               session: DbDep, phone: Annotated[str, Form(max_length=40)],
               name: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Each co-host is an account anyone may ask a login code by SMS for, so an event has at most
    `rsvp.max_cohosts` and an event owner invites at most `rsvp.cohost_invites_per_day` new ones in 24
    hours (a workspace owner, the business itself, is not held by the second)."""
    event = owned_event_for(session, logged.user, event_id)
    assert event.id is not None and logged.user.id is not None
    lang = lang_of(request)
    per_day, counted = workspace.rsvp.cohost_invites_per_day, logged.user.role != Role.owner
    guard = login_throttle(services)
    wait = from_thread.run(partial(guard.invitation, logged.user.id, per_day, hit=False)) if counted else None
    if wait is not None:
        again = local_moment(datetime.now(UTC) + timedelta(seconds=wait), ZoneInfo(workspace.timezone), lang)
        return _edit_page(request, session, event, status=429,
                          error=text("events.cohost_invites_today", lang, limit=per_day, at=again))
    before = {person.id for person in _cohosts(session, event)}
    try:
        invited = invite_cohost(session, workspace, event.id, phone=phone, name=name, invited_by=logged.user.id,
                                owner_account_id=event.account_id)
        session.commit()
    except CohostIsOwner:
        session.rollback()
        return _edit_page(request, session, event, error=text("events.cohost_is_owner", lang), status=422)
    except TooManyCohosts as exc:
        session.rollback()
        return _edit_page(request, session, event, error=text("events.cohost_limit", lang, limit=exc.limit),
                          status=422)
    except InvalidPhone as exc:
        session.rollback()
        return _edit_page(request, session, event, error=phone_refusal(exc, phone, lang), status=422)
    except AccountError:  # a landline or a number abroad in a workspace that sends to Israeli mobiles only
        session.rollback()
        return _edit_page(request, session, event, error=text("events.cohost_not_mobile", lang), status=422)
    if counted and invited.id not in before:
        from_thread.run(partial(guard.invitation, logged.user.id, per_day, hit=True))
    # No message goes to the co-host: the page tells the owner where they log in, to pass it on.
    return RedirectResponse(f"/app/events/{event.id}/edit?saved=cohost#cohosts", status_code=303)


@router.post("/events/{event_id}/cohosts/{user_id:int}/remove", summary="Take a co-host off the event (owner only)")
def drop_cohost(request: Request, event_id: int, user_id: int, logged: LoginDep, session: DbDep) -> Response:
    """Asked first on the page (a <details> box saying what removing does); only the event's owner or a
    workspace owner (403 for a co-host, as inviting); someone who is not a co-host of it is a 404."""
    event = owned_event_for(session, logged.user, event_id)
    assert event.id is not None
    try:
        removed = remove_cohost(session, event.id, user_id)
        session.commit()
    except AccountError as exc:  # nothing was changed (no rollback: it would expire the user the error page reads)
        raise HTTPException(404, "no such co-host") from exc
    # No audit table exists; the log keeps who took whom off which event (the number masked).
    log.info("co-host %s (account %s) removed from event %s by account %s", masked(removed.phone), removed.id,
             event.id, logged.user.id)
    return RedirectResponse(f"/app/events/{event.id}/edit?saved=cohost_removed#cohosts", status_code=303)


@router.get("/events/{event_id}/delete", summary="Confirm deleting the event")
def delete_confirm(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep,
                   session: DbDep) -> Response:
    event = owned_event_for(session, logged.user, event_id)
    stats = event_stats(session, event, quota_info(session, workspace, event, account_of(session, event)))
    return render(request, "events/delete.html", {"event": event, "stats": stats})


@router.post("/events/{event_id}/delete", summary="Delete the event with everything personal in it")
def delete(event_id: int, logged: LoginDep, session: DbDep, services: ServicesDep) -> Response:
    event = owned_event_for(session, logged.user, event_id)
    delete_event(session, event)
    session.commit()
    return RedirectResponse("/app/events", status_code=303)

