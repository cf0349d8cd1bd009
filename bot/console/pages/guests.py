"""The guest list of one event: search, filter, add / edit / delete one guest, export (/app/events/{id}/guests)."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, col, or_, select

from bot.console.access import event_for
from bot.console.config import config
from bot.console.deps import DbDep, LoginDep, WorkspaceDep, lang_of
from bot.console.i18n import text
from bot.console.inputs import one_of
from bot.console.notices import read_notices
from bot.console.routing import page_router
from bot.console.templating import redirect, render
from bot.core.models import Event, Guest
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep
from bot.services import Services
from scheduler.rsvp.errors import RsvpError
from scheduler.rsvp.events import account_of
from scheduler.rsvp.guest_edit import GuestFields, GuestInvalid, add_guest, delete_guest, guest_fields, update_guest
from scheduler.rsvp.guest_export import MEDIA_TYPES, export_guests
from scheduler.rsvp.guest_order import SORTS, sort_guests
from scheduler.rsvp.links import guest_link
from scheduler.rsvp.quota import QuotaInfo, quota_info, visible_guests
from scheduler.rsvp.stats import WAITING

router = page_router()
STATUSES = ("coming", "not_coming", "maybe", "waiting", "not_invited", "message_sent", "no_answer")
EDITABLE_STATUSES = ("not_invited", "message_sent", "coming", "not_coming", "maybe", "no_answer")


def _quota(session: Session, workspace: Workspace, event: Event) -> QuotaInfo:
    return quota_info(session, workspace, event, account_of(session, event))


def _filtered(event: Event, quota: QuotaInfo, q: str, status: str, group: str):  # type: ignore[no-untyped-def]
    query = select(Guest).where(Guest.event_id == event.id)
    if quota.hidden_ids:
        query = query.where(col(Guest.id).not_in(quota.hidden_ids))
    if q.strip():
        like = f"%{q.strip()}%"
        digits = "".join(c for c in q if c.isdigit())
        clauses = [col(Guest.name).ilike(like), col(Guest.notes).ilike(like), col(Guest.table_number) == q.strip()]
        if len(digits) >= 3:
            clauses.append(col(Guest.phone).contains(digits.lstrip("0")))
        query = query.where(or_(*clauses))
    if status == "waiting":
        query = query.where(col(Guest.status).in_(WAITING))
    elif status in STATUSES:
        query = query.where(Guest.status == status)
    if group:
        query = query.where(Guest.group == group)
    return query


def _groups(session: Session, event: Event) -> list[str]:
    return [g for g in session.exec(select(Guest.group).where(Guest.event_id == event.id, col(Guest.group).is_not(None))
                                    .distinct().order_by(col(Guest.group))).all() if g]


@router.get("/events/{event_id}/guests", summary="The guest list (htmx: only the rows)")
def guests_page(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep,
                q: Annotated[str, Query(max_length=100)] = "", status: str = "", group: str = "",
                sort: str = "name", page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    event = event_for(session, logged.user, event_id)
    one_of(status, ("", "waiting", *STATUSES))  # the filter's choices and the dashboard's tiles
    one_of(sort, SORTS)
    quota = _quota(session, workspace, event)
    query = _filtered(event, quota, q, status, group)
    size = config().guests_per_page
    ordered = _ordered_ids(session, query, sort, lang_of(request))
    total, wanted = len(ordered), ordered[(page - 1) * size:page * size]
    found = {g.id: g for g in session.exec(select(Guest).where(col(Guest.id).in_(wanted))).all()} if wanted else {}
    context = {"event": event, "guests": [found[i] for i in wanted if i in found], "total": total, "page": page,
               "pages": max(1, -(-total // size)), "q": q, "status": status, "group": group,
               "groups": _groups(session, event), "statuses": STATUSES, "sort": sort, "sorts": SORTS,
               "quota": quota, "imported": _imported(request)}
    rows_only = request.headers.get("hx-target") == "guest-rows"
    context["oob"] = rows_only  # the export buttons follow the order chosen (guests/_export.html)
    return render(request, "guests/_rows.html" if rows_only else "guests/list.html", context)


def _ordered_ids(session: Session, query: Any, sort: str, lang: str) -> list[int]:
    """The matching guests' ids in the list's order. Sorted here, not in SQL: the database would order
    names by code point or its own collation and tables as text ('10' before '9'); only the five columns
    the order reads are loaded, the page's own rows after."""
    sub = query.subquery()
    rows = session.exec(select(sub.c.id, sub.c.name, sub.c.table_number, sub.c.party_size, sub.c.status)).all()
    guests = [SimpleNamespace(id=r[0], name=r[1], table_number=r[2], party_size=r[3], status=r[4]) for r in rows]
    return [g.id for g in sort_guests(guests, sort, lang)]


def _imported(request: Request) -> int | None:
    """How many guests the import just before this page brought in (its signed notice), so the
    planner sees that the click did something; None on any other visit or a forged link."""
    value = read_notices(request, "imported")["imported"]
    return int(value) if value.isascii() and value.isdigit() else None


COUNT = re.compile(r"[0-9]{1,4}")  # ASCII digits: '²' is isdigit() but no int, 30 nines overflow the column
NOT_A_COUNT = -1  # what a typed non-count becomes, so check_fields refuses it in words


