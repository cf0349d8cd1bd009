"""Deleting an event with everything personal in it, on the owner's demand.

Gone with the event: its guests (and so their personal links), their copies of every campaign (numbers
and texts), the campaigns and their jobs, co-hosts, the guest page's picture, and the people the event
brought: a guest's contact in the workspace, with their conversations, messages, delivery callbacks,
reply jobs and whatever else points at them, when nothing else ties the number to the workspace.
A number stays when it is also a guest of another event, an owner, a console user or a customer of the
workspace (their conversations are theirs too, and not this event's alone to delete). So does a number
whose contact was in the workspace before the event had it as a guest: the event did not bring that
person, and an event owner must not erase, by adding and deleting a guest, the support conversation
of someone who wrote to the business on their own (security review, T4). A number the event
did bring and another event keeps is handed over: its contact is dated anew, so it goes with the last
event that had it. A number that opted out keeps a bare contact row (number and opt-out, name and
language cleared): forgetting the opt-out would let the next import text someone who said stop.

Rows hanging from a contact or an event are found through the foreign keys, so a table added
later that points at them (or at conversations) is not forgotten.

`forget_event_people` is the one way an event goes: here on the owner's demand and when retention expires
it (scheduler/campaigns/retention.py). The forgetting below it is shared too: `forget_guests` (a number's
contact and conversations, same rules) also runs when one guest is deleted or their number changed
(scheduler/rsvp/guest_edit.py); `forget_campaign_sends` (a campaign's copies and their delivery callbacks)
runs for every deleted event.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, func, or_, update
from sqlalchemy import select as core_select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, col, select

from bot.core.models import (
    Campaign,
    ConsoleUser,
    Contact,
    Customer,
    Event,
    Guest,
    Message,
    MessageStatusEvent,
    OutboxItem,
    RsvpAccount,
)
from bot.core.models.types import utcnow

CHUNK = 500  # bound parameters per IN (SQLite's limit is far above; PostgreSQL's too)


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]


def _children(table: Table) -> list[tuple[Table, Any, Any]]:
    """(child table, its column, the referenced column) for every foreign key pointing at `table`."""
    return [(child, fk.parent, fk.column) for child in SQLModel.metadata.sorted_tables if child is not table
            for fk in child.foreign_keys if fk.column.table is table]


def _delete_below(connection: Connection, table: Table, condition: Any, depth: int = 0) -> None:
    """Delete every row (at any depth) that points at the rows of `table` matching `condition`."""
    if depth > 6:
        raise RuntimeError(f"foreign keys nest too deep below {table.name}")
    for child, column, referenced in _children(table):
        below = column.in_(core_select(referenced).where(condition))
        _delete_below(connection, child, below, depth + 1)
        connection.execute(delete(child).where(below))


def _kept_numbers(session: Session, event: Event, phones: list[str], gone: Collection[int] = ()) -> set[str]:
    """Of these numbers, those something other than this event (and the events in `gone`, deleted before
    it in the same run) ties to the workspace."""
    kept: set[str] = set()
    leaving = sorted({event.id or 0, *gone})
    for part in _chunks(phones):
        for query in (
            select(Guest.phone).where(Guest.workspace == event.workspace, col(Guest.event_id).not_in(leaving),
                                      col(Guest.phone).in_(part)),
            select(RsvpAccount.owner_phone).where(RsvpAccount.workspace == event.workspace,
                                                  col(RsvpAccount.owner_phone).in_(part)),
            select(ConsoleUser.phone).where(ConsoleUser.workspace == event.workspace, col(ConsoleUser.phone).in_(part)),
            select(Customer.phone).where(Customer.workspace == event.workspace, col(Customer.phone).in_(part)),
        ):
            kept.update(session.exec(query).all())  # type: ignore[call-overload]
    return kept


@dataclass(frozen=True)
class ForgottenPeople:
    """Contacts removed, and opted-out contacts kept bare (name and language cleared)."""

    deleted: int = 0
    anonymised: int = 0


def _forget_contacts(session: Session, workspace: str, phones: list[str]) -> ForgottenPeople:
    """Remove these numbers' contacts and everything hanging from them; opted-out ones stay bare."""
    connection = session.connection()
    contacts: Table = Contact.__table__  # type: ignore[attr-defined]
    messages: Table = Message.__table__  # type: ignore[attr-defined]
    removed = anonymised = 0
    for part in _chunks(phones):
        mine = (contacts.c.workspace == workspace) & contacts.c.phone.in_(part)
        ids = core_select(contacts.c.id).where(mine)
        # messages recorded without a contact (a send that failed before one existed) name the number
        loose = (messages.c.workspace == workspace) & messages.c.contact_id.is_(None) & or_(
            messages.c.sender.in_(part), messages.c.recipient.in_(part))
        sids = core_select(messages.c.provider_sid).where(messages.c.contact_id.in_(ids) | loose,
                                                     messages.c.provider_sid.is_not(None))
        connection.execute(delete(MessageStatusEvent.__table__).where(  # type: ignore[attr-defined]
            MessageStatusEvent.__table__.c.provider_sid.in_(sids)))  # type: ignore[attr-defined]
        _delete_below(connection, messages, loose)
        connection.execute(delete(messages).where(loose))
        _delete_below(connection, contacts, mine)
        anonymised += connection.execute(update(contacts).where(mine, contacts.c.opted_out.is_(True))
                                         .values(name=None, language=None)).rowcount
        removed += connection.execute(delete(contacts).where(mine, contacts.c.opted_out.is_(False))).rowcount
    return ForgottenPeople(deleted=int(removed), anonymised=int(anonymised))


