"""A guest answering the invitation by message: "מגיעים 3", "לא נוכל להגיע", "yes, 4 of us", "придём вдвоём".

Only a guest of an upcoming event of this workspace is read this way (a stranger's "yes" is not an
RSVP). A clear answer updates status and party size through the same function as the personal
page. An unclear message from a guest who has not answered yet gets ONE clarifying question; the
conversation remembers it (`Conversation.state`), so the next message is read as the answer, and
a second unclear message goes to the normal flow instead of looping.

Around the answer words of `intents.py` this module reads what guests also write
(`rsvp_reply.yaml`): a "no" about someone else ("my parents won't make it") is no "no" for the
sender, good wishes or an emoji alone record nothing and are thanked, and "on our way" / "running
late" is a guest who comes. When the sender's own answer or count is unclear, it asks.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import regex
import yaml

from bot.core.models import Event, Guest, GuestStatus
from handlers.intents import RsvpParse, parse_rsvp_reply, questions_in, words_of
from handlers.party_size import additive_party_size, names_absent, names_others, people_joining, present_party
from handlers.texts import text
from handlers.turn import Turn, TurnResult
from handlers.understanding.self_correction import meant_part
from knowledge.grammar.address import addressing, for_party
from knowledge.normalize import hebrew_prefix_variants
from scheduler.rsvp.answers import record_answer
from scheduler.rsvp.errors import InvalidAnswer
from scheduler.rsvp.event_texts import event_venue
from scheduler.rsvp.guest_export import over_invitation
from scheduler.rsvp.guests import ReplyTarget, event_of, reply_target
from scheduler.rsvp.messages import event_name

AWAITING = "rsvp_clarification"
WHICH_EVENT = "rsvp_which_event"
ASKED_KEY = "rsvp_clarified_guest"
PENDING = (GuestStatus.not_invited, GuestStatus.message_sent, GuestStatus.no_answer)
MAX_UNCLEAR_WORDS = 8  # longer messages are questions or stories, not answers
MAX_COURTESY_WORDS = 14  # wishes or "on our way" longer than this are read by the normal flow
WORDS_FILE = Path(__file__).with_name("rsvp_reply.yaml")
_CLAUSE = regex.compile(r"[^.,;!?\n]+")
_HEBREW = regex.compile(r"^\p{Script=Hebrew}+$")
_WORDLESS = regex.compile(r"^[^\p{L}\p{N}]+$")
_GLUED_NOT = regex.compile(r"(?<!\p{L})(?:ש|כש|וש)לא(?!\p{L})")


@cache
def _phrases() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each list of `rsvp_reply.yaml` as phrases of normalised words (as `words_of` reads a message)."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return {kind: tuple(tuple(words_of(str(entry))) for entry in entries) for kind, entries in data.items()}


def _says(words: list[str], kind: str) -> bool:
    """Whether a phrase of list `kind` occurs in the words (a Hebrew word also behind its prefixes)."""
    readings = [set(hebrew_prefix_variants(w)) if _HEBREW.match(w) else {w} for w in words]
    return any(all(phrase[k] in readings[i + k] for k in range(len(phrase)))
               for phrase in _phrases()[kind] if phrase
               for i in range(len(words) - len(phrase) + 1))


def _covered(words: list[str], kind: str) -> list[bool]:
    """For each word, whether a phrase of list `kind` covers it (as `_says` matches)."""
    readings = [set(hebrew_prefix_variants(w)) if _HEBREW.match(w) else {w} for w in words]
    out = [False] * len(words)
    for phrase in _phrases()[kind]:
        for i in range(len(words) - len(phrase) + 1):
            if phrase and all(phrase[k] in readings[i + k] for k in range(len(phrase))):
                out[i:i + len(phrase)] = [True] * len(phrase)
    return out


def _first(words: list[str], kind: str) -> int | None:
    """Where the first phrase of list `kind` starts in the words (as `_says` matches), or None."""
    return next((i for i, hit in enumerate(_covered(words, kind)) if hit), None)


def _clauses(text: str) -> list[list[str]]:
    """The message's clauses as words, split at punctuation, at "but / אבל / а, но" and at "so / אז /
    значит" ("grandma can't come so 4 of us": the "can't" is grandma's, the 4 the sender's)."""
    but = {phrase[0] for phrase in _phrases()["but"]}
    so = {phrase[0] for phrase in _phrases()["so"]}
    out: list[list[str]] = []
    for clause in _CLAUSE.findall(text):
        current: list[str] = []
        for word in words_of(clause):
            if word in but or word in so:
                if current:
                    out.append(current)
                current = [word] if word in so else []  # "so 4 of us" keeps its "so": the result said
            else:
                current.append(word)
        if current:
            out.append(current)
    return out


