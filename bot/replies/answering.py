"""Answering a claimed message: the turn, its reply row and the job's new state in one transaction.

Inline (the webhook, `bot chat`) the reply leaves as TwiML: the job is `done` when the turn
commits. Through the REST API (the worker) the reply row is committed first as `sending`, linked
to the job by a unique key, then handed to the channel, then marked with the provider's id; a
process that dies in between leaves `sending`, which the sweep turns into `unknown` and never
resends. The model, when there is one, is asked before the transaction (`prefetch`).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.channels import SendError
from bot.core.db import write_scope
from bot.core.logs import masked
from bot.core.metrics import ANSWER_SECONDS, HANDOFFS, INTENTS, SENT
from bot.core.models import Contact, Message, ReplyJob, ReplyState
from bot.replies import jobs
from bot.replies.jobs import Claim
from bot.replies.prefetch import PrefetchedAnswerer, prefetch
from bot.services import Services
from handlers import staff_outbox
from handlers.pipeline import handle_message
from handlers.records import get_or_create_contact, store_outbound
from handlers.texts import text
from handlers.turn import Inbound, TurnContext, TurnResult

log = logging.getLogger("bot.replies")
RECORD_RETRY_SECONDS = 300.0  # keep trying to record a reply that did go out while the database is down


class ClaimLost(Exception):
    """Someone else took this job over (our lease ran out); our turn is rolled back."""


def inbound_of(session: Session, message: Message) -> Inbound:
    """The message as the doors hand it over, rebuilt from its stored row (for the worker)."""
    contact = session.get(Contact, message.contact_id) if message.contact_id else None
    channel = message.channel if message.channel in ("whatsapp", "sms", "console") else "whatsapp"
    return Inbound(workspace=message.workspace, sender=message.sender, text=message.body,
                   channel=channel, provider_sid=message.provider_sid,  # type: ignore[arg-type]
                   profile_name=contact.name if contact else None, recipient=message.recipient)


def turn_in(session: Session, services: Services, inbound: Inbound, message: Message | None, answerer: Any,
            now: Any) -> tuple[TurnResult, int | None]:
    """Run the turn inside the caller's transaction: its rows, its reply row and its staff alerts
    (the outbox row commits with the ticket it is about, or not at all). (result, reply row id)."""
    workspace = services.workspaces.by_slug(inbound.workspace)
    assert workspace is not None
    ctx = TurnContext(session=session, workspace=workspace, now=now, knowledge=services.knowledge,
                      answerer=answerer)
    result = handle_message(ctx, inbound, message)
    reply_id = _reply_id(session, inbound, message, result, now)
    for alert in result.alerts:
        staff_outbox.enqueue(session, workspace, kind=alert.kind, text=alert.text, ticket_id=alert.ticket_id,
                             buttons=alert.buttons, ref=alert.ref, now=now)
    return result, reply_id


def _run_turn(services: Services, inbound: Inbound, claim: Claim, via: str,
              answerer: Any) -> tuple[TurnResult, int | None]:
    """(result, reply row id); raises ClaimLost, OperationalError, or whatever the turn raised."""
    now = services.now()
    with write_scope(services.engine) as session:
        message = session.get(Message, claim.message_id)
        result, reply_id = turn_in(session, services, inbound, message, answerer, now)
        if reply_id is None:
            kept = jobs.finish(session, claim, now, ReplyState.skipped, via=via)
        elif via == "twiml":
            kept = jobs.finish(session, claim, now, ReplyState.done, via=via, reply_message_id=reply_id)
        else:
            session.execute(_SENDING, {"reply_id": reply_id})
            kept = jobs.finish(session, claim, now, ReplyState.sending, via=via, reply_message_id=reply_id,
                               lease=jobs.SEND_LEASE)
        if not kept:
            raise ClaimLost()
        return result, reply_id


_messages = Message.__table__  # type: ignore[attr-defined]
# The REST path: the reply row the turn wrote ("replied") is handed to the channel's API.
_SENDING = update(_messages).where(_messages.c.id == bindparam("reply_id")).values(status="sending")


def _reply_id(session: Session, inbound: Inbound, message: Message | None, result: TurnResult, now: Any,
              status: str = "replied") -> int | None:
    """The outbound row the pipeline recorded for this reply (stored here, with `status`, if it did not)."""
    if not result.reply or message is None:
        return None
    if result.reply_id is not None:
        return result.reply_id
    contact = get_or_create_contact(session, inbound.workspace, inbound.sender)
    conversation = None
    if message.conversation_id is not None:
        from bot.core.models import Conversation

        conversation = session.get(Conversation, message.conversation_id)
    return store_outbound(session, workspace=inbound.workspace, contact=contact, conversation=conversation,
                          body=result.reply, channel=inbound.channel, now=now, status=status,
                          intent=result.intent, topic=result.topic, language=result.lang).id


def _apology(services: Services, inbound: Inbound, claim: Claim, via: str) -> tuple[TurnResult, int | None]:
    """The turn failed (a bug, not the database): the customer still gets a polite reply, once."""
    from knowledge.language import detect_language

    workspace = services.workspaces.by_slug(inbound.workspace)
    assert workspace is not None
    lang = detect_language(inbound.text, fallback=workspace.default_language)  # type: ignore[arg-type]
    if lang not in workspace.languages:
        lang = workspace.default_language
    result = TurnResult(reply=text("temporary_error", lang), lang=lang, intent="unknown")
    now = services.now()
    with write_scope(services.engine) as session:
        message = session.get(Message, claim.message_id)
        reply_id = _reply_id(session, inbound, message, result, now, status="sending" if via == "rest" else "replied")
        assert reply_id is not None
        if not jobs.finish(session, claim, now, ReplyState.sending if via == "rest" else ReplyState.failed,
                           via=via, reply_message_id=reply_id, error="turn_error",
                           lease=jobs.SEND_LEASE if via == "rest" else None):
            raise ClaimLost()
        return result, reply_id


def _prefetched(services: Services, inbound: Inbound, claim: Claim) -> Any:
    """The model's answer asked before the turn; anything but a database error means: answer offline."""
    try:
        return prefetch(services, inbound, claim.message_id)
    except OperationalError:
        raise
    except Exception:
        log.exception("asking the model failed; answering offline workspace=%s", inbound.workspace)
        return PrefetchedAnswerer() if services.answerer is not None else None


