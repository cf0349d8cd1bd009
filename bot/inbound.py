"""Receiving a customer's message at the edge: stored before anything is answered, answered once.

The fast offline turn (`respond`) stores the message and answers it in ONE transaction: the
message, its reply, the conversation and dialogue state, a ticket, the staff alert and the
finished `ReplyJob` commit together, and the TwiML leaves only after that commit, so nothing is
acknowledged that is not stored. If the database fails on the way, nothing is half-written: the
message goes to the disk spool (bot/spool.py) and Twilio is asked to retry.

Otherwise (`store`) the message and its pending `ReplyJob` are committed first, then answered:
when an answerer (LLM) is configured the worker answers (`bot/replies/`), so the model never holds
Twilio's request open; and when an earlier message of the contact is still unanswered, so answers
keep their order. A crash while answering loses nothing there: the worker's sweep answers the job
through the REST API once the claim's lease runs out.

A redelivered MessageSid is stopped by the unique key; what it gets depends on its job: the same
TwiML again when that answer was committed (Twilio only retries when it never got our response), an
answer now when none was given yet, and nothing when the REST path has it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, exists, func
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from bot.core.db import DatabaseBusy, is_postgres, write_scope
from bot.core.metrics import ANSWER_SECONDS, DUPLICATES, INBOUND
from bot.core.models import Contact, Conversation, Message, ReplyJob, ReplyState
from bot.core.models.replies import UNFINISHED
from bot.replies import answering, jobs
from bot.replies.jobs import Claim
from bot.services import Services
from handlers import customers, satisfaction, tickets
from handlers.records import contact_of, conversation_from, insert_inbound, store_inbound
from handlers.turn import Inbound, TurnResult
from scheduler.rsvp import guests

log = logging.getLogger("bot.inbound")

# SQLite locked by another process: the webhook's store waits this long, then spools and answers
# 503; for a moment after such a timeout the next stores spool at once (bot.core.db.DatabaseBusy).
INBOUND_BUSY_MS = 1000


@dataclass(frozen=True)
class Stored:
    message_id: int
    new: bool
    claim: Claim | None = None    # ours to answer now, inline
    replay: str | None = None     # a redelivery of a message answered by TwiML: that reply again
    queued: bool = False          # left to the worker (slow answer, or an earlier message of the contact)
    result: TurnResult | None = None  # answered in the transaction that stored it (`respond`)


# The contact, its latest conversation, whether an earlier message of it is still unanswered, and
# whether it has a live ticket, an open satisfaction question, guest rows of upcoming events or a
# customer record (which the turn's handlers ask, each a query, mostly to learn there is none): one
# statement instead of up to seven. On SQLite, where writers take turns (BEGIN IMMEDIATE), it is the
# turn's first read. On PostgreSQL the contact's row is locked first (FOR UPDATE), and a statement
# that waited for that lock reads its joins as they were before the wait (READ COMMITTED), so the
# conversation or reply job the lock's holder had just committed would be missed: there this
# statement follows the lock.
_LATEST_CONVERSATION_ID = (select(func.max(Conversation.id)).where(Conversation.contact_id == Contact.id)
                           .correlate(Contact).scalar_subquery())
_UNANSWERED = (exists().where(ReplyJob.contact_id == Contact.id, col(ReplyJob.state).in_([s.value for s in UNFINISHED]))
               .correlate(Contact))
_CONTACT_AT_ONCE = (select(Contact, Conversation, _UNANSWERED.label("waiting"),
                           tickets.live_ticket_exists(Contact.id).correlate(Contact).label("live_ticket"),
                           satisfaction.pending_exists(Contact.id, bindparam("survey_since"))
                           .correlate(Contact).label("survey"),
                           guests.upcoming_exists(bindparam("workspace"), bindparam("phone"),
                                                  bindparam("guest_since")).label("guest"),
                           customers.customer_exists(bindparam("workspace"), bindparam("phone")).label("customer"))
                    .outerjoin(Conversation, col(Conversation.id) == _LATEST_CONVERSATION_ID)
                    .where(Contact.workspace == bindparam("workspace"), Contact.phone == bindparam("phone")))


@dataclass(frozen=True)
class _Known:
    """What the turn's first read learnt besides the contact; None: not read (the handlers ask)."""

    live_ticket: bool | None = None
    survey: bool | None = None
    guest: bool | None = None
    customer: bool | None = None

    def remember(self, session: Session, inbound: Inbound, contact: Contact, now: datetime) -> None:
        """Let the handlers' reads of what is known absent answer from the session's read memo
        (handlers.read_memo: until the session next writes) instead of a query each."""
        if self.live_ticket is False:
            tickets.remember_no_live_ticket(session, contact.id or 0)
        if self.survey is False:
            satisfaction.remember_none_pending(session, contact.id or 0, now)
        if self.guest is False:
            guests.remember_no_upcoming(session, inbound.workspace, inbound.sender, now)
        if self.customer is False:
            customers.remember_no_customer(session, inbound.workspace, inbound.sender)


# A contact this transaction created has no ticket and no survey yet (its guest rows are keyed by phone)
_NEW_CONTACT = _Known(live_ticket=False, survey=False)


