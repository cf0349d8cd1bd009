"""Finding guests: by phone for replies (a guest of an upcoming event), by event for owners."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.models import Event, Guest
from scheduler.rsvp.links import LINK_OPEN_AFTER_START


def upcoming_guest(session: Session, workspace_slug: str, phone: str, now: datetime) -> Guest | None:
    """The guest row of this number for the nearest event of the workspace that is not over yet."""
    return session.exec(
        select(Guest)
        .join(Event, col(Event.id) == col(Guest.event_id))
        .where(Guest.workspace == workspace_slug, Guest.phone == phone,
               col(Event.starts_at) >= now - LINK_OPEN_AFTER_START)
        .order_by(col(Event.starts_at), col(Guest.id))
    ).first()


def event_of(session: Session, guest: Guest) -> Event:
    event = session.get(Event, guest.event_id)
    assert event is not None
    return event


def guests_of(session: Session, event: Event) -> list[Guest]:
    return list(session.exec(select(Guest).where(Guest.event_id == event.id).order_by(col(Guest.id))).all())



