"""Plan changes ("upgrade to Pro", "לעבור למנוי חודשי"): when it takes effect and what it costs now.

There is no plan-change intent in the contract, so this handler looks at `faq` and
`subscription_status` turns and steps aside unless the message asks to change plans; its replies
are reported as `subscription_status`.
"""

from __future__ import annotations

import re

from bot.core.models import Customer, SubscriptionRequest
from bot.core.workspaces import Workspace
from handlers.billing import confirm
from handlers.billing.formatting import expression
from handlers.billing.policy import plan_change_terms
from handlers.billing.records import (
    account_of,
    customer_of,
    local_today,
    new_request,
    plan_name,
    set_state,
)
from handlers.billing.replies import day_or_dash, squash
from handlers.billing.rule_answer import not_found_with_rule
from handlers.billing.staff import notice
from handlers.billing.texts import days, says, text, words
from handlers.dialogue import flow as dialogue
from handlers.turn import Turn, TurnResult

INTENT = "subscription_status"
_WORD = re.compile(r"\w+", re.UNICODE)
_HEBREW_PREFIX = r"(?:ל|ב|ה|ו|לה|וה|ול)?"


def wants_plan_change(message: str, workspace: Workspace | None = None) -> bool:
    """A request to change plans; a question about how plan changes work is left to the knowledge base.

    "Move me" verbs ("תעבירו אותי", "переведите меня") count only beside a plan: one of `workspace`'s
    plans by name, or a plan word ("тариф", "חבילה")."""
    ordered = [t.lower() for t in _WORD.findall(message)]
    tokens = set(ordered)
    verbs = {str(w).lower() for w in words()["plan_change"]}
    stripped = {t[len(p):] for t in tokens for p in ("ל", "ו", "ה", "וה", "ול") if t.startswith(p)}
    if not (tokens | stripped) & verbs and not _moves_to_a_plan(message, ordered, workspace) \
            and not (tokens & _cues() and _leaves_for_another(message, workspace)):
        return False
    if tokens & _cues():
        return not says("how_it_works", message)  # "хотим перейти на Starter, как это работает?" asks the rule
    return "?" not in message and not opens_a_question(message)


def _cues() -> set[str]:
    return {str(w).lower() for w in words()["request_cues"]}


def _leaves_for_another(message: str, workspace: Workspace | None) -> bool:
    """"I'm on Monthly and want Occasional", "у меня Pro, хочу Business": the plan the customer is on and
    another one, beside a wish (`request_cues`), ask for a change with no verb for it."""
    if workspace is None:
        return False
    from handlers.dialogue.entities import extract

    found = extract(message, workspace)
    return bool(found.plans_left) and any(p not in found.plans_left for p in found.plans)


_CLAUSE = re.compile(r"[^.,;:!\n]+")


def opens_a_question(message: str) -> bool:
    """A clause that opens with a question word or a condition, even with no "?" ("fine. what does the
    upgrade cost per year then", "if you change the policy does it apply to me"): a question about the
    rule or the price, not a request to change plans (`question_starts` in billing/words.yaml)."""
    starts = {str(w).lower() for w in words()["question_starts"]}
    for clause in _CLAUSE.findall(message.lower()):
        said = _WORD.findall(clause)
        if said and (said[0] in starts or (len(said) > 1 and said[0] in ("and", "а", "ו") and said[1] in starts)):
            return True
    return False


def _moves_to_a_plan(message: str, ordered: list[str], workspace: Workspace | None) -> bool:
    """"תעבירו אותי בבקשה לחבילת Starter", "move me to Pro": a moving verb and a plan.

    Choosing a plan ("let's go with Pro", "אני לוקח את Pro", "давайте Pro", typically right after
    the plans were compared) is a change too, but only beside the plan's own name: a choice word
    beside "plan" alone ("давайте обсудим тариф") chooses nothing."""
    if says("plan_change_move", message):
        if set(ordered) & {str(w).lower() for w in words()["plan_nouns"]}:
            return True
        return workspace is not None and _names_a_plan(message, ordered, workspace, everyday_ok=True)
    return workspace is not None and says("plan_choice", message) and _names_a_plan(message, ordered, workspace)