def own_answer(text: str) -> RsvpParse | None:
    """A "no" said only about other people ("my parents won't make it", "אחי לא יגיע", "мама не
    сможет", "לא כולל התינוק") is not the sender's "no". Returns None when the message's no is the sender's own (or
    there is none); otherwise the sender's own answer read from the other clauses ("...אבל אני
    אגיע"), whose status is None when they say nothing, so the sender is asked."""
    clauses = _clauses(text)
    about_others = [c for c in clauses if (_says(c, "others") or names_absent(" ".join(c))) and not _says(c, "self")
                    and parse_rsvp_reply(" ".join(c)).status == "not_coming"]
    if not about_others:
        return None
    rest = [" ".join(c) for c in clauses if c not in about_others]
    own = parse_rsvp_reply(", ".join(rest)) if rest else RsvpParse(None, None)
    if own.status is None and _for_the_guest(text):
        return None  # "this is Jake's wife, he can't come": "he" is the invited guest
    return None if own.status == "not_coming" else own


def _for_the_guest(text: str) -> bool:
    """The message is written for the invited guest by someone else ("this is Jake's wife", "пишу за
    маму", "אני הבת של יוסי"): a phrase of `on_behalf`, or, in one clause, an introduction with a
    relation at most two words after it and no "my" between ("this is Dana, my brother..." is not)."""
    return any(_introduces_guest(clause) for clause in _CLAUSE.findall(text))


def _introduces_guest(clause: str) -> bool:
    """One clause of `_for_the_guest`: "answering for my mom", "пишет сын", "זאת אשתו של יוסי"."""
    relations = {phrase[0] for phrase in _phrases()["relations"]}
    mine = {phrase[0] for phrase in _phrases()["mine"]}
    words = words_of(clause)
    if _says(words, "on_behalf"):
        return True
    for i in range(len(words)):
        intro = next((len(p) for p in _phrases()["introduces"] if tuple(words[i:i + len(p)]) == p), 0)
        after = words[i + intro:i + intro + 3] if intro else []
        cut = next((k for k, w in enumerate(after) if w in relations), None)
        if cut is not None and not mine & set(after[:cut]):
            return True
    return False


