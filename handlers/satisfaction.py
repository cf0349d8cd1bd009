"""Satisfaction (CSAT): after a person closes a ticket the customer is asked once for a 1-5 rating.

Asked only inside WhatsApp's 24-hour window (a template for a survey would cost more than it tells),
never to an opted-out contact; otherwise the survey row records why it was not asked, so the rate of
asking is visible. The customer's next message, if it is a bare rating ("5", "4/5", "⭐⭐⭐", "חמש",
"пять"), is stored with the ticket and thanked instead of going to the FAQ; any other message lets
the question lapse, so a later "2" (a party size, a menu choice) is never read as a rating.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import ColumnElement, Exists, bindparam, exists
from sqlmodel import Session, col, select

from bot.core.models import Contact, Conversation, ConversationStatus, SatisfactionSurvey, Ticket, TicketStatus
from bot.core.workspaces import Workspace
from handlers.read_memo import remember, remembered
from handlers.texts import text
from handlers.turn import Turn, TurnResult
from scheduler.customer_notice import inside_window, send_to_contact

INTENT = "satisfaction"
_STARS = re.compile(r"^[⭐★🌟]{1,5}$")
_DIGIT = re.compile(r"^([1-5])(?:\ufe0f?\u20e3)?(?:\s*(?:/|מתוך|из|of|out of)\s*5)?$", re.IGNORECASE)
_TRIM = re.compile(r"^[\s\"'.,!?()*]+|[\s\"'.,!?()*]+$")


@cache
def _data() -> dict[str, Any]:
    with Path(__file__).with_suffix(".yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _words() -> dict[str, int]:
    return {word.casefold(): int(score) for score, words in _data()["words"].items() for word in words}


def parse_rating(body: str) -> int | None:
    """1-5 when the whole message is a rating, else None ("5 guests" or "I'd give 5" are not)."""
    said = _TRIM.sub("", body).replace("\u00a0", " ")
    if not said:
        return None
    compact = said.replace(" ", "")
    if _STARS.match(compact.replace("\ufe0f", "")):
        return len(compact.replace("\ufe0f", ""))
    found = _DIGIT.match(said)
    if found:
        return int(found.group(1))
    return _words().get(said.casefold())


def _survey(session: Session, workspace: Workspace, ticket: Ticket, now: datetime) -> SatisfactionSurvey:
    survey = SatisfactionSurvey(workspace=workspace.slug, ticket_id=ticket.id or 0, contact_id=ticket.contact_id,
                                conversation_id=ticket.conversation_id, assignee=ticket.assignee, created_at=now)
    session.add(survey)
    return survey


def ask_after_close(session: Session, channel: Any, workspace: Workspace, ticket: Ticket, now: datetime,
                    status_callback: str | None = None) -> SatisfactionSurvey | None:
    """Ask once per ticket in the customer's language; None if this ticket was already surveyed."""
    if session.exec(select(SatisfactionSurvey.id).where(SatisfactionSurvey.ticket_id == ticket.id)).first():
        return None
    survey = _survey(session, workspace, ticket, now)
    contact = session.get(Contact, ticket.contact_id)
    conversation = session.get(Conversation, ticket.conversation_id) if ticket.conversation_id else None
    if contact is None or contact.opted_out:
        survey.skipped = "opted_out"
        return survey
    if not inside_window(conversation, now):
        survey.skipped = "outside_window"
        return survey
    lang = (conversation.language if conversation else None) or contact.language or workspace.default_language
    body = text("csat_ask", lang, number=ticket.number, workspace=workspace.name)
    delivery = send_to_contact(session, channel, workspace, contact=contact, conversation=conversation, body=body,
                               purpose="notice", now=now, status_callback=status_callback)
    if delivery.sent:
        survey.asked, survey.asked_at = True, now
    else:
        survey.skipped = "not_sent"
    return survey


def _open_question(contact_id: ColumnElement[int], since: ColumnElement[datetime]) -> list[ColumnElement[bool]]:
    """A survey of `contact_id` asked since `since` and neither answered nor skipped."""
    return [SatisfactionSurvey.contact_id == contact_id, col(SatisfactionSurvey.asked).is_(True),
            col(SatisfactionSurvey.rating).is_(None), col(SatisfactionSurvey.skipped).is_(None),
            col(SatisfactionSurvey.asked_at) >= since]


# Asked on every turn (the interceptor): built once, values bound.
_PENDING = (select(SatisfactionSurvey).where(*_open_question(bindparam("contact_id"), bindparam("since")))
            .order_by(col(SatisfactionSurvey.id).desc()).limit(1))


def answer_since(now: datetime) -> datetime:
    """The oldest question a rating sent at `now` may still answer."""
    return now - timedelta(hours=float(_data()["answer_hours"]))


def pending(session: Session, contact_id: int, now: datetime) -> SatisfactionSurvey | None:
    """The contact's open question, asked within the answer window and not yet answered (read once
    until the session next writes; bot.inbound may have read that there is none)."""
    since = answer_since(now)

    def read() -> SatisfactionSurvey | None:
        return session.exec(_PENDING, params={"contact_id": contact_id, "since": since}).first()

    return remembered(session, ("pending_survey", contact_id, since), read)


def pending_exists(contact_id: ColumnElement[int], since: ColumnElement[datetime]) -> Exists:
    """Whether `pending` would find a question, as an EXISTS another read can carry (bot.inbound
    asks it with the contact, one statement instead of one more a turn); `since`: `answer_since`."""
    return exists().where(*_open_question(contact_id, since))


def remember_none_pending(session: Session, contact_id: int, now: datetime) -> None:
    """`pending` answers None without a query until the session next writes (the caller has just
    read that there is no open question)."""
    remember(session, ("pending_survey", contact_id, answer_since(now)), None)



def _has_live_ticket(turn: Turn) -> bool:
    return turn.session.exec(select(Ticket.id).where(Ticket.conversation_id == turn.conversation.id,
                                                     Ticket.status != TicketStatus.closed)).first() is not None


def handle(turn: Turn) -> TurnResult | None:
    """Interceptor: a bare rating answering the open question is stored and thanked."""
    survey = pending(turn.session, turn.contact.id or 0, turn.now)
    if survey is None:
        return None
    rating = parse_rating(turn.inbound.text)
    if rating is None:
        survey.skipped = "ignored"  # the customer moved on; only the next message can answer
        return None
    survey.rating, survey.answered_at = rating, turn.now
    if turn.conversation.id == survey.conversation_id and not _has_live_ticket(turn):
        # A rating is the end of a resolved conversation, not a reopening of it (handlers.records reopened it).
        turn.conversation.status = ConversationStatus.resolved
    return turn.result(text("csat_thanks", turn.lang, workspace=turn.workspace.name), intent=INTENT)
