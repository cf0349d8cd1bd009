"""freeze_request: eligibility, the dates, and what is left of the year's allowance; then a yes records it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from bot.core.models import Customer, SubscriptionRequest
from bot.core.workspaces.billing_rules import BillingRules
from handlers.billing import confirm
from handlers.billing.lengths import MOST
from handlers.billing.policy import Account, FreezeTerms, freeze_terms
from handlers.billing.records import (
    ON_RECORD,
    account_of,
    customer_of,
    local_today,
    new_request,
    prior_freezes,
    requests_of,
    set_state,
)
from handlers.billing.replies import day_or_dash, squash
from handlers.billing.rule_answer import not_found_with_rule
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
    if customer is None and "?" in turn.inbound.text:
        return None  # a number with no subscription asking "can I ...?": the rule answers, not "not found"
    if customer is None:
        return not_found_with_rule(turn, INTENT)
    lang, rules = turn.lang, turn.workspace.billing
    today = local_today(turn.workspace, turn.now)
    wanted = wanted_months(turn)
    upcoming = [r for r in requests_of(turn.session, customer, ["freeze"], ON_RECORD)
                if r.effective_until is not None and r.effective_until > today]
    if upcoming:
        return _already(turn, customer, upcoming[0], wanted, today)
    prior = prior_freezes(turn.session, customer)
    if wanted == MOST:
        terms = most_allowed(rules, account_of(customer), prior, today) or freeze_terms(
            rules, account_of(customer), rules.freeze.max_months_per_year + 1, prior, today)
    else:
        terms = freeze_terms(rules, account_of(customer), wanted or 1, prior, today)
    if wanted is None and terms.decision == "ok":  # eligible, but how long was not said: ask, then read the answer
        reply = dialogue_text("freeze_how_many", lang, allowance=terms.allowance,
                              remaining=terms.allowance - terms.used, year=terms.year)
        return turn.result(reply, intent=INTENT, data={
            "proposal": {"kind": "slot", "intent": INTENT, "slot": "months"}, "billing_reason": "months_missing"})
    if terms.decision == "deny":
        denial = _denial(terms, customer, lang)
        best = most_allowed(rules, account_of(customer), prior, today) if terms.reason == "allowance_exceeded" else None
        if best is not None:  # "4 is over the limit" and, in the same reply, the longest freeze that fits
            offer = text("freeze_offer_most", lang, months=months(best.months, lang),
                         start=day_or_dash(best.starts_on, lang), resume=day_or_dash(best.resumes_on, lang))
            return _propose(turn, customer, best, denial + " " + offer, reason=terms.reason)
        return turn.result(squash(denial), intent=INTENT, data={"billing_reason": terms.reason})
    reply = text("freeze_ask", lang, months=months(terms.months, lang), start=day_or_dash(terms.starts_on, lang),
                 resume=day_or_dash(terms.resumes_on, lang), remaining=terms.remaining, allowance=terms.allowance,
                 year=terms.year)
    return _propose(turn, customer, terms, reply)


def wanted_months(turn: Turn) -> int | str | None:
    """The length asked for: the dialogue's reading (an answer to "how many months?", "ok then 3",
    "the max"), else a number in the message, digits or words ("four months")."""
    said = dialogue.slot(turn, "months")
    if said is not None:
        return said  # type: ignore[no-any-return]
    found = requested_months(turn.inbound.text)
    if found is not None:
        return found
    reading = dialogue.reading(turn)
    return reading.entities.months if reading is not None else None


def most_allowed(rules: BillingRules, account: Account, prior: Sequence[tuple[date, int]],
                 today: date) -> FreezeTerms | None:
    """The longest freeze the policy allows now (None when none does): what to offer instead of a
    length past the yearly allowance, and what "the max" asks for."""
    for count in range(rules.freeze.max_months_per_year, 0, -1):
        terms = freeze_terms(rules, account, count, prior, today)
        if terms.decision == "ok":
            return terms
    return None


def _propose(turn: Turn, customer: Customer, terms: FreezeTerms, reply: str, *, reason: str | None = None,
             replaces: SubscriptionRequest | None = None) -> TurnResult:
    """Record the freeze as waiting for the customer's yes, and ask for it."""
    details = {"months": terms.months, "year": terms.year, "remaining": terms.remaining,
               "allowance": terms.allowance, "channel": turn.inbound.channel}
    if replaces is not None:
        details["replaces"] = replaces.id
    request = new_request(turn.session, customer, "freeze", "pending_confirmation", turn.now, reason=terms.reason,
                          effective_from=terms.starts_on, effective_until=terms.resumes_on, details=details)
    confirm.ask(turn, request)
    data: dict[str, object] = {"billing_request_id": request.id}
    if reason is not None:
        data["billing_reason"] = reason
    return turn.result(squash(reply + " " + text("confirm_question", turn.lang)), intent=INTENT, data=data)