def read_answer(text: str, typed: str | None = None) -> RsvpParse:
    """The sender's own answer: the answer words (`intents.parse_rsvp_reply`) of the clauses that
    are not an afterthought ("..., if anything changes I'll let you know"), less a "no" that is about
    someone else or that only takes back a count ("no wait, we'll be three"); a condition makes it a
    maybe, a doubt ("לא נראה לי") a no. A status of None means: ask. `typed`: the message as the
    guest typed it, before spelling was corrected (who is not coming is read from the guest's own
    words). Written for the invited guest, the sender is not counted ("I'm answering for my mom"). A message
    that corrects itself ("we'll be two. oh no, three") is read by its correction alone, when that answers."""
    text = _without_reminders(text)
    meant = meant_part(typed or text)
    if meant is not None:  # "we'll be two. oh no, three, my son wants to come": the correction alone
        own = read_answer(meant)
        if own.status is not None:
            return own
    told = _without_afterthoughts(_negation_unglued(text))
    parsed = parse_rsvp_reply(told)
    if parsed.status == "not_coming":
        recount = _after_leading_no(told)
        if recount is not None:
            return recount
        own = own_answer(_without_afterthoughts(typed or text))
        if own is not None:
            parsed = own
    if parsed.party_size is not None and _for_the_guest(typed or text):
        parsed = RsvpParse(parsed.status, parse_rsvp_reply(_about_the_guest(told)).party_size)
    elif parsed.status == "coming":
        present = present_party(told)  # "רק אני ובעלי, הקטנה לא תבוא": the one named as not coming is not counted
        parsed = parsed if present is None else RsvpParse("coming", present)
    words = words_of(told)
    if parsed.status is None and _politely_declines(told):
        return RsvpParse("not_coming", None)  # "לא רלוונטי עבורי השנה", "мне не актуально"
    doubted = _says(words, "doubt")
    if parsed.status == "maybe" and doubted:
        return RsvpParse("not_coming", None)
    if parsed.status in ("coming", "not_coming") and _conditional(words) and not doubted:  # "ספק אם נגיע" is no "if"
        parsed = RsvpParse("maybe", parsed.party_size)
    if parsed.status == "maybe":
        return _sure_beside_others_doubt(told) or parsed
    return parsed


def _negation_unglued(text: str) -> str:
    """A Hebrew "that" glued to a "not" is the "not" ("אמרתי שלא נגיע", "חבל שלא נוכל"): the answer words
    read "לא" only as a word of its own."""
    return _GLUED_NOT.sub("לא", text)


def _sure_beside_others_doubt(text: str) -> RsvpParse | None:
    """"We're coming, me and my husband, and maybe our eldest too", "I'll be there for sure, my partner doesn't
    know yet if he gets off work": the doubt (a maybe word or an "if") is about someone else, and the sender
    comes. The message is cut into clauses and before a `maybe_others` word ("and maybe"); the parts that name
    other people and not the sender and are unsure are left out, with a promise of news (`keep_posted`), and
    the rest must say coming, with its count (the unsure person is not counted). None when nothing like that
    is said."""
    parts: list[list[str]] = []
    for clause in _clauses(text):
        cut = _first(clause, "maybe_others")
        parts += [clause[:cut], clause[cut:]] if cut else [clause]
    unsure = [p for p in parts if ((_says(p, "others") and not _says(p, "self")) or names_others(" ".join(p)))
              and (parse_rsvp_reply(" ".join(p)).status == "maybe" or _conditional(p))]  # "maybe OUR eldest" too
    rest = [" ".join(p) for p in parts if p not in unsure and not _says(p, "keep_posted")]
    if not unsure or not rest:
        return None
    own = parse_rsvp_reply(", ".join(rest))
    return own if own.status == "coming" and not _conditional(words_of(", ".join(rest))) else None


def _politely_declines(text: str) -> bool:
    """A decline without a no-word ("not relevant for me this year, thanks", "לא רלוונטי עבורי", "мне
    не актуально", "we'll have to pass this time"): no question, and nothing but the decline and the
    words around one (`decline_fillers`: "for me", "this year", "thanks"), so that "the vegan menu isn't
    relevant for us" records nothing."""
    words = words_of(text)
    if not words or "?" in text or questions_in(text) or parse_rsvp_reply(text).status not in (None, "not_coming"):
        return False
    said = _covered(words, "declines")
    filler = _covered(words, "decline_fillers")
    return any(said) and all(a or b for a, b in zip(said, filler, strict=True))


