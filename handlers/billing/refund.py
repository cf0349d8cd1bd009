"""refund_request: quote from the policy with the arithmetic shown, then a person approves or rejects.

The bot never promises money the policy denies: a denial is answered with the policy's reason and
what the customer can still do; a quote goes to staff on Telegram (`StaffAlert(kind="refund")`);
a case the policy does not price goes to staff without an amount.

For the Telegram edge: the alert's request id is in `TurnResult.data["billing_request_id"]`; the
approve / reject buttons call `decide_refund(session, request_id, approved, staff_name, now)`,
then send the returned `OutboundMessage` to the customer and commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from bot.core.models import Charge, Customer, SubscriptionRequest
from bot.core.workspaces import Workspace
from handlers.billing.charge_error import is_charge_error
from handlers.billing.charges import facts, latest_charge
from handlers.billing.formatting import expression, money, percent
from handlers.billing.policy import RefundQuote, refund_quote, to_cents
from handlers.billing.records import account_of, customer_of, local_today, new_request, requests_of
from handlers.billing.replies import day_or_dash, squash
from handlers.billing.rule_answer import not_found_with_rule, rule_answer
from handlers.billing.staff import refund_alert
from handlers.billing.texts import business_days, days, keys, months, says, text
from handlers.dialogue import flow as dialogue
from handlers.dialogue.fitting import fit
from handlers.turn import OutboundMessage, Turn, TurnResult

INTENT = "refund_request"
CHARGE_ERROR = "charge_error"


class RefundDecisionError(ValueError):
    """The request cannot be decided: unknown, or someone already decided it (message says which)."""


def handle(turn: Turn) -> TurnResult | None:
    customer = customer_of(turn)
    if customer is None:
        return not_found_with_rule(turn, INTENT)
    lang, workspace = turn.lang, turn.workspace
    today = local_today(workspace, turn.now)
    charge = latest_charge(turn.session, customer, today)
    if charge is not None:
        earlier = [r for r in requests_of(turn.session, customer, ["refund"], ["awaiting_staff", "approved"])
                   if r.charge_id == charge.id]
        if earlier:
            key = "refund_pending" if earlier[0].state == "awaiting_staff" else "refund_approved_open"
            return turn.result(text(key, lang, id=earlier[0].id), intent=INTENT,
                               data={"billing_request_id": earlier[0].id})
    if charge is not None and is_charge_error(turn):  # not a cancellation: a person decides, no fee sum
        quote = RefundQuote("staff", CHARGE_ERROR, currency=charge.currency,
                            days_since_charge=(today - charge.charged_on).days)
    else:
        quote = refund_quote(workspace.billing, facts(charge) if charge else None, account_of(customer), today)
    details = _snapshot(turn, workspace, quote)
    if quote.decision == "deny":
        request = new_request(turn.session, customer, "refund", "rejected", turn.now, reason=quote.reason,
                              charge_id=charge.id if charge else None, currency=quote.currency,
                              details=details, decided_by="policy", decided_at=turn.now)
        reply = _denial(workspace, customer, charge, quote, lang)
        rule = _rule_answer(turn, customer) if charge is None else None
        return turn.result(squash(reply if rule is None else f"{reply}\n{rule.reply}"), intent=INTENT,
                           topic=rule.topic if rule is not None else None,
                           data={"billing_request_id": request.id, "billing_reason": quote.reason})
    assert charge is not None  # no charge is always a denial
    request = new_request(turn.session, customer, "refund", "awaiting_staff", turn.now, reason=quote.reason,
                          charge_id=charge.id, currency=charge.currency, quoted_amount=quote.amount,
                          details=details)
    alert = refund_alert(workspace, customer, charge, quote, request)
    alert.ref = f"refund:{request.id}"  # the Approve / Reject buttons act on this request
    parts = [_charge_line(charge, lang)]
    if quote.decision == "quote":
        parts += [_quote_intro(workspace, quote, lang), *_step_lines(quote, charge.currency, lang),
                  _sent(workspace, request, lang)]
    else:
        parts.append(text("refund_charge_error" if quote.reason == CHARGE_ERROR else "refund_staff", lang,
                          id=request.id))
    return turn.result(squash("\n".join(p for p in parts if p)), intent=INTENT, alerts=[alert],
                       data={"billing_request_id": request.id, "billing_reason": quote.reason,
                             "billing_amount": str(quote.amount) if quote.amount is not None else None})


def decide_refund(session: Session, request_id: int, approved: bool, staff_name: str,
                  now: datetime) -> OutboundMessage:
    """Record a person's decision on a refund request and return the message telling the customer.

    Safe when two staff press at once: only the first decision is recorded; the second raises
    `RefundDecisionError` saying who decided. The caller sends the message and commits.
    """
    request = session.get(SubscriptionRequest, request_id)
    if request is None or request.kind != "refund":
        raise RefundDecisionError(f"no refund request #{request_id}")
    state = "approved" if approved else "rejected"
    outcome = session.execute(
        update(SubscriptionRequest)
        .where(col(SubscriptionRequest.id) == request_id, col(SubscriptionRequest.state) == "awaiting_staff")
        .values(state=state, decided_by=staff_name, decided_at=now, updated_at=now)
    )
    session.refresh(request)
    if outcome.rowcount != 1:  # type: ignore[attr-defined]
        raise RefundDecisionError(f"refund request #{request_id} is already {request.state}"
                                  + (f" by {request.decided_by}" if request.decided_by else ""))
    customer = session.get(Customer, request.customer_id)
    assert customer is not None
    details = request.details or {}
    lang = details.get("lang") or customer.language or "he"
    if not approved:
        body = text("refund_rejected", lang, id=request.id)
    elif request.quoted_amount is None:
        body = text("refund_approved_open", lang, id=request.id)
    else:
        amount = money(to_cents(request.quoted_amount), request.currency or "ILS", lang)
        body = text("refund_approved", lang, id=request.id, amount=amount,
                    timeline=_timeline(details.get("card_days"), details.get("transfer_days"), lang))
    return OutboundMessage(to=customer.phone, body=body, channel=details.get("channel", "whatsapp"))


def _snapshot(turn: Turn, workspace: Workspace, quote: RefundQuote) -> dict[str, object]:
    """What the customer was told, kept with the request: later policy changes are not retroactive."""
    refund = workspace.billing.refund
    return {
        "lang": turn.lang, "channel": turn.inbound.channel, "decision": quote.decision,
        "fee": str(quote.fee) if quote.fee is not None else None,
        "days_since_charge": quote.days_since_charge, "months_left": quote.months_left,
        "steps": [{"label": s.label, "kind": s.kind, "numbers": [str(n) for n in s.numbers],
                   "result": str(s.result)} for s in quote.steps],
        "card_days": refund.card_business_days if refund else None,
        "transfer_days": refund.transfer_business_days if refund else None,
    }


def _charge_line(charge: Charge, lang: str) -> str:
    what = f", {charge.description}" if charge.description else ""
    return text("refund_charge", lang, amount=money(charge.amount, charge.currency, lang),
                date=day_or_dash(charge.charged_on, lang), period=text(f"period.{charge.period}", lang), what=what)


def _quote_intro(workspace: Workspace, quote: RefundQuote, lang: str) -> str:
    refund = workspace.billing.refund
    assert refund is not None
    cap = money(refund.fee_cap, quote.currency or workspace.billing.currency, lang) if refund.fee_cap else "—"
    return text(f"refund_quote.{quote.reason}", lang, days=days(quote.days_since_charge or 0, lang),
                window=days(refund.window_days or 0, lang), percent=percent(refund.fee_percent), cap=cap,
                months=months(quote.months_left or 0, lang))


def _step_lines(quote: RefundQuote, currency: str, lang: str) -> list[str]:
    return [f"{text(f'step.{s.label}', lang)}: {expression(s, lang, currency)}" for s in quote.steps]


def _sent(workspace: Workspace, request: SubscriptionRequest, lang: str) -> str:
    refund = workspace.billing.refund
    approval = ""
    if refund is not None and refund.approval_business_days:
        approval = text("refund_approval_days", lang, n=business_days(refund.approval_business_days, lang))
    timeline = _timeline(refund.card_business_days if refund else None,
                         refund.transfer_business_days if refund else None, lang)
    return text("refund_sent", lang, id=request.id, approval=approval, timeline=timeline)


def _timeline(card: int | None, transfer: int | None, lang: str) -> str:
    if not card or not transfer:
        return ""
    return text("refund_timeline", lang, card=business_days(card, lang), transfer=business_days(transfer, lang))


def _rule_answer(turn: Turn, customer: Customer) -> TurnResult | None:
    """With no charge on record to refund, the policy the message asks about ("charged twice this
    month", "cancelled 10 days after the charge, do I get money back?"), after the line saying no
    charge was found: the workspace's rule for a charge in error or for the period the customer says
    they pay (`billing.refund.topics`) when retrieval lands on another period's rule or nowhere, else
    what retrieval finds; None when neither finds a topic."""
    answered = rule_answer(turn)
    found_topic = answered.topic if answered is not None else None
    wanted = _rule_topic(turn, customer, found_topic)
    if wanted is not None and wanted != found_topic:
        told = _topic_reply(turn, wanted)
        if told is not None:
            return told
    return answered if found_topic else None


def _rule_topic(turn: Turn, customer: Customer, found_topic: str | None) -> str | None:
    """The rule this refund follows by what the customer said; None to keep retrieval's topic.

    A charge in error (said now or just before) has its own rule. A period the customer names ("I'm on
    the annual plan", "годовой, не месячный", carried from the last turns) picks that period's rule over
    another period's rule or no topic at all. A charge said to be N days or weeks ago ("חויבתי לפני שלושה
    שבועות ולא השתמשתי") asks the window of the customer's period, which "didn't use it" does not change;
    retrieval's other finds (a trial fee, an outage) answer what the message is about."""
    refund = turn.workspace.billing.refund
    if refund is None or not refund.topics:
        return None
    error_topic, by_period = refund.charge_error_topic, refund.period_topics
    if error_topic is not None and is_charge_error(turn):
        return error_topic
    dated = all(says(f"charge_ago_{part}", turn.inbound.text) for part in ("charges", "markers", "units"))
    if found_topic is not None and found_topic not in by_period.values() \
            and not (dated and found_topic == error_topic):
        return None
    period = _said_period(turn) or (customer.billing_period if dated else None)
    return by_period.get(period) if period else None


def _said_period(turn: Turn) -> str | None:
    """The billing period the customer names in this message, else the one in play from the last turns
    (the stored slots keep every period said while the dialogue remembers)."""
    found = dialogue.reading(turn)
    if found is None:
        return None
    period = found.entities.period or found.state.slots.get("period")
    return str(period) if period else None


def _topic_reply(turn: Turn, topic_id: str) -> TurnResult | None:
    """The topic's answer, shaped to the question like an FAQ answer; None when the base lacks it."""
    topic = turn.kb_topic(topic_id)
    if topic is None:
        return None
    found = dialogue.reading(turn)
    asked = found.entities.tags() if found is not None else set()
    shaped = fit(topic, turn.lang, asked=asked, inherited=set(), names=[], channel=turn.inbound.channel)
    return turn.result(shaped.reply, intent="faq", topic=topic_id)


def _denial(workspace: Workspace, customer: Customer, charge: Charge | None, quote: RefundQuote, lang: str) -> str:
    refund, trial = workspace.billing.refund, workspace.billing.trial
    key = f"refund_deny.{quote.reason}"
    values: dict[str, object] = {
        "days": days(quote.days_since_charge or 0, lang),
        "window": days(refund.window_days or 0, lang) if refund else "",
        "until": day_or_dash(customer.paid_until, lang),
        "delivered": day_or_dash(charge.delivered_on if charge else None, lang),
        "fee": "",
    }
    if trial is not None:
        values["fee"] = money(trial.fee, workspace.billing.currency, lang) + (
            text("vat_extra", lang) if trial.fee_vat_extra else "")
    parts = [_charge_line(charge, lang)] if charge is not None else []
    parts.append(text(key if key in keys() else "refund_deny.no_rule", lang, **values))
    if quote.reason == "fee_exceeds" and charge is not None:
        parts += _step_lines(quote, charge.currency, lang)
    return "\n".join(parts)

