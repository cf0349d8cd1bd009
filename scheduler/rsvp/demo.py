"""A demo event with one guest, so `make run` can print a working personal RSVP link.

Idempotent: the same account, event and guest are reused on every start (the event is moved
forward if the clock has passed it, so the link never shows "closed" on a long-running demo).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.core.models import Guest, GuestStatus
from bot.core.workspaces import WorkspaceRegistry
from scheduler.rsvp.errors import EventNotFound
from scheduler.rsvp.events import EventIn, OwnerIn, create_event, get_event
from scheduler.rsvp.guest_import import ImportPreview, apply_import, validate_records
from scheduler.rsvp.links import guest_link, link_open, make_token

DEMO_WORKSPACE = "event-rsvp"
DEMO_EVENT = "demo-wedding"
DEMO_OWNER = OwnerIn(name="Demo owner", phone="+972522000099")
DEMO_GUEST = {"name": "אורח לדוגמה", "phone": "+972502345678", "invited": 2, "language": "he"}
DAYS_AHEAD = 60


def _demo_start(now: datetime, tz: str) -> datetime:
    day = (now.astimezone(ZoneInfo(tz)) + timedelta(days=DAYS_AHEAD)).date()
    return datetime.combine(day, time(19, 30), tzinfo=ZoneInfo(tz))


def ensure_demo_event(session: Session, workspaces: WorkspaceRegistry, now: datetime, *, secret: str,
                      base_url: str = "") -> str:
    """The demo guest's personal link (`base_url` + /r/...); creates what is missing."""
    workspace = workspaces.by_slug(DEMO_WORKSPACE)
    if workspace is None:
        raise LookupError(f"the demo workspace '{DEMO_WORKSPACE}' is not loaded")
    try:
        event = get_event(session, workspace, DEMO_EVENT, "en")
    except EventNotFound:
        event = create_event(session, workspace, EventIn(
            key=DEMO_EVENT, type="wedding", title="החתונה של נועה ואבי (דמו)", timezone=workspace.timezone,
            starts_at=_demo_start(now, workspace.timezone), venue="אולם הדגמה, תל אביב", owner=DEMO_OWNER), "en",
            now=now)
    if not link_open(event, now):
        event.starts_at = _demo_start(now, event.timezone)
    guest = session.exec(select(Guest).where(Guest.event_id == event.id,
                                             Guest.phone == DEMO_GUEST["phone"])).first()
    if guest is None:
        rows = validate_records(session, workspace, event, [(2, DEMO_GUEST)], "en")
        apply_import(session, workspace, event, ImportPreview(rows=rows), now, "en")
        guest = session.exec(select(Guest).where(Guest.event_id == event.id,
                                                 Guest.phone == DEMO_GUEST["phone"])).one()
        guest.status = GuestStatus.message_sent.value
    session.flush()
    return guest_link(base_url, secret, guest) if base_url else f"/r/{make_token(secret, guest.token_id)}"
