"""Claiming and finishing reply jobs, so each received message is answered once, in order per contact.

A job is claimed by a conditional UPDATE (state still free, or its lease run out) that sets a fresh
token; whoever later finishes it repeats the token in its WHERE clause, so a claim taken over by
the sweep can never be finished by the process that lost it. On PostgreSQL the batch claim reads
candidates with `FOR UPDATE SKIP LOCKED`, so several workers never wait on one another.

Order: a job is claimable only when no earlier job of the same contact is unfinished (pending,
claimed or sending), so a conversation's second message waits for its first answer.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session

from bot.core.db import is_postgres, session_scope, write_scope
from bot.core.models import Message, ReplyJob, ReplyState
from bot.core.models.replies import UNFINISHED

# How long a claim holds before the sweep may take the job over. The inline (TwiML) path: past
# Twilio's 15 s its answer is thrown away by Twilio anyway, so the sweep answering through the REST
# API instead (and the late turn losing its claim) is right. The worker may wait for the model first.
INLINE_LEASE = timedelta(seconds=20)
SEND_LEASE = timedelta(seconds=60)   # a REST call in flight; after it the job is `unknown`, never resent
RETRY_DELAYS = (timedelta(seconds=2), timedelta(seconds=10), timedelta(seconds=60))

_table = ReplyJob.__table__  # type: ignore[attr-defined]
# Every inline turn runs these two: built once, values bound.
_INSERT = insert(_table)
_UNFINISHED_OF_CONTACT = (select(_table.c.id).where(_table.c.contact_id == bindparam("contact_id"),
                                                    _table.c.state.in_([s.value for s in UNFINISHED])).limit(1))


@dataclass(frozen=True)
class Claim:
    """The right to answer one message, until `lease_until` or until the token is replaced."""

    job_id: int
    message_id: int
    token: str
    attempts: int


def worker_lease(model_timeout: float) -> timedelta:
    """A worker's claim outlives the model's time plus the turn, with room to spare."""
    return timedelta(seconds=max(60.0, 3 * model_timeout + 30))


def enqueue(session: Session, message: Message, now: datetime) -> ReplyJob:
    """The job for a message just stored, written in the same transaction as the message."""
    job = ReplyJob(message_id=message.id or 0, workspace=message.workspace, contact_id=message.contact_id or 0,
                   available_at=now, created_at=now, updated_at=now)
    session.add(job)
    session.flush()
    return job


def answered(session: Session, message: Message, now: datetime, *, via: str, reply_message_id: int | None) -> None:
    """The job of a message answered in the transaction that stored it: written finished (never
    pending, so no one else can claim it), and still the redelivery's record of what was answered:
    done with its reply, skipped when the turn gave none. A plain INSERT (no ORM object): nothing in
    the turn reads it back."""
    state = ReplyState.done if reply_message_id is not None else ReplyState.skipped
    session.execute(_INSERT, {"message_id": message.id, "workspace": message.workspace,
                              "contact_id": message.contact_id or 0, "state": state, "via": via, "attempts": 1,
                              "reply_message_id": reply_message_id, "available_at": now, "created_at": now,
                              "updated_at": now})


def waiting_behind(session: Session, contact_id: int) -> bool:
    """Whether an earlier message of this contact is still unanswered (its answer must go first)."""
    return session.execute(_UNFINISHED_OF_CONTACT, {"contact_id": contact_id}).first() is not None


def job_for(session: Session, message_id: int) -> ReplyJob | None:
    return session.execute(select(ReplyJob).where(ReplyJob.message_id == message_id)).scalars().first()


def _claimable(now: datetime):  # type: ignore[no-untyped-def]
    """Free to take: pending and due, or claimed by someone whose lease has run out."""
    return or_(and_(_table.c.state == ReplyState.pending, _table.c.available_at <= now),
               and_(_table.c.state == ReplyState.claimed, _table.c.lease_until < now))


def _first_in_line():  # type: ignore[no-untyped-def]
    earlier = aliased(ReplyJob)
    return ~exists().where(earlier.contact_id == _table.c.contact_id, earlier.id < _table.c.id,
                           earlier.state.in_([s.value for s in UNFINISHED]))  # type: ignore[union-attr]


def try_claim(session: Session, job_id: int, now: datetime, lease: timedelta, via: str) -> Claim | None:
    """Claim one job if it is free and first in its contact's line; None when someone else has it."""
    token = secrets.token_hex(16)
    result = session.execute(
        update(_table).where(_table.c.id == job_id, _claimable(now), _first_in_line())
        .values(state=ReplyState.claimed, claim_token=token, lease_until=now + lease, via=via,
                attempts=_table.c.attempts + 1, updated_at=now)
        .returning(_table.c.message_id, _table.c.attempts))
    row = result.first()
    if row is None:
        return None
    return Claim(job_id=job_id, message_id=int(row[0]), token=token, attempts=int(row[1]))


