"""freeze_request: eligibility, the dates, and what is left of the year's allowance; then a yes records it."""

from __future__ import annotations

import re

from bot.core.models import Customer, SubscriptionRequest
from handlers.billing import confirm
from handlers.billing.policy import FreezeTerms, freeze_terms
from handlers.billing.records import (
    ON_RECORD,
    account_of,
    customer_of,
    local_today,
    new_request,
    not_found,
    prior_freezes,
    requests_of,
    set_state,
)
from handlers.billing.replies import day_or_dash, squash, with_intent
from handlers.billing.staff import notice
from handlers.billing.texts import months, text, words
from handlers.dialogue import flow as dialogue
from handlers.dialogue.texts import text as dialogue_text
from handlers.turn import Turn, TurnResult

INTENT = "freeze_request"
_DIGITS = re.compile(r"\b(\d{1,2})\b")
_WORD = re.compile(r"\w+", re.UNICODE)
_HEBREW_PREFIXES = ("ל", "ב", "ו", "ה", "לה", "וה", "ול")


def requested_months(message: str) -> int | None:
    """How many months the customer asks for: a number or a number word; None when not said."""
    found = _DIGITS.search(message)
    if found:
        return int(found.group(1))
    tokens = [t.lower() for t in _WORD.findall(message)]
    candidates = set(tokens) | {t[len(p):] for t in tokens for p in _HEBREW_PREFIXES if t.startswith(p)}
    table: dict[str, list[str]] = words()["months"]
    for count in sorted(table, key=int, reverse=True):
        if candidates & set(table[count]):
            return int(count)
    return None


def handle(turn: Turn) -> TurnResult | None:
    customer = customer_of(turn)
    if customer is None:
        return with_intent(not_found(turn), INTENT)
    lang, rules = turn.lang, turn.workspace.billing
    today = local_today(turn.workspace, turn.now)
    upcoming = [r for r in requests_of(turn.session, customer, ["freeze"], ON_RECORD)
                if r.effective_until is not None and r.effective_until > today]
    if upcoming:
        r = upcoming[0]
        return turn.result(text("freeze_already", lang, id=r.id, start=day_or_dash(r.effective_from, lang),
                                resume=day_or_dash(r.effective_until, lang)), intent=INTENT)
    wanted = dialogue.slot(turn, "months") or requested_months(turn.inbound.text)
    terms = freeze_terms(rules, account_of(customer), wanted or 1, prior_freezes(turn.session, customer), today)
    if wanted is None and terms.decision == "ok":  # eligible, but how long was not said: ask, then read the answer
        reply = dialogue_text("freeze_how_many", lang, allowance=terms.allowance,
                              remaining=terms.allowance - terms.used, year=terms.year)
        return turn.result(reply, intent=INTENT, data={
            "proposal": {"kind": "slot", "intent": INTENT, "slot": "months"}, "billing_reason": "months_missing"})
    if terms.decision == "deny":
        return turn.result(squash(_denial(terms, customer, lang)), intent=INTENT,
                           data={"billing_reason": terms.reason})
    request = new_request(turn.session, customer, "freeze", "pending_confirmation", turn.now, reason=terms.reason,
                          effective_from=terms.starts_on, effective_until=terms.resumes_on,
                          details={"months": terms.months, "year": terms.year, "remaining": terms.remaining,
                                   "allowance": terms.allowance, "channel": turn.inbound.channel})
    confirm.ask(turn, request)
    reply = text("freeze_ask", lang, months=months(terms.months, lang), start=day_or_dash(terms.starts_on, lang),
                 resume=day_or_dash(terms.resumes_on, lang), remaining=terms.remaining, allowance=terms.allowance,
                 year=terms.year) + " " + text("confirm_question", lang)
    return turn.result(squash(reply), intent=INTENT, data={"billing_request_id": request.id})


def commit(turn: Turn, request: SubscriptionRequest) -> TurnResult:
    customer = turn.session.get(Customer, request.customer_id)
    assert customer is not None
    set_state(request, "recorded", turn.now)
    d, lang = request.details, turn.lang
    reply = text("freeze_done", lang, id=request.id, start=day_or_dash(request.effective_from, lang),
                 resume=day_or_dash(request.effective_until, lang), remaining=d.get("remaining"),
                 allowance=d.get("allowance"), year=d.get("year"))
    return turn.result(squash(reply), intent=INTENT, alerts=[notice(turn.workspace, customer, request)],
                       data={"billing_request_id": request.id})


def _denial(terms: FreezeTerms, customer: Customer, lang: str) -> str:
    return text(f"freeze_deny.{terms.reason}", lang, allowance=terms.allowance, used=terms.used,
                remaining=terms.remaining, year=terms.year, months=months(terms.months, lang),
                period=text(f"period.{customer.billing_period}", lang),
                status=text(f"status.{customer.status}", lang))
