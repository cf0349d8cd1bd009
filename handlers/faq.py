"""FAQ: answer from the workspace's own knowledge base, or leave the turn to the fallback.

The answer fits the question (handlers/dialogue/fitting.py): a question that names a plan, a
period or an event gets that part of the topic first, with the rest on request; a follow-up
("ולשלושה חודשים?") is answered from the previous turn's topic. A message that asks several
things (knowledge.answer.split_questions) gets each answered topic in one reply, cut to the
channel's budget so every part keeps at least its first sentence.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from handlers.dialogue import flow as dialogue
from handlers.dialogue.fitting import fit, segment_budget
from handlers.dialogue.texts import text
from handlers.dialogue.words import lexicon
from handlers.texts import text as bot_text
from handlers.turn import Turn, TurnResult
from knowledge.types import Lang
from scheduler.segments import count_segments

FOLLOWUP_CONFIDENCE = 0.6
# A follow-up that names no plan / period / event and that retrieval places this surely on another
# topic asks a new question ("ואם אני עובר למחשב חדש?" after the prices): the last topic yields.
OWN_TOPIC_CONFIDENCE = 0.9
SURE_ALONE = dialogue.SURE_ALONE  # ... and this surely, even one that picks among what was listed
# A follow-up that names a plan or period in a question of its own ("how much", "когда") leaves the last
# topic when retrieval alone is this sure of another: sure, not all but certain, since a topic's examples
# grow and its best score with them moves by a hair ("а сколько стоит Advanced за год?" at 0.989).
SURE_OWN_QUESTION = 0.95


def handle(turn: Turn) -> TurnResult | None:
    """Answers only when retrieval is confident (or the topic carries on); otherwise None."""
    found = dialogue.reading(turn)
    answer = lookup(turn)
    if found is not None and (answer is None or answer.topic is None) and dialogue.points_back_to_service(found):
        answer = lookup(turn, in_scope=True) or answer
    topic_id = answer.topic if answer is not None else None
    confidence = answer.confidence if answer is not None else 0.0
    inherited: set[str] = set()
    if found is not None and found.followup_topic and (
            topic_id in (None, found.followup_topic)
            or (found.entities.followup and not dialogue.stands_alone(found)
                and not _asks_elsewhere(found, topic_id, confidence))):  # "and ...?" keeps the topic
        if topic_id != found.followup_topic:
            confidence = FOLLOWUP_CONFIDENCE
        topic_id, inherited = found.followup_topic, found.inherited
    if topic_id is None:
        return None
    topic = turn.kb_topic(topic_id)
    if topic is None:
        return None
    asked = found.entities.tags() if found is not None else set()
    lang = answer.lang if answer is not None else turn.lang
    names = _names(turn, found)
    parts = answer.parts if answer is not None and answer.topic == topic_id else []
    if len(parts) > 1:  # the offline answer of several questions (the model's answers have no parts)
        reply, fitted = _several(turn, parts, lang, asked=asked, names=names)
    elif turn.ctx.answerer is not None and answer is not None and answer.topic == topic_id and not asked:
        reply, fitted = answer.answer, False  # the model phrased it for this question already
    else:
        shaped = fit(topic, lang, asked=asked, inherited=inherited, names=names, channel=turn.inbound.channel)
        reply, fitted = shaped.reply, shaped.fitted
    alone = answer.topic if answer is not None else None  # what the message finds by itself
    if found is not None and topic_id == found.state.topic and alone != topic_id and _tells(turn.inbound.text) \
            and not _corrects(found) and reply == _last_reply(turn):
        # "we pay every quarter btw" after the answer, carried on to its topic only by the period it names:
        # a fact about themselves, not the question again (a question repeated finds its topic itself, and
        # "точнее не неделю, а 3 дня" corrects the question, which its answer answers)
        return turn.result(bot_text("told_noted", lang), intent="faq", topic=topic_id, confidence=confidence,
                           lang=lang, data={"told": True, "asked_tags": sorted(asked | inherited)})
    data: dict[str, Any] = {"fitted": fitted, "asked_tags": sorted(asked | inherited)}
    if len(parts) > 1:
        data["topics"] = list(parts)
    if fitted:
        data["proposal"] = {"kind": "more", "topic": topic_id}
    return turn.result(reply, intent="faq", topic=topic_id, confidence=confidence, lang=lang, data=data)


def _tells(message: str) -> bool:
    """A message that asks nothing: no question mark and no word that asks or sets a condition."""
    from handlers.intents import asking_words, words_of

    return "?" not in message and not any(asking_words(words_of(message)))


def _corrects(found: dialogue.Reading) -> bool:
    e = found.entities
    return found.correction or found.retopic or e.correction or e.negation or bool(e.replaced or e.rejected)


def _last_reply(turn: Turn) -> str | None:
    """The bot's last reply in this conversation (read only when a told fact would repeat a topic)."""
    from sqlmodel import col, select

    from bot.core.models import Direction, Message

    query = select(Message.body).where(Message.conversation_id == turn.conversation.id,
                                       Message.direction == Direction.outbound)
    return turn.session.exec(query.order_by(col(Message.id).desc()).limit(1)).first()


