"""Which events a console user may open: an event owner their own and those they co-host, a workspace
owner every event of the workspace, staff none. Anything else is 404 (never 403: no hint it exists).
A co-host runs the event (guests, campaigns, the page) but cannot delete it or invite more co-hosts:
those stay with the one who owns it (review note N7)."""

from __future__ import annotations

from fastapi import HTTPException
from sqlmodel import Session, col, or_, select

from bot.core.models import ConsoleUser, Event, EventMember, Role


def events_query(user: ConsoleUser):  # type: ignore[no-untyped-def]
    query = select(Event).where(Event.workspace == user.workspace)
    if user.role == Role.owner:
        return query
    if user.role != Role.event_owner:
        return query.where(col(Event.id) == -1)
    cohosted = select(EventMember.event_id).where(EventMember.user_id == user.id)
    return query.where(or_(col(Event.account_id) == (user.rsvp_account_id or -1), col(Event.id).in_(cohosted)))


def visible_events(session: Session, user: ConsoleUser) -> list[Event]:
    return list(session.exec(events_query(user).order_by(col(Event.starts_at), col(Event.id))).all())


def event_for(session: Session, user: ConsoleUser, event_id: int) -> Event:
    found = session.exec(events_query(user).where(col(Event.id) == event_id)).first()
    if found is None:
        raise HTTPException(404, "no such event")
    return found


def is_event_owner(user: ConsoleUser, event: Event) -> bool:
    """The event's own owner (its RSVP account) or a workspace owner, as opposed to a co-host."""
    return user.role == Role.owner or (user.rsvp_account_id is not None and event.account_id == user.rsvp_account_id)


def owned_event_for(session: Session, user: ConsoleUser, event_id: int) -> Event:
    """`event_for`, for what only the owner may do; a co-host gets a 403 that says so (they can see
    the event, so a 404 would only confuse)."""
    event = event_for(session, user, event_id)
    if not is_event_owner(user, event):
        raise HTTPException(403, "only the event's owner can do this")
    return event
