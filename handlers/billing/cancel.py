"""cancel_subscription: state the terms, wait for a yes, then record it and confirm in writing.

The policy names WhatsApp as a way to cancel and promises a written confirmation, so a confirmed
cancellation is a record (`SubscriptionRequest` recorded), a reply with the effective date and
the data dates, a separate written confirmation message, and a notice to staff who carry it out.
"""

from __future__ import annotations

from datetime import date

from bot.core.models import Customer, SubscriptionRequest
from handlers.billing import confirm
from handlers.billing.plan_change import opens_a_question
from handlers.billing.policy import cancellation_terms
from handlers.billing.records import (
    ON_RECORD,
    account_of,
    customer_of,
    local_today,
    new_request,
    plan_name,
    requests_of,
    set_state,
)
from handlers.billing.replies import day_or_dash, squash
from handlers.billing.rule_answer import not_found_with_rule, rule_answer
from handlers.billing.staff import notice
from handlers.billing.texts import business_days, says, text
from handlers.turn import OutboundMessage, Turn, TurnResult

INTENT = "cancel_subscription"


def handle(turn: Turn) -> TurnResult | None:
    customer = customer_of(turn)
    if customer is None:
        return not_found_with_rule(turn, INTENT)
    if turn.workspace.billing.cancellation is None:
        return _without_terms(turn)
    if says("hypothetical", turn.inbound.text) and opens_a_question(turn.inbound.text):
        # "if I just stop paying, what happens when I come back?": a question about the rule, not a request
        asked = rule_answer(turn)
        if asked is not None:
            return asked
    lang = turn.lang
    existing = requests_of(turn.session, customer, ["cancel"], ON_RECORD)
    if existing:
        when = day_or_dash(existing[0].effective_from, lang)
        return turn.result(text("cancel_already", lang, id=existing[0].id, date=when), intent=INTENT)
    today = local_today(turn.workspace, turn.now)
    terms = cancellation_terms(turn.workspace.billing, account_of(customer), today)
    if terms.decision == "deny":
        return turn.result(text(f"cancel_denied.{terms.reason}", lang), intent=INTENT,
                           data={"billing_reason": terms.reason})
    request = new_request(
        turn.session, customer, "cancel", "pending_confirmation", turn.now, reason=terms.reason,
        effective_from=terms.effective_on,
        details={"requested_on": today.isoformat(), "channel": turn.inbound.channel,
                 "data_kept_until": _iso(terms.data_kept_until), "export_until": _iso(terms.export_until),
                 "commitment_until": _iso(terms.commitment_until)},
    )
    confirm.ask(turn, request)
    reply = " ".join(p for p in (
        text("cancel_ask", lang, plan=plan_name(turn.workspace, customer.plan, lang),
             terms=_terms(request, customer, lang), data=_data(request, lang)).strip(),
        text("confirm_question", lang)) if p)
    return turn.result(squash(reply), intent=INTENT, data={"billing_request_id": request.id,
                                                            "billing_reason": terms.reason})


def _without_terms(turn: Turn) -> TurnResult | None:
    """The policy sets no cancellation terms (an event's one-time package, a service without a subscription):
    the bot invents none. The knowledge base's rule answers when it has one; otherwise a person takes the
    request, as the entitlement rules allow (a ticket and a staff alert, or the reason there is none)."""
    from handlers import human  # the person rules sit above billing

    rule = rule_answer(turn)
    if rule is not None:
        return turn.result(rule.reply, intent=INTENT, topic=rule.topic)
    passed = human.handle(turn)
    if passed is not None:
        passed.intent = INTENT
    return passed


def commit(turn: Turn, request: SubscriptionRequest) -> TurnResult:
    """The customer said yes: record, reply, and send the written confirmation."""
    customer = turn.session.get(Customer, request.customer_id)
    assert customer is not None
    lang = turn.lang
    set_state(request, "recorded", turn.now)
    terms, data = _terms(request, customer, lang), _data(request, lang)
    email_part = ""
    rules = turn.workspace.billing.cancellation
    days = rules.confirmation_business_days if rules is not None else None
    if customer.email and days:
        email_part = text("cancel_email_part", lang, email=customer.email, days=business_days(days, lang))
    reply = text("cancel_done", lang, id=request.id, terms=terms, data=data, email_part=email_part)
    written = text("cancel_written", lang, workspace=turn.workspace.name, id=request.id,
                   name=customer.name or customer.phone, plan=plan_name(turn.workspace, customer.plan, lang),
                   requested=day_or_dash(request.details.get("requested_on"), lang),
                   date=day_or_dash(request.effective_from, lang), data=data).strip()
    outbound = OutboundMessage(to=turn.contact.phone, body=written, channel=turn.inbound.channel)
    return turn.result(squash(reply), intent=INTENT, outbound=[outbound],
                       alerts=[notice(turn.workspace, customer, request)],
                       data={"billing_request_id": request.id, "billing_reason": request.reason})


def _terms(request: SubscriptionRequest, customer: Customer, lang: str) -> str:
    joined = day_or_dash(customer.joined_plan_on, lang)
    return text(f"cancel_terms.{request.reason}", lang, date=day_or_dash(request.effective_from, lang), joined=joined)


def _data(request: SubscriptionRequest, lang: str) -> str:
    kept, export = request.details.get("data_kept_until"), request.details.get("export_until")
    if kept and export:
        return text("data_dates", lang, kept=day_or_dash(kept, lang), export=day_or_dash(export, lang))
    if kept:
        return text("data_kept", lang, kept=day_or_dash(kept, lang))
    return ""


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


