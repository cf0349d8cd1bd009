"""Owner API for RSVP events and guest lists: /api/workspaces/{slug}/events, /guests/template.

Bearer token = the workspace's `api_token` (401 without one, 403 for another workspace's). Routes
check access and shape answers; the work is in scheduler/rsvp (the same code as the CLI and stories).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Path, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.core.models import Event, Guest
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep, SessionDep, WorkspaceDep
from bot.routes.params import EventKey
from bot.routes.responses import OWNER, binary, errors
from bot.services import Services
from scheduler.rsvp.errors import (
    DuplicateEvent,
    EditingLocked,
    EventInPast,
    EventKeyTaken,
    EventNotFound,
    GuestNotFound,
    RsvpError,
)
from scheduler.rsvp.events import EventIn, account_of, create_event, get_event, list_events
from scheduler.rsvp.guest_edit import delete_guest_by_phone
from scheduler.rsvp.guest_export import MEDIA_TYPES, export_guests, guest_template
from scheduler.rsvp.guest_import import import_guests
from scheduler.rsvp.links import guest_link
from scheduler.rsvp.quota import quota_info, visible_guests

router = APIRouter(prefix="/api/workspaces/{slug}", tags=["events"], responses=errors(*OWNER))
Lang = Literal["he", "en", "ru"]
FileFormat = Literal["csv", "xlsx"]
STATUS_OF: dict[type[RsvpError], int] = {DuplicateEvent: 409, EventKeyTaken: 409, EventNotFound: 404, EventInPast: 422,
                                         EditingLocked: 402, GuestNotFound: 404}



def _refuse(exc: RsvpError) -> HTTPException:
    return HTTPException(STATUS_OF.get(type(exc), 400), {"code": exc.code, "message": str(exc)})


class QuotaOut(BaseModel):
    limit: int
    used: int
    counted_statuses: list[str]
    unlimited: bool
    exceeded: bool
    locked: bool
    hidden: int


class EventOut(BaseModel):
    key: str
    type: str
    title: str
    starts_at: datetime
    timezone: str
    venue: str
    owner_name: str
    quota: QuotaOut
    localized: dict[str, dict[str, str]] = Field(default_factory=dict,
                                                 description="The title and venue per language, when given")


class GuestOut(BaseModel):
    name: str
    phone: str
    language: str | None
    status: str
    party_size: int
    invited: int
    group: str | None
    table: str | None
    answered_at: datetime | None
    answer_source: str | None
    link: str


class GuestListOut(BaseModel):
    event: EventOut
    guests: list[GuestOut]
    totals: dict[str, int]


def _event_out(session: Session, workspace: Workspace, event: Event) -> EventOut:
    account = account_of(session, event)
    info = quota_info(session, workspace, event, account)
    local_start = event.starts_at.astimezone(ZoneInfo(event.timezone))
    return EventOut(key=event.key, type=event.type, title=event.title, starts_at=local_start,
                    timezone=event.timezone, venue=event.venue, owner_name=account.owner_name,
                    quota=QuotaOut(**info.as_dict()), localized=event.localized or {})  # type: ignore[arg-type]


def _link_maker(services: Services) -> Any:
    base, secret = services.settings.public_base_url, services.settings.secret_key.get_secret_value()
    return lambda guest: guest_link(base, secret, guest)


def _event(session: Session, workspace: Workspace, key: str, lang: str | None) -> Event:
    try:
        return get_event(session, workspace, key, lang)
    except EventNotFound as exc:
        raise _refuse(exc) from exc


@router.post("/events", status_code=201, response_model=EventOut, summary="Create an event",
             responses=errors(400, 409))
def create(workspace: WorkspaceDep, session: SessionDep, services: ServicesDep, spec: EventIn,
           lang: Annotated[Lang | None, Query()] = None) -> EventOut:
    """Refused with 409 when another account has an event on the same date at the same venue, 422 in the past."""
    try:
        event = create_event(session, workspace, spec, lang, now=services.now())
        out = _event_out(session, workspace, event)
        session.commit()
    except RsvpError as exc:
        session.rollback()
        raise _refuse(exc) from exc
    except IntegrityError as exc:  # a concurrent create with the same key
        session.rollback()
        raise HTTPException(409, {"code": "event_key_taken", "message": f"event '{spec.key}' already exists"}) \
            from exc
    return out


@router.get("/events", response_model=list[EventOut], summary="List events with their quota")
def events(workspace: WorkspaceDep, session: SessionDep) -> list[EventOut]:
    return [_event_out(session, workspace, e) for e in list_events(session, workspace)]


@router.get("/events/{key}/guests", response_model=GuestListOut, summary="Guests, statuses and quota")
def guests(workspace: WorkspaceDep, session: SessionDep, services: ServicesDep, key: EventKey,
           lang: Annotated[Lang | None, Query()] = None) -> GuestListOut:
    """Answers beyond the free quota are hidden until a package is bought (see `quota.hidden`)."""
    event = _event(session, workspace, key, lang)
    info = quota_info(session, workspace, event, account_of(session, event))
    link = _link_maker(services)
    rows = visible_guests(session, event, info)
    totals: dict[str, int] = {}
    for guest in rows:
        totals[guest.status] = totals.get(guest.status, 0) + 1
    totals["coming_people"] = sum(g.party_size for g in rows if g.status == "coming")
    return GuestListOut(event=_event_out(session, workspace, event), totals=totals,
                        guests=[_guest_out(g, link(g)) for g in rows])


def _guest_out(guest: Guest, link: str) -> GuestOut:
    return GuestOut(name=guest.name, phone=guest.phone, language=guest.language, status=guest.status,
                    party_size=guest.party_size, invited=guest.invited_count, group=guest.group,
                    table=guest.table_number, answered_at=guest.answered_at, answer_source=guest.answer_source,
                    link=link)


@router.post("/events/{key}/guests/import", summary="Import guests from CSV or XLSX (dry_run=true: preview)",
             responses=errors(400, 402, 409))
def import_file(workspace: WorkspaceDep, session: SessionDep, services: ServicesDep, key: EventKey, file: UploadFile,
                dry_run: bool = False, lang: Annotated[Lang | None, Query()] = None,
                rows: Annotated[Literal["all", "bad", "none"], Query()] = "bad") -> dict[str, Any]:
    """The preview lists every bad row and why; the import creates new guests and updates known numbers."""
    event = _event(session, workspace, key, lang)
    data = file.file.read()
    try:
        preview, report = import_guests(session, workspace, event, file.filename or "upload", data,
                                        now=services.now(), dry_run=dry_run, lang=lang)
        session.commit()
    except RsvpError as exc:
        session.rollback()
        raise _refuse(exc) from exc
    except IntegrityError as exc:
        session.rollback()
        raise HTTPException(409, {"code": "concurrent_import",
                                  "message": "the guest list changed during the import; upload again"}) from exc
    return {"dry_run": dry_run, "preview": preview.as_dict(rows),
            "result": report.as_dict() if report else None}


@router.delete("/events/{key}/guests/{phone}", summary="Delete one guest (by number)",
               responses=errors(402))
def delete(workspace: WorkspaceDep, session: SessionDep, key: EventKey,
           phone: Annotated[str, Path(max_length=32, description="The guest's number: +972..., 052-...")],
           lang: Annotated[Lang | None, Query()] = None) -> dict[str, str]:
    """The guest, their copies of campaigns, and the person the event brought (contact and conversations,
    kept when something else ties the number to the workspace), as the console's delete; 404
    `guest_not_found`, 402 `editing_locked` over the free quota without a package."""
    event = _event(session, workspace, key, lang)
    try:
        number = delete_guest_by_phone(session, workspace, event, phone, lang=lang)
        session.commit()
    except RsvpError as exc:
        session.rollback()
        raise _refuse(exc) from exc
    return {"deleted": number}


@router.get("/events/{key}/guests/export", summary="Export the guest list as CSV or XLSX", response_class=Response,
            responses=binary(*MEDIA_TYPES.values(), description="The guest list; every cell is text"))
def export(workspace: WorkspaceDep, session: SessionDep, services: ServicesDep, key: EventKey,
           format: Annotated[FileFormat, Query()] = "xlsx", lang: Annotated[Lang | None, Query()] = None) -> Response:
    event = _event(session, workspace, key, lang)
    info = quota_info(session, workspace, event, account_of(session, event))
    body = export_guests(event, visible_guests(session, event, info), format, lang or workspace.default_language,
                         _link_maker(services))
    return Response(body, media_type=MEDIA_TYPES[format], headers={
        "Content-Disposition": f'attachment; filename="guests-{event.key}.{format}"',
        "X-Rsvp-Hidden-Answers": str(info.hidden)})


@router.get("/guests/template", summary="Download the guest-list template", response_class=Response,
            responses=binary(*MEDIA_TYPES.values(), description="An empty guest list with the import's headers"))
def template(workspace: WorkspaceDep, format: Annotated[FileFormat, Query()] = "xlsx",
             lang: Annotated[Lang | None, Query()] = None) -> Response:
    body = guest_template(format, lang or workspace.default_language)
    return Response(body, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="guests-template.{format}"'})
