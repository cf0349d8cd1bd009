"""Finding guests: by phone for replies (which of the number's events a reply is about), by event for owners.

One number may be a guest of several upcoming events of a workspace, all sharing the workspace's
number. A reply is about the event that last messaged that number; when two events messaged it
within `AMBIGUOUS_WITHIN` of each other (or none did), nobody can tell, so the caller asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Exists, bindparam, exists, func
from sqlmodel import Session, col, select

from bot.core.models import Event, Guest, OutboxItem, OutboxState
from handlers.read_memo import remember, remembered
from scheduler.rsvp.links import LINK_OPEN_AFTER_START

# Two invitations this close together leave a bare "yes" ambiguous: the guest may answer either.
AMBIGUOUS_WITHIN = timedelta(hours=24)
_LEFT = (OutboxState.sent, OutboxState.delivered)


@dataclass(frozen=True)
class ReplyTarget:
    """The guest row a reply is about; `choices` lists the rows to ask between when that is unclear."""

    guest: Guest | None
    choices: tuple[Guest, ...] = ()

    @property
    def ambiguous(self) -> bool:
        return len(self.choices) > 1


def _upcoming(workspace: ColumnElement[str], phone: ColumnElement[str],
              since: ColumnElement[datetime]) -> list[ColumnElement[bool]]:
    """A guest row of `phone` in `workspace` whose event starts at `since` or later (joined to Event)."""
    return [Guest.workspace == workspace, Guest.phone == phone, col(Event.starts_at) >= since]


# Every inbound turn asks (is the sender a guest?): built once, values bound.
_UPCOMING = (select(Guest).join(Event, col(Event.id) == col(Guest.event_id))
             .where(*_upcoming(bindparam("workspace"), bindparam("phone"), bindparam("since")))
             .order_by(col(Event.starts_at), col(Guest.id)))


def upcoming_guests(session: Session, workspace_slug: str, phone: str, now: datetime) -> list[Guest]:
    """This number's guest rows for the workspace's events that are not over yet, nearest first
    (read once until the session next writes; bot.inbound may have read that there are none)."""
    since = upcoming_since(now)

    def read() -> tuple[Guest, ...]:
        return tuple(session.exec(_UPCOMING, params={"workspace": workspace_slug, "phone": phone,
                                                     "since": since}).all())

    return list(remembered(session, ("upcoming_guests", workspace_slug, phone, since), read))


def upcoming_exists(workspace: ColumnElement[str], phone: ColumnElement[str], since: ColumnElement[datetime]) -> Exists:
    """Whether `upcoming_guests` would find a row, as an EXISTS another read can carry (bot.inbound
    asks it with the contact); `since`: `upcoming_since`."""
    return exists().where(col(Event.id) == col(Guest.event_id), *_upcoming(workspace, phone, since))


def upcoming_since(now: datetime) -> datetime:
    """The earliest start of an event `upcoming_guests` counts at `now`."""
    return now - LINK_OPEN_AFTER_START


def remember_no_upcoming(session: Session, workspace_slug: str, phone: str, now: datetime) -> None:
    """`upcoming_guests` answers [] without a query until the session next writes (the caller has
    just read that there are none)."""
    remember(session, ("upcoming_guests", workspace_slug, phone, upcoming_since(now)), ())


def upcoming_guest(session: Session, workspace_slug: str, phone: str, now: datetime) -> Guest | None:
    """The guest row of this number for the nearest event of the workspace that is not over yet."""
    guests = upcoming_guests(session, workspace_slug, phone, now)
    return guests[0] if guests else None


def last_messaged(session: Session, guests: list[Guest]) -> dict[int, datetime]:
    """When each guest row was last sent a campaign message (rows never messaged are absent)."""
    ids = [g.id for g in guests if g.id is not None]
    if not ids:
        return {}
    rows = session.exec(
        select(OutboxItem.guest_id, func.max(OutboxItem.sent_at))
        .where(col(OutboxItem.guest_id).in_(ids), col(OutboxItem.state).in_([s.value for s in _LEFT]),
               col(OutboxItem.sent_at).is_not(None))
        .group_by(col(OutboxItem.guest_id))
    ).all()
    return {guest_id: sent for guest_id, sent in rows if sent is not None}


def reply_target(session: Session, workspace_slug: str, phone: str, now: datetime) -> ReplyTarget:
    """Which of the number's upcoming events a reply belongs to: the one that messaged it last."""
    guests = upcoming_guests(session, workspace_slug, phone, now)
    if len(guests) <= 1:
        return ReplyTarget(guests[0] if guests else None, tuple(guests))
    sent = last_messaged(session, guests)
    if not sent:
        return ReplyTarget(guests[0], tuple(guests))
    latest = max(sent.values())
    close = [g for g in guests if g.id in sent and latest - sent[g.id] < AMBIGUOUS_WITHIN]  # type: ignore[index]
    chosen = next(g for g in guests if sent.get(g.id or 0) == latest)
    return ReplyTarget(chosen, tuple(close) if len(close) > 1 else (chosen,))


def event_of(session: Session, guest: Guest) -> Event:
    event = session.get(Event, guest.event_id)
    assert event is not None
    return event


def guests_of(session: Session, event: Event) -> list[Guest]:
    return list(session.exec(select(Guest).where(Guest.event_id == event.id).order_by(col(Guest.id))).all())