def _after_leading_no(text: str) -> RsvpParse | None:
    """"no wait, we'll be three", "нет, стоп, я приду одна", "לא רגע, נהיה רק שניים": a "no" that
    opens the message before a new count takes the count back, not the coming. The rest of the
    message, read alone, must say coming with a count; otherwise (None) the "no" stands."""
    words = words_of(text)
    restart = {w for phrase in _phrases()["restart"] for w in phrase}  # "hold on" as its two words
    negations = {phrase[0] for phrase in _phrases()["restart_no"]}
    cut = 0
    while cut < len(words) and words[cut] in restart:
        cut += 1
    if cut == 0 or cut == len(words) or not negations & set(words[:cut]):
        return None
    told = _after_words(text, cut)  # its clauses kept: "жена тоже поедет. двое нас" says the count in one
    rest = parse_rsvp_reply(told)
    if rest.status == "not_coming":  # "ой нет, вдвоём, сын не сможет": the son's "no" is not the sender's
        rest = own_answer(told) or rest
    return rest if rest.status == "coming" and rest.party_size is not None else None


def _after_words(text: str, cut: int) -> str:
    """The text's clauses after its first `cut` words (as `words_of` reads them), commas kept, so that
    each clause can still be read alone."""
    kept: list[str] = []
    for clause in _CLAUSE.findall(text):
        words = words_of(clause)
        if cut >= len(words):
            cut -= len(words)
            continue
        kept.append(" ".join(words[cut:]))
        cut = 0
    return ", ".join(kept)


def _about_the_guest(text: str) -> str:
    """A message written for the invited guest, less the sender's introduction ("I'm answering for
    my mom", "пишет сын") and the words by which the sender names themselves (`speaker`): what is
    left counts the guest's party, which the sender is not one of."""
    speaker = {phrase[0] for phrase in _phrases()["speaker"]}
    clauses = [c for c in _CLAUSE.findall(text) if not _introduces_guest(c)] or [text]
    return ", ".join(" ".join(w for w in words_of(c) if w not in speaker) for c in clauses)


def _without_reminders(text: str) -> str:
    """The message less the words that only remind of an answer given before ("like I said", `reminders`),
    when other words are left: "we're coming, like I said" reads "we're coming" (the "like" is no "likely").
    Cut from the text as typed, so that its clauses and marks stay as they were."""
    rest = _reminder_pattern().sub(" ", text)
    return rest if rest != text and words_of(rest) else text


@cache
def _reminder_pattern() -> regex.Pattern[str]:
    phrases = sorted(_phrases()["reminders"], key=len, reverse=True)
    gap = r"[^\p{L}\p{N}]+"
    alternatives = "|".join(gap.join(regex.escape(word) for word in phrase) for phrase in phrases if phrase)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


def _without_afterthoughts(text: str) -> str:
    """The message less its clauses that only promise news later, when another clause is left."""
    clauses = _CLAUSE.findall(text)
    kept = [c for c in clauses if not _says(words_of(c), "afterthoughts")]
    return ", ".join(c.strip() for c in kept) if kept and len(kept) < len(clauses) else text


def _conditional(words: list[str]) -> bool:
    """An "if" that is not "even if": the answer depends on something."""
    even = {phrase[0] for phrase in _phrases()["even"]}
    return any(words[i:i + len(phrase)] == list(phrase) and not (i and words[i - 1] in even)
               for phrase in _phrases()["conditions"] if phrase for i in range(len(words)))


def _typed(turn: Turn) -> str:
    """The message as the guest typed it: the understanding layer may have respelled the text it
    reads ("tbh" -> ..., slang dropped), and a relative's name or a wish must not be lost to that."""
    from handlers.understanding.reading import ORIGINAL_TEXT

    return str(turn.extras.get(ORIGINAL_TEXT) or turn.inbound.text)


def _others_left_out(text: str, party_size: int | None) -> bool:
    """Someone of the party is not coming ("my parents won't make it", "נגיע בלי הילדים", "без
    детей") and the sender's own count is not given: the invitation's count would be wrong, so ask."""
    own = own_answer(text)
    if own is not None:
        return own.party_size is None
    without = {phrase[0] for phrase in _phrases()["without"]}
    for clause in _clauses(text):
        cut = [i for i, word in enumerate(clause) if word in without]
        if any(_says(clause[i + 1:i + 3], "others") for i in cut):
            return party_size is None
    return False


