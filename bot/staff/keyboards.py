"""The Take / Close buttons under a ticket's card in the staff chat."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.models import TicketStatus


class TicketAction(CallbackData, prefix="tk"):
    """Packed as `tk:take:42` (Telegram allows 64 bytes of callback data)."""

    action: str  # take | close
    ticket_id: int


def ticket_keyboard(ticket_id: int, status: str | None) -> InlineKeyboardMarkup | None:
    """Take and Close while open, Close only once taken, nothing once closed."""
    if status is None or status == TicketStatus.closed:
        return None
    buttons = []
    if status == TicketStatus.open:
        buttons.append(InlineKeyboardButton(text="✋ Take", callback_data=TicketAction(action="take",
                                                                                     ticket_id=ticket_id).pack()))
    buttons.append(InlineKeyboardButton(text="✔️ Close", callback_data=TicketAction(action="close",
                                                                                   ticket_id=ticket_id).pack()))
    return InlineKeyboardMarkup(inline_keyboard=[buttons])
