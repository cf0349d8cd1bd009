"""Receiving a customer's message at the edge: store it (committed), then answer it.

The two transactions are deliberate: the message is durable before any answering code runs, so a
crash while answering loses nothing, and a redelivered MessageSid is stopped by the unique key.
"""

from __future__ import annotations

import logging
import time

from bot.channels import SendError
from bot.core.db import write_scope
from bot.core.logs import masked
from bot.core.metrics import DUPLICATES, HANDOFFS, INBOUND, INTENTS, SENT, TURN_SECONDS
from bot.core.models import Message
from bot.services import Services
from handlers.pipeline import handle_message
from handlers.records import get_or_create_contact, store_inbound, store_outbound
from handlers.texts import text
from handlers.turn import Inbound, TurnContext, TurnResult

log = logging.getLogger("bot.inbound")


def store(services: Services, inbound: Inbound) -> int | None:
    """Persist the message; its id, or None when this MessageSid was already received."""
    with write_scope(services.engine) as session:
        message, is_new = store_inbound(session, inbound, services.now())
        if not is_new:
            DUPLICATES.inc()
            return None
        INBOUND.labels(inbound.workspace, inbound.channel).inc()
        return message.id


def answer(services: Services, inbound: Inbound, message_id: int) -> TurnResult:
    """Run the pipeline on a stored message; a failure still gets a polite reply, never a traceback."""
    workspace = services.workspaces.by_slug(inbound.workspace)
    assert workspace is not None
    started = time.perf_counter()
    try:
        with write_scope(services.engine) as session:
            message = session.get(Message, message_id)
            ctx = TurnContext(session=session, workspace=workspace, now=services.now(),
                              knowledge=services.knowledge, answerer=services.answerer)
            result = handle_message(ctx, inbound, message)
    except Exception:
        log.exception("turn failed workspace=%s from=%s", inbound.workspace, masked(inbound.sender))
        lang = workspace.default_language
        return TurnResult(reply=text("temporary_error", lang), lang=lang, intent="unknown")
    finally:
        TURN_SECONDS.observe(time.perf_counter() - started)
    INTENTS.labels(inbound.workspace, result.intent).inc()
    HANDOFFS.labels(inbound.workspace, result.handoff).inc()
    send_outbound(services, inbound, result)
    for hook in services.extras.get("after_turn", []):
        hook(services, inbound, result)
    return result


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


def receive(services: Services, inbound: Inbound) -> TurnResult | None:
    """Store then answer; None for a redelivery that was already handled."""
    message_id = store(services, inbound)
    if message_id is None:
        return None
    return answer(services, inbound, message_id)
