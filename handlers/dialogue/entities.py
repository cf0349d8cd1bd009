"""What a message names: a plan, a billing period, a number of months or people, an event type.

Entities are read the same way for every workspace; the plan names come from the workspace YAML
(plus the common spellings in words.yaml), so "אסנשיאל", "Essential" and "эссеншиал" are one plan.
Each entity is also a tag ("plan:essential", "period:annual") that knowledge-base facts carry,
which is how a short answer picks the fact the question is about.

A value said right after a negation ("not Essential, Advanced", "לא 2, אנחנו 3", "не свадьба, а
день рождения") is rejected, not named: the entity is the other value, and a message that rejects
one value of a kind and names another replaces it (a correction, whatever words open it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.workspaces import Workspace
from handlers.dialogue.words import Lexicon, PhraseList, clause_ends, lexicon, readings, words_of

MONTHS_OF_PERIOD = {"monthly": 1, "quarterly": 3, "annual": 12}
PERIOD_OF_MONTHS = {v: k for k, v in MONTHS_OF_PERIOD.items()}
MAX_NUMBER = 99


@dataclass
class Entities:
    plan: str | None = None
    plans: list[str] = field(default_factory=list)  # every plan named ("Essential or Advanced?")
    plans_left: list[str] = field(default_factory=list)  # named as the one the customer is on ("from Pro")
    period: str | None = None
    months: int | None = None
    number: int | None = None  # the first number said, whatever it counts
    event: str | None = None
    cheapest: bool = False
    more: bool = False  # asks for the whole answer ("more", "פרטים", "подробнее")
    correction: bool = False  # opens with "actually", "בעצם", "точнее", or replaces a rejected value
    followup: bool = False  # opens with "and ..." / refers back ("which of them")
    anaphor: bool = False  # points back at the last answer ("how much is that in total")
    stretches: bool = False  # stretches the last rule to one more case ("and the handling fee too?", "גם בשבת?")
    selects: bool = False  # picks among what the last answer listed ("which of them", "the biggest")
    added: int | None = None  # months said as added to the length in play ("2 more", "ещё на месяц")
    negation: bool = False  # says "not ..." about something ("לא לבטל, להקפיא")
    rejected: set[str] = field(default_factory=set)  # tags said after a negation ("plan:essential", "number:3")
    replaced: set[str] = field(default_factory=set)  # kinds with a rejected value and a new one
    dropped: tuple[bool, ...] = ()  # per word: inside a negated clause ("..., not the hours")
    words: tuple[str, ...] = field(default_factory=tuple)

    def tags(self) -> set[str]:
        out = set()
        out.update(f"plan:{plan}" for plan in self.plans)
        if self.period:
            out.add(f"period:{self.period}")
        if self.event:
            out.add(f"event:{self.event}")
        if self.cheapest:
            out.add("cheapest")
        return out

    def slots(self) -> dict[str, object]:
        """The values worth remembering for the next turn."""
        values = {"plan": self.plan, "period": self.period, "months": self.months, "event": self.event}
        return {k: v for k, v in values.items() if v is not None}


_PLAN_NAMES: dict[tuple[str, int], dict[str, PhraseList]] = {}


def _plan_names(workspace: Workspace) -> dict[str, PhraseList]:
    """Each plan's names as phrases, compiled once per loaded workspace."""
    key = (workspace.slug, id(workspace))
    if key not in _PLAN_NAMES:
        _PLAN_NAMES[key] = _compile_plan_names(workspace)
    return _PLAN_NAMES[key]


def _compile_plan_names(workspace: Workspace) -> dict[str, PhraseList]:
    lex = lexicon()
    names: dict[str, PhraseList] = {}
    for plan_id, spec in workspace.plans.items():
        raw = [plan_id, plan_id.replace("-", " "), *spec.name.values()]
        aliases = lex.plan_aliases.get(plan_id)
        merged = PhraseList.of(raw)
        if aliases is not None:
            merged = PhraseList.grouped({**{k: list(v) for k, v in aliases.by_first.items()},
                                         **{k: list(v) for k, v in merged.by_first.items()
                                            if k not in aliases.by_first}})
        names[plan_id] = merged
    return names


def _numbers(words: tuple[str, ...], lex: Lexicon) -> list[tuple[int, int, int]]:
    """(value, start, end) of every number said: digits first, then number words."""
    found = []
    for i, word in enumerate(words):
        for reading in readings(word):
            if reading.isdigit() and 0 < int(reading) <= MAX_NUMBER:
                found.append((int(reading), i, i + 1))
                break
    if found:
        return found
    return sorted(((value, start, end) for value, phrases in lex.numbers.items()
                   for start, end in phrases.spans(words)), key=lambda n: n[1])