def answer(services: Services, inbound: Inbound, claim: Claim, via: str) -> tuple[TurnResult, int | None] | None:
    """Run the turn under `claim`; None when the claim was lost (someone else answers)."""
    started = time.perf_counter()
    try:
        answerer = _prefetched(services, inbound, claim)  # the model, outside any transaction
        try:
            outcome = _run_turn(services, inbound, claim, via, answerer)
        except (ClaimLost, OperationalError):
            raise
        except Exception:
            log.exception("turn failed workspace=%s from=%s", inbound.workspace, masked(inbound.sender))
            outcome = _apology(services, inbound, claim, via)
    except ClaimLost:
        log.warning("reply job %s was taken over; this turn is dropped", claim.job_id)
        return None
    finally:
        ANSWER_SECONDS.observe(time.perf_counter() - started)
    count_turn(inbound, outcome[0])
    return outcome


def count_turn(inbound: Inbound, result: TurnResult) -> None:
    """The metrics of an answered turn, whichever path answered it (this claim, or bot.inbound's one transaction)."""
    INTENTS.labels(inbound.workspace, result.intent).inc()
    HANDOFFS.labels(inbound.workspace, result.handoff).inc()


def after_turn(services: Services, inbound: Inbound, result: TurnResult) -> None:
    """What a committed turn asks for besides its reply: extra messages and the staff hooks."""
    send_outbound(services, inbound, result)
    for hook in services.extras.get("after_turn", []):
        hook(services, inbound, result)


def send_outbound(services: Services, inbound: Inbound, result: TurnResult) -> None:
    """Messages a turn asks to send besides its reply (e.g. a written confirmation), recorded as sent."""
    workspace = services.workspaces.by_slug(inbound.workspace)
    if workspace is None or not result.outbound:
        return
    for item in result.outbound:
        whatsapp = item.channel == "whatsapp"
        try:
            sent = services.channel.send_text(to=item.to, body=item.body, from_=workspace.numbers[0],
                                              whatsapp=whatsapp)
        except SendError as exc:
            log.warning("outbound to=%s failed: %s", masked(item.to), exc.code or "error")
            SENT.labels("turn", "failed").inc()
            continue
        SENT.labels("turn", "sent").inc()
        with write_scope(services.engine) as session:
            contact = get_or_create_contact(session, workspace.slug, item.to)
            store_outbound(session, workspace=workspace.slug, contact=contact, conversation=None, body=item.body,
                           channel=item.channel, now=services.now(), status=sent.status,
                           provider_sid=sent.provider_sid)


def status_callback_url(services: Services) -> str | None:
    if services.channel.name == "console" or not services.settings.twilio_status_callback:
        return None
    return f"{services.settings.public_base_url}/webhooks/twilio/status"


def deliver(services: Services, inbound: Inbound, claim: Claim, reply_id: int, body: str) -> bool:
    """Send a committed `sending` reply through the channel's REST API and record what happened."""
    workspace = services.workspaces.by_slug(inbound.workspace)
    assert workspace is not None
    try:
        sent = services.channel.send_text(to=inbound.sender, body=body, from_=inbound.recipient or workspace.numbers[0],
                                          whatsapp=inbound.channel == "whatsapp",
                                          status_callback=status_callback_url(services))
    except SendError as exc:
        SENT.labels("reply", "failed").inc()
        log.warning("reply to=%s not sent (%s): %s", masked(inbound.sender), masked(body, kind="text"),
                    exc.code or "error")
        _record(services, claim, reply_id, status="failed", provider_sid=None, error=exc.code or "send_error")
        return False
    SENT.labels("reply", "sent").inc()
    _record(services, claim, reply_id, status=sent.status, provider_sid=sent.provider_sid or None, error=None)
    return True


def _record(services: Services, claim: Claim, reply_id: int, *, status: str, provider_sid: str | None,
            error: str | None) -> None:
    """What the provider said, kept even if the database blinks (retried), and even after the sweep
    called the send `unknown`: this process knows better."""
    deadline = time.monotonic() + RECORD_RETRY_SECONDS
    delay = 0.5
    while True:
        try:
            with write_scope(services.engine) as session:
                now = services.now()
                row = session.get(Message, reply_id)
                if row is not None:
                    row.status, row.updated_at = status, now
                    row.provider_sid = provider_sid or row.provider_sid
                    if error:
                        row.error_code = error[:16]
                session.execute(update(ReplyJob).where(
                    ReplyJob.id == claim.job_id,  # type: ignore[arg-type]
                    ReplyJob.state.in_([ReplyState.sending, ReplyState.unknown]))  # type: ignore[attr-defined]
                    .values(state=ReplyState.failed if error else ReplyState.done, lease_until=None,
                            error=error[:64] if error else None, updated_at=now))
            return
        except OperationalError:
            if time.monotonic() > deadline:
                log.error("reply job %s: sent but not recorded (database down); it will read 'unknown'",
                          claim.job_id)
                return
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