def _names_a_plan(message: str, ordered: list[str], workspace: Workspace, *, everyday_ok: bool = False) -> bool:
    """A plan of the workspace by its name, or by another spelling the dialogue layer knows
    ("לביזנס", "на бизнес"); after a choice word not a spelling that is also an everyday word
    ("давайте про цены"), while a moving verb makes it the plan ("переведите на про")."""
    if target_plan(workspace, message, None) is not None:
        return True
    from handlers.billing.prices import named_plan
    from handlers.dialogue.entities import extract

    plans = extract(message, workspace).plans
    return bool(plans) if everyday_ok else any(named_plan(tuple(ordered), plan) for plan in plans)


def target_plan(workspace: Workspace, message: str, current: str | None) -> str | None:
    """The plan the message names (by id or by its name in any language), other than the current one."""
    found: list[tuple[int, str]] = []
    lowered = message.lower()
    trial = workspace.billing.trial.plan if workspace.billing.trial else None
    for plan_id, spec in workspace.plans.items():
        if plan_id == trial:
            continue
        names = {plan_id, plan_id.replace("-", " ")} | set(spec.name.values())
        for name in names:
            if re.search(_name_pattern(name), lowered):
                found.append((len(name), plan_id))
    others = sorted({(n, p) for n, p in found if p != current}, reverse=True)
    if others:
        return others[0][1]
    return current if found else None


def _name_pattern(name: str) -> str:
    """A plan name in running text: behind a Hebrew prefix, and long words in any inflection
    ("ежемесячную подписку" for "Ежемесячная подписка")."""
    parts = [re.escape(w[:-2]) + r"\w*" if len(w) >= 6 else re.escape(w) for w in name.lower().split()]
    return r"(?<!\w)" + _HEBREW_PREFIX + r"\s+".join(parts) + r"(?!\w)"


def handle(turn: Turn) -> TurnResult | None:
    result = _answer(turn)
    if result is not None:
        result.data.setdefault("action", "plan_change")  # reported as `subscription_status`: the rule it follows
    return result


def _answer(turn: Turn) -> TurnResult | None:
    answered = dialogue.slot(turn, "plan")  # the answer to "which plan?" asked the turn before
    if answered is None and not wants_plan_change(turn.inbound.text, turn.workspace):
        return None
    if answered is None and _corrects_a_question(turn):
        return None  # "אופס, התכוונתי לשדרג לביזנס" after "if I move to Starter, is it immediate?": still a question
    customer = customer_of(turn)
    if customer is None and "?" in turn.inbound.text:
        return None  # a number with no subscription asking "can I ...?": the rule answers, not "not found"
    if customer is None:
        return not_found_with_rule(turn, INTENT)
    lang, workspace = turn.lang, turn.workspace
    target = answered if answered not in (None, customer.plan) else target_plan(workspace, turn.inbound.text,
                                                                                  customer.plan)
    found = dialogue.reading(turn)
    if found is not None and target in found.entities.plans_left:
        target = None  # "from Occasional to ...": the plan named as left is not the one asked for
    if target is None:
        target = _plan_named_otherwise(turn, customer.plan) or _plan_referred_to(turn)  # "ok I want to switch to it"
    if target is None and "?" in turn.inbound.text:
        return None  # "I want a bigger package, when does it kick in?" names no plan: the rule answers
    if target is None:
        return turn.result(text("plan_which", lang, plans=_options(workspace, customer, lang)), intent=INTENT,
                           data={"proposal": {"kind": "slot", "intent": INTENT, "route": "faq", "slot": "plan"}})
    today = local_today(workspace, turn.now)
    terms = plan_change_terms(workspace.billing, account_of(customer), target, today)
    names = {"old": plan_name(workspace, customer.plan, lang), "new": plan_name(workspace, target, lang)}
    if terms.decision == "deny":
        return turn.result(text(f"plan_deny.{terms.reason}", lang, **names), intent=INTENT,
                           data={"billing_reason": terms.reason})
    if terms.decision == "staff":
        request = new_request(turn.session, customer, "plan_change", "awaiting_staff", turn.now, reason=terms.reason,
                              details={"target_plan": target, "channel": turn.inbound.channel, "lang": lang})
        return turn.result(text("plan_staff", lang, id=request.id, **names), intent=INTENT,
                           alerts=[notice(workspace, customer, request)], data={"billing_request_id": request.id})
    request = new_request(
        turn.session, customer, "plan_change", "pending_confirmation", turn.now, reason=terms.reason,
        effective_from=terms.effective_on, quoted_amount=terms.amount, currency=workspace.billing.currency,
        details={"target_plan": target, "direction": terms.direction, "channel": turn.inbound.channel},
    )
    confirm.ask(turn, request)
    unpriced = terms.reason == "upgrade_now" and not terms.steps  # no paid period on record: no days to count
    key = f"plan_terms.{terms.reason}" + ("_unpriced" if unpriced else "")
    parts = [text(key, lang, date=day_or_dash(terms.effective_on, lang),
                  joined=day_or_dash(customer.joined_plan_on, lang),
                  days=days(terms.steps[0].numbers[2] if terms.steps else 0, lang), **names)]  # type: ignore[arg-type]
    if terms.reason == "upgrade_now":
        parts += ([f"{text('step.upgrade', lang)}: {expression(s, lang, workspace.billing.currency)}"
                   for s in terms.steps] or [text("plan_no_price", lang)])
    parts.append(text("confirm_question", lang))
    return turn.result(squash("\n".join(parts)), intent=INTENT, data={"billing_request_id": request.id})