def _already(turn: Turn, customer: Customer, recorded: SubscriptionRequest, wanted: int | str | None,
             today: date) -> TurnResult:
    """A freeze is on record. Another length ("בעצם שלושה" after it was recorded) is offered as a
    change of that freeze, while it has not begun; otherwise the reply says what is on record and
    how to change it."""
    lang, rules = turn.lang, turn.workspace.billing
    start, resume = day_or_dash(recorded.effective_from, lang), day_or_dash(recorded.effective_until, lang)
    not_begun = recorded.effective_from is not None and recorded.effective_from > today
    if wanted is None or wanted == recorded.details.get("months") or not not_begun:
        key = "freeze_already_change" if not_begun else "freeze_already"
        return turn.result(text(key, lang, id=recorded.id, start=start, resume=resume), intent=INTENT)
    prior = prior_freezes(turn.session, customer, except_id=recorded.id)
    account = account_of(customer)
    terms = most_allowed(rules, account, prior, today) if wanted == MOST else freeze_terms(
        rules, account, int(wanted), prior, today)
    if terms is None or terms.decision == "deny":
        terms = terms or freeze_terms(rules, account, rules.freeze.max_months_per_year + 1, prior, today)
        return turn.result(squash(_denial(terms, customer, lang) + " " + text(
            "freeze_already", lang, id=recorded.id, start=start, resume=resume)), intent=INTENT,
            data={"billing_reason": terms.reason})
    reply = text("freeze_change_ask", lang, id=recorded.id, months=months(terms.months, lang),
                 start=day_or_dash(terms.starts_on, lang), resume=day_or_dash(terms.resumes_on, lang),
                 remaining=terms.remaining, allowance=terms.allowance, year=terms.year)
    return _propose(turn, customer, terms, reply, replaces=recorded)


def commit(turn: Turn, request: SubscriptionRequest) -> TurnResult:
    customer = turn.session.get(Customer, request.customer_id)
    assert customer is not None
    set_state(request, "recorded", turn.now)
    d, lang = request.details, turn.lang
    replaced = turn.session.get(SubscriptionRequest, d["replaces"]) if d.get("replaces") else None
    if replaced is not None and replaced.state in ON_RECORD:
        set_state(replaced, "cancelled", turn.now)  # the new length takes the old freeze's place
    key = "freeze_changed" if replaced is not None else "freeze_done"
    reply = text(key, lang, id=request.id, old=d.get("replaces"), start=day_or_dash(request.effective_from, lang),
                 resume=day_or_dash(request.effective_until, lang), remaining=d.get("remaining"),
                 allowance=d.get("allowance"), year=d.get("year"))
    alert = notice(turn.workspace, customer, request)
    if replaced is not None:
        alert = replace(alert, text=alert.text + "\n" + text("staff_replaces", turn.workspace.default_language,
                                                              old=replaced.id))
    return turn.result(squash(reply), intent=INTENT, alerts=[alert], data={"billing_request_id": request.id})


def _denial(terms: FreezeTerms, customer: Customer, lang: str) -> str:
    return text(f"freeze_deny.{terms.reason}", lang, allowance=terms.allowance, used=terms.used,
                remaining=terms.remaining, year=terms.year, months=months(terms.months, lang),
                period=text(f"period.{customer.billing_period}", lang),
                status=text(f"status.{customer.status}", lang))


def question(turn: Turn) -> TurnResult | None:
    """A question about freezing ("can I freeze my plan for 4 months?") is answered from the knowledge
    base, with the policy's limit said first when the length asked is past it, and the next message
    may give the length for the freeze itself ("ok then 3"): the answer leaves the length as the
    open detail of a freeze request."""
    rules = turn.workspace.billing
    if not rules.freeze.allowed:
        return None
    from handlers.intents import named_action

    if named_action(turn.inbound.text) != INTENT:
        return None
    from handlers import faq

    result = faq.handle(turn)
    if result is None:
        return None
    wanted = requested_months(turn.inbound.text)
    if wanted is None:
        reading = dialogue.reading(turn)
        wanted = reading.entities.months if reading is not None else None
    allowance = rules.freeze.max_months_per_year
    if wanted is not None and wanted > allowance:
        result.reply = text("freeze_over_limit", turn.lang, months=months(wanted, turn.lang),
                            allowance=allowance) + "\n" + (result.reply or "")
    result.data["proposal"] = {"kind": "slot", "intent": INTENT, "slot": "months"}  # over "more": the action is next
    return result
