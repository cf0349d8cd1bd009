"""Twilio's doors: inbound messages and delivery-status callbacks.

The route only verifies, parses, stores and hands over (PTB/aiogram style); understanding the
message is the pipeline's job.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import OperationalError
from starlette.datastructures import FormData

from bot import inbound as inbound_door
from bot import spool
from bot.core.db import DatabaseBusy, session_scope
from bot.core.fields import clip, strip_nul
from bot.core.limits import BodyTooLarge
from bot.core.logs import masked
from bot.core.metrics import REJECTED, STATUS_CALLBACKS
from bot.core.models import Contact
from bot.core.phones import InvalidPhone, normalize_phone
from bot.replies import worker as replies_worker
from bot.routes.responses import errors
from bot.services import Services
from bot.twilio_signature import public_url, signature_valid
from handlers.delivery import record_status
from handlers.turn import Inbound

router = APIRouter(prefix="/webhooks/twilio", tags=["twilio"], responses=errors(400, 403, 404, 413, 422, 429, 503))
TWIML = {200: {"description": "TwiML", "content": {"application/xml": {"schema": {"type": "string"}}}}}
log = logging.getLogger("bot.webhook")
MAX_TEXT = 4096
# A Twilio form has a dozen fields (more with media); the body itself is bounded by BodySizeLimit.
MAX_FORM_FIELDS = 1000
_URLENCODED = "application/x-www-form-urlencoded"


_TWIML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'


def twiml(reply: str | None) -> Response:
    """The TwiML twilio's MessagingResponse writes, byte for byte, without building an XML tree per
    request (tests/bot/test_twilio_webhooks.py compares the two)."""
    if not reply:
        return Response(f"{_TWIML_HEAD}<Response />", media_type="application/xml")
    return Response(f"{_TWIML_HEAD}<Response><Message>{escape(reply)}</Message></Response>",
                    media_type="application/xml")


async def read_form(request: Request) -> FormData:
    """The posted form. Twilio posts urlencoded: that is decoded here in one pass (parse_qsl, as
    Starlette decodes it: latin-1 bytes, UTF-8 percent escapes, blanks kept) instead of through the
    streaming multipart parser, about 5x cheaper per webhook; anything else goes to Starlette."""
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.partition(";")[0].strip().lower() != _URLENCODED:
            return await request.form()
        body = (await request.body()).decode("latin-1")
        return FormData(parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS))
    except BodyTooLarge:  # BodySizeLimit answers 413
        raise
    except Exception as exc:  # malformed multipart/urlencoded body, too many fields
        REJECTED.labels("malformed").inc()
        raise HTTPException(400, "body is not a readable form") from exc


def services_of(request: Request) -> Services:
    """The app's services, read directly: `ServicesDep` is a sync dependency, which FastAPI runs in
    the thread pool, a thread hop per webhook for one attribute read."""
    return request.app.state.services  # type: ignore[no-any-return]


async def verified_form(request: Request, services: Services) -> FormData:
    """The posted form, after the signature check (403) when an auth token is configured."""
    form = await read_form(request)
    settings = services.settings
    if settings.signatures_required:
        url = public_url(settings.public_base_url, request.url.path, request.url.query)
        if not signature_valid(settings.twilio_token, url, form, request.headers.get("X-Twilio-Signature")):
            REJECTED.labels("signature").inc()
            raise HTTPException(403, "invalid or missing X-Twilio-Signature")
    if settings.twilio_account_sid and form.get("AccountSid") != settings.twilio_account_sid:
        # Signed with our token but for another account (a sub-account, a reused token): not ours to act on.
        REJECTED.labels("account").inc()
        raise HTTPException(403, "AccountSid is not the configured TWILIO_ACCOUNT_SID")
    return form


def parse_inbound(form: FormData, services: Services) -> Inbound:
    def field(name: str) -> str:
        value = form.get(name)
        return strip_nul(value) if isinstance(value, str) else ""  # PostgreSQL cannot store NUL: keep the rest

    sid = field("MessageSid") or field("SmsMessageSid")
    if not sid or len(sid) > 64:
        raise HTTPException(400, "MessageSid is missing or malformed")
    try:
        sender = normalize_phone(field("From"))
        recipient = normalize_phone(field("To"))
    except InvalidPhone as exc:
        REJECTED.labels("phone").inc()
        raise HTTPException(400, f"From/To: {exc}") from exc
    workspace = services.workspaces.by_number(recipient.e164)
    if workspace is None:
        REJECTED.labels("unknown_to").inc()
        raise HTTPException(404, "no workspace answers on this To number")
    body = field("Body")[:MAX_TEXT]
    if not body and field("NumMedia") not in ("", "0"):
        body = "[media]"
    return Inbound(workspace=workspace.slug, sender=sender.e164, text=body,
                   channel="whatsapp" if sender.whatsapp else "sms", provider_sid=sid,
                   profile_name=clip(field("ProfileName"), Contact, "name") or None, recipient=recipient.address)


@router.post("/messages", summary="Twilio inbound message (SMS or WhatsApp); answers with TwiML "
             "(empty when the answer follows through the REST API)", response_class=Response, responses=TWIML)
async def inbound_message(request: Request) -> Response:
    services = services_of(request)
    form = await verified_form(request, services)
    message = parse_inbound(form, services)
    try:
        if services.answerer is None:  # offline: stored and answered in one transaction
            stored = await run_in_threadpool(inbound_door.respond, services, message, fast=True)
        else:  # the model may be slow: store now, the worker answers through the REST API
            stored = await run_in_threadpool(inbound_door.store, services, message, inline=False, fast=True)
    except (OperationalError, DatabaseBusy):
        return await spool_and_refuse(services, message)
    if stored.result is not None:
        return twiml(stored.result.reply)
    if stored.claim is None:
        if stored.queued:
            replies_worker.wake(services)  # a slow (model) answer, or one waiting for the contact's earlier one
        return twiml(stored.replay)
    try:
        result = await run_in_threadpool(inbound_door.answer_now, services, message, stored.claim)
    except OperationalError:
        # stored but not answered: free the claim so Twilio's retry (or the sweep) answers it
        await run_in_threadpool(inbound_door.give_back, services, stored.claim)
        return unavailable()
    return twiml(result.reply if result is not None else None)


def unavailable() -> Response:
    return Response('{"detail": "temporarily unavailable, retry"}', status_code=503,
                    media_type="application/json", headers={"Retry-After": "30"})


async def spool_and_refuse(services: Services, message: Inbound) -> Response:
    """The database cannot take the message: keep it on disk (fsynced) first, then ask Twilio to retry."""
    try:
        await run_in_threadpool(spool.append, services.settings.data_dir, message)
        log.error("database unavailable; spooled inbound from=%s", masked(message.sender))
    except OSError as exc:
        log.error("database unavailable and spool not writable (%s); Twilio will retry from=%s",
                  type(exc).__name__, masked(message.sender))
    return unavailable()


@router.post("/status", summary="Twilio delivery-status callback; idempotent, never moves backwards",
             status_code=204, response_class=Response, responses={204: {"description": "Recorded (or known)"}})
async def status_callback(request: Request) -> Response:
    services = services_of(request)
    form = await verified_form(request, services)

    def field(name: str) -> str:
        value = form.get(name)
        return strip_nul(value).strip() if isinstance(value, str) else ""  # PostgreSQL cannot store NUL

    # Bounded to their columns before the database sees them: past one, PostgreSQL answered 500.
    sid, status, error_code = field("MessageSid"), field("MessageStatus").lower(), field("ErrorCode")
    if not sid or len(sid) > 64 or not status or len(status) > 24 or len(error_code) > 16:
        raise HTTPException(400, "MessageSid (up to 64 characters) and MessageStatus (up to 24) are required; "
                                 "ErrorCode has up to 16")

    def apply() -> bool:
        with session_scope(services.engine) as session:
            return record_status(session, sid, status, error_code or None, services.now())

    try:
        fresh = await run_in_threadpool(apply)
    except OperationalError:
        return unavailable()
    STATUS_CALLBACKS.labels(status if fresh else "duplicate").inc()
    return Response(status_code=204)
