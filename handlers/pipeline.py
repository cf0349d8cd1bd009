"""One turn, one function: every inbound message from every door goes through `handle_message`.

Understand (language, intent) ▸ decide (interceptors, then the intent's handler) ▸ answer
(store the reply). `now` comes from the caller so hours, windows and stories are reproducible.
"""

from __future__ import annotations

import logging
import re

from bot.core.logs import masked
from bot.core.models import Contact, Conversation, ConversationStatus, Message
from handlers import routes
from handlers.dialogue import flow as dialogue
from handlers.dialogue import model as dialogue_model
from handlers.records import current_conversation, get_or_create_contact, store_inbound, store_outbound
from handlers.turn import Inbound, Turn, TurnContext, TurnResult
from knowledge.grammar import address

log = logging.getLogger("bot.pipeline")


# A message this short in Latin letters ("ok", "START", "thx", "iPhone") says little about the
# customer's language; a Hebrew or Russian conversation keeps its language for it.
_SHORT_LATIN_WORDS = 2
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def choose_language(text: str, remembered: str) -> str:
    """The reply language: detected from the text, except that a short Latin reply keeps memory."""
    from knowledge.language import detect_language

    detected = detect_language(text, fallback=remembered)  # type: ignore[arg-type]
    if detected == "en" and remembered != "en":
        stripped = _LATIN_WORD.sub("", text)
        if not any(ch.isalpha() for ch in stripped) and len(_LATIN_WORD.findall(text)) <= _SHORT_LATIN_WORDS:
            return remembered
    return detected


def understand(turn: Turn) -> None:
    """Language first (remembered per conversation), then intent in that language and context."""
    from handlers.understanding.reading import classify_turn, read_transliteration
    from knowledge.language import detect_language

    read_transliteration(turn)
    remembered = turn.conversation.language or turn.contact.language
    if remembered:
        turn.lang = choose_language(turn.inbound.text, remembered)
    else:
        turn.lang = detect_language(turn.inbound.text, fallback=turn.workspace.default_language)  # type: ignore[arg-type]
    guess = classify_turn(turn, is_known_guest=routes.is_known_guest(turn))
    turn.intent, turn.intent_confidence = guess.intent, guess.confidence


def decide(turn: Turn) -> TurnResult:
    for interceptor in [*routes.get_interceptors(), dialogue.intercept]:
        result = interceptor(turn)
        if result is not None:
            return result
    for handler in routes.handlers_for(turn.intent):
        result = handler(turn)
        if result is not None:
            return result
    return routes.fall_back(turn)


def handle_message(ctx: TurnContext, inbound: Inbound, message: Message | None = None) -> TurnResult:
    """Answer one inbound message. Stores it first unless the door already did (`message`)."""
    session, now = ctx.session, ctx.now
    address.use(ctx.workspace)  # Hebrew replies of this turn speak in the workspace's one form
    if message is None:
        message, _ = store_inbound(session, inbound, now)
    # the door already found or created the contact (and, answering in the transaction that stored
    # the message, its conversation): read them by key, from the session, rather than look them up again
    contact = session.get(Contact, message.contact_id) if message.contact_id else None
    if contact is None:
        contact = get_or_create_contact(session, inbound.workspace, inbound.sender, inbound.profile_name)
    conversation = session.get(Conversation, message.conversation_id) if message.conversation_id else None
    if conversation is None or conversation.status == ConversationStatus.resolved:
        conversation = current_conversation(session, contact, inbound.channel, now)
    if message.conversation_id != conversation.id:
        message.conversation_id = conversation.id
    turn = Turn(ctx=ctx, inbound=inbound, contact=contact, conversation=conversation, message=message,
                lang=conversation.language or contact.language or ctx.workspace.default_language)
    understand(turn)
    dialogue.begin(turn)  # the previous turn's topic, entities and pending proposal (handlers/dialogue)
    result = dialogue_model.reconsider(turn, decide(turn), decide)  # with an OpenAI key: a second reading
    result.data["dialogue_state"] = dialogue.finish(turn, result).as_dict()  # as stored, for stories
    action = result.data.get("action") or (result.intent if result.intent in dialogue.CONFIRMED else None)
    if result.topic is None and action:  # after `finish`, so the next turn reads the stored state as before
        result.topic = turn.workspace.understanding.rule_topic(action)  # the rule the reply applied

    conversation.language = result.lang
    contact.language = result.lang
    conversation.last_inbound_at = now
    conversation.updated_at = now
    message.intent, message.topic, message.language, message.processed = (
        result.intent, result.topic, turn.lang, True)
    message.confidence = round(result.confidence if result.topic else turn.intent_confidence, 3)  # the inbox
    if result.reply:
        result.reply_id = store_outbound(
            session, workspace=inbound.workspace, contact=contact, conversation=conversation, body=result.reply,
            channel=inbound.channel, now=now, status="replied", intent=result.intent, topic=result.topic,
            language=result.lang).id
    session.flush()
    if log.isEnabledFor(logging.INFO):  # masking costs something even when the line is not written
        log.info("turn workspace=%s from=%s intent=%s topic=%s handoff=%s text=%s", inbound.workspace,
                 masked(inbound.sender), result.intent, result.topic, result.handoff,
                 masked(inbound.text, kind="text"))
    return result
