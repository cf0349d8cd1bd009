"""Receiving a customer's message at the edge: store it with its reply job (committed), then answer it.

The message and its `ReplyJob` are durable before any answering code runs, so a crash while
answering loses nothing: the worker's sweep answers the job through the REST API once the claim's
lease runs out. A redelivered MessageSid is stopped by the unique key; what it gets depends on its
job: the same TwiML again when that answer was committed (Twilio only retries when it never got
our response), an answer now when none was given yet, and nothing when the REST path has it.

Inline answers (TwiML) are for the fast offline turn. When an answerer (LLM) is configured the
webhook only stores and the worker answers (`bot/replies/`), so the model never holds Twilio's
request open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.core.db import DatabaseBusy, is_postgres, write_scope
from bot.core.metrics import DUPLICATES, INBOUND
from bot.core.models import Contact, Message, ReplyState
from bot.replies import answering, jobs
from bot.replies.jobs import Claim
from bot.services import Services
from handlers.records import store_inbound
from handlers.turn import Inbound, TurnResult

log = logging.getLogger("bot.inbound")

# SQLite locked by another process: the webhook's store waits this long, then spools and answers
# 503; for a moment after such a timeout the next stores spool at once (bot.core.db.DatabaseBusy).
INBOUND_BUSY_MS = 1000
StoreUnavailable = DatabaseBusy


@dataclass(frozen=True)
class Stored:
    message_id: int
    new: bool
    claim: Claim | None = None    # ours to answer now, inline
    replay: str | None = None     # a redelivery of a message answered by TwiML: that reply again
    queued: bool = False          # left to the worker (slow answer, or an earlier message of the contact)


def store(services: Services, inbound: Inbound, *, inline: bool = True, fast: bool = False) -> Stored:
    """Persist the message and its reply job; claim it for an inline answer when `inline` and free.

    `fast` (the webhook): a short SQLite lock wait, and none at all just after a lock timeout."""
    now = services.now()
    with write_scope(services.engine, busy_ms=INBOUND_BUSY_MS if fast else None) as session:
        message, is_new = store_inbound(session, inbound, now)
        assert message.id is not None
        if is_postgres(services.engine) and message.contact_id:
            # one contact's messages are stored one at a time, so each sees the jobs before it (order)
            session.execute(select(Contact.id).where(Contact.id == message.contact_id).with_for_update())  # type: ignore[arg-type]
        if is_new:
            INBOUND.labels(inbound.workspace, inbound.channel).inc()
            job = jobs.enqueue(session, message, now)
            claim = jobs.try_claim(session, job.id or 0, now, jobs.INLINE_LEASE, "twiml") if inline else None
            return Stored(message.id, True, claim=claim, queued=claim is None)
        DUPLICATES.inc()
        job = jobs.job_for(session, message.id)
        if job is None:  # stored before reply jobs existed
            return Stored(message.id, False)
        if job.state == ReplyState.done and job.via == "twiml" and job.reply_message_id is not None:
            reply = session.get(Message, job.reply_message_id)
            return Stored(message.id, False, replay=reply.body if reply else None)
        if job.state in (ReplyState.pending, ReplyState.claimed):
            claim = jobs.try_claim(session, job.id or 0, now, jobs.INLINE_LEASE, "twiml") if inline else None
            return Stored(message.id, False, claim=claim, queued=claim is None)
        return Stored(message.id, False)


def answer_now(services: Services, inbound: Inbound, claim: Claim) -> TurnResult | None:
    """Answer a claimed message inline (the reply goes back as TwiML); None if the claim was lost."""
    outcome = answering.answer(services, inbound, claim, "twiml")
    if outcome is None:
        return None
    result = outcome[0]
    answering.after_turn(services, inbound, result)
    return result


def give_back(services: Services, claim: Claim) -> None:
    """The database failed mid-turn: free the claim if it can be reached, so a retry answers at once
    (otherwise the lease runs out and the sweep answers through the REST API)."""
    try:
        jobs.release(services.engine, claim, services.now())
    except OperationalError:
        log.warning("reply job %s keeps its claim until the lease runs out", claim.job_id)


def receive(services: Services, inbound: Inbound) -> TurnResult | None:
    """Store then answer inline (`bot chat`); None for a redelivery that was already handled."""
    stored = store(services, inbound)
    if stored.claim is None:
        return None
    return answer_now(services, inbound, stored.claim)
