"""Writing alerts into the staff-notification outbox (delivery is the Telegram edge's job, bot/staff).

Written inside the transaction of what raised the alert (a turn, bot.replies.answering; a timed
job), so an alert commits with the ticket it is about or not at all; a workspace without a staff
chat gets no rows (there is nowhere to deliver them), and that is logged once per call.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlmodel import Session

from bot.core.models import StaffNotification
from bot.core.workspaces import Workspace

log = logging.getLogger("bot.staff.outbox")
TELEGRAM_TEXT_LIMIT = 4096
HANDOFF = "handoff"  # StaffNotification.kind of a ticket's card: Take/Close sit under it, relays reply to it,
                     # browser actions edit it (bot.staff.cards)


def enqueue(session: Session, workspace: Workspace, *, kind: str, text: str, now: datetime,
            ticket_id: int | None = None, buttons: bool = False, ref: str | None = None) -> StaffNotification | None:
    chat_id = workspace.support.staff_chat_id
    if not chat_id:
        log.warning("workspace=%s has no support.staff_chat_id; %s alert not queued", workspace.slug, kind)
        return None
    row = StaffNotification(workspace=workspace.slug, chat_id=chat_id, kind=kind[:16],
                            text=text[:TELEGRAM_TEXT_LIMIT], ticket_id=ticket_id, buttons=buttons, ref=ref,
                            next_attempt_at=now, created_at=now)
    session.add(row)
    session.flush()
    return row
