"""Which events a console user may open: an event owner their own and those they co-host, a workspace
owner every event of the workspace, staff none. Anything else is 404 (never 403: no hint it exists)."""

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
