"""Intent `human`: entitlement ▸ ticket ▸ staff alert, and a reply that says what happens next.

Denied customers are told why and what would entitle them; queued ones get a ticket and the time a
person will answer (the next opening, in their language and zone); staff hear about queued tickets
when the workspace opens (scheduler/support_jobs.py), not in the middle of the night.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.core.models import Contact, Conversation, Customer, Ticket
from bot.core.workspaces import Workspace
from handlers import support_texts as say
from handlers.customers import find_customer
from handlers.entitlement import Decision, decide
from handlers.records import recent_messages
from handlers.staff_outbox import HANDOFF
from handlers.texts import has_text, text
from handlers.tickets import open_or_join
from handlers.turn import StaffAlert, Turn, TurnResult

ALERT_MESSAGES = 6
ALERT_TEXT_CHARS = 300  # per message in an alert; Telegram caps a message at 4096 characters


def entitlement_of(turn: Turn) -> tuple[Customer | None, Decision]:
    """Who is writing and whether they may reach a person now, decided once per turn, so a reply
    (the fallback's too) never offers a person the next turn would refuse."""
    if "entitlement" not in turn.extras:
        customer = find_customer(turn.session, turn.workspace.slug, turn.contact.phone)
        turn.extras["entitlement"] = (customer, decide(turn.workspace, customer, turn.now))
    return turn.extras["entitlement"]  # type: ignore[no-any-return]


def event_owner(turn: Turn) -> str | None:
    """For a guest who is not a customer: the hosts of their event, as the guest may reach them."""
    from bot.core.models import RsvpAccount
    from handlers.rsvp_reply import guest_of
    from scheduler.rsvp.guests import event_of

    guest = guest_of(turn)
    if guest is None:
        return None
    account = turn.session.get(RsvpAccount, event_of(turn.session, guest).account_id)
    if account is None:
        return None
    return f"{account.owner_name} ({account.owner_phone})" if account.owner_phone else account.owner_name


def handle(turn: Turn) -> TurnResult:
    customer, decision = entitlement_of(turn)
    if not decision.entitled:
        owner = event_owner(turn) if customer is None else None
        reply = text_of_guest(turn, owner) if owner else denial(turn, customer, decision)
        return turn.result(reply, intent="human", handoff="denied", ticket="none",
                           data={"reason": "guest" if owner else decision.reason})
    ticket, created = open_or_join(turn.session, turn.workspace, contact=turn.contact, conversation=turn.conversation,
                                   customer=customer, handoff=decision.outcome, reason=decision.reason, now=turn.now)
    alerts = []
    if decision.outcome == "human" and ticket.alerted_at is None:
        ticket.alerted_at = turn.now
        alerts.append(StaffAlert(kind=HANDOFF, text=staff_alert(turn, customer, ticket, decision),
                                 ticket_id=ticket.id, buttons=True))
    elif not created and ticket.alerted_at is not None:
        alerts.append(StaffAlert(kind="relay", text=relay_line(turn, ticket), ticket_id=ticket.id))
    reply = promise(turn, ticket, decision, created)
    return turn.result(reply, intent="human", handoff=decision.outcome, ticket="opened" if created else "updated",
                       ticket_number=ticket.number, alerts=alerts, data={"reason": decision.reason})


def text_of_guest(turn: Turn, owner: str) -> str:
    from handlers.dialogue.texts import text as dialogue_text

    return dialogue_text("guest_no_person", turn.lang, owner=owner)


def promise(turn: Turn, ticket: Ticket, decision: Decision, created: bool) -> str:
    """What the customer is told: a person now, or when one will answer."""
    lang = turn.lang
    if decision.outcome == "human":
        return text("support_handoff_now" if created else "support_handoff_joined", lang, number=ticket.number)
    assert decision.next_opening is not None
    zone = say.customer_zone(turn.workspace, turn.contact.phone)
    when = say.say_when(decision.next_opening, lang, zone, turn.workspace.tz)
    closed_for = ""
    day = turn.now.astimezone(turn.workspace.tz).date()
    if decision.holiday:
        closed_for = text("support_closed_for_holiday", lang,
                          holiday=say.holiday_name(turn.workspace, day, lang, decision.holiday))
    elif decision.eve:
        closed_for = text("support_closed_for_holiday_eve", lang,
                          holiday=say.holiday_name(turn.workspace, day + timedelta(days=1), lang, decision.eve))
    key = "support_queued" if created else "support_queued_joined"
    return text(key, lang, number=ticket.number, when=when, closed_for=closed_for)


def denial(turn: Turn, customer: Customer | None, decision: Decision) -> str:
    """Why not, and what would entitle them (the plan's own note when the owner wrote one)."""
    lang, workspace = turn.lang, turn.workspace
    plan = workspace.plans.get(customer.plan) if customer else None
    note = (plan.note.get(lang) or plan.note.get("en") or "") if plan else ""
    values = {
        "plan": say.plan_name(workspace, customer.plan, lang) if customer else "",
        "plans": say.plans_with_person(workspace, lang),
        "workspace": workspace.name,
        "paid_until": say.say_date(customer.paid_until, lang) if customer and customer.paid_until else "",
    }
    reply = text(f"support_denied_{decision.reason}", lang, **values)
    if note and decision.reason in ("plan_no_human", "no_balance", "expired", "cancelled"):
        reply = f"{reply} {note}"
    elif decision.reason in ("plan_no_human", "expired", "cancelled", "not_customer", "unknown_plan"):
        reply = f"{reply} {text('support_entitling_plans', lang, **values)}"
    return f"{reply} {renewal_terms(workspace, lang)}".rstrip() if decision.reason in ("expired", "cancelled") \
        else reply


def renewal_terms(workspace: Workspace, lang: str) -> str:
    """What renewing after a lapse commits to (msg-software: at least 3 months in a row), so the
    customer told "renew to reach a person" is not surprised by the minimum; empty when none."""
    from handlers.billing.texts import months
    from handlers.billing.texts import text as billing_text

    minimum = workspace.billing.renewal_min_months
    return billing_text("status_renewal_min", lang, months=months(minimum, lang)) if minimum else ""


def staff_alert(turn: Turn, customer: Customer | None, ticket: Ticket, decision: Decision) -> str:
    return alert_card(turn.session, turn.workspace, ticket=ticket, contact=turn.contact, customer=customer,
                      conversation=turn.conversation, reason=decision.reason, customer_lang=turn.lang)


def alert_card(session: Session, workspace: Workspace, *, ticket: Ticket, contact: Contact,
               customer: Customer | None, conversation: Conversation | None, reason: str,
               customer_lang: str | None) -> str:
    """The handover card for the staff chat: who, which plan, which ticket, why, and the last messages."""
    lang = workspace.default_language
    messages = recent_messages(session, conversation, ALERT_MESSAGES) if conversation else []
    lines = [f"[{m.direction[:2].upper()}] {m.body[:ALERT_TEXT_CHARS]}" for m in messages]
    return text(
        "support_staff_alert", lang, number=ticket.number, name=(customer.name if customer else None)
        or contact.name or "-", phone=contact.phone,
        plan=say.plan_name(workspace, customer.plan, lang) if customer else "-",
        status=_word("support_status", customer.status, lang) if customer else "-",
        reason=_word("support_reason", reason, lang),
        channel=_word("support_channel", conversation.channel, lang) if conversation else "-",
        customer_lang=_word("support_language", customer_lang, lang) if customer_lang else "-",
        messages="\n".join(lines) or "-",
    )


def _word(prefix: str, code: str, lang: str) -> str:
    """A code on the card (a status, a reason, a channel, a language) in the staff chat's words; the code
    itself when texts.yaml has no words for it yet."""
    key = f"{prefix}_{code}"
    return text(key, lang) if has_text(key) else code


def relay_line(turn: Turn, ticket: Ticket) -> str:
    """A customer message passed on to the staff chat under the ticket's alert."""
    return text("support_staff_relay", turn.workspace.default_language, number=ticket.number,
                name=turn.contact.name or turn.contact.phone, text=turn.inbound.text[:3500])
