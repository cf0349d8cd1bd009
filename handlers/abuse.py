"""Intent `abuse`: one calm answer, a staff alert, and after repeated abuse the `abusive` flag.

An insult that also asks for a person ("stupid bot, give me a real person") is a person request: a customer
who may reach one is handed over as any request would be (intent `human`), with the abuse still counted and
told to staff; one who may not is told why (intent `abuse`, handoff denied).

The support policy allows barring abusive customers from people, not from the product: a flagged
customer keeps the bot's answers, and entitlement denies them a person (handlers/entitlement.py).
`support.abuse_flag_after` in the workspace YAML sets how many abusive messages set the flag (0: never).
"""

from __future__ import annotations

from bot.core.models import Customer
from handlers import human
from handlers.customers import find_customer
from handlers.entitlement import ABUSIVE_FLAG
from handlers.human import denial, entitlement_of
from handlers.intents import person_beside_insult
from handlers.texts import text
from handlers.tickets import live_ticket
from handlers.turn import StaffAlert, Turn, TurnResult


def _count(turn: Turn, customer: Customer | None) -> int:
    """Abusive messages so far: on the customer when known, else on the conversation."""
    if customer is not None:
        customer.abuse_count = (customer.abuse_count or 0) + 1
        customer.updated_at = turn.now
        return customer.abuse_count
    count = int(turn.conversation.state.get("abuse_count", 0)) + 1
    turn.conversation.state = {**turn.conversation.state, "abuse_count": count}
    return count


def handle(turn: Turn) -> TurnResult:
    customer = find_customer(turn.session, turn.workspace.slug, turn.contact.phone)
    count = _count(turn, customer)
    limit = turn.workspace.support.abuse_flag_after
    flagged_now = False
    if customer is not None and 0 < limit <= count and ABUSIVE_FLAG not in customer.flags:
        customer.flags = [*customer.flags, ABUSIVE_FLAG]
        flagged_now = True
    staff_lang = turn.workspace.default_language
    alert_text = text("support_staff_abuse", staff_lang, name=turn.contact.name or "-", phone=turn.contact.phone,
                      count=count, limit=limit if limit > 0 else "-", text=turn.inbound.text[:1000])
    if flagged_now:
        alert_text += "\n" + text("support_staff_abuse_flagged", staff_lang)
    ticket = live_ticket(turn.session, turn.contact.id or 0)
    alert = StaffAlert(kind="abuse", text=alert_text, ticket_id=ticket.id if ticket else None)
    data = {"abuse_count": count, "flagged": flagged_now}
    if person_beside_insult(turn.inbound.text, turn.lang, turn.workspace.understanding.all_person_words()):
        # "позовите нормального сотрудника, а не этих идиотов": a person asked for with the insult; one who may
        # not reach a person (barred for abuse, or a plan without one) is told why, as a request alone would be
        customer_now, decision = entitlement_of(turn)
        if not decision.entitled:
            return turn.result(denial(turn, customer_now, decision), intent="abuse", handoff="denied", alerts=[alert],
                               data={**data, "reason": decision.reason})
        handed = human.handle(turn)  # the request is served; staff also hear of the insult
        handed.alerts.append(alert)
        handed.data = {**handed.data, **data}
        return handed
    return turn.result(text("support_abuse_calm", turn.lang), intent="abuse", alerts=[alert], data=data)
