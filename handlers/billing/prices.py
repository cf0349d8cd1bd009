"""A plan's price asked in a chat whose knowledge base has no price list ("how much is the pro plan
per year?", "сколько стоит тариф pro в год?", "כמה עולה מסלול Pro לשנה?").

The workspace's billing rules carry list prices for plan-change quotes (`billing.prices`); when the
knowledge base has no fact for the plan, the answer is those prices, for the period asked or for
every period listed, instead of stretching the nearest topic (a refund rule is no price). A plan with
no list price (a trial, whose fee the knowledge base states) is left to the FAQ. "and monthly?" right after
reads the plan from the last turn (the turn's tags keep `price`), so "switch to it" then finds it.
"""

from __future__ import annotations

from functools import lru_cache

from handlers.billing.formatting import money
from handlers.billing.records import customer_of, plan_name
from handlers.billing.texts import phrases, says, text, words
from handlers.dialogue import flow as dialogue
from handlers.dialogue.words import PhraseList, words_of
from handlers.turn import Turn, TurnResult

TAG = "price"  # kept in the dialogue state's tags after a price answer
FOLLOWUP_WORDS = 4  # "and monthly?", "а помесячно?": a follow-up of a price answer


def asks_price(message: str) -> bool:
    """A question about a plan's price; a price word beside a plan change and a word of charging asks when
    the change is billed instead (`price_charging`), unless an asking phrase ("сколько стоит") says it."""
    said = words_of(message)
    if _asking_phrases().find(said):
        return True
    return phrases("price_question").find(said) and not (
        phrases("plan_change").find(said) and phrases("price_charging").find(said))


@lru_cache(maxsize=1)
def _asking_phrases() -> PhraseList:
    """The price list's entries of two words or more: they ask ("how much"); a lone noun ("price") may tell."""
    return PhraseList.of([p for p in words().get("price_question", []) if " " in str(p).strip()])


def compares_plans(message: str) -> bool:
    """"what's the difference between Starter and Pro", "מה ההבדל בין Pro ל-Business", "чем Pro
    лучше Starter": plans set side by side; not the price difference of moving from one to the other
    ("разницу за этот месяц вернёте?"). The words are data (`plan_comparison`, `plan_comparison_not`)."""
    return says("plan_comparison", message) and not says("plan_comparison_not", message)


def handle(turn: Turn) -> TurnResult | None:
    found = dialogue.reading(turn)
    if found is None:
        return None
    e, state = found.entities, found.state
    if compares_plans(turn.inbound.text):
        compared = _compare(turn, e.words, e.plans)
        if compared is not None:
            return compared
    followup = TAG in state.tags and (e.followup or len(e.words) <= FOLLOWUP_WORDS) and bool(e.period or e.plan)
    if not followup and not asks_price(turn.inbound.text):
        return None
    plan = named_plan(e.words, e.plan) or (state.slots.get("plan") if followup else None)
    if plan not in turn.workspace.plans or _knowledge_has_price(turn, str(plan)):
        return None  # no plan named, or the knowledge base's own facts answer it
    plan, lang, rules = str(plan), turn.lang, turn.workspace.billing
    listed = rules.prices.get(plan, {})
    name = plan_name(turn.workspace, plan, lang)
    asked = [e.period] if e.period in listed else list(listed)
    if not asked:
        return None  # no list price (a trial's fee is the knowledge base's): the FAQ answers
    amounts = "; ".join(f"{money(listed[p], rules.currency, lang)} ({text(f'period.{p}', lang)})" for p in asked)
    reply = text("price_listed", lang, plan=name, amounts=amounts)
    tags = sorted({TAG, f"plan:{plan}", *(f"period:{p}" for p in ([e.period] if e.period else []))})
    return turn.result(reply, intent="faq", data={"asked_tags": tags})


def _compare(turn: Turn, said: tuple[str, ...], plans: list[str]) -> TurnResult | None:
    """Plans compared in a chat whose knowledge base has no plan comparison: each plan's list price,
    one line a plan (with the customer's own plan when the message names only one other). The
    answer keeps the plans in the dialogue state, so "let's go with Pro" next starts the change."""
    named = [p for p in dict.fromkeys(named_plan(said, p) for p in plans) if p in turn.workspace.plans]
    if len(named) == 1:  # a Starter customer's "how is Pro different?"
        customer = customer_of(turn)
        if customer is not None and customer.plan not in named:
            named.insert(0, customer.plan)
    rules, lang = turn.workspace.billing, turn.lang
    priced = [p for p in named if rules.prices.get(p)]
    if len(priced) < 2 or any(_knowledge_has_price(turn, p) for p in priced):
        return None  # nothing to set side by side, or the knowledge base compares them itself
    lines = []
    for plan in priced:
        listed = rules.prices[plan]
        amounts = "; ".join(f"{money(listed[p], rules.currency, lang)} ({text(f'period.{p}', lang)})" for p in listed)
        lines.append(text("price_listed", lang, plan=plan_name(turn.workspace, plan, lang), amounts=amounts))
    tags = sorted({TAG, *(f"plan:{p}" for p in priced)})
    return turn.result("\n".join(lines), intent="faq", data={"asked_tags": tags})


def named_plan(said: tuple[str, ...], plan: str | None) -> str | None:
    """The plan the entities read, unless only from a word that is also an everyday one ("про" is
    "about" in "расскажите про цены"): such a word names the plan only right after a plan word
    ("тариф про"); both lists are data (`ambiguous_plan_names` in words.yaml)."""
    if plan is None:
        return None
    ambiguous: dict[str, list[str]] = words().get("ambiguous_plan_names", {})
    hits = [i for i, w in enumerate(said) if w in ambiguous]
    if not hits or any(w == plan for w in said):
        return plan
    return plan if any(i and said[i - 1] in ambiguous[said[i]] for i in hits) else None


def _knowledge_has_price(turn: Turn, plan: str) -> bool:
    """Whether a topic of the workspace's knowledge base has a fact about this plan (msg-software's
    plan prices): then the FAQ answers, from the owner's own text."""
    kb = turn.kb
    if kb is None:
        return False
    tag = f"plan:{plan}"
    return any(tag in fact.about for topic in kb.topics.values() for fact in topic.facts)