def _several(turn: Turn, topic_ids: list[str], lang: Lang, *, asked: set[str], names: list[str]) -> tuple[str, bool]:
    """One reply for a message that asked several things: each topic fitted to the question,
    then, on a channel with a budget, the first sentence of every topic before any second one."""
    replies: list[str] = []
    cut = False
    for topic_id in topic_ids:
        topic = turn.kb_topic(topic_id)
        if topic is None:
            continue
        shaped = fit(topic, lang, asked=asked, inherited=set(), names=names, channel="")  # budget below
        body = shaped.reply
        if shaped.fitted:  # drop its own "more" hint: the combined reply carries one
            cut = True
            body = body.removesuffix(text("more_hint", lang)).rstrip()
        replies.append(body)
    budget = segment_budget(turn.inbound.channel)
    full = "\n".join(replies)
    if budget is None or (not cut and count_segments(full).segments <= budget):
        return (f"{full}\n{text('more_hint', lang)}" if cut else full), cut
    hint = text("more_hint", lang)
    bodies = [_sentences(r) for r in replies]
    kept: list[list[str]] = [[] for _ in bodies]

    def fits() -> bool:
        joined = "\n".join(" ".join(k) for k in kept if k)
        return count_segments(f"{joined}\n{hint}").segments <= budget

    for i, body in enumerate(bodies):  # every part's first sentence, else its first clause
        kept[i].append(body[0])
    if not fits():
        for i, body in enumerate(bodies):
            short = _first_clause(body[0])
            if short != body[0]:
                kept[i][0], bodies[i] = short, [short]  # a part cut short says no more of itself
            if fits():
                break
    while not fits() and sum(1 for k in kept if k) > 1:  # still too long: the last parts wait for "more"
        last = max(i for i, k in enumerate(kept) if k)
        kept[last], bodies[last] = [], []
    for rank in range(1, max(len(b) for b in bodies)):  # then second sentences, and so on
        for i, body in enumerate(bodies):
            if rank < len(body):
                kept[i].append(body[rank])
                if not fits():
                    kept[i].pop()
                    return _joined(kept, hint, bodies), True
    return _joined(kept, hint, bodies), True


def _first_clause(sentence: str) -> str:
    """The sentence up to its first comma or dash, marked as cut; the sentence itself if none."""
    for mark in (", ", " — ", " – ", " - "):
        head, sep, _ = sentence.partition(mark)
        if sep and len(head) >= 20:
            return f"{head}…"
    return sentence


def _sentences(reply: str) -> list[str]:
    return [s.strip() for line in reply.splitlines() for s in line.replace(". ", ".\n").splitlines() if s.strip()]


def _joined(kept: list[list[str]], hint: str, bodies: list[list[str]]) -> str:
    if not any(kept):  # not even one first sentence fits: the first one, over budget, beats nothing
        kept = [bodies[0][:1]]
    return "\n".join([" ".join(k) for k in kept if k] + [hint])


def _names(turn: Turn, found: dialogue.Reading | None) -> list[str]:
    """How the plan the question names is written, for topics that have no facts."""
    if found is None or found.entities.plan is None:
        return []
    spec = turn.workspace.plans.get(found.entities.plan)
    return [found.entities.plan, *(spec.name.values() if spec else [])]


def _asks_elsewhere(found: dialogue.Reading, topic_id: str | None, confidence: float) -> bool:
    """Whether an "and ...?" message asks its own question: it names nothing that the last topic's
    facts are told by (no plan, period, event or number), picks nothing among what the last answer
    listed ("а самый большой?") and retrieval is sure of another topic. Picking by a feature, or naming a
    plan or period in a question of its own ("how much", "когда"), that retrieval alone is sure (not only
    all but certain) has a topic of its own asks that topic ("ובאיזה מהם יש העברה למחשב חדש?" after the
    plans: moving to a new computer; "וכמה עולה Advanced לשנה?" after that: the plans' prices)."""
    e = found.entities
    picks = e.selects and confidence < SURE_ALONE
    names = bool(e.tags()) or e.number is not None
    if names and confidence >= SURE_OWN_QUESTION and not e.anaphor and lexicon().own_questions.find(e.words):
        names = False  # "וכמה עולה Advanced לשנה?" after moving to a new computer: the plans' price, asked anew
    return (topic_id is not None and topic_id != found.followup_topic and confidence >= OWN_TOPIC_CONFIDENCE
            and not names and not e.replaced and not picks and not found.retopic)


@cache
def _in_scope():  # type: ignore[no-untyped-def]
    """Retrieval's settings without the out-of-scope examples (built once, imported late like retrieval)."""
    from knowledge.retrieval import RetrievalConfig

    return RetrievalConfig(out_of_scope_weight=0.0)


def lookup(turn: Turn, *, in_scope: bool = False):  # type: ignore[no-untyped-def]
    """The knowledge base's answer; `in_scope`: without the owner's out-of-scope examples, for a
    message that points back at the service just asked for ("а сколько это стоит?" is about it,
    however much it looks like "сколько стоит Microsoft 365?"), and then only a sure answer."""
    from knowledge.answer import answer_question

    registry = turn.ctx.knowledge
    if registry is None:
        return None
    kb = registry.get(turn.workspace.slug)
    if kb is None:
        return None
    if in_scope:
        found = answer_question(kb, turn.inbound.text, turn.lang, config=_in_scope())
        return found if found.topic is not None and found.confidence >= OWN_TOPIC_CONFIDENCE else None
    if turn.ctx.answerer is not None:
        return turn.ctx.answerer.answer(kb, turn.inbound.text, turn.lang)
    return answer_question(kb, turn.inbound.text, turn.lang)
