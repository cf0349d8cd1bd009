"""aiogram handlers for the staff chat: Take / Close, Approve / Reject, and replies to ticket messages."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, User

from bot.services import Services
from bot.staff import actions, refunds
from bot.staff.keyboards import RefundAction, TicketAction, ticket_keyboard
from handlers.texts import text

log = logging.getLogger("bot.staff")
TOAST_LIMIT = 200


def _member(user: User) -> actions.StaffMember:
    return actions.StaffMember(telegram_id=user.id, first_name=user.first_name or user.full_name,
                               full_name=user.full_name)


async def ticket_button(query: CallbackQuery, callback_data: TicketAction, services: Services, bot: Bot) -> None:
    """Take or Close under a ticket card; always answered so the client stops its spinner."""
    if query.message is None:
        await query.answer()
        return
    chat_id = str(query.message.chat.id)
    action = actions.take if callback_data.action == "take" else actions.close
    outcome = await asyncio.to_thread(action, services, callback_data.ticket_id, chat_id, _member(query.from_user))
    await query.answer(outcome.toast[:TOAST_LIMIT], show_alert=not outcome.ok)
    if outcome.status is None:
        return
    card = query.message.text if isinstance(query.message, Message) and query.message.text else None
    try:
        if outcome.card_line and card:
            await bot.edit_message_text(chat_id=chat_id, message_id=query.message.message_id,
                                        text=f"{card}\n\n{outcome.card_line}"[:4096],
                                        reply_markup=ticket_keyboard(callback_data.ticket_id, outcome.status))
        else:
            await bot.edit_message_reply_markup(chat_id=chat_id, message_id=query.message.message_id,
                                                reply_markup=ticket_keyboard(callback_data.ticket_id, outcome.status))
    except TelegramAPIError as exc:  # "message is not modified", an old card: the action itself is done
        log.info("ticket card not updated: %s", exc)


async def refund_button(query: CallbackQuery, callback_data: RefundAction, services: Services, bot: Bot) -> None:
    """Approve or Reject under a refund alert; every press is answered, a failure included."""
    if query.message is None or callback_data.action not in ("approve", "reject"):
        await stale_button(query, services)
        return
    chat_id = str(query.message.chat.id)
    try:
        outcome = await asyncio.to_thread(refunds.decide, services, callback_data.request_id,
                                          callback_data.action == "approve", chat_id, _member(query.from_user))
    except Exception:  # the database is away, a lock timed out: the press must still get an answer
        log.exception("refund decision on #%s failed", callback_data.request_id)
        await query.answer(text("support_staff_action_failed", actions.chat_language(services, chat_id)),
                           show_alert=True)
        return
    await query.answer(outcome.toast[:TOAST_LIMIT], show_alert=not outcome.ok)
    if not outcome.settled:
        return
    card = query.message.text if isinstance(query.message, Message) and query.message.text else None
    try:
        if outcome.card_line and card:
            await bot.edit_message_text(chat_id=chat_id, message_id=query.message.message_id,
                                        text=f"{card}\n\n{outcome.card_line}"[:4096], reply_markup=None)
        else:  # decided earlier (maybe on another copy of the alert): only the buttons go
            await bot.edit_message_reply_markup(chat_id=chat_id, message_id=query.message.message_id,
                                                reply_markup=None)
    except TelegramAPIError as exc:  # "message is not modified": the decision itself is recorded
        log.info("refund alert not updated: %s", exc)


async def stale_button(query: CallbackQuery, services: Services) -> None:
    """A button this bot no longer understands (old or malformed data): answered, never left spinning."""
    chat_id = str(query.message.chat.id) if query.message is not None else ""
    await query.answer(text("support_staff_button_stale", actions.chat_language(services, chat_id)),
                       show_alert=True)


async def staff_reply(message: Message, services: Services, bot: Bot) -> None:
    """A reply to one of the bot's ticket messages goes to that ticket's customer."""
    replied = message.reply_to_message
    if replied is None or replied.from_user is None or replied.from_user.id != bot.id or message.from_user is None:
        return  # staff talking among themselves
    outcome = await asyncio.to_thread(actions.reply, services, str(message.chat.id), replied.message_id,
                                      _member(message.from_user), message.text or "")
    await message.reply(outcome.toast)


async def staff_reply_not_text(message: Message, bot: Bot) -> None:
    """Photos, stickers and files are not relayed (WhatsApp/SMS text only): say so instead of dropping them."""
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        await message.reply("Only text replies are passed to the customer; please write the answer as text.")


def build_router() -> Router:
    """A fresh Router per Dispatcher (aiogram attaches a router to one parent only)."""
    router = Router(name="support-staff")
    router.callback_query.register(ticket_button, TicketAction.filter())
    router.callback_query.register(refund_button, RefundAction.filter())
    router.callback_query.register(stale_button)  # last: whatever the filters above did not take
    router.message.register(staff_reply, F.reply_to_message, F.text)
    router.message.register(staff_reply_not_text, F.reply_to_message)
    return router