def _fields(form: dict[str, Any]) -> GuestFields:
    def number(name: str, default: int | None) -> int | None:
        value = str(form.get(name) or "").strip()
        if not value:
            return default
        return int(value) if COUNT.fullmatch(value) else NOT_A_COUNT

    status = str(form.get("status") or "") or None
    return GuestFields(name=str(form.get("name") or ""), phone=str(form.get("phone") or ""),
                       invited=str(form.get("invited") or "1"), group=str(form.get("group") or ""),
                       table=str(form.get("table") or ""), language=str(form.get("language") or ""),
                       children=number("children", 0) or 0, notes=str(form.get("notes") or ""), status=status,
                       party_size=number("party_size", None))


def _guest(session: Session, event: Event, quota: QuotaInfo, guest_id: int) -> Guest:
    guest = session.get(Guest, guest_id)
    if guest is None or guest.event_id != event.id or guest.id in quota.hidden_ids:
        raise HTTPException(404, "no such guest")
    return guest


BLANK = {"name": "", "phone": "", "invited": "1", "group": "", "table": "", "language": "", "children": 0,
         "notes": "", "status": "not_invited", "party_size": ""}


def _form(request: Request, event: Event, guest: Guest | None, typed: dict[str, Any], error: str | None,
          workspace: Workspace, status: int = 200, link: str | None = None) -> Response:
    values = {**BLANK, **{k: v for k, v in typed.items() if k in BLANK}}
    return render(request, "guests/form.html", {"event": event, "guest": guest, "values": values, "error": error,
                                                "statuses": EDITABLE_STATUSES, "languages": workspace.languages,
                                                "link": link}, status_code=status)


def _error(exc: RsvpError, lang: str) -> str:
    if isinstance(exc, GuestInvalid):
        return "; ".join(text(f"guest_error.{i.code}", lang) if text(f"guest_error.{i.code}", lang) !=
                         f"guest_error.{i.code}" else i.message for i in exc.issues)
    key = f"guest_error.{exc.code}"
    found = text(key, lang)
    return found if found != key else str(exc)


@router.get("/events/{event_id}/guests/new", summary="Add-a-guest form")
def new_guest(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    return _form(request, event, None, {}, None, workspace)


@router.post("/events/{event_id}/guests/new", summary="Add one guest")
async def create_guest(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep,
                       services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    form = dict(await request.form())
    try:
        add_guest(session, workspace, event, _fields(form), now=services.now(), lang=lang_of(request))
        session.commit()
    except RsvpError as exc:
        session.rollback()
        return _form(request, event, None, form, _error(exc, lang_of(request)), workspace, 422)
    return RedirectResponse(f"/app/events/{event.id}/guests", status_code=303)


@router.get("/events/{event_id}/guests/{guest_id:int}", summary="Edit-a-guest form")
def edit_guest_form(request: Request, event_id: int, guest_id: int, logged: LoginDep, workspace: WorkspaceDep,
                    services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    guest = _guest(session, event, _quota(session, workspace, event), guest_id)
    return _form(request, event, guest, guest_fields(guest), None, workspace, link=_link(services, guest))


def _link(services: Services, guest: Guest) -> str:
    return guest_link(services.settings.public_base_url, services.settings.secret_key.get_secret_value(), guest)


@router.post("/events/{event_id}/guests/{guest_id:int}", summary="Save one guest")
async def edit_guest(request: Request, event_id: int, guest_id: int, logged: LoginDep, workspace: WorkspaceDep,
                     services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    guest = _guest(session, event, _quota(session, workspace, event), guest_id)
    form = dict(await request.form())
    try:
        update_guest(session, workspace, event, guest, _fields(form), now=services.now(), lang=lang_of(request))
        session.commit()
    except RsvpError as exc:
        session.rollback()
        return _form(request, event, guest, form, _error(exc, lang_of(request)), workspace, 422,
                     link=_link(services, guest))
    return RedirectResponse(f"/app/events/{event.id}/guests", status_code=303)


@router.post("/events/{event_id}/guests/{guest_id:int}/delete", summary="Delete one guest")
def remove_guest(request: Request, event_id: int, guest_id: int, logged: LoginDep, workspace: WorkspaceDep,
                 services: ServicesDep, session: DbDep) -> Response:
    event = event_for(session, logged.user, event_id)
    guest = _guest(session, event, _quota(session, workspace, event), guest_id)
    try:
        delete_guest(session, workspace, event, guest, lang=lang_of(request))
        session.commit()
    except RsvpError as exc:
        session.rollback()
        return _form(request, event, guest, guest_fields(guest), _error(exc, lang_of(request)), workspace, 422,
                     link=_link(services, guest))
    return redirect(request, f"/app/events/{event.id}/guests")


@router.get("/events/{event_id}/guests/export", summary="Export the guest list (XLSX or CSV)")
def export(request: Request, event_id: int, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
           session: DbDep, format: str = "xlsx", sort: str = "name") -> Response:
    """In the order the list shows (`sort`, as the list's own choices), every guest the quota shows."""
    event = event_for(session, logged.user, event_id)
    fmt = one_of(format, ("xlsx", "csv"))
    one_of(sort, SORTS)
    quota = _quota(session, workspace, event)
    lang = lang_of(request)
    guests = sort_guests(visible_guests(session, event, quota), sort, lang)
    body = export_guests(event, guests, fmt, lang, lambda guest: _link(services, guest))
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="guests-{event.key}.{fmt}"'})