def target_of(turn: Turn) -> ReplyTarget:
    """Which of the sender's upcoming events this message is about (looked up once per turn)."""
    if "rsvp_target" not in turn.extras:
        turn.extras["rsvp_target"] = reply_target(turn.session, turn.workspace.slug, turn.inbound.sender, turn.now)
    return turn.extras["rsvp_target"]  # type: ignore[no-any-return]


def guest_of(turn: Turn) -> Guest | None:
    """The sender as a guest of the event that last messaged the number (else the nearest one)."""
    return target_of(turn).guest


def is_known_guest(turn: Turn) -> bool:
    return guest_of(turn) is not None


def _event_values(guest: Guest, event: Event, lang: str) -> dict[str, object]:
    local = event.starts_at.astimezone(ZoneInfo(event.timezone))
    return {"name": guest.name, "event": event_name(event, lang), "date": local.strftime("%d.%m.%Y %H:%M")}


def _set_state(turn: Turn, **values: object) -> None:
    state = {k: v for k, v in (turn.conversation.state or {}).items()
             if k not in ("awaiting", "guest_id", "choices", "answer", ASKED_KEY)
             or (k == "awaiting" and v not in (AWAITING, WHICH_EVENT))}
    state.update({k: v for k, v in values.items() if v is not None})
    turn.conversation.state = state  # a new dict, so the JSON column is seen as changed


def _answer(turn: Turn, guest: Guest, status: str, party_size: int | None, *, ask_count: bool = False) -> TurnResult:
    """Record the answer and say so; `ask_count`: someone of the party is not coming and the count
    was not said, so the reply also asks how many will come (and reads the next message as that)."""
    event = event_of(turn.session, guest)
    values = _event_values(guest, event, turn.lang)
    try:
        outcome = record_answer(guest, turn.workspace, status, party_size, turn.inbound.channel, turn.now)
    except InvalidAnswer:
        _set_state(turn, awaiting=AWAITING, guest_id=guest.id)
        reply = text("rsvp_party_too_large", turn.lang, limit=turn.workspace.rsvp.max_party_size)
        return turn.result(reply, intent="rsvp_reply", rsvp_status=guest.status, party_size=guest.party_size,
                           data={"rsvp": "party_too_large"})
    if guest.language is None:
        guest.language = turn.lang
    _set_state(turn)
    key = "rsvp_coming_how_many" if ask_count and outcome.status == "coming" else f"rsvp_{outcome.status}"
    with addressing(for_party(turn.workspace.form_of_address, outcome.party_size)):  # a party is "you" plural
        reply = text(key, turn.lang, party_size=outcome.party_size, **values)
        beside = _question_beside(turn, guest)
    if beside:
        reply = f"{reply}\n{beside}"
    if key == "rsvp_coming_how_many":  # the count said is not the invitation's: the next message gives it
        _set_state(turn, awaiting=AWAITING, guest_id=guest.id)
    return turn.result(reply, intent="rsvp_reply", rsvp_status=outcome.status, party_size=outcome.party_size,
                       data={"rsvp": "answered", "changed": outcome.changed, "event": event.key,
                             "over_invitation": over_invitation(guest)})


def _question_beside(turn: Turn, guest: Guest) -> str | None:
    """"coming! is there parking?": the answer is recorded, and the question is not left unanswered:
    the event's time, date, place or table from its row, anything else to the hosts."""
    from handlers.human import event_owner
    from handlers.rsvp_event_info import asked, info_text

    questions = " ".join(questions_in(turn.inbound.text))
    if not questions.strip():
        return None
    kind = asked(questions)
    if kind is not None:
        return info_text(turn, guest, kind)
    owner = event_owner(turn)
    return text("rsvp_ask_hosts", turn.lang, owner=owner) if owner else None


def _guest_language(turn: Turn, guest: Guest) -> None:
    """A message with no letters ("👍", "+1", "❤️") tells no language: reply in the guest's own."""
    if guest.language and not regex.search(r"\p{L}", turn.inbound.text):
        turn.lang = guest.language