Since = Mapping[str, datetime]  # number -> when the event first had it as a guest


def guests_since(session: Session, event: Event, phones: list[str], gone: Collection[int] = ()) -> dict[str, datetime]:
    """When `event` (or an event in `gone`, deleted before it in the same run) first had each number as a
    guest: its guest rows' creation (a guest whose number changes is dated anew, scheduler/rsvp/guest_edit.py)."""
    events = sorted({event.id or 0, *gone})
    since: dict[str, datetime] = {}
    for part in _chunks(sorted(set(phones))):
        rows = session.exec(select(Guest.phone, func.min(Guest.created_at))  # type: ignore[call-overload]
                            .where(col(Guest.event_id).in_(events), col(Guest.phone).in_(part))
                            .group_by(Guest.phone)).all()
        since.update({phone: at for phone, at in rows if at is not None})
    return since


def _known_before(session: Session, workspace: str, since: Since) -> set[str]:
    """Of these numbers, those whose contact was in the workspace before the event had the number: the
    person wrote (or was written to) on their own, so the event did not bring them."""
    known: set[str] = set()
    for part in _chunks(sorted(since)):
        rows = session.exec(select(Contact.phone, Contact.created_at)
                            .where(Contact.workspace == workspace, col(Contact.phone).in_(part))).all()
        known.update(phone for phone, created in rows if created < since[phone])
    return known


@dataclass(frozen=True)
class _Judged:
    forget: list[str]     # brought by the event, nothing else ties them: forgotten
    hand_over: list[str]  # brought by the event, kept by something else (another event): dated anew


def _judge(session: Session, event: Event, phones: list[str], gone: Collection[int] = (),
           since: Since | None = None) -> _Judged:
    wanted = set(phones)
    since = since if since is not None else guests_since(session, event, sorted(wanted), gone)
    brought = wanted - _known_before(session, event.workspace, since)
    kept = _kept_numbers(session, event, sorted(brought), gone)
    return _Judged(forget=sorted(brought - kept), hand_over=sorted(brought & kept))


def _forgettable(session: Session, event: Event, phones: list[str], gone: Collection[int] = ()) -> list[str]:
    return _judge(session, event, phones, gone).forget


def _forget_judged(session: Session, workspace: str, judged: _Judged) -> ForgottenPeople:
    """Forget what the event alone brought; date anew the contacts another event keeps, so that event's
    deletion (or retention) forgets them as its own instead of finding them older than its guests."""
    now = utcnow()
    for part in _chunks(judged.hand_over):
        session.exec(update(Contact).where(Contact.workspace == workspace,  # type: ignore[call-overload]
                                           col(Contact.phone).in_(part)).values(created_at=now))
    return _forget_contacts(session, workspace, judged.forget)


def forget_guests(session: Session, event: Event, phones: list[str], since: Since | None = None) -> int:
    """Forget the people these numbers (guests of `event`) brought to the workspace: their contacts with
    conversations, messages, callbacks and reply jobs, unless the contact was there before the event had
    the number (`since`: default the event's guest rows), or another event, an owner, a console user or a
    customer ties the number to the workspace; an opted-out number keeps a bare row. Not committed; the
    number of contacts removed."""
    return _forget_judged(session, event.workspace, _judge(session, event, phones, since=since)).deleted


