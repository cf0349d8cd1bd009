"""With an OpenAI key: the model reads a message the offline path could not place.

Only a turn that would end in the fallback ("I don't know") is sent, with the last turns and the
stored state, so an answered turn costs no model call and the offline path stays the source of
truth (as Rasa skips its LLM when NLU is sure). The model's structured reading (knowledge/llm.py,
a strict JSON schema) may turn the message into a follow-up of the last topic, an answer to the
bot's pending proposal, a slot value or correction, or another intent; it may never create an
opt-out or an abuse flag (the offline rules decide those), and whether a person may be reached is
still decided by the entitlement rules. A timeout or a malformed reading keeps the fallback.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers.dialogue.flow import Reading, reading
from handlers.records import recent_messages
from handlers.turn import Turn, TurnResult

HISTORY = 6  # messages before the current one
OFFLINE_ONLY = ("opt_out", "abuse")
INTENTS = ["greeting", "faq", "human", "ticket_status", "subscription_status", "cancel_subscription",
           "refund_request", "freeze_request", "rsvp_reply", "unknown"]


def _is_fallback(result: TurnResult) -> bool:
    return result.intent == "unknown" and result.topic is None and result.handoff == "none" \
        and result.data.get("fallback") != "no_invitation"


def reconsider(turn: Turn, result: TurnResult, decide: Callable[[Turn], TurnResult]) -> TurnResult:
    """The fallback `result`, or a better answer when the model places the message."""
    understand = getattr(turn.ctx.answerer, "understand", None)
    found = reading(turn)
    if understand is None or found is None or not _is_fallback(result) or not turn.inbound.text.strip():
        return result
    history = [("bot" if m.direction == "outbound" else "customer", m.body)
               for m in recent_messages(turn.session, turn.conversation, HISTORY + 1) if m.id != turn.message.id]
    state = found.state
    context = {"topic": state.topic, "intent": state.intent, "slots": state.slots, "pending": state.pending}
    model = understand(turn.inbound.text, turn.lang, history[-HISTORY:], context, INTENTS,
                       list(turn.workspace.plans))
    if model is None or not _apply(turn, found, model):
        return result
    better = decide(turn)
    return result if _is_fallback(better) else better


def _apply(turn: Turn, found: Reading, model) -> bool:  # type: ignore[no-untyped-def]
    """Fold the model's reading into this turn; False when it adds nothing the offline path can use."""
    if model.intent in OFFLINE_ONLY:
        return False
    state, e = found.state, found.entities
    changed = False
    if model.answers_proposal in ("yes", "no") and state.pending and state.pending.get("kind") in ("more", "human"):
        found.model_answer = model.answers_proposal == "yes"
        return True
    if model.plan and not e.plans:
        e.plan, e.plans, changed = model.plan, [model.plan], True
    if model.period and not e.period:
        e.period, changed = model.period, True
    if model.event and not e.event:
        e.event, changed = model.event, True
    if model.months and not e.months:
        e.months, changed = model.months, True
    pending = state.pending or {}
    if pending.get("kind") == "slot" and pending.get("slot") == "months" and model.months:
        turn.intent = pending.get("route") or pending["intent"]
        found.slots["months"] = model.months
        return True
    if model.correction and model.party_size and state.intent == "rsvp_reply":
        turn.intent, found.correction = "rsvp_reply", True
        found.slots["party_size"] = model.party_size
        return True
    if model.followup and state.topic:
        found.followup_topic = state.topic
        kinds = {t.split(":")[0] for t in e.tags()}
        found.inherited = {t for t in state.tags if t.split(":")[0] not in kinds}
        turn.intent = "faq"
        return True
    if model.intent not in ("faq", "unknown", turn.intent):
        turn.intent = model.intent
        return True
    return changed and turn.intent == "faq"
