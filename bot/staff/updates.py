"""Each Telegram update once: webhook retries and polling restarts must not send a reply twice."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import TelegramObject, Update
from sqlalchemy.exc import IntegrityError

from bot.core.db import session_scope
from bot.core.models import TelegramUpdateSeen
from bot.services import Services


def first_time(services: Services, update_id: int) -> bool:
    try:
        with session_scope(services.engine) as session:
            session.add(TelegramUpdateSeen(update_id=update_id, received_at=services.now()))
    except IntegrityError:
        return False
    return True


async def once_per_update(handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                          event: TelegramObject, data: dict[str, Any]) -> Any:
    """Outer update middleware: a redelivered update id is dropped before any handler sees it."""
    services: Services = data["services"]
    if isinstance(event, Update) and not await asyncio.to_thread(first_time, services, event.update_id):
        return None
    return await handler(event, data)
