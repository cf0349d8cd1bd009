"""Deleting event data about six months after the event (policy: "the event and its guest list are
deleted about half a year after the event"), per workspace `rsvp.retention_days`.

Deletion follows foreign keys generically: every table that points at an expired event (guests,
campaigns) and at those rows (outbox items, answers other modules keep) is emptied first, so a table
added later by another module is not forgotten. An expired event goes exactly as one deleted on demand
(scheduler/rsvp/event_delete.py, `forget_event_people`, one transaction per event): a guest's
contact, conversations and messages go unless another event, an owner, a console user or a customer keeps
the number, and an opted-out number keeps a bare row; the campaigns' delivery callbacks go too.
`dry_run` lists what would go without touching it, counted as the real run counts what it did: guests,
campaigns, copies, and the contacts deleted or (opted out) kept bare.

Each real run also removes the SQLite dispatch lock files (locks.py) of campaigns that are done,
cancelled or deleted, so they do not pile up next to the database. A lock a dispatcher holds is never
touched; see `locks.remove_idle_lock_file` for why removing the others cannot let two dispatchers in.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from bot.core.models import Campaign, CampaignState, Event, Guest, OutboxItem
from scheduler.campaigns.locks import lock_files, remove_idle_lock_file
from scheduler.rsvp.event_delete import cancel_campaign_jobs, forget_event_people, people_to_forget

log = logging.getLogger("scheduler.retention")
FINISHED = frozenset({CampaignState.done, CampaignState.cancelled})  # never dispatched again


@dataclass(frozen=True)
class ExpiredEvent:
    workspace: str
    event_id: int
    key: str
    starts_at: str
    delete_after: str
    guests: int
    campaigns: int
    outbox_items: int
    contacts: int = 0             # contacts (with conversations and messages) deleted: no one else keeps the number
    contacts_anonymised: int = 0  # opted-out contacts kept bare (number and opt-out only)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _count(connection: Connection, table: Any, column: Any, ids: Any) -> int:
    return int(connection.execute(select(func.count()).select_from(table).where(column.in_(ids))).scalar_one())


def expired_events(connection: Connection, workspaces: Any, now: datetime) -> list[ExpiredEvent]:
    """Events whose retention period is over, per the workspace's `rsvp.retention_days`, in the order a run
    deletes them, each with what its deletion would remove: the contacts counted as `forget_event_people`
    will treat them once the events before it in the list are gone (event_delete.people_to_forget)."""
    found: list[ExpiredEvent] = []
    gone: list[int] = []
    session = Session(bind=connection)
    events = Event.__table__  # type: ignore[attr-defined]
    for workspace in workspaces:
        days = int(workspace.rsvp.retention_days)
        cutoff = now - timedelta(days=days)
        rows = connection.execute(select(events.c.id, events.c.key, events.c.starts_at)
                                  .where(events.c.workspace == workspace.slug, events.c.starts_at < cutoff)
                                  .order_by(events.c.starts_at)).all()
        for event_id, key, starts_at in rows:
            campaigns = select(Campaign.id).where(Campaign.event_id == event_id)
            event = session.get(Event, event_id)
            assert event is not None
            people = people_to_forget(session, event, gone)
            gone.append(event_id)
            found.append(ExpiredEvent(
                workspace=workspace.slug, event_id=event_id, key=key, starts_at=starts_at.isoformat(),
                delete_after=(starts_at + timedelta(days=days)).isoformat(),
                guests=_count(connection, Guest.__table__, Guest.event_id, [event_id]),  # type: ignore[attr-defined]
                campaigns=_count(connection, Campaign.__table__, Campaign.event_id, [event_id]),  # type: ignore[attr-defined]
                outbox_items=_count(connection, OutboxItem.__table__, OutboxItem.campaign_id, campaigns),  # type: ignore[attr-defined]
                contacts=people.deleted, contacts_anonymised=people.anonymised,
            ))
    session.close()
    return found


def purge(engine: Engine, workspaces: Any, now: datetime, *, dry_run: bool) -> list[ExpiredEvent]:
    """Delete (or, with dry_run, only list) every expired event with everything hanging from it; a real run
    then removes the lock files of finished campaigns (remove_finished_lock_files)."""
    with engine.connect() as connection:
        expired = expired_events(connection, workspaces, now)
    if dry_run:
        return expired
    done: list[ExpiredEvent] = []
    for item in expired:
        with Session(engine) as session:  # one transaction per event: a failure leaves the others done
            event = session.get(Event, item.event_id)
            if event is None:  # deleted on demand meanwhile
                continue
            forgotten = forget_event_people(session, event)  # the same deletion as on the owner's demand
            session.commit()
        cancel_campaign_jobs(engine, forgotten.campaign_ids)
        log.info("retention: deleted event %s/%s (%d guests, %d contacts, %d opted-out contacts kept bare)",
                 item.workspace, item.key, forgotten.guests, forgotten.contacts, forgotten.contacts_anonymised)
        done.append(replace(item, contacts=forgotten.contacts, contacts_anonymised=forgotten.contacts_anonymised))
    remove_finished_lock_files(engine)
    return done


def _finished_or_gone(engine: Engine, campaign_id: int) -> bool:
    with engine.connect() as connection:
        state = connection.execute(select(Campaign.state).where(Campaign.id == campaign_id)).scalar_one_or_none()
    return state is None or state in FINISHED


def remove_finished_lock_files(engine: Engine) -> int:
    """Remove the dispatch lock files (SQLite) of campaigns that are done, cancelled or deleted and that no
    dispatcher holds; the number removed. Files of scheduled/sending campaigns stay (a restarted dispatcher
    uses them), and so does any file that is locked right now."""
    files = lock_files(engine)
    if not files:
        return 0
    ids = sorted(files)
    states: dict[int, str] = {}
    with engine.connect() as connection:
        for start in range(0, len(ids), 500):  # years of files: stay under SQLite's bound-parameter limit
            states.update(connection.execute(select(Campaign.id, Campaign.state)
                                             .where(Campaign.id.in_(ids[start:start + 500]))).all())  # type: ignore[union-attr, arg-type]
    removed = 0
    for campaign_id in ids:
        if campaign_id in states and states[campaign_id] not in FINISHED:
            continue
        # asked again under the file's lock: a deleted campaign's id could have been given to a new one
        if remove_idle_lock_file(engine, campaign_id, lambda c=campaign_id: _finished_or_gone(engine, c)):
            removed += 1
    if removed:
        log.info("retention: removed %d lock files of finished campaigns", removed)
    return removed


def retention_job() -> None:
    """Periodic job (scheduler.runner.periodic): delete expired event data."""
    from scheduler import runtime

    context = runtime.context()
    purge(context.engine, context.workspaces, context.now(), dry_run=False)