def handle(turn: Turn) -> TurnResult | None:
    """Intent `rsvp_reply`: a clear answer from a known guest."""
    guest = guest_of(turn)
    if guest is None:
        return None
    _guest_language(turn, guest)
    parsed = read_answer(turn.inbound.text, _typed(turn))
    joined = _joined_size(turn, guest, parsed)
    if joined is not None:
        return _answer(turn, guest, "coming", joined)  # "my sister is joining us too": one more
    corrected = _corrected_size(turn)
    if corrected is not None and (parsed.status in (None, "coming") or _count_replaced(turn)) \
            and guest.status == GuestStatus.coming:
        return _answer(turn, guest, "coming", corrected)  # "רגע, בעצם 2" replaces the size just given
    if parsed.status == "coming" and courtesy(_typed(turn)) == "arriving":
        return acknowledge(turn)  # "be there in 15": minutes, not a party of 15
    others = _others_left_out(_typed(turn), parsed.party_size)
    if parsed.status is None:
        return ask_how_many(turn, guest) if others else clarify(turn)
    target = target_of(turn)
    if target.ambiguous:
        return ask_which_event(turn, target.choices, parsed.status, parsed.party_size)
    return _answer(turn, guest, parsed.status, parsed.party_size, ask_count=others)


def _joined_size(turn: Turn, guest: Guest, parsed: RsvpParse) -> int | None:
    """A guest already coming says someone more joins ("my sister is joining us too", "בעלי בכל זאת
    מצטרף", "бабушка тоже присоединится") and gives no new total: the people named are added to the
    party size on record. None for anything else (a total said, a "no", a guest not coming yet)."""
    if guest.status != GuestStatus.coming or not guest.party_size or parsed.status != "coming":
        return None
    words = words_of(turn.inbound.text)
    if not _says(words, "joins") or additive_party_size(turn.inbound.text) is not None:
        return None
    named = people_joining(turn.inbound.text)
    return guest.party_size + named if named else None


def _count_replaced(turn: Turn) -> bool:
    """The message rejects the number just given for another ("нет, не двое, а трое"): its "no" is
    about the count, not about coming (handlers/dialogue/entities.py)."""
    from handlers.dialogue import flow as dialogue

    found = dialogue.reading(turn)
    return found is not None and "number" in found.entities.replaced


def _corrected_size(turn: Turn) -> int | None:
    """The party size of a correction right after an answer (handlers/dialogue), else None."""
    from handlers.dialogue import flow as dialogue

    found = dialogue.reading(turn)
    return dialogue.slot(turn, "party_size") if found is not None and found.correction else None


def ask_which_event(turn: Turn, choices: tuple[Guest, ...], status: str, party_size: int | None) -> TurnResult:
    """Two events messaged this number (or none did): ask which one the answer is for, and keep it."""
    _set_state(turn, awaiting=WHICH_EVENT, choices=[g.id for g in choices],
               answer={"status": status, "party_size": party_size})
    options = "\n".join(f"{i}. {_option(turn, g)}" for i, g in enumerate(choices, start=1))
    reply = text("rsvp_which_event", turn.lang, options=options)
    return turn.result(reply, intent="rsvp_reply", data={"rsvp": "which_event", "choices": len(choices)})


def _option(turn: Turn, guest: Guest) -> str:
    event = event_of(turn.session, guest)
    values = _event_values(guest, event, turn.lang)
    venue = event_venue(event, turn.lang)
    return f"{values['event']}, {venue} ({values['date']})"  # the venue tells two untitled events apart


def _pick(turn: Turn, choices: list[Guest]) -> Guest | None:
    """The event the guest named: its number in the list, or words of its title or venue."""
    words = turn.inbound.text.casefold().split()
    numbers = [w.strip(".)") for w in words if w.strip(".)").isdigit()]
    if len(numbers) == 1 and 1 <= int(numbers[0]) <= len(choices):
        return choices[int(numbers[0]) - 1]
    named = [g for g in choices if any(len(w) > 2 and w in _option(turn, g).casefold() for w in words)]
    return named[0] if len(named) == 1 else None


