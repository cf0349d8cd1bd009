"""The policy a billing request asks about, for a reply that cannot act on it.

Why: with no subscription on the number (a prospect, or a customer writing from another phone) or no
charge on record, the bot cannot freeze, cancel, change or refund anything, yet the person still
asked about a rule ("can I freeze it for two months?"). A human agent would say what is missing and
then answer the rule; so these replies carry the knowledge base's answer after their first line.
"""

from __future__ import annotations

from handlers.billing.records import not_found
from handlers.billing.replies import squash
from handlers.turn import Turn, TurnResult


def rule_answer(turn: Turn) -> TurnResult | None:
    """The knowledge base's answer to the message, shaped like an FAQ answer; None when none is sure."""
    from handlers import faq  # the answering layer imports the billing handlers

    answered = faq.handle(turn)
    return answered if answered is not None and answered.topic and answered.reply else None


def not_found_with_rule(turn: Turn, intent: str) -> TurnResult:
    """No subscription on this number: say so and how to reach us, then the rule the message asks about."""
    told = not_found(turn)
    told.intent = intent
    rule = rule_answer(turn)
    if rule is None:
        return told
    return turn.result(squash(f"{told.reply}\n{rule.reply}"), intent=intent, topic=rule.topic, handoff="none")