def _negated(message: str, words: tuple[str, ...], lex: Lexicon) -> tuple[set[int], list[bool]]:
    """(the word indexes where a rejected value may start, the words of negated clauses).

    "not Essential, Advanced": "essential" is rejected and "not essential" is dropped from a query;
    "no, I meant ..." is a "no" of its own (punctuation follows it), not a negation of "I"."""
    negations = lex.negations.spans(words)
    if not negations:
        return set(), [False] * len(words)
    ends = clause_ends(message)
    openers = {start for start, _ in lex.clause_openers.spans(words)}
    starts: set[int] = set()
    dropped = [False] * len(words)
    for start, end in negations:
        if end - 1 in ends:
            dropped[start:end] = [True] * (end - start)  # "no," / "нет," / "לא," says no more than that
            continue
        at = end
        while at < len(words) and at - 1 not in ends and _is_gap(words[at], lex):
            at += 1
        starts.update(range(end, at + 1))
        stop = end
        while stop < len(words) and stop - 1 not in ends and stop not in openers:
            stop += 1
        dropped[start:stop] = [True] * (stop - start)
    return starts, dropped


def _is_gap(word: str, lex: Lexicon) -> bool:
    return word in lex.negation_gap or (len(word) > 1 and word[0] in "לבה" and word[1:] in lex.negation_gap)


def _pick(spans_by: dict[str, list[tuple[int, int]]], negated: set[int]) -> tuple[str | None, set[str]]:
    """(the value named by the longest span outside a negation, the values only rejected)."""
    kept = [(end - start, -start, value) for value, spans in spans_by.items() for start, end in spans
            if start not in negated]
    best = max(kept, key=lambda k: (k[0], k[1]))[2] if kept else None
    rejected = {value for value, spans in spans_by.items()
                if value != best and any(start in negated for start, _ in spans)}
    return best, rejected


def _months(words: tuple[str, ...], number: int | None, at: int | None, lex: Lexicon) -> int | None:
    """A number of months: a number next to a month word, or a word that says it ("חודשיים")."""
    month_at = [start for start, _ in lex.month_words.spans(words)]
    if number is not None and at is not None and any(abs(m - at) <= 2 for m in month_at):
        return number
    if month_at and number is None:
        return 1 if any(w in ("month", "חודש", "месяц") for w in words) else None
    return None


def _said_as_left(words: tuple[str, ...], start: int, names: PhraseList, lex: Lexicon) -> bool:
    """Whether the plan named at `start` is the one the customer is on or leaves ("from Pro", "у меня
    Pro", "מפרו", "אני בסטרטר"), so that the other plan named is the one asked for."""
    token, before = words[start], start
    for prefix, after in lex.plan_source_prefixes.items():
        glued = token.startswith(prefix) and len(token) > len(prefix) + 1 and token not in names.by_first
        if not glued and start > 0 and words[start - 1] == prefix:  # "ב־Starter": the maqaf split them
            glued, before = True, start - 1
        if glued and (not after or (before > 0 and words[before - 1] in after)):
            return True
    return any(end == start for _, end in lex.plan_source_before.spans(words[:start]))


def extract(message: str, workspace: Workspace) -> Entities:
    lex = lexicon()
    words = words_of(message)
    found = Entities(words=words)
    negated, dropped = _negated(message, words, lex)
    found.negation, found.dropped = any(dropped), tuple(dropped)
    cut = _corrected_at(words, lex)
    names = _plan_names(workspace)
    plan_spans = {plan_id: spelled.spans(words) for plan_id, spelled in names.items()}
    plans_negated = _before(plan_spans, cut, negated)
    found.plans = [plan_id for plan_id, spans in plan_spans.items() if any(s not in plans_negated for s, _ in spans)]
    found.plans_left = [p for p in found.plans if all(_said_as_left(words, start, names[p], lex)
                                                      for start, _ in plan_spans[p])]
    found.plan = next((p for p in found.plans if p not in found.plans_left), found.plans[0] if found.plans else None)
    rejected = {f"plan:{p}" for p, spans in plan_spans.items() if spans and p not in found.plans}
    periods = {k: v.spans(words) for k, v in lex.periods.items()}
    found.period, gone = _pick(periods, _before(periods, cut, negated))
    rejected |= {f"period:{p}" for p in gone}
    events = {k: v.spans(words) for k, v in lex.events.items()}
    found.event, gone = _pick(events, _before(events, cut, negated))
    rejected |= {f"event:{e}" for e in gone}
    numbers = _numbers(words, lex)
    kept = [n for n in numbers if n[1] not in negated or words[n[1]] in lex.negation_gap]  # "not a wedding"
    rejected |= {f"number:{n[0]}" for n in numbers if n not in kept}
    found.number, at = (kept[0][0], kept[0][1]) if kept else (None, None)
    found.months = _months(words, found.number, at, lex)
    if found.months is None and lex.dual_months & set(message.replace("?", " ").split()):
        found.number = found.number or 2
        found.months = 2
    if found.months in PERIOD_OF_MONTHS and found.period in (None, "monthly"):
        found.period = PERIOD_OF_MONTHS[found.months]  # "на 3 месяца" says a quarter, not "месяц"
    elif found.months and found.months > 1 and found.period == "monthly":
        found.period = None  # "на 2 месяца": a length, not the monthly plan
    if (found.months or found.number) and lex.added_months.find(words):
        found.added = found.months or found.number  # "and if I add 2 more months?"
    found.rejected = rejected
    found.replaced = {t.split(":")[0] for t in rejected} & ({t.split(":")[0] for t in found.tags()}
                                                            | ({"number"} if found.number is not None else set()))
    found.cheapest = lex.cheapest.find(words)
    found.more = bool(words) and len(words) <= 4 and lex.more.starts(words)
    found.correction = (lex.corrections.starts(words) or lex.correction_phrases.find(words)
                        or bool(found.replaced))
    found.followup = (_opens_with_and(words, lex) or lex.references.find(words) or _glued_and(message)
                      or _opens_with_also(message, words, lex))
    found.anaphor = lex.anaphora.find(words)
    found.stretches = _stretches(message, words, lex)
    found.selects = lex.references.find(words) or lex.selectors.find(words)
    return found