def which_event_answer(turn: Turn) -> TurnResult | None:
    """Interceptor: the reply to "which event?" applies the answer that was kept to the event named."""
    state = turn.conversation.state or {}
    if state.get("awaiting") != WHICH_EVENT:
        return None
    choices = [g for g in (turn.session.get(Guest, i) for i in state.get("choices", [])) if g is not None]
    chosen = _pick(turn, choices)
    answer = state.get("answer") or {}
    _set_state(turn)
    if chosen is None or not answer.get("status"):
        return None  # not a choice: the normal flow reads it (a new answer may ask again)
    turn.extras["rsvp_target"] = ReplyTarget(chosen, (chosen,))
    return _answer(turn, chosen, answer["status"], answer.get("party_size"))


def awaiting_answer(turn: Turn) -> TurnResult | None:
    """Interceptor: after a clarifying question, read the next message as the answer (once)."""
    state = turn.conversation.state or {}
    if state.get("awaiting") != AWAITING:
        return None
    guest = guest_of(turn)
    if guest is None or guest.id != state.get("guest_id"):
        _set_state(turn)
        return None
    parsed = read_answer(turn.inbound.text, _typed(turn))
    if parsed.status is not None:
        return _answer(turn, guest, parsed.status, parsed.party_size)
    _set_state(turn, **{ASKED_KEY: guest.id})  # asked once already: let the normal flow answer
    return None


def clarify(turn: Turn) -> TurnResult | None:
    """For a guest who has not answered: a short, unclear message gets one clarifying question."""
    guest = guest_of(turn)
    if guest is None or guest.status not in {s.value for s in PENDING}:
        return None
    state = turn.conversation.state or {}
    message = turn.inbound.text.strip()
    if (state.get(ASKED_KEY) == guest.id or not message or "?" in message
            or len(message.split()) > MAX_UNCLEAR_WORDS):
        return None
    _set_state(turn, awaiting=AWAITING, guest_id=guest.id)
    event = event_of(turn.session, guest)
    with addressing(for_party(turn.workspace.form_of_address, guest.invited_count)):
        reply = text("rsvp_clarify", turn.lang, **_event_values(guest, event, turn.lang))
    return turn.result(reply, intent="rsvp_reply", rsvp_status=guest.status, party_size=guest.party_size,
                       data={"rsvp": "clarify"})


def _how_many_text(turn: Turn, guest: Guest, event: Event) -> str:
    with addressing(for_party(turn.workspace.form_of_address, guest.invited_count)):
        return text("rsvp_how_many", turn.lang, **_event_values(guest, event, turn.lang))


def ask_how_many(turn: Turn, guest: Guest) -> TurnResult:
    """"My parents won't make it": nothing is recorded for the sender, who is asked how many will
    come (the next message is read as the answer)."""
    _set_state(turn, awaiting=AWAITING, guest_id=guest.id)
    reply = _how_many_text(turn, guest, event_of(turn.session, guest))
    return turn.result(reply, intent="rsvp_reply", rsvp_status=guest.status, party_size=guest.party_size,
                       data={"rsvp": "how_many"})


def courtesy(message: str) -> str | None:
    """What a guest's message says besides an answer: "arriving" (on the way, running late),
    "wishes" (mazal tov), "emoji" (emoji alone), or None. Questions are not courtesy."""
    message = message.strip()
    if not message or "?" in message or questions_in(message):
        return None
    if _WORDLESS.match(message):
        return "emoji"
    words = words_of(message)
    if len(words) > MAX_COURTESY_WORDS:
        return None
    if _says(words, "arriving"):
        return "arriving"
    return "wishes" if _says(words, "wishes") else None


