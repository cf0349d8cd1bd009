"""Approve / Reject under a refund alert: record the decision, tell the customer, tell the chat who decided.

Like the ticket actions these are plain sync functions run in a worker thread. The request must belong
to the workspace whose staff chat the press came from. `decide_refund` lets only the first press win;
the customer's message goes out in the same transaction as the decision, honouring WhatsApp's 24-hour
window (outside it the workspace's `notice` template carries the text), and if it cannot go out the
decision stands and the chat is told why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.core.db import session_scope
from bot.core.logs import masked
from bot.core.models import Contact, Conversation, RequestKind, RequestState, SubscriptionRequest
from bot.core.workspaces import Workspace
from bot.services import Services
from bot.staff.actions import Refused, StaffMember, as_known, callback_url, chat_language, not_sent_line
from bot.staff.keyboards import parse_ref
from handlers.billing.refund import RefundDecisionError, decide_refund
from handlers.records import get_or_create_contact
from handlers.texts import text
from handlers.turn import OutboundMessage
from scheduler.customer_notice import Delivery, send_to_contact

log = logging.getLogger("bot.staff")


@dataclass(frozen=True)
class RefundOutcome:
    ok: bool
    toast: str                     # the short answer to the button press
    card_line: str | None = None   # appended to the alert
    settled: bool = False          # nothing is left to decide: the buttons go


def ref_is_open(session: Session, ref: str | None) -> bool:
    """Whether an alert's buttons still have something to act on (delivery drops them otherwise)."""
    parsed = parse_ref(ref)
    if parsed is None:
        return False
    kind, number = parsed
    if kind == "refund":
        request = session.get(SubscriptionRequest, number)
        return request is not None and request.state == RequestState.awaiting_staff
    return False


def _request_for_chat(session: Session, services: Services, request_id: int,
                      chat_id: str) -> tuple[SubscriptionRequest, Workspace] | None:
    request = session.get(SubscriptionRequest, request_id)
    workspace = services.workspaces.by_slug(request.workspace) if request else None
    if request is None or request.kind != RequestKind.refund or workspace is None \
            or workspace.support.staff_chat_id != chat_id:
        return None
    return request, workspace


def _conversation(session: Session, contact: Contact, channel: str) -> Conversation | None:
    """The customer's latest conversation on the channel the request came from (its window counts)."""
    latest = select(Conversation).where(Conversation.contact_id == contact.id).order_by(col(Conversation.id).desc())
    return session.exec(latest.where(Conversation.channel == channel)).first() or session.exec(latest).first()


def _tell_customer(session: Session, services: Services, workspace: Workspace, request_id: int,
                   message: OutboundMessage, now: datetime) -> Delivery:
    contact = get_or_create_contact(session, workspace.slug, message.to)
    conversation = _conversation(session, contact, message.channel)
    delivery = send_to_contact(session, services.channel, workspace, contact=contact, conversation=conversation,
                               body=message.body, purpose="notice", now=now,
                               template_vars={"1": f"#{request_id}", "2": message.body[:1000]},
                               status_callback=callback_url(services))
    if not delivery.sent:
        log.warning("refund #%s decision not delivered to %s: %s", request_id, masked(contact.phone), delivery.error)
    return delivery


def _already(request: SubscriptionRequest, lang: str) -> RefundOutcome:
    staff = request.decided_by or "-"
    if request.state == RequestState.approved:
        toast = text("support_staff_refund_already_approved", lang, id=request.id, staff=staff)
    elif request.state == RequestState.rejected:
        toast = text("support_staff_refund_already_rejected", lang, id=request.id, staff=staff)
    else:
        toast = text("support_staff_refund_not_waiting", lang, id=request.id, state=request.state)
    return RefundOutcome(False, toast, settled=True)


def decide(services: Services, request_id: int, approved: bool, chat_id: str, staff: StaffMember) -> RefundOutcome:
    """Approve or Reject pressed: the first press decides and the customer hears the outcome."""
    now = services.now()
    with session_scope(services.engine) as session:
        found = _request_for_chat(session, services, request_id, chat_id)
        if found is None:
            return RefundOutcome(False, text("support_staff_refund_unknown", chat_language(services, chat_id),
                                             id=request_id))
        request, workspace = found
        lang = workspace.default_language
        known = as_known(session, workspace.slug, staff)
        if isinstance(known, Refused):
            return RefundOutcome(False, known.toast(lang))
        try:
            message = decide_refund(session, request_id, approved, known.assignee, now)
        except RefundDecisionError:
            session.refresh(request)
            return _already(request, lang)
        delivery = _tell_customer(session, services, workspace, request_id, message, now)
        key = "support_staff_refund_approved" if approved else "support_staff_refund_rejected"
        line = text(key, lang, id=request_id, staff=known.full_name)
        extra = not_sent_line(workspace, delivery, "notice")
        return RefundOutcome(True, line, card_line=f"{line}\n{extra}" if extra else line, settled=True)