def _stretches(message: str, words: tuple[str, ...], lex: Lexicon) -> bool:
    """ "too" / "גם" / "тоже" said of a case ("weekends too?", "וזה חל גם על דמי המנוי?"), not as a lead-in
    before a comma or colon ("Also, how do I ...?", "И также: ..."), which opens a question of its own."""
    ends = clause_ends(message)
    return any(end - 1 not in ends for _, end in lex.also.spans(words))


def _opens_with_also(message: str, words: tuple[str, ...], lex: Lexicon) -> bool:
    """ "גם במנוי שנתי?", "тоже на год?", "also on weekends?": the message opens with "too" said of a case
    (after an acknowledgement too: "סבבה גם על ...?"), the last question stretched to it as "and ...?"
    does; not a lead-in before a comma ("Also, how do I ...?")."""
    ends = clause_ends(message)
    lead = next((end for start, end in lex.leads.spans(words) if start == 0), 0)  # "סבבה, גם ...?", "ok, also ...?"
    return any(start in (0, lead) and end - 1 not in ends and end < len(words) for start, end in lex.also.spans(words))


def _corrected_at(words: tuple[str, ...], lex: Lexicon) -> int | None:
    """Where a correction starts inside the message ("How much is Essential for a year... sorry, I
    meant every 3 months", "כמה אישורים לאירוע עסקי? רגע, זה בעצם אירוע פרטי"), or None."""
    starts = [start for start, _ in (*lex.corrections.spans(words), *lex.correction_phrases.spans(words)) if start > 0]
    return min(starts) if starts else None


def _before(spans_by: dict[str, list[tuple[int, int]]], cut: int | None, negated: set[int]) -> set[int]:
    """`negated`, and when a value of this kind is said after a correction inside the message, every
    word before it: the values said before are rejected, the one after replaces them."""
    if cut is None or not any(start >= cut for spans in spans_by.values() for start, _ in spans):
        return negated
    return negated | set(range(cut))


def _opens_with_and(words: tuple[str, ...], lex: Lexicon) -> bool:
    """ "and ..." at the start, also after an acknowledgement ("ok, and Advanced?", "ок, а сколько стоит?")."""
    if lex.openers.starts(words):
        return True
    lead = next((end for start, end in lex.leads.spans(words) if start == 0), 0)
    return 0 < lead < len(words) and lex.openers.starts(words[lead:])


def _glued_and(message: str) -> bool:
    """Hebrew "and" glued to the first word: "ולבר מצווה?", "ולשנה?" (not a word that begins with ו)."""
    first = message.strip().split(maxsplit=1)
    if not first or not first[0].startswith("ו") or len(first[0]) < 3:
        return False
    rest = first[0][1:]
    if rest == "עד" or rest.startswith(("איזה", "איזו", "מאיזה", "מאיזו", "עדיין")):
        return True  # "ועד איזו שעה?", "ומאיזו שעה?": the whole word, since "ועדה" (committee) is a word of its own
    return rest[0] in "לבה" or rest.startswith(("מה", "מי", "כמה", "אפשר", "אם", "איך", "גם", "מתי", "למה", "איפה",
                                                "זה", "זאת", "זו", "אצל", "עם", "על",  # "וזה בתשלום?"
                                                "יש", "אין", "אני", "אנחנו", "כבר", "עכשיו"))  # "ויש לי קריאה פתוחה"
