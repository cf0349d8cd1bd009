"""Telegram's door: POST /webhooks/telegram/{secret} feeds staff-chat updates to the dispatcher."""

from __future__ import annotations

import hmac
import logging

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import ValidationError

from bot.deps import ServicesDep
from bot.routes.responses import errors
from bot.staff.telegram import WEBHOOK_PATH, StaffTelegram

router = APIRouter(prefix=WEBHOOK_PATH, tags=["telegram"], responses=errors(400, 403, 404, 413, 422, 429, 503))
log = logging.getLogger("bot.staff")


@router.post("/{secret}", summary="Telegram Bot API webhook for the staff chat (Take, Close, replies)")
async def telegram_update(secret: str, request: Request, services: ServicesDep) -> Response:
    staff: StaffTelegram | None = services.extras.get("telegram")
    if staff is None:
        raise HTTPException(404, "the Telegram staff chat is not configured (TELEGRAM_BOT_TOKEN)")
    # Telegram sends the secret_token of setWebhook in this header on every update: the path alone
    # (which proxies and access logs may keep) is not enough to feed the staff chat.
    header = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    expected = staff.secret.encode()  # bytes: a non-ASCII secret in the path is a 403, not a TypeError (500)
    if not (hmac.compare_digest(secret.encode(), expected) and hmac.compare_digest(header.encode(), expected)):
        raise HTTPException(403, "wrong webhook secret")
    from aiogram.types import Update  # only with Telegram configured (aiogram is slow to import)

    try:
        data = await request.json()
        update = Update.model_validate(data, context={"bot": staff.bot})
    except (ValueError, ValidationError) as exc:
        raise HTTPException(400, "body is not a Telegram update") from exc
    try:
        await staff.dispatcher.feed_update(staff.bot, update)
    except Exception:  # a 5xx would make Telegram redeliver the same update again and again
        log.exception("staff update %s failed", update.update_id)
    return Response(status_code=200)
