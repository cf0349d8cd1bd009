"""WhatsApp's 24-hour customer-service window, for campaigns: free text or an approved template.

WhatsApp takes free text from a business only within 24 hours of the customer's last message; any
other business-initiated message must be an approved template, sent by Twilio Content SID with its
variables (error 63016 otherwise). Which guests are inside the window changes while a campaign
waits for its send time, so dispatch decides per message, at the moment it sends; the preview shows
the same decision as of the moment it is asked. Templates come from `rsvp.whatsapp_templates`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.core.models import Contact, Conversation, Message
from scheduler.campaigns.rules import CampaignRules

NO_TEMPLATE = "no_whatsapp_template"   # outbox reason: outside the window and no template configured
WINDOW_CLOSED = "63016"                  # Twilio: free text outside the customer-service window
EMPTY_VALUE = "-"                        # WhatsApp refuses an empty template value (e.g. no venue given)


class MissingTemplate(ValueError):
    """A WhatsApp campaign of a kind the workspace has no approved template for."""

    def __init__(self, slug: str, kind: str) -> None:
        self.key = f"rsvp.whatsapp_templates.{kind}"
        super().__init__(
            f"WhatsApp campaigns of kind '{kind}' need an approved WhatsApp template: guests who have not "
            f"written in the last 24 hours can only be reached with one (Twilio error 63016). Add "
            f"{self.key} (a Content SID HX... and its variables) to workspace {slug}'s YAML file, or send by SMS")


@dataclass(frozen=True)
class TemplateMessage:
    """One guest's template send: the Content SID and `ContentVariables` ({"1": ..., "2": ...})."""

    content_sid: str
    variables: dict[str, str]

    def as_record(self) -> str:
        """What the outbox keeps as the body of a template send (the free text was not sent)."""
        values = " | ".join(f"{{{{{k}}}}}={v}" for k, v in self.variables.items())
        return f"[WhatsApp template {self.content_sid}] {values}"


def require_template(rules: CampaignRules, kind: str, channel: str) -> None:
    """Refuse a WhatsApp campaign whose kind has no template: most guests would be unreachable."""
    if channel == "whatsapp" and kind not in rules.whatsapp_templates:
        raise MissingTemplate(rules.slug, kind)


def template_message(rules: CampaignRules, kind: str, lang: str, values: dict[str, str]) -> TemplateMessage | None:
    """The kind's template filled with this guest's values, or None when the workspace has none."""
    template = rules.whatsapp_templates.get(kind)
    if template is None:
        return None
    variables = {str(i): (values.get(name) or "").strip() or EMPTY_VALUE
                 for i, name in enumerate(template.variables, start=1)}
    return TemplateMessage(template.sid_for(lang, rules.default_language), variables)


def inside_window(rules: CampaignRules, last_inbound: datetime | None, now: datetime) -> bool:
    """True when free text may go: the guest wrote recently enough (24 h minus the workspace's margin)."""
    return last_inbound is not None and now - last_inbound < rules.whatsapp_free_text_for


def last_inbound_by_phone(session: Session, workspace: str, phones: Iterable[str]) -> dict[str, datetime]:
    """Each number's latest inbound WhatsApp message in this workspace (message rows and conversations)."""
    wanted = sorted(set(phones))
    latest: dict[str, datetime] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        messages = session.exec(
            select(Contact.phone, func.max(Message.created_at))
            .join(Message, col(Message.contact_id) == col(Contact.id))
            .where(Contact.workspace == workspace, col(Contact.phone).in_(chunk),
                   Message.direction == "inbound", Message.channel == "whatsapp")
            .group_by(col(Contact.phone))).all()
        conversations = session.exec(
            select(Contact.phone, func.max(Conversation.last_inbound_at))
            .join(Conversation, col(Conversation.contact_id) == col(Contact.id))
            .where(Contact.workspace == workspace, col(Contact.phone).in_(chunk), Conversation.channel == "whatsapp")
            .group_by(col(Contact.phone))).all()
        for phone, at in [*messages, *conversations]:
            if at is not None and (phone not in latest or at > latest[phone]):
                latest[phone] = at
    return latest
