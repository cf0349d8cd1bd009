"""Asking the model before the turn's transaction, so a slow model never holds a database write.

The turn itself is short and runs inside one write transaction; the FAQ handler would ask the
answerer in the middle of it. So the language and intent are found first the way the pipeline
finds them (read-only, rolled back), the model is asked only when the turn may reach the FAQ
handler, and the turn then gets a `PrefetchedAnswerer` that hands back that answer without any
network call (anything else it is asked gets the offline answer).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session, col, select

from bot.core.models import Contact, Conversation, ConversationStatus, Message
from bot.services import Services
from handlers.turn import Inbound, Turn, TurnContext

log = logging.getLogger("bot.replies")


class PrefetchedAnswerer:
    """Hands the turn an answer fetched before its transaction; never calls the network itself."""

    def __init__(self, kb: Any = None, text: str = "", lang: str | None = None, prefetched: Any = None) -> None:
        self.kb, self.text, self.lang, self.prefetched = kb, text, lang, prefetched

    def answer(self, kb: Any, text: str, lang: Any = None) -> Any:
        from knowledge.answer import answer_question

        if self.prefetched is not None and kb is self.kb and text == self.text and lang == self.lang:
            return self.prefetched
        return answer_question(kb, text, lang)


def _live_conversation(session: Session, contact: Contact) -> Conversation | None:
    return session.exec(
        select(Conversation)
        .where(Conversation.contact_id == contact.id, Conversation.status != ConversationStatus.resolved)
        .order_by(col(Conversation.id).desc())
    ).first()


def faq_question(services: Services, inbound: Inbound, message_id: int) -> tuple[Any, str] | None:
    """(knowledge base, language) when the turn would ask the knowledge base, else None. Reads only."""
    from handlers import faq, routes
    from handlers.pipeline import understand

    workspace = services.workspaces.by_slug(inbound.workspace)
    if workspace is None or services.knowledge is None:
        return None
    kb = services.knowledge.get(workspace.slug)
    if kb is None:
        return None
    with Session(services.engine) as session:
        message = session.get(Message, message_id)
        contact = session.get(Contact, message.contact_id) if message and message.contact_id else None
        if message is None or contact is None:
            return None
        conversation = _live_conversation(session, contact) or Conversation(
            workspace=contact.workspace, contact_id=contact.id or 0, channel=inbound.channel, language=contact.language)
        ctx = TurnContext(session=session, workspace=workspace, now=services.now(), knowledge=services.knowledge)
        turn = Turn(ctx=ctx, inbound=inbound, contact=contact, conversation=conversation, message=message,
                    lang=conversation.language or contact.language or workspace.default_language)
        understand(turn)
        session.rollback()  # nothing of this probe is kept
    if faq.handle not in routes.handlers_for(turn.intent):
        return None
    return kb, turn.lang


def prefetch(services: Services, inbound: Inbound, message_id: int) -> Any:
    """The answerer the turn should use: the model's answer asked now, outside any transaction."""
    if services.answerer is None:
        return None
    question = faq_question(services, inbound, message_id)
    if question is None:
        return PrefetchedAnswerer()
    kb, lang = question
    return PrefetchedAnswerer(kb, inbound.text, lang, services.answerer.answer(kb, inbound.text, lang))
