"""The buttons under staff alerts: Take / Close on a ticket's card, Approve / Reject on a refund request."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.models import TicketStatus


class TicketAction(CallbackData, prefix="tk"):
    """Packed as `tk:take:42` (Telegram allows 64 bytes of callback data)."""

    action: str  # take | close
    ticket_id: int


class RefundAction(CallbackData, prefix="rf"):
    """Packed as `rf:approve:42`; the number is the SubscriptionRequest id of the refund."""

    action: str  # approve | reject
    request_id: int


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


def refund_keyboard(request_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="✅ Approve", callback_data=RefundAction(action="approve",
                                                                          request_id=request_id).pack()),
        InlineKeyboardButton(text="❌ Reject", callback_data=RefundAction(action="reject",
                                                                         request_id=request_id).pack()),
    ]])


def parse_ref(ref: str | None) -> tuple[str, int] | None:
    """`"refund:42"` -> `("refund", 42)`; None for anything else (old rows, a typo in a handler)."""
    kind, _, number = (ref or "").partition(":")
    return (kind, int(number)) if kind and number.isdigit() else None


def ref_keyboard(ref: str | None) -> InlineKeyboardMarkup | None:
    """The buttons for an alert about something other than a ticket; None when the kind has none."""
    parsed = parse_ref(ref)
    if parsed is None:
        return None
    kind, number = parsed
    return refund_keyboard(number) if kind == "refund" else None