def acknowledge(turn: Turn) -> TurnResult | None:
    """A guest's message that is no answer: good wishes or an emoji are thanked and record nothing (a
    guest who has not answered is asked once whether they come); "on our way" / "we'll be late" is
    a guest who comes, and is recorded as coming when they had not said so. A polite decline with no
    answer words ("not relevant for me this year, thanks"), read as a question by the intent rules, is
    a guest who does not come."""
    guest = guest_of(turn)
    if guest is not None and _politely_declines(turn.inbound.text):
        _guest_language(turn, guest)
        return _answer(turn, guest, "not_coming", None)
    kind = (courtesy(_typed(turn)) or courtesy(turn.inbound.text)) if guest is not None else None
    if guest is None or kind is None:
        return None
    _guest_language(turn, guest)
    if kind == "arriving":
        if guest.status != GuestStatus.coming:
            return _answer(turn, guest, "coming", None)
        event = event_of(turn.session, guest)
        reply = text("rsvp_arriving", turn.lang, **_event_values(guest, event, turn.lang))
        return turn.result(reply, intent="rsvp_reply", rsvp_status=guest.status, party_size=guest.party_size,
                           data={"rsvp": "arriving"})
    event = event_of(turn.session, guest)
    values = _event_values(guest, event, turn.lang)
    reply = text("rsvp_thanks_wishes" if kind == "wishes" else "rsvp_thanks_short", turn.lang, **values)
    state = turn.conversation.state or {}
    if guest.status in {s.value for s in PENDING} and state.get(ASKED_KEY) != guest.id:
        _set_state(turn, awaiting=AWAITING, guest_id=guest.id)
        with addressing(for_party(turn.workspace.form_of_address, guest.invited_count)):
            reply = f"{reply}\n{text('rsvp_ask_coming', turn.lang, **values)}"
    # wishes and emoji are courtesy, as thanks are (intent "greeting"); the answer is as it was
    return turn.result(reply, intent="greeting", rsvp_status=guest.status, party_size=guest.party_size,
                       data={"rsvp": "courtesy", "kind": kind})


def answer_beside_opt_out(turn: Turn) -> TurnResult | None:
    """"We won't be coming, and please stop sending me reminders", "we'll be 2, and stop the reminders": a
    guest's answer said with a request to stop the messages. The opt-out is taken (`handlers/opt_out.py`,
    which calls this); the answer is recorded too, read from the message less the request (the clauses from
    "stop" / "תפסיקו" / "хватит" on, and those that name the messages), so that "לא רוצה לקבל יותר הודעות"
    records no answer. A decline must speak of coming ("won't be coming", "לא נגיע", "не придём") or decline
    politely; a yes must speak of coming or give the count ("we'll be 2", "נגיע שניים", "будем вдвоём"). None
    when the sender is no guest or the rest answers nothing."""
    guest = guest_of(turn)
    if guest is None or target_of(turn).ambiguous:
        return None  # two events messaged the number: the opt-out alone, no guess at which one is answered
    answer = _beside_stop(_typed(turn))
    if not answer:
        return None
    parsed = read_answer(answer)
    said = words_of(answer)
    if parsed.status == "not_coming" and (_says(said, "attend") or _politely_declines(answer)):
        return _answer(turn, guest, "not_coming", None)
    if parsed.status == "coming" and (_says(said, "attend") or parsed.party_size is not None):
        return _answer(turn, guest, "coming", parsed.party_size)
    return None  # "I don't know anyone here, remove me": a "no" that is no answer to the invitation


def _beside_stop(text: str) -> str:
    """The message less its request to stop the messages: each clause up to its first stop word
    (`stop_asks`), and no clause that names messages or reminders (`messages`)."""
    kept: list[str] = []
    for clause in _CLAUSE.findall(text):
        words = words_of(clause)
        cut = _first(words, "stop_asks")
        part = words[:cut] if cut is not None else words
        if part and not _says(part, "messages"):
            kept.append(" ".join(part))
    return ", ".join(kept)
