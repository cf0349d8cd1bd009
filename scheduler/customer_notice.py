"""Sending a support message to a customer, honouring WhatsApp's 24-hour customer-service window.

Inside the window (24 h after the customer's last message) free text goes out; outside it only an
approved template may (Twilio error 63016 otherwise), so the workspace's Content SID for the purpose
(`support.whatsapp_templates`) is used. With no template the message is not sent and the caller is
told why - never silently dropped. Used by the Telegram edge (staff replies) and by timed jobs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.core.logs import masked
from bot.core.models import Contact, Conversation
from bot.core.workspaces import Workspace
from handlers.records import store_outbound

log = logging.getLogger("bot.support.notice")
WINDOW = timedelta(hours=24)
TEMPLATE_TEXT_CHARS = 1000  # WhatsApp template variables are short; the full text stays in our records


@dataclass(frozen=True)
class Delivery:
    sent: bool
    how: str          # "text" | "template" | "none"
    error: str | None = None
    provider_sid: str | None = None


def inside_window(conversation: Conversation | None, now: datetime) -> bool:
    last = conversation.last_inbound_at if conversation else None
    return last is not None and now - last < WINDOW


def send_to_contact(session: Session, channel: Any, workspace: Workspace, *, contact: Contact,
                    conversation: Conversation | None, body: str, purpose: str, now: datetime,
                    template_vars: dict[str, str] | None = None, status_callback: str | None = None) -> Delivery:
    """Send `body` (or the `purpose` template outside the window) and record the outbound message."""
    whatsapp = (conversation.channel if conversation else "whatsapp") == "whatsapp"
    try:
        if whatsapp and not inside_window(conversation, now):
            content_sid = workspace.support.whatsapp_templates.get(purpose)
            if not content_sid:
                return Delivery(False, "none", "no_template")
            variables = template_vars or {"1": body[:TEMPLATE_TEXT_CHARS]}
            result = channel.send_template(to=contact.phone, from_=workspace.numbers[0], content_sid=content_sid,
                                           variables=variables, status_callback=status_callback)
            how = "template"
        else:
            result = channel.send_text(to=contact.phone, body=body, from_=workspace.numbers[0], whatsapp=whatsapp,
                                       status_callback=status_callback)
            how = "text"
    except Exception as exc:  # the channel's SendError (bot.channels is an edge this layer must not import)
        code = getattr(exc, "code", None)
        log.warning("support message to=%s not sent: %s (code %s)", masked(contact.phone), type(exc).__name__, code)
        return Delivery(False, "none", f"{exc} ({code})" if code else str(exc) or type(exc).__name__)
    store_outbound(session, workspace=workspace.slug, contact=contact, conversation=conversation, body=body,
                   channel=conversation.channel if conversation else "whatsapp", now=now,
                   status=result.status, provider_sid=result.provider_sid, intent="staff" if purpose ==
                   "staff_reply" else "notice", language=conversation.language if conversation else None)
    return Delivery(True, how, provider_sid=result.provider_sid)
