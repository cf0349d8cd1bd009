"""Delivering the staff-notification outbox to Telegram, with retries, so an outage loses nothing.

Rows are claimed with a conditional UPDATE (pending -> sending, with a lease) so two web workers never
post the same alert; a worker that dies mid-send leaves a lease that expires and the row is retried.
Rate limits (429 retry_after) and network errors back off; a chat that refuses for good gives up
after a few attempts and stays visible as `failed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import ReplyParameters
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.core.db import session_scope
from bot.core.models import NotificationStatus, StaffNotification, Ticket, TicketStatus
from bot.staff.cards import CARD_EDIT
from bot.staff.keyboards import ref_keyboard, ticket_keyboard
from bot.staff.refunds import ref_is_open
from handlers.staff_outbox import HANDOFF

log = logging.getLogger("bot.staff.outbox")
LEASE = timedelta(minutes=2)
BATCH = 20
MAX_ATTEMPTS = 12          # network trouble: keep trying for hours
MAX_REFUSED_ATTEMPTS = 3   # Telegram says no (chat not found, bot kicked): give up sooner
POLL_SECONDS = 5.0


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: str
    text: str
    keyboard_for: str | None     # ticket status for the buttons, None for none
    ticket_id: int | None
    reply_to: int | None
    attempts: int
    ref: str | None = None       # set when the alert's non-ticket buttons (e.g. refund) are still live
    kind: str = ""               # `card`: edit the ticket's card (bot/staff/cards.py) instead of posting


@dataclass(frozen=True)
class CardTarget:
    """The posted card a `card` row edits, read when the edit is sent (the card may have been posted since)."""

    chat_id: str
    message_id: int | None       # None: not posted yet
    status: str | None           # the ticket's status now, for the buttons
    waiting: bool                # its handover alert is still queued: try the edit again later


def claim_due(engine: Engine, now: datetime, limit: int = BATCH) -> list[Outgoing]:
    """Due rows, claimed for this worker (oldest first)."""
    with session_scope(engine) as session:
        candidates = session.exec(
            select(StaffNotification).where(  # a `sending` row past its lease belongs to a worker that died
                col(StaffNotification.status).in_((NotificationStatus.pending, NotificationStatus.sending)),
                col(StaffNotification.next_attempt_at) <= now,
            ).order_by(col(StaffNotification.id)).limit(limit)
        ).all()
        claimed = []
        for row in candidates:
            won = session.execute(
                update(StaffNotification)
                .where(col(StaffNotification.id) == row.id, col(StaffNotification.status) == row.status,
                       col(StaffNotification.next_attempt_at) == row.next_attempt_at)
                .values(status=NotificationStatus.sending, next_attempt_at=now + LEASE)
            ).rowcount  # type: ignore[attr-defined]
            if won == 1:
                claimed.append(_outgoing(session, row))
        return claimed


def _outgoing(session: Session, row: StaffNotification) -> Outgoing:
    ticket = session.get(Ticket, row.ticket_id) if row.ticket_id else None
    keyboard_for = ticket.status if (row.buttons and ticket and ticket.status != TicketStatus.closed) else None
    reply_to = row.reply_to_message_id
    if reply_to is None and ticket is not None and row.kind != HANDOFF:
        reply_to = ticket.staff_message_id  # thread follow-ups under the ticket's card
    ref = row.ref if row.buttons and ticket is None and ref_is_open(session, row.ref) else None
    return Outgoing(id=row.id or 0, chat_id=row.chat_id, text=row.text, keyboard_for=keyboard_for,
                    ticket_id=row.ticket_id, reply_to=reply_to, attempts=row.attempts, ref=ref, kind=row.kind)


def card_target(engine: Engine, ticket_id: int) -> CardTarget | None:
    with session_scope(engine) as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None:
            return None
        waiting = ticket.staff_message_id is None and session.exec(select(StaffNotification.id).where(
            StaffNotification.ticket_id == ticket_id, StaffNotification.kind == HANDOFF,
            col(StaffNotification.status).in_((NotificationStatus.pending, NotificationStatus.sending)))
        ).first() is not None
        return CardTarget(chat_id=ticket.staff_chat_id or "", message_id=ticket.staff_message_id,
                          status=ticket.status, waiting=waiting)


def mark_sent(engine: Engine, item: Outgoing, message_id: int, now: datetime) -> None:
    with session_scope(engine) as session:
        row = session.get(StaffNotification, item.id)
        if row is None:
            return
        row.status, row.telegram_message_id, row.sent_at = NotificationStatus.sent, message_id or None, now
        row.attempts += 1
        row.last_error = None
        ticket = session.get(Ticket, row.ticket_id) if row.ticket_id else None
        if ticket is not None and row.kind == HANDOFF:
            ticket.staff_chat_id, ticket.staff_message_id = row.chat_id, message_id


def mark_retry(engine: Engine, item: Outgoing, now: datetime, error: str, delay: float, give_up: bool) -> None:
    with session_scope(engine) as session:
        row = session.get(StaffNotification, item.id)
        if row is None:
            return
        row.attempts += 1
        row.last_error = error[:300]
        row.status = NotificationStatus.failed if give_up else NotificationStatus.pending
        row.next_attempt_at = now + timedelta(seconds=delay)


def backoff(attempts: int) -> float:
    return float(min(30 * 2 ** attempts, 3600))


class CardNotPosted(Exception):
    """A card edit whose card is still in the outbox: retried shortly, after the card."""


async def edit_card(bot: Bot, engine: Engine, item: Outgoing) -> int:
    """Edit the ticket's card to the row's text and the buttons of the ticket's status now; the card's
    message id (0 when the ticket never had a card: nothing to edit)."""
    target = await asyncio.to_thread(card_target, engine, item.ticket_id or 0)
    if target is None or target.message_id is None:
        if target is not None and target.waiting:
            raise CardNotPosted(f"ticket {item.ticket_id}")
        return 0
    markup = ticket_keyboard(item.ticket_id or 0, target.status)
    try:
        await bot.edit_message_text(chat_id=target.chat_id or item.chat_id, message_id=target.message_id,
                                    text=item.text, reply_markup=markup)
    except TelegramBadRequest as exc:
        if "not modified" not in exc.message:
            raise
    return target.message_id


async def send_one(bot: Bot, item: Outgoing, engine: Engine | None = None) -> int:
    """Post one row (or, for a `card` row, edit the card); the Telegram message id."""
    if item.kind == CARD_EDIT and engine is not None:
        return await edit_card(bot, engine, item)
    reply = ReplyParameters(message_id=item.reply_to, allow_sending_without_reply=True) if item.reply_to else None
    markup = ticket_keyboard(item.ticket_id, item.keyboard_for) if item.ticket_id and item.keyboard_for \
        else ref_keyboard(item.ref)
    message = await bot.send_message(chat_id=item.chat_id, text=item.text, reply_markup=markup,
                                     reply_parameters=reply)
    return message.message_id


async def deliver_due(bot: Bot, engine: Engine, now: datetime) -> int:
    """Send what is due; the number sent. Never raises for Telegram trouble (it is recorded per row)."""
    items = await asyncio.to_thread(claim_due, engine, now)
    sent = 0
    for item in items:
        try:
            message_id = await send_one(bot, item, engine)
        except CardNotPosted:
            await asyncio.to_thread(mark_retry, engine, item, now, "card not posted yet", POLL_SECONDS,
                                    item.attempts + 1 >= MAX_ATTEMPTS)
        except TelegramRetryAfter as exc:
            await asyncio.to_thread(mark_retry, engine, item, now, f"rate limited: {exc.message}",
                                    float(exc.retry_after), False)
        except (TelegramBadRequest, TelegramForbiddenError, TelegramNotFound, TelegramUnauthorizedError) as exc:
            give_up = item.attempts + 1 >= MAX_REFUSED_ATTEMPTS
            log.warning("staff alert %s refused by Telegram: %s", item.id, exc.message)
            await asyncio.to_thread(mark_retry, engine, item, now, f"refused: {exc.message}",
                                    backoff(item.attempts), give_up)
        except (TimeoutError, TelegramNetworkError, TelegramAPIError, OSError) as exc:
            give_up = item.attempts + 1 >= MAX_ATTEMPTS
            await asyncio.to_thread(mark_retry, engine, item, now, f"{type(exc).__name__}: {exc}",
                                    backoff(item.attempts), give_up)
        else:
            await asyncio.to_thread(mark_sent, engine, item, message_id, now)
            sent += 1
    return sent


class DeliveryLoop:
    """Delivers due rows whenever kicked (after a turn) and every few seconds (retries, job alerts)."""

    def __init__(self, bot: Bot, engine: Engine, clock: object, poll_seconds: float = POLL_SECONDS) -> None:
        self.bot, self.engine, self.clock, self.poll_seconds = bot, engine, clock, poll_seconds
        self._event = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="staff-outbox")

    def kick(self) -> None:
        """Thread-safe: ask for a delivery round now."""
        self._loop.call_soon_threadsafe(self._event.set)

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), self.poll_seconds)
            self._event.clear()
            try:
                await deliver_due(self.bot, self.engine, self.clock())  # type: ignore[operator]
            except Exception:  # the database may be down; the next round retries
                log.exception("staff outbox round failed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
