"""How many of a workspace's conversations are in each inbox state: the tab counts the inbox polls.

Two small queries instead of one scan per state testing every conversation against its tickets: the
conversations by status, read from the (workspace, status) index alone, and the live tickets by state
(`ix_ticket_status_conversation`, a few rows: only open and assigned ones) joined to their
conversations. The states follow `handlers.inbox.state_of`: resolved and snoozed as the
conversation says; otherwise held when a person took its live ticket, waiting when the ticket is
still open, and the bot's when there is none.
"""

from __future__ import annotations

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from bot.core.models import Conversation, ConversationStatus, Ticket, TicketStatus

ASIDE: dict[str, str] = {ConversationStatus.resolved: "resolved", ConversationStatus.snoozed: "snoozed"}


def count_states(session: Session, workspace: str) -> dict[str, int]:
    """Conversations per inbox state (bot, waiting, held, snoozed, resolved) in `workspace`."""
    by_status = session.exec(select(Conversation.status, func.count()).where(Conversation.workspace == workspace)
                             .group_by(col(Conversation.status))).all()
    counts = dict.fromkeys(("bot", "waiting", "held", "snoozed", "resolved"), 0)
    for status, count in by_status:
        counts[ASIDE.get(status, "bot")] += count
    # A conversation's strongest live ticket: 2 when someone holds one, 1 when one waits.
    strongest = (select(func.max(case((Ticket.status == TicketStatus.assigned, 2), else_=1)).label("rank"))
                 .join(Conversation, col(Conversation.id) == col(Ticket.conversation_id))
                 .where(col(Ticket.status).in_([TicketStatus.open, TicketStatus.assigned]),
                        Conversation.workspace == workspace, col(Conversation.status).not_in(list(ASIDE)))
                 .group_by(col(Ticket.conversation_id)).subquery())
    for rank, count in session.exec(select(strongest.c.rank, func.count()).group_by(strongest.c.rank)).all():
        state = "held" if rank == 2 else "waiting"
        counts[state] += count
        counts["bot"] -= count
    return counts
