"""Two-step requests: the bot states the terms, the customer's next yes / no decides.

The pending request is a `SubscriptionRequest` in `pending_confirmation`; the conversation's
`state` remembers its id, so the next message is read in its light whichever worker receives it.
A reply that is neither yes nor no, or one that comes too late, drops the pending request and the
message is answered as usual: the bot never records a change the customer did not clearly confirm.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.core.models import Conversation, SubscriptionRequest
from handlers.billing.records import claim, set_state
from handlers.billing.texts import text, words
from handlers.intents import asking_words
from handlers.turn import Turn, TurnResult

AWAITING = "billing_confirm"
Committer = Callable[[Turn, SubscriptionRequest], TurnResult]
_WORD = re.compile(r"[\w']+", re.UNICODE)
INTENT_OF_KIND = {"cancel": "cancel_subscription", "freeze": "freeze_request", "plan_change": "subscription_status"}
_ACTIONS = ("cancel_subscription", "freeze_request")  # a request for one of these is no yes / no to another


def ask(turn: Turn, request: SubscriptionRequest) -> None:
    """Remember that the next message answers the question about `request`."""
    state = {k: v for k, v in (turn.conversation.state or {}).items() if not k.startswith("billing_")}
    state.update({"awaiting": AWAITING, "billing_request_id": request.id,
                  "billing_asked_at": turn.now.isoformat()})
    turn.conversation.state = state  # a new dict, so the JSON column is saved


def clear(conversation: Conversation) -> None:
    state = {k: v for k, v in (conversation.state or {}).items() if not k.startswith("billing_")}
    if state.get("awaiting") == AWAITING:
        state.pop("awaiting")
    conversation.state = state


def _tokens(message: str) -> list[str]:
    """Lower-cased words, apostrophes dropped ("don't" is "dont", as the word lists write it)."""
    return [t.lower().replace("'", "") for t in _WORD.findall(message)]


def yes_or_no(message: str) -> bool | None:
    """True for a clear yes, False for a clear no, None otherwise (in he / en / ru)."""
    tokens = _tokens(message)
    if not tokens or len(tokens) > 8:
        return None
    lists = words()
    head = tokens[:3]
    asks_at = next((i for i, asks in enumerate(asking_words(head)) if asks), None)
    if asks_at is not None:
        head = head[:asks_at]  # only what comes before "if / what / אם / если" answers the question
    if any(t in lists["deny"] for t in head):
        return False
    if any(t in lists["affirm"] for t in head):
        return True
    if asks_at is None and " ".join(tokens) in lists["affirm_phrases"]:
        return True
    return None


def pending(session: Session, conversation: Conversation, now: datetime,
            within_minutes: int) -> SubscriptionRequest | None:
    state = conversation.state or {}
    if state.get("awaiting") != AWAITING:
        return None
    request = session.get(SubscriptionRequest, state.get("billing_request_id"))
    asked = state.get("billing_asked_at")
    fresh = asked is not None and now - datetime.fromisoformat(asked) <= timedelta(minutes=within_minutes)
    if request is None or request.state != "pending_confirmation" or not fresh:
        if request is not None and request.state == "pending_confirmation":
            set_state(request, "cancelled", now)
        clear(conversation)
        return None
    return request


def pending_kind(session: Session, conversation: Conversation) -> str | None:
    """The kind of the request waiting for a yes / no in this conversation ("plan_change"), if any."""
    state = conversation.state or {}
    if state.get("awaiting") != AWAITING:
        return None
    request = session.get(SubscriptionRequest, state.get("billing_request_id"))
    return request.kind if request is not None and request.state == "pending_confirmation" else None


def handle(turn: Turn) -> TurnResult | None:
    """Interceptor: answers a yes / no to a pending billing question; otherwise steps aside."""
    request = pending(turn.session, turn.conversation, turn.now, turn.workspace.billing.confirm_within_minutes)
    if request is None:
        return None
    from handlers.dialogue import flow as dialogue  # the dialogue layer imports yes_or_no from here

    # "לא לבטל, להקפיא" is no "no"; "нет, лучше на один" asks for another length
    other = dialogue.corrects(turn) or _other_value(turn, request)
    answer = None if other else yes_or_no(turn.inbound.text)
    clear(turn.conversation)
    if not claim(turn.session, request, "pending_confirmation", "recorded" if answer else "cancelled", turn.now):
        return None  # another worker answered this request a moment ago
    asked = None if answer or other else _declined_and_asked(turn, request)
    if asked is not None or answer is None:
        return asked
    if not answer:
        return turn.result(text("dropped", turn.lang), intent=INTENT_OF_KIND.get(request.kind, "subscription_status"))
    return _committers()[request.kind](turn, request)


def _declined_and_asked(turn: Turn, request: SubscriptionRequest) -> TurnResult | None:
    """"стоп, подождите, не отменяйте пока. лучше скажите сколько стоит Essential на год": a "no" that goes
    on to ask something else. Its negated verb may read as the same action again, which would ask the same
    question again, and a bare "dropped" would leave the question unanswered; so the request is dropped as a
    "no" is, and the question after it is answered from the knowledge base. None (a plain "no", or answered
    as usual) when the message opens with no "no", asks for another action or person, or asks nothing the
    knowledge base answers."""
    intent = INTENT_OF_KIND.get(request.kind, "subscription_status")
    tokens = _tokens(turn.inbound.text)
    if turn.intent not in (intent, "faq", "unknown") or not any(t in words()["deny"] for t in tokens[:3]):
        return None
    from handlers.billing.rule_answer import rule_answer

    text_ = turn.inbound.text
    _, end, rest = text_.partition(next((c for c in text_ if c in ".!;"), "\0"))
    if end and rest.strip():
        answered = rule_answer(replace(turn, inbound=replace(turn.inbound, text=rest)))  # the question after "no"
    else:
        answered = rule_answer(turn) if len(tokens) > 3 else None
    if answered is None:
        return None
    reply = "\n".join([text("dropped", turn.lang), answered.reply or ""])
    return turn.result(reply, intent="faq", topic=answered.topic)


def _other_value(turn: Turn, request: SubscriptionRequest) -> bool:
    """Whether the message asks for another action, length or plan than the one asked about ("нет,
    лучше на один", "да, но на 2" after a 3-month freeze): not a yes or no to it, so "yes" never records the
    old value and "no" never drops the new one; the request is dropped and the new value asked."""
    from handlers.dialogue import flow as dialogue

    if turn.intent in _ACTIONS and turn.intent != INTENT_OF_KIND.get(request.kind):
        return True  # "хотя нет, лучше заморозьте на 2 месяца" after a cancellation was asked about
    if request.kind == "freeze":
        said = dialogue.slot(turn, "months")
        return said is not None and said != request.details.get("months")
    if request.kind == "plan_change":
        said = dialogue.slot(turn, "plan")
        return said is not None and said != request.details.get("target_plan")
    return False


def _committers() -> dict[str, Committer]:
    from handlers.billing import cancel, freeze, plan_change

    return {"cancel": cancel.commit, "freeze": freeze.commit, "plan_change": plan_change.commit}
