"""The aiogram Bot and Dispatcher for the staff chat, pointed at TELEGRAM_API_BASE when it is set.

aiogram is imported when a bot is built, not with this module: its types take seconds to import,
and a server without TELEGRAM_BOT_TOKEN must be ready without paying for them."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.settings import Settings
from bot.services import Services

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher

WEBHOOK_PATH = "/webhooks/telegram"
REQUEST_TIMEOUT = 20  # seconds; aiogram's default of 60 would stall deliveries behind one dead request


def build_bot(settings: Settings) -> Bot:
    from aiogram import Bot
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import PRODUCTION, TelegramAPIServer

    api = TelegramAPIServer.from_base(settings.telegram_api_base) if settings.telegram_api_base else PRODUCTION
    session = AiohttpSession(api=api, timeout=REQUEST_TIMEOUT)
    return Bot(settings.telegram_bot_token.get_secret_value(), session=session)


def webhook_secret(settings: Settings) -> str:
    """Path secret and `secret_token` for setWebhook, derived so no extra setting is needed."""
    key = settings.secret_key.get_secret_value().encode()
    message = b"telegram-webhook:" + settings.telegram_bot_token.get_secret_value().encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:48]


def uses_webhook(settings: Settings) -> bool:
    """Telegram delivers webhooks to https only; a plain-http (local) server polls instead."""
    return settings.public_base_url.startswith("https://")


@dataclass
class StaffTelegram:
    bot: Bot
    dispatcher: Dispatcher
    secret: str
    webhook: bool


def build_dispatcher(services: Services) -> Dispatcher:
    from aiogram import Dispatcher

    from bot.staff.staff_chat import build_router
    from bot.staff.updates import once_per_update

    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(once_per_update)
    dispatcher.include_router(build_router())
    dispatcher["services"] = services
    return dispatcher