def people_to_forget(session: Session, event: Event, gone: Collection[int] = ()) -> ForgottenPeople:
    """What `forget_event_people` would do to the event's people, without doing it (retention's dry run):
    the contacts it would delete and the opted-out ones it would keep bare. `gone`: events the same run
    deletes before this one (a number two expired events share goes with the second)."""
    phones = list(session.exec(select(Guest.phone).where(Guest.event_id == event.id)).all())
    contacts: Table = Contact.__table__  # type: ignore[attr-defined]
    deleted = anonymised = 0
    for part in _chunks(_forgettable(session, event, phones, gone)):
        rows = session.connection().execute(
            core_select(contacts.c.opted_out, func.count()).where(contacts.c.workspace == event.workspace,
                                                                  contacts.c.phone.in_(part))
            .group_by(contacts.c.opted_out)).all()
        for opted_out, count in rows:
            if opted_out:
                anonymised += int(count)
            else:
                deleted += int(count)
    return ForgottenPeople(deleted=deleted, anonymised=anonymised)


def forget_campaign_sends(session: Session, campaign_ids: list[int]) -> None:
    """Remove these campaigns' copies (outbox rows hold each guest's number and text) and the delivery
    callbacks of what they sent (keyed by provider id, no foreign key leads to them). Not committed."""
    outbox: Table = OutboxItem.__table__  # type: ignore[attr-defined]
    for part in _chunks(campaign_ids):
        sent = core_select(outbox.c.provider_sid).where(outbox.c.campaign_id.in_(part),
                                                        outbox.c.provider_sid.is_not(None))
        session.exec(delete(MessageStatusEvent).where(col(MessageStatusEvent.provider_sid).in_(sent)))  # type: ignore[call-overload]
        session.exec(delete(OutboxItem).where(col(OutboxItem.campaign_id).in_(part)))  # type: ignore[call-overload]


@dataclass(frozen=True)
class ForgottenEvent:
    """What `forget_event_people` removed; `campaign_ids` are the campaigns whose jobs the caller cancels
    once the deletion is committed."""

    guests: int
    campaign_ids: list[int]
    contacts: int
    contacts_anonymised: int = 0


def forget_event_people(session: Session, event: Event) -> ForgottenEvent:
    """Remove the event and everything personal in it, not committed: its campaigns' copies and delivery
    callbacks (`forget_campaign_sends`), the people only it brought (`forget_guests`), then every row that
    points at the event (guests, campaigns, co-hosts, the picture, and what points at those), found through
    the foreign keys so a table added later is not forgotten. The one way an event goes, on the owner's
    demand (`delete_event`) and when retention expires it (scheduler/campaigns/retention.py)."""
    campaign_ids = [c for c in session.exec(select(Campaign.id).where(Campaign.event_id == event.id)).all()
                    if c is not None]
    phones = list(session.exec(select(Guest.phone).where(Guest.event_id == event.id)).all())
    forget_campaign_sends(session, campaign_ids)
    people = _forget_judged(session, event.workspace, _judge(session, event, phones))
    events: Table = Event.__table__  # type: ignore[attr-defined]
    _delete_below(session.connection(), events, events.c.id == event.id)
    session.delete(event)
    session.flush()
    return ForgottenEvent(guests=len(phones), campaign_ids=campaign_ids, contacts=people.deleted,
                          contacts_anonymised=people.anonymised)


def cancel_campaign_jobs(engine: Engine, campaign_ids: list[int]) -> None:
    """After the deletion is committed (on SQLite the job store writes through another connection): a job
    left behind would find no campaign and do nothing, but it would sit in the store."""
    from scheduler import jobs
    from scheduler.campaigns.scheduling import job_id

    for campaign_id in campaign_ids:
        jobs.cancel(job_id(campaign_id), engine=engine)


def delete_event(session: Session, event: Event) -> dict[str, int]:
    """Remove the event and everything personal in it (committed); returns what was removed, by kind."""
    forgotten = forget_event_people(session, event)
    session.commit()
    cancel_campaign_jobs(session.get_bind(), forgotten.campaign_ids)  # type: ignore[arg-type]
    return {"guests": forgotten.guests, "campaigns": len(forgotten.campaign_ids), "contacts": forgotten.contacts}
