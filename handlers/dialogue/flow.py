"""One turn's dialogue work: read the message with the stored state, answer a pending proposal,
and remember what this turn was about.

`begin` runs right after the intent is guessed and may re-read the message with the previous
turn: the answer to a question the bot asked ("how many months?" - "2"), a correction ("רגע,
בעצם 2" after "מגיעים 3"), or a follow-up ("ולשלושה חודשים?" after "כמה עולה Essential?") that
keeps the previous topic. It never overrides the rules that must win offline: opt-out, abuse and
a request for a person. `intercept` answers "yes / כן / да" and "no" to the bot's own pending
proposal, and "more / פרטים / подробнее" after a short answer. `finish` stores the new state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from handlers.billing.confirm import pending_kind, yes_or_no
from handlers.billing.lengths import MOST, asks_most
from handlers.dialogue.entities import Entities, extract
from handlers.dialogue.store import State, load, read, save
from handlers.dialogue.texts import text
from handlers.dialogue.words import PhraseList, lexicon, readings, stem, words_of
from handlers.intents import named_action, party_size_in
from handlers.turn import Turn, TurnResult

KEY = "dialogue"
PROTECTED = ("opt_out", "abuse", "human")  # offline rules: never re-read as a follow-up
OPEN_INTENTS = ("faq", "unknown", "greeting")  # what a follow-up or a slot answer is classified as alone
ACTIONS = ("cancel_subscription", "freeze_request", "refund_request")  # a correction may swap one for another
PLAN_CHANGE = "subscription_status"  # what plan-change turns are reported as (handlers/billing/plan_change.py)
SHORT = 4  # words: a message this short that only names a plan / period / event continues the topic
BARE = 6  # words: a question word with only fillers and units beside it ("how many months at most") this long
UNANSWERED = 8  # words: a message this short naming a plan / period / event continues the topic retrieval can't place
QUESTION_CHARS = 300  # of the last question kept to read a follow-up with
SURE = 0.9  # the last question read with an "and if ...?" finds the last topic this surely, to keep it
SURE_ALONE = 0.99  # ... unless the message alone finds another topic this surely ("and if the balance runs out?")
OPENING = 3  # words: where an "and ...?" says its "if" ("а потом если ...")
CASE_SURE = 0.8  # an "and if ...?" read with the last question finds the last topic this surely: a case of it ...
ELSEWHERE = 0.9  # ... unless the message alone finds another topic this surely ("and if you can't fix it?")
COPULA_AFTER = frozenset({"what", "whats", "מה", "מי", "что", "кто"})  # "מה זה ...?": "what is ...", no pointing back
UNSURE_ALONE = 0.6  # a long "and ...?" that retrieval alone places less surely than this may still be the last topic's
ABOUT_SURE = 0.5  # a "what about X?" read with the last question finds the last topic this surely, to keep it
CONDITION = 12  # words: an "and ...?" this long that points back may still lean on the last question
STANDS_ALONE = 6  # words: a follow-up-shaped message this long may be a new question
FREEZE_FOLLOWUP = 7  # words: a message this short with a bare number, after a freeze turn, gives the length
FREEZE_MONTHS = 24  # a bare number above this after a freeze turn is no length of months


@dataclass
class Reading:
    """What the dialogue layer made of the message (kept in `turn.extras["dialogue"]`)."""

    state: State
    entities: Entities
    followup_topic: str | None = None
    inherited: set[str] = field(default_factory=set)
    slots: dict[str, Any] = field(default_factory=dict)  # details handed to action handlers
    correction: bool = False
    row: Any = None  # the stored row read at the start of the turn (None: none yet)
    model_answer: bool | None = None  # the model's yes / no to the pending proposal (handlers/dialogue/model.py)
    query: str | None = None  # a follow-up read with the previous question ("and for an annual plan?")
    retopic: bool = False  # "no, I asked about X, not Y": the re-read question's topic, not the last one
    points_back: bool = False  # a short question that only points back ("זה כולל מע"מ?"), no "and"


def reading(turn: Turn) -> Reading | None:
    return turn.extras.get(KEY)  # type: ignore[no-any-return]


def slot(turn: Turn, name: str) -> Any:
    """A detail the dialogue layer resolved for this turn (months, party_size, plan), or None."""
    found = reading(turn)
    return found.slots.get(name) if found else None


def begin(turn: Turn) -> Reading:
    state, row = read(turn.session, turn.conversation, turn.now)
    found = Reading(state, extract(turn.inbound.text, turn.workspace), row=row)
    turn.extras[KEY] = found
    if turn.intent not in PROTECTED:
        _resolve(turn, found)
    return found


def _slot_value(name: str, e: Entities, message: str = "") -> Any:
    if name == "months":
        return e.months or e.number or (MOST if says_most(message) else None)
    if name == "plan":
        return e.plan
    return None


def names_ticket(turn: Turn) -> bool:
    """Whether the message names a ticket by its number: the workspace's prefix with digits ("WA-1034",
    "wa 1034") or a number marked as one ("#1034", "№1034")."""
    prefix = re.escape(turn.workspace.support.ticket_prefix)
    return bool(re.search(rf"(?i)(?<![\w-]){prefix}[\s-]?\d{{2,}}\b|[#№]\s?\d{{3,}}\b", turn.inbound.text))


HANDED_OVER = ("human", "ticket_status")  # the last turn passed the request to a person or told its status
CONFIRMED = ("cancel_subscription", "freeze_request", "refund_request")  # asked to confirm, or decided by staff
GO_AHEAD = 5  # words: "ok, close it then please"
GO_AHEAD_TOLD = 12  # words: a go-ahead with a reason or courtesy beside it ("ok then, go ahead and close it for me")


def _goes_ahead(turn: Turn, found: Reading) -> str | None:
    """The action the last answer told how to do, when the message says to go ahead with it: "close it"
    / "תעשו את זה" / "давайте" in a few words that ask nothing, after an answer from a topic the workspace
    ties to an action (`understanding.topic_actions`). A bare "yes" goes ahead too, only to an action that
    is confirmed or decided by a person before anything changes (closing a call is not)."""
    from handlers.intents import asking_words

    state, e = found.state, found.entities
    action = turn.workspace.understanding.topic_actions.get(state.topic or "")
    if action in (None, "plan_change") or state.intent != "faq" or turn.intent not in OPEN_INTENTS:
        return None
    if len(e.words) > GO_AHEAD_TOLD or "?" in turn.inbound.text or any(asking_words(e.words)):
        return None
    lex = lexicon()
    if lex.go_ahead.find(e.words) and (len(e.words) <= GO_AHEAD or not _holds_off(e)):
        # longer: "понял, тогда оформляйте закрытие, я ухожу" goes ahead; "I won't close it yet" does not
        return named_action(turn.inbound.text) or action  # "cancel it" after the refund rule cancels
    if len(e.words) > GO_AHEAD:
        return None
    if action in CONFIRMED and not state.pending and yes_or_no(turn.inbound.text) is True and len(e.words) <= 2:
        return action
    return None


def _holds_off(e: Entities, said: PhraseList | None = None) -> bool:
    """A go-ahead (`said`: its phrases, found in the message; `go_ahead` unless told) that holds off
    ("don't close it yet", "I'd rather not close it now", "пока не закрывайте", "אל תסגרו עדיין", "don't send
    one yet"): a word of waiting anywhere, or a negation before the go-ahead itself. A "not" in the reason
    after it ("закрывайте, больше не нужен") holds nothing off."""
    lex = lexicon()
    if lex.go_ahead_stops.find(e.words):
        return True
    first = min(start for start, _ in (said or lex.go_ahead).spans(e.words))
    return any(start < first for start, _ in lex.negations.spans(e.words))


def _sends_one(turn: Turn, found: Reading) -> bool:
    """"good, then send one to my pc please" after "do your technicians work at night?", "תשלחו לי אחד" after
    whether the agents answer on Saturdays, "пришлите одного" after whether the masters work at night: "one"
    stands for the people the last question asked about, so it asks for one of them as "send a technician"
    does. Only in a message that asks nothing and holds nothing off, after a question that named them."""
    from handlers.intents import asking_words

    state, e, lex = found.state, found.entities, lexicon()
    if not state.question or turn.intent not in OPEN_INTENTS or "?" in turn.inbound.text:
        return False
    if len(e.words) > GO_AHEAD_TOLD or any(asking_words(e.words)) or not lex.send_one.find(e.words):
        return False
    if _holds_off(e, lex.send_one):
        return False  # "don't send one yet", "пока никого не присылайте"
    asked = words_of(state.question)
    if lex.person_nouns.find(asked):
        return True
    people = [w.lower() for w in turn.workspace.understanding.all_person_words() if " " not in w]
    return any(_same_word(w, p) for w in asked for p in people)


def _asks_when_answered(turn: Turn, e: Entities) -> bool:
    """"and when will that be?", "ומתי זה יהיה בערך?", "а когда это будет?": a short message that points
    back and asks when, while the request just passed to a person waits (the contact has a live ticket)."""
    from handlers.tickets import live_ticket

    if len(e.words) > STANDS_ALONE or not (e.followup or e.anaphor) or e.tags():
        return False
    if not lexicon().when_words.find(e.words):
        return False
    return live_ticket(turn.session, turn.contact.id or 0) is not None


def _resolve(turn: Turn, found: Reading) -> None:
    state, e = found.state, found.entities
    pending = state.pending or {}
    action = _goes_ahead(turn, found)
    if action is not None:
        turn.intent = action  # "close it" after how to close the account: that action, as if asked for
        return
    if _sends_one(turn, found):
        turn.intent = "human"  # "then send one over" after whether the technicians work at night: one of them
        return
    if state.intent == "ticket_status" and turn.intent in OPEN_INTENTS and names_ticket(turn):
        turn.intent, found.correction = "ticket_status", e.correction  # "sorry, typo, it's WA-1034"
        return
    if state.intent in HANDED_OVER and turn.intent in OPEN_INTENTS and _asks_when_answered(turn, e):
        turn.intent = "ticket_status"  # "ומתי זה יהיה בערך?" after the request went to a person: its status says
        return
    if pending.get("kind") == "slot" and turn.intent in (*OPEN_INTENTS, pending.get("intent")):
        value = _slot_value(str(pending.get("slot")), e, turn.inbound.text)
        if pending.get("slot") == "months" and not e.months and e.tags() and "?" in turn.inbound.text:
            value = None  # "my mistake, ours is a monthly one. so it works?" asks again; its "one" is no length
        if value is not None:
            turn.intent = pending.get("route") or pending["intent"]  # the intent whose handler asked
            found.slots[pending["slot"]] = value
            return
    if state.intent == "rsvp_reply" and e.correction:
        # the count as the RSVP reader builds it ("2 מבוגרים ו-2 ילדים, אז 4", "вчетвером"), else the first number
        size = party_size_in(turn.inbound.text) or e.number
        if size is not None:
            turn.intent, found.correction = "rsvp_reply", True
            found.slots["party_size"] = size
            return
    if (e.correction or e.negation) and state.intent in ACTIONS and turn.intent in (*OPEN_INTENTS, *ACTIONS):
        kept = " ".join(w for w, d in zip(e.words, e.dropped, strict=True) if not d) if e.negation else ""
        corrected = (kept and named_action(kept)) or named_action(turn.inbound.text)  # "לא לבטל, להקפיא"
        if corrected is not None and corrected != state.intent:
            turn.intent, found.correction = corrected, True
            return
    if state.intent == "freeze_request" and e.added and turn.intent in (*OPEN_INTENTS, "freeze_request"):
        before = _length_in_play(turn, state)
        if before is not None:  # "and if I add 2 more?" after 1 month asks for 3; the policy's limit answers it
            turn.intent = "freeze_request"
            found.slots["months"] = e.months = before + e.added
            return
    if e.plan and (e.correction or e.negation) and state.intent == PLAN_CHANGE and turn.intent in (
            *OPEN_INTENTS, PLAN_CHANGE) and pending_kind(turn.session, turn.conversation) == "plan_change":
        turn.intent, found.correction = PLAN_CHANGE, True  # "actually Pro, not Business" before the yes
        found.slots["plan"] = e.plan
        return
    if state.intent == "freeze_request" and turn.intent in (*OPEN_INTENTS, "freeze_request") and (
            turn.intent != "freeze_request" or e.correction):
        length = _freeze_length(turn, e)  # "actually 1 month", "не на 3, а на 2", "а можно на 4?", "ok, the max"
        if length is not None:
            turn.intent, found.correction = "freeze_request", e.correction
            found.slots["months"] = length
            return
    if state.topic and state.question and _not_this_but_that(e) and not e.replaced and not e.rejected \
            and turn.intent in ("faq", "unknown") and _read_as_corrected(turn, found, state.question):
        return  # "не в день, а в месяц": what it rejects is no plan / period / event, the question is re-read
    if _after_denial(turn, found):
        return
    if state.topic and turn.intent in ("faq", "unknown") and _continues(turn, found):
        found.followup_topic = state.topic
        if e.correction and e.tags():
            e.followup = True  # "no wait, for 3 months" refers back as "and for 3 months?" does
        kinds = {t.split(":")[0] for t in e.tags()}
        found.inherited = {t for t in state.tags if t.split(":")[0] not in kinds}
        turn.intent = "faq"
        if state.question and kinds and not _told_by_facts(turn, found):
            _read_with_question(turn, found, state.question, kinds)
        elif state.question and not kinds and found.points_back:
            _pin_if_same_question(turn, found, state.question)
        elif state.question and not kinds and _leans_on_last(e):
            _pin_if_same_question(turn, found, state.question, strict=True)
        elif state.question and not kinds and _asks_about(e):
            _pin_if_same_question(turn, found, state.question, strict=True, sure=ABOUT_SURE)
        elif state.question and not kinds and _points_back_longer(e):
            # "what happens if more people answer than that?": points back, too long to be read as "and ...?"
            _pin_if_same_question(turn, found, state.question, strict=True)
        if state.question and found.query is None and not found.retopic and (_asks_a_case(e) or _adds_a_value(e)):
            # "а потом если вернусь, можно на один месяц?", "we're on Advanced if that changes anything": a case
            # or a value the last question did not name (nothing in it to swap), read into it
            _pin_if_same_question(turn, found, state.question, strict=True, sure=CASE_SURE, alone_sure=ELSEWHERE)
        elif state.question and found.query is None and not found.retopic and not kinds and _long_and(e):
            # "and is there less chance of getting blocked there?" after what the cloud gives: long enough to
            # stand alone, but what it finds alone is a guess; the last question read with it decides
            _pin_if_same_question(turn, found, state.question, strict=True, alone_sure=UNSURE_ALONE)
        swapped = _period_rule(turn, state.topic, e)
        if swapped is not None:  # "טעיתי, אני במסלול החודשי" after the annual refund rule: the monthly one
            found.followup_topic, found.retopic = swapped, True
            e.followup = True
        if _stretches_last(e):
            found.retopic = True  # "а абонплату тоже вернёте?": whether the rule just told reaches it, yes or no
            e.followup = True
        return
    if state.topic and e.correction and not e.tags() and turn.intent in ("faq", "unknown"):
        if _asks_anew(e):  # "no, I meant what the plans cost": a question of its own
            if e.negation:
                _read_without_rejected(turn, found)
            return
        if state.question and _read_as_corrected(turn, found, state.question):
            return
        if e.negation:
            _read_without_rejected(turn, found)


def _period_rule(turn: Turn, topic: str, e: Entities) -> str | None:
    """The rule of the period a follow-up says the customer is on, correcting or telling it ("sorry, it's
    monthly", "у меня годовая, не помесячная", "I'm on monthly"), when the last topic is another period's
    rule of the same kind (the workspace's `billing.refund.topics`: monthly and annual refunds); None
    otherwise. Months asked about as a unit ("а дни пересчитываются или месяцы?") change no period."""
    refund = turn.workspace.billing.refund
    topics = refund.period_topics if refund is not None else {}
    if not e.period or topic not in topics.values():
        return None
    if not (e.correction or e.replaced or e.rejected or lexicon().plan_source_before.find(e.words)):
        return None
    wanted = topics.get(e.period)
    return wanted if wanted not in (None, topic) else None


def _after_denial(turn: Turn, found: Reading) -> bool:
    """"למה? מה אני צריך לעשות?", "what do we need to do to get support back" right after a person was
    refused: a short message that retrieval does not place surely elsewhere asks about the refusal, and
    the topic that explains its reason answers it (`_denial_topic`, stored as the state's topic)."""
    state, e = found.state, found.entities
    if state.intent != "human" or not state.topic or turn.intent not in ("faq", "unknown"):
        return False
    if state.topic not in {t for topics in lexicon().denial_topics.values() for t in topics}:
        return False
    kb = turn.kb
    if kb is None or len(e.words) > CONDITION or e.tags() or _sure_elsewhere(kb, turn, state.topic, SURE):
        return False
    found.followup_topic = state.topic
    e.followup = True
    turn.intent = "faq"
    return True


def _asks_anew(e: Entities) -> bool:
    """Whether what the correction says, past its frame, asks a question word of its own ("what the
    plans cost", "сколько стоят тарифы"), rather than a value to put in the last question ("my laptop")."""
    from handlers.intents import asking_words

    lex = lexicon()
    words = e.words
    frame = [a or b for a, b in zip(lex.corrections.covers(words), lex.correction_phrases.covers(words), strict=True)]
    said = [w for w, f, d in zip(words, frame, e.dropped, strict=True) if not f and not d]
    return lex.asked_phrases.find(e.words) or any(asking_words(said))


def _not_this_but_that(e: Entities) -> bool:
    """"не в день, а в месяц": a negated clause, then what replaces it, opened by a contrast ("а",
    "but", "אלא") or in a correction ("sorry, not Sunday, a weekday evening"). "а если не продлю?"
    replaces nothing, and "комп не включается, железо ремонтируете?" negates a verb: new questions."""
    dropped = [i for i, d in enumerate(e.dropped) if d]
    if not _rejected_words(e) or all(e.dropped[dropped[-1]:]):
        return False
    after = dropped[-1] + 1  # "..., а в месяц", "..., but ...": the replacing clause opens with a contrast
    return e.correction or lexicon().clause_openers.covers(e.words)[after]


def _rejected_words(e: Entities) -> list[str]:
    """The words a negation rejects ("not the tablet": "tablet"); a plain "no," rejects none."""
    lex = lexicon()
    return [w for w, d in zip(e.words, e.dropped, strict=True)
            if d and len(w) > 2 and w not in lex.negation_gap and not lex.negations.covers((w,))[0]]


def _same_word(a: str, b: str) -> bool:
    """One word in two forms: behind a Hebrew prefix ("בשבת", "שבת"), in another Russian case
    ("неделю", "неделя") or an English plural ("tablets", "tablet")."""
    if a == b or stem(a) == stem(b) or a.rstrip("s") == b.rstrip("s"):
        return True
    return bool(set(readings(a)) & set(readings(b)))


def _read_as_corrected(turn: Turn, found: Reading, question: str) -> bool:
    """"לא שבת, התכוונתי בערב" after "פנייה בשבת עולה כסף?", "wait, I meant my router, not the tablet",
    "точнее не неделю, а 3 дня": the last question again with the rejected words taken out and the
    new ones put in, searched afresh. What it corrects need not be a plan, period or event: a day,
    a device, a number of days. Retrieval decides the topic; False when it finds none."""
    from knowledge.answer import answer_question

    e, lex = found.entities, lexicon()
    said = e.words
    frame = [a or b for a, b in zip(lex.corrections.covers(said), lex.correction_phrases.covers(said), strict=True)]
    new = [w for w, f, d in zip(said, frame, e.dropped, strict=True) if not f and not d]
    rejected = _rejected_words(e)
    if not new or len(new) > UNANSWERED:
        return False
    kept = [w for w in words_of(question) if not any(_same_word(w, r) for r in rejected)]
    query = " ".join([*kept, *new])
    kb = turn.kb
    answer = answer_question(kb, query, turn.lang) if kb is not None else None  # type: ignore[arg-type]
    if answer is None or answer.topic is None:
        return False
    found.followup_topic, found.query, found.retopic = answer.topic, query, True
    e.followup = True  # the answer's topic is the corrected question's, whatever the message alone retrieves
    turn.intent = "faq"
    return True


def says_most(message: str) -> bool:
    """"ok, the max then", "давайте максимум": the longest allowed, as an answer. "а максимум на
    сколько?", "what's the max?" ask what the longest is: a question for the knowledge base."""
    from handlers.intents import asking_words

    return asks_most(message) and not any(asking_words(words_of(message)))


def _freeze_length(turn: Turn, e: Entities) -> int | str | None:
    """The length a message after a freeze turn asks for: months said ("1 month"), a corrected number,
    or, in a few words that name no plan or event, a bare number ("а можно на 4?", "ok then 3") or
    "the max". None when the message says no length."""
    if e.months:
        return e.months
    if e.correction and e.number:
        return e.number
    if len(e.words) > FREEZE_FOLLOWUP or e.plans or e.event:
        return None
    if e.number is not None and e.number <= FREEZE_MONTHS:
        return e.number
    return MOST if says_most(turn.inbound.text) else None


def _length_in_play(turn: Turn, state: State) -> int | None:
    """The freeze length the last turn spoke of: the request waiting for the customer's yes (its
    length may be the handler's own default), else the months the customer said."""
    request_id = (turn.conversation.state or {}).get("billing_request_id")
    if request_id is not None:
        from bot.core.models.billing import SubscriptionRequest

        request = turn.session.get(SubscriptionRequest, request_id)
        months = (request.details or {}).get("months") if request is not None and request.kind == "freeze" else None
        if isinstance(months, int):
            return months
    months = state.slots.get("months")
    return months if isinstance(months, int) else None


def _continues(turn: Turn, found: Reading) -> bool:
    """Whether the message reads as part of the last question: it opens with "and", or names a plan /
    period / event in a few words, or replaces one ("sorry, it's a bar mitzvah, not a wedding"), or
    names one and points back ("how much is that for a year?"), which the FAQ reads with the last
    topic only when retrieval finds no topic of its own."""
    e = found.entities
    if e.followup:
        return True
    if not e.tags():
        if e.anaphor and len(e.words) <= STANDS_ALONE:  # "whats the max it can be?", "זה כולל מע"מ?"
            e.followup = found.points_back = True
            return True
        if _bare_question(e):
            # "after how long exactly?", "מתי בדיוק?": a question word alone points back at what was just told
            e.followup = found.points_back = True
            return True
        if len(e.words) <= SHORT and lexicon().own_questions.find(e.words):
            return True  # "כמה תנכו לי?": a short question of amount or time, kept when retrieval finds no topic
        # "when does it show up on my account?": longer, it keeps the last topic only when retrieval finds
        # none, or when the last question read with it still finds that topic (`_pin_if_same_question`)
        return e.anaphor and len(e.words) <= UNANSWERED
    if len(e.words) <= SHORT or e.replaced:
        return True
    if e.correction and not stands_alone(found):
        return True
    return e.anaphor or len(e.words) <= UNANSWERED  # kept by the FAQ only when retrieval finds no topic


def _sure_elsewhere(kb: Any, turn: Turn, topic: str | None, sure: float = SURE_ALONE) -> bool:
    """Whether the message alone is this sure (all but certain by default) of another topic than the last one."""
    from knowledge.answer import answer_question

    alone = answer_question(kb, turn.inbound.text, turn.lang)  # type: ignore[arg-type]
    return alone.topic not in (None, topic) and alone.confidence >= sure


def _opens_with_condition(e: Entities) -> bool:
    """ "and if ...", "а если ...", "ואם ...", "and then if ...", "а потом если ...": the follow-up sets a
    condition in its first three words."""
    from handlers.intents import lexicon as intent_lexicon

    return any(intent_lexicon().conditional.covered(intent_lexicon().read(" ".join(e.words[:OPENING]))))


def _asks_a_case(e: Entities) -> bool:
    """An "and if ...?" of a few words: the last question asked again in one more case ("and if I still
    have a call open then?" after how to close the account, "а если уже часть отправили?" after the
    cancellation terms). It keeps the last topic when the two read together still find it surely and the
    message alone is not sure of another one: "and if you can't fix it?" after what is covered names the
    no-fix-no-pay rule surely enough to be answered by it."""
    return e.followup and len(e.words) <= CONDITION and _opens_with_condition(e)


def _adds_a_value(e: Entities) -> bool:
    """A plan, period or event told in a short message that points back or opens with "and" ("we're on
    Advanced if that changes anything", "ואנחנו במסלול שנתי, זה משנה?"): the customer's own case of the
    last question, when that question named none of its kind (`_read_with_question` swapped nothing)."""
    return bool(e.tags()) and (e.followup or e.anaphor) and len(e.words) <= CONDITION


def _stretches_last(e: Entities) -> bool:
    """A follow-up that asks whether the last rule reaches one more case ("and the handling fee too?",
    "וזה חל גם על דמי המנוי?", "а если у меня Essential, это тоже бесплатно?"): the last topic answers it,
    whether the case is covered or not, though the case alone may name a topic of its own ("monthly fee
    refunds"). Only a short message that opens with "and" or points back."""
    return e.stretches and (e.followup or e.anaphor) and len(e.words) <= CONDITION


def _points_back_longer(e: Entities) -> bool:
    """A message without "and" that points back ("than that", "the difference") in more words than a short
    one and asks no amount, time or place of its own ("через сколько дней это придёт?" asks the timeline)."""
    lex = lexicon()
    if e.followup or not STANDS_ALONE < len(e.words) <= UNANSWERED or lex.own_questions.find(e.words):
        return False
    # "מה זה הלינק האישי?", "что это за ссылка?": after "what" the word is "is", not "that"
    return any(start == 0 or e.words[start - 1] not in COPULA_AFTER for start, _ in lex.anaphora.spans(e.words))


def _bare_question(e: Entities) -> bool:
    """Only a question word, with at most a filler or a unit ("after how long exactly?", "how many days?",
    "מתי בדיוק?", "через сколько именно?"): nothing of its own to ask about, so it asks about the last answer.
    "איפה פותחים ticket?" names what it asks about."""
    lex = lexicon()
    if len(e.words) > BARE or not lex.own_questions.find(e.words):
        return False
    asked, filler = lex.own_questions.covers(e.words), lex.bare_fillers.covers(e.words)  # "at most": a phrase
    return all(a or f for a, f in zip(asked, filler, strict=True))


def _long_and(e: Entities) -> bool:
    """An "and ...?" too long to be read as one by default (`stands_alone`) but no longer than a condition."""
    return e.followup and STANDS_ALONE < len(e.words) <= CONDITION


def _asks_about(e: Entities) -> bool:
    """A short "what about X?" ("what about the call that's still open?" after a request to close the account,
    "ומה עם החשבונית?", "а как же открытая заявка?"): the last question asked again about X. Its opener asks
    nothing of its own, so X alone may name another topic surely ("open call": cancelling a call) while the
    customer asks how X fares under the rule just told; the last topic keeps it when the last question read
    with X still finds that topic surely and the message alone is not all but certain of another."""
    if not e.followup or len(e.words) > CONDITION:
        return False
    lex = lexicon()
    leads = lex.leads.covers(e.words)
    first = next((i for i, lead in enumerate(leads) if not lead), len(e.words))
    return first < len(e.words) and lex.case_openers.covers(e.words)[first]


def _leans_on_last(e: Entities) -> bool:
    """An "and ...?" that cannot stand alone: it points back too and asks with no question word of its own
    ("וזה עולה לי משהו או שזה כלול?", "а это для меня платно?"). "and how long does it take to get the
    money?" asks its own question, and "and if ...?" brings a new eventuality ("and if you can't fix it?"
    after what is covered is the no-fix-no-pay rule): retrieval decides those."""
    from handlers.intents import asking_words

    if not e.followup or len(e.words) > CONDITION:
        return False
    if _opens_with_condition(e):  # "and if you can't fix it?": a new eventuality (`_asks_a_case`)
        return False
    return e.anaphor and not any(asking_words(e.words))  # "and how long does it take?" asks its own


def _pin_if_same_question(turn: Turn, found: Reading, question: str, *, strict: bool = False,
                          sure: float = SURE, alone_sure: float = SURE_ALONE) -> None:
    """A short question that only points back ("was it because I sent it at night?", "זה כולל מע"מ?")
    read with the last question: when the two together still find the last topic, it stays, however
    surely the message alone retrieves another one. ("and what's the price for that?" opens a
    question of its own: retrieval decides it as for any follow-up.)"""
    from knowledge.answer import answer_question

    lex = lexicon()
    said = found.entities.words
    frame = [a or b for a, b in zip(lex.openers.covers(said), lex.leads.covers(said), strict=True)]
    query = " ".join([*words_of(question), *(w for w, f in zip(said, frame, strict=True) if not f)])
    kb = turn.kb
    answer = answer_question(kb, query, turn.lang) if kb is not None else None  # type: ignore[arg-type]
    if answer is None or answer.topic != found.state.topic:
        return
    if not strict and lex.own_questions.find(said) and _sure_elsewhere(kb, turn, found.state.topic, ELSEWHERE):
        return  # "ותוך כמה זמן זה חוזר לכרטיס?" after the refund rule asks its own question: the refund timeline
    if strict and (answer.confidence < sure or _sure_elsewhere(kb, turn, found.state.topic, alone_sure)):
        return  # "а если смс на балансе не хватит?" after how segments count: low balance is its own topic
    if answer.topic == found.state.topic:
        found.retopic = True  # the last question decides, as a re-read one does
        found.entities.followup = True  # "when does it show up on my account?" refers back as "and ...?" does


def _read_without_rejected(turn: Turn, found: Reading) -> None:
    """"no, I asked about the prices, not the hours": the question again without its frame ("no, I
    asked about") and without what it rejects ("not the hours"), searched afresh. When retrieval
    finds a topic it answers the turn, in place of the one the last answer came from."""
    from knowledge.answer import answer_question

    e, lex = found.entities, lexicon()
    said = e.words
    frame = [a or b or c for a, b, c in zip(lex.corrections.covers(said), lex.correction_phrases.covers(said),
                                             e.dropped, strict=True)]
    query = " ".join(w for w, f in zip(said, frame, strict=True) if not f)
    kb = turn.kb
    answer = answer_question(kb, query, turn.lang) if kb is not None and query else None  # type: ignore[arg-type]
    if answer is not None and answer.topic is not None:
        found.followup_topic, found.query, found.retopic = answer.topic, query, True
        e.followup = True  # the answer's topic is the re-read question's, whatever the whole message retrieves
        turn.intent = "faq"


def _told_by_facts(turn: Turn, found: Reading) -> bool:
    """Whether the last topic has a fact about just what the follow-up asks, with what it carries
    ("ולתקופה של שלושה חודשים?" after Essential a year: Essential for 3 months): then it answers, and
    the question is not re-read (its words, "תקופה", may lead retrieval to another topic)."""
    topic = turn.kb_topic(found.followup_topic) if found.followup_topic else None
    wanted = found.entities.tags() | found.inherited
    return topic is not None and any(wanted <= set(fact.about) for fact in topic.facts or ())


def _read_with_question(turn: Turn, found: Reading, question: str, kinds: set[str]) -> None:
    """The follow-up put into the previous question in place of what it changes: "can I get a refund
    if I cancel my monthly plan after a week?" then "and for an annual plan?" asks about an annual
    plan's refund, which may be another topic than the monthly one. Retrieval decides; when it finds
    nothing the previous topic stays."""
    from knowledge.answer import answer_question

    words = words_of(question)
    drop = [False] * len(words)
    lex = lexicon()
    named = {"period": lex.periods.values(), "event": lex.events.values(),
             "plan": lex.plan_aliases.values()}
    for kind in kinds:
        for phrases in named.get(kind, ()):
            drop = [a or b for a, b in zip(drop, phrases.covers(words), strict=True)]
    if not any(drop):
        return
    said = found.entities.words  # the follow-up without its frame ("no wait", "and", "I meant")
    rejected = found.entities.dropped if found.entities.correction else (False,) * len(said)  # "а если не ..." asks it
    frame = [a or b or c or d for a, b, c, d in zip(lex.corrections.covers(said), lex.correction_phrases.covers(said),
                                                    lex.openers.covers(said), rejected, strict=True)]
    query = " ".join([*(w for w, d in zip(words, drop, strict=True) if not d),
                      *(w for w, f in zip(said, frame, strict=True) if not f)])
    kb = turn.kb
    answer = answer_question(kb, query, turn.lang) if kb is not None else None  # type: ignore[arg-type]
    if answer is not None and answer.topic is not None:
        found.followup_topic, found.query = answer.topic, query


def stands_alone(found: Reading) -> bool:
    """A follow-up-shaped message long enough to be a question of its own (never one that replaces
    a value it rejects, nor a question re-read without what it rejects)."""
    return _said_length(found.entities) > STANDS_ALONE and not found.entities.replaced and not found.retopic


def _said_length(e: Entities) -> int:
    """Words past the frame of a correction: "sorry i meant the 3 month one" says four ("the 3 month
    one"). (An opening "and" counts: "а если я поменяю компьютер, лицензия перейдёт?" stands alone.)"""
    lex = lexicon()
    said = e.words
    frame = [a or b for a, b in zip(lex.corrections.covers(said), lex.correction_phrases.covers(said), strict=True)]
    return sum(1 for f in frame if not f)


def points_back_to_service(found: Reading) -> bool:
    """A short message that opens with "and" or points back ("а сколько это стоит?", "and how much
    is that?") in a live conversation: it asks about what was just said or asked for (a technician,
    a topic), so retrieval may read it without the owner's out-of-scope examples."""
    e = found.entities
    live = found.state.intent is not None or found.state.topic is not None
    return live and (e.followup or e.anaphor) and len(e.words) <= STANDS_ALONE and not e.tags()


def corrects(turn: Turn) -> bool:
    """Whether this turn's message corrects the last one rather than answering a yes / no question:
    "לא לבטל, להקפיא" and "нет, не на 3, а на 2 месяца" open with "no" but say what was meant.
    The billing confirmation (handlers/billing/confirm.py) then drops its question instead of
    reading a "no"."""
    found = reading(turn)
    return found is not None and (found.correction or bool(found.entities.replaced))


def intercept(turn: Turn) -> TurnResult | None:
    """'more' after a short answer; yes / no to the bot's pending proposal. Otherwise None."""
    found = reading(turn)
    if found is None or turn.intent in PROTECTED:
        return None
    state, pending = found.state, found.state.pending or {}
    if found.entities.more and state.topic and turn.intent in OPEN_INTENTS:
        return _whole_topic(turn, state.topic)
    kind = pending.get("kind")
    if kind not in ("more", "human") or _corrects(found) or (kind == "more" and _asks_on(found)):
        return None
    if kind == "human" and _names_request(turn):
        return None  # "ок, хочу перейти на него" after "shall I pass it to a person?" asks for the change
    from handlers.intents import is_thanks

    if kind == "more" and is_thanks(turn.inbound.text):
        return None  # "ok thx" after a short answer is thanks, not "yes, the whole topic again"
    answer = yes_or_no(turn.inbound.text)
    if answer is None:
        answer = found.model_answer
    if answer is None:
        return None
    if not answer:
        return turn.result(text("proposal_declined", turn.lang), intent="faq" if kind == "more" else "unknown")
    if kind == "more":
        return _whole_topic(turn, str(pending.get("topic")))
    from handlers import human

    turn.intent = "human"
    return human.handle(turn)


def _names_request(turn: Turn) -> bool:
    """Whether the message, past its "ok", asks for a billing change itself (a plan change or a
    freeze length): then it is that request, not a yes to the person the fallback offered."""
    from handlers.billing.plan_change import wants_plan_change

    return turn.intent in ACTIONS or wants_plan_change(turn.inbound.text)


def _asks_on(found: Reading) -> bool:
    """"ok, and Advanced?" after a short answer asks about Advanced: its "ok" is no yes to the whole topic."""
    return bool(found.entities.tags()) or found.entities.followup


def _corrects(found: Reading) -> bool:
    """A correction that says what was meant ("רגע, בעצם לשנה", "ой, не то, я имел в виду облако") is
    no answer to the pending proposal, though it opens with "wait" or "не"."""
    e = found.entities
    return e.correction and (bool(e.tags()) or e.number is not None or len(e.words) > 2)


def _whole_topic(turn: Turn, topic_id: str) -> TurnResult | None:
    topic = turn.kb_topic(topic_id)
    if topic is None:
        return None
    return turn.result(topic.answer.get(turn.lang).strip(), intent="faq", topic=topic.id, confidence=1.0,  # type: ignore[arg-type]
                       data={"fitted": False, "more": True})


def _rule_of(turn: Turn, result: TurnResult) -> str | None:
    """The one topic whose rule a request just acted on governs (`understanding.topic_actions` read
    backwards: closing the account is the close-account rule), so a question right after it ("ויש לי
    קריאה פתוחה מאתמול, זה משנה משהו?") is read as about that rule. None when no topic, or several, are
    tied to the action."""
    if result.topic is not None or result.intent not in CONFIRMED:
        return None
    return turn.workspace.understanding.rule_topic(result.intent)


def _denial_topic(turn: Turn, result: TurnResult) -> str | None:
    """The topic that explains why a person was just refused (words.yaml `denial_topics`: a frozen
    account, a lapsed service), so "למה? מה אני צריך לעשות?" right after it has a rule to lean on.
    None for any other turn, a reason no topic explains, or a topic this workspace's base lacks."""
    if result.topic is not None or result.intent != "human" or result.handoff != "denied":
        return None
    reason = str(result.data.get("reason") or "")
    return next((t for t in lexicon().denial_topics.get(reason, ()) if turn.kb_topic(t) is not None), None)


def finish(turn: Turn, result: TurnResult) -> State:
    """Store what this turn was about for the next one."""
    found = reading(turn) or Reading(load(turn.session, turn.conversation, turn.now),
                                     extract(turn.inbound.text, turn.workspace))
    old, e = found.state, found.entities
    slots = {**old.slots, **e.slots(), **found.slots}
    if result.party_size is not None:
        slots["party_size"] = result.party_size
    if result.ticket_number:
        slots["ticket"] = result.ticket_number
    keep_topic = result.topic is None and result.intent in ("unknown", "greeting")
    asked = found.query or turn.inbound.text
    ruled = _rule_of(turn, result)
    denied = _denial_topic(turn, result)
    state = State(
        topic=result.topic or ruled or denied or (old.topic if keep_topic else None),
        intent=result.intent,
        slots=slots,
        tags=list(result.data.get("asked_tags") or (old.tags if keep_topic else [])),
        pending=result.data.get("proposal"),
        fitted=bool(result.data.get("fitted")),
        question=asked[:QUESTION_CHARS] if (result.intent == "faq" and result.topic) or ruled else (
            old.question if keep_topic else None),
    )
    save(turn.session, turn.conversation, state, turn.now, found.row)
    return state