def claim_batch(engine: Engine, now: datetime, limit: int, lease: timedelta) -> list[Claim]:
    """Up to `limit` claimable jobs, oldest first, at most one per contact (its first in line)."""
    if not has_due_work(engine, now):
        return []
    with write_scope(engine) as session:
        _give_up_on_lost_sends(session, now)
        query = (select(_table.c.id).where(_claimable(now), _first_in_line())
                 .order_by(_table.c.id).limit(limit))
        if is_postgres(engine):
            query = query.with_for_update(skip_locked=True)
        ids = [int(i) for i in session.execute(query).scalars()]
        claims = [try_claim(session, job_id, now, lease, "rest") for job_id in ids]
    return [c for c in claims if c is not None]


def has_due_work(engine: Engine, now: datetime) -> bool:
    """A read-only look first, so an idle worker never takes SQLite's write lock."""
    with session_scope(engine) as session:
        due = or_(_claimable(now), and_(_table.c.state == ReplyState.sending, _table.c.lease_until < now))
        return session.execute(select(_table.c.id).where(due).limit(1)).first() is not None


def _give_up_on_lost_sends(session: Session, now: datetime) -> None:
    """A REST call whose process died in flight: maybe sent, maybe not. Twilio has no idempotency key,
    so a second send could duplicate; the job and its reply become `unknown` and are never resent."""
    lost = list(session.execute(select(_table.c.id, _table.c.reply_message_id).where(
        _table.c.state == ReplyState.sending, _table.c.lease_until < now)).all())
    for job_id, reply_id in lost:
        session.execute(update(_table).where(_table.c.id == job_id, _table.c.state == ReplyState.sending)
                        .values(state=ReplyState.unknown, claim_token=None, lease_until=None, updated_at=now))
        if reply_id is not None:
            message = session.get(Message, reply_id)
            if message is not None and message.status == "sending":
                message.status, message.updated_at = "unknown", now


def finish(session: Session, claim: Claim, now: datetime, state: ReplyState, *, via: str | None = None,
           reply_message_id: int | None = None, lease: timedelta | None = None, error: str | None = None) -> bool:
    """Move a claimed job on, only while the claim is still ours; False when it was taken over."""
    values: dict[str, object] = {"state": state, "updated_at": now,
                                 "lease_until": now + lease if lease else None}
    if via is not None:
        values["via"] = via
    if reply_message_id is not None:
        values["reply_message_id"] = reply_message_id
    if error is not None:
        values["error"] = error[:64]
    result = session.execute(update(_table).where(
        _table.c.id == claim.job_id, _table.c.claim_token == claim.token,
        _table.c.state.in_([ReplyState.claimed, ReplyState.sending])).values(**values))
    return result.rowcount == 1  # type: ignore[attr-defined]


def release(engine: Engine, claim: Claim, now: datetime) -> bool:
    """Give a claim back for a later retry (a transient failure), with a growing delay."""
    delay = RETRY_DELAYS[min(claim.attempts, len(RETRY_DELAYS)) - 1]
    with write_scope(engine) as session:
        result = session.execute(update(_table).where(
            _table.c.id == claim.job_id, _table.c.claim_token == claim.token, _table.c.state == ReplyState.claimed)
            .values(state=ReplyState.pending, claim_token=None, lease_until=None, available_at=now + delay,
                    updated_at=now))
        return result.rowcount == 1  # type: ignore[attr-defined]


def counts(engine: Engine) -> dict[str, int]:
    """Jobs by state (for health checks and benchmarks)."""
    with session_scope(engine) as session:
        rows = session.execute(select(_table.c.state, func.count()).group_by(_table.c.state)).all()
    return {str(state): int(n) for state, n in rows}