class _Redelivered(Exception):
    """The MessageSid is stored already: handled on the redelivery path, not in the turn's transaction."""


def respond(services: Services, inbound: Inbound, *, fast: bool = False) -> Stored:
    """Store and answer a message in one transaction (the offline turn); see the module docstring.

    Raises OperationalError / DatabaseBusy when the database cannot take it (the caller
    spools). A redelivery, and a turn that raised, go the two-step way (`store`, then
    `answer_now`), which replays, claims or apologises as the job says."""
    now = services.now()
    started = time.perf_counter()
    try:
        # `fast` (the webhook): a short lock wait, and group commit on SQLite (one fsync for the
        # turns queued together; each still returns only after the COMMIT that has it, bot.core.db)
        with write_scope(services.engine, busy_ms=INBOUND_BUSY_MS if fast else None, group=fast) as session:
            stored = _store_and_answer(session, services, inbound, now)
    except _Redelivered:
        return store(services, inbound, fast=fast)
    except (OperationalError, DatabaseBusy):
        raise
    except Exception:
        log.exception("turn failed workspace=%s; answered on the two-step path", inbound.workspace)
        return store(services, inbound, fast=fast)
    finally:
        ANSWER_SECONDS.observe(time.perf_counter() - started)
    # Counted once committed: a turn that raised is stored again (and counted) by `store`.
    INBOUND.labels(inbound.workspace, inbound.channel).inc()
    if stored.result is not None:
        answering.count_turn(inbound, stored.result)
        answering.after_turn(services, inbound, stored.result)
    return stored


def _contact_and_conversation(session: Session, services: Services, inbound: Inbound,
                              now: datetime) -> tuple[Contact, Conversation, bool, _Known]:
    """(contact, its current conversation, whether an earlier message of it is still unanswered,
    what else the read learnt)."""
    params = {"workspace": inbound.workspace, "phone": inbound.sender, "survey_since": satisfaction.answer_since(now),
              "guest_since": guests.upcoming_since(now)}
    if is_postgres(services.engine):
        # the contact's row stays locked to the commit, so its turns run one at a time
        contact, new_contact = contact_of(session, inbound.workspace, inbound.sender, inbound.profile_name,
                                          lock=True)
        if new_contact:  # a contact created just now has no conversation and no earlier job: neither is looked for
            return contact, conversation_from(session, contact, None, inbound.channel, now), False, _NEW_CONTACT
        found = session.exec(_CONTACT_AT_ONCE, params=params).one()  # after the lock: sees its holder's commit
    else:
        found = session.exec(_CONTACT_AT_ONCE, params=params).first()
        if found is None:
            contact, new_contact = contact_of(session, inbound.workspace, inbound.sender, inbound.profile_name,
                                              looked=True)
            if new_contact:
                return contact, conversation_from(session, contact, None, inbound.channel, now), False, _NEW_CONTACT
            found = session.exec(_CONTACT_AT_ONCE, params=params).one()  # created meanwhile
    contact, latest, waiting, live_ticket, survey, guest, customer = found
    if inbound.profile_name and not contact.name:
        contact.name = inbound.profile_name
    known = _Known(bool(live_ticket), bool(survey), bool(guest), bool(customer))
    return contact, conversation_from(session, contact, latest, inbound.channel, now), bool(waiting), known


def _store_and_answer(session: Session, services: Services, inbound: Inbound, now: datetime) -> Stored:
    contact, conversation, waiting, known = _contact_and_conversation(session, services, inbound, now)
    try:
        message = insert_inbound(session, inbound, contact, conversation, now)
    except IntegrityError as exc:  # the MessageSid's unique key: a redelivery
        raise _Redelivered() from exc
    assert message.id is not None
    if waiting:  # its answer goes after the earlier one's
        jobs.enqueue(session, message, now)
        return Stored(message.id, True, queued=True)
    known.remember(session, inbound, contact, now)  # after the insert's flush, which would forget it
    result, reply_id = answering.turn_in(session, services, inbound, message, None, now)
    jobs.answered(session, message, now, via="twiml", reply_message_id=reply_id)
    return Stored(message.id, True, result=result)


def store(services: Services, inbound: Inbound, *, inline: bool = True, fast: bool = False) -> Stored:
    """Persist the message and its reply job; claim it for an inline answer when `inline` and free.

    `fast` (the webhook): a short SQLite lock wait, and none at all just after a lock timeout."""
    now = services.now()
    with write_scope(services.engine, busy_ms=INBOUND_BUSY_MS if fast else None) as session:
        # PostgreSQL: one contact's messages are stored one at a time, so each sees the jobs before it (order)
        message, is_new = store_inbound(session, inbound, now, lock=is_postgres(services.engine))
        assert message.id is not None
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
    """Store and answer inline (`bot chat`); None for a redelivery that was already handled."""
    stored = respond(services, inbound) if services.answerer is None else store(services, inbound)
    if stored.result is not None:
        return stored.result
    if stored.claim is None:
        return None
    return answer_now(services, inbound, stored.claim)