def _corrects_a_question(turn: Turn) -> bool:
    """Whether the message corrects the question the last turn answered from the knowledge base."""
    found = dialogue.reading(turn)
    return found is not None and found.entities.correction and found.state.intent == "faq" \
        and found.state.topic is not None


def _plan_named_otherwise(turn: Turn, current: str | None) -> str | None:
    """A plan the message names by another spelling the dialogue layer knows ("לביזנס", "на бизнес"),
    not the one it says the customer leaves ("מפרו לביזנס", "from Business to Pro") unless no other is named."""
    found = dialogue.reading(turn)
    trial = turn.workspace.billing.trial.plan if turn.workspace.billing.trial else None
    named = found.entities.plans if found is not None else []
    left = found.entities.plans_left if found is not None else []
    if current in named and current not in left and all(p in left for p in named if p != current):
        return current  # "from Occasional to Monthly" said by a Monthly customer: "you're already on it"
    plans = [p for p in named if p not in (current, trial)]
    return next((p for p in plans if p not in left), plans[0] if plans else None)


def _plan_referred_to(turn: Turn) -> str | None:
    """The plan the conversation last named, when the message points back at it ("switch to it",
    "перейти на него", "לעבור אליו"); the back-reference words are data (`plan_references`)."""
    found = dialogue.reading(turn)
    remembered = found.state.slots.get("plan") if found is not None else None
    if remembered not in turn.workspace.plans:
        return None
    tokens = {t.lower() for t in _WORD.findall(turn.inbound.text)}
    references = {str(w).lower() for w in words().get("plan_references", [])}
    return str(remembered) if tokens & references else None


def commit(turn: Turn, request: SubscriptionRequest) -> TurnResult:
    customer = turn.session.get(Customer, request.customer_id)
    assert customer is not None
    set_state(request, "recorded", turn.now)
    reply = text("plan_done", turn.lang, id=request.id,
                 new=plan_name(turn.workspace, request.details.get("target_plan", ""), turn.lang),
                 date=day_or_dash(request.effective_from, turn.lang))
    return turn.result(reply, intent=INTENT, alerts=[notice(turn.workspace, customer, request)],
                       data={"billing_request_id": request.id})


def _options(workspace: Workspace, customer: Customer, lang: str) -> str:
    trial = workspace.billing.trial.plan if workspace.billing.trial else None
    ranks = workspace.billing.plan_change.ranks if workspace.billing.plan_change else {}
    plans = [p for p in workspace.plans if p not in (customer.plan, trial) and (not ranks or p in ranks)]
    return ", ".join(plan_name(workspace, p, lang) for p in plans)
