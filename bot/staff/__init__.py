"""Staff on Telegram: handover cards with Take / Close, two-way relay, the durable alert outbox.

`install(services)` wires it into the app's lifespan: alerts of every turn are stored in the
turn's own transaction, a delivery loop posts them, and updates arrive by webhook (https servers)
or long polling (local servers). Without TELEGRAM_BOT_TOKEN alerts are still stored, and delivered
once a token is configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import scheduler.support_jobs  # noqa: F401  (registers the ticket-timer scan with the scheduler)
from bot.services import Services
from bot.staff.hooks import kick_delivery
from bot.staff.telegram import WEBHOOK_PATH, StaffTelegram, build_bot, build_dispatcher, uses_webhook, webhook_secret
from bot.staff.webhook import router as webhook_router

log = logging.getLogger("bot.staff")
ALLOWED_UPDATES = ["message", "callback_query"]

__all__ = ["install", "webhook_router"]


def install(services: Services) -> None:
    """Add the staff hooks to `services` (once)."""
    if services.extras.get("staff_installed"):
        return
    services.extras["staff_installed"] = True
    services.extras.setdefault("after_turn", []).append(kick_delivery)
    services.extras.setdefault("on_start", []).append(start)
    services.extras.setdefault("on_stop", []).append(stop)


async def start(services: Services) -> None:
    settings = services.settings
    if not settings.telegram_enabled:
        log.info("TELEGRAM_BOT_TOKEN not set: staff alerts are stored but not delivered")
        return
    from bot.staff.outbox import DeliveryLoop  # aiogram: imported only when Telegram is configured

    bot = build_bot(settings)
    staff = StaffTelegram(bot=bot, dispatcher=build_dispatcher(services), secret=webhook_secret(settings),
                          webhook=uses_webhook(settings))
    services.extras["telegram"] = staff
    delivery = DeliveryLoop(bot, services.engine, services.clock)
    services.extras["staff_delivery"] = delivery
    delivery.start()
    delivery.kick()  # whatever waited while the server was down
    try:
        if staff.webhook:
            await bot.set_webhook(f"{settings.public_base_url}{WEBHOOK_PATH}/{staff.secret}",
                                  secret_token=staff.secret, allowed_updates=ALLOWED_UPDATES)
        else:
            await bot.delete_webhook()
            services.extras["telegram_polling"] = asyncio.create_task(
                staff.dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False,
                                               allowed_updates=ALLOWED_UPDATES, polling_timeout=10))
    except Exception as exc:  # Telegram unreachable at start: alerts wait in the outbox
        log.warning("Telegram not reachable at start (%s); will keep retrying deliveries", type(exc).__name__)


async def stop(services: Services) -> None:
    staff: StaffTelegram | None = services.extras.pop("telegram", None)
    polling = services.extras.pop("telegram_polling", None)
    if staff is not None and polling is not None:
        with contextlib.suppress(RuntimeError):
            await staff.dispatcher.stop_polling()
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await polling
    delivery = services.extras.pop("staff_delivery", None)
    if delivery is not None:
        await delivery.stop()
    if staff is not None:
        await staff.bot.session.close()
