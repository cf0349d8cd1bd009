"""What a message names: a plan, a billing period, a number of months or people, an event type.

Entities are read the same way for every workspace; the plan names come from the workspace YAML
(plus the common spellings in words.yaml), so "אסנשיאל", "Essential" and "эссеншиал" are one plan.
Each entity is also a tag ("plan:essential", "period:annual") that knowledge-base facts carry,
which is how a short answer picks the fact the question is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.workspaces import Workspace
from handlers.dialogue.words import Lexicon, PhraseList, lexicon, readings, words_of

MONTHS_OF_PERIOD = {"monthly": 1, "quarterly": 3, "annual": 12}
PERIOD_OF_MONTHS = {v: k for k, v in MONTHS_OF_PERIOD.items()}
MAX_NUMBER = 99


@dataclass
class Entities:
    plan: str | None = None
    plans: list[str] = field(default_factory=list)  # every plan named ("Essential or Advanced?")
    period: str | None = None
    months: int | None = None
    number: int | None = None  # the first number said, whatever it counts
    event: str | None = None
    cheapest: bool = False
    more: bool = False  # asks for the whole answer ("more", "פרטים", "подробнее")
    correction: bool = False  # opens with "actually", "בעצם", "точнее"
    followup: bool = False  # opens with "and ..." / refers back ("which of them")
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
            merged = PhraseList({**aliases.by_first, **{k: v for k, v in merged.by_first.items()
                                                       if k not in aliases.by_first}})
        names[plan_id] = merged
    return names


def _number(words: tuple[str, ...], lex: Lexicon) -> tuple[int | None, int | None]:
    """(the first number, its word index): digits, else a number word."""
    for i, word in enumerate(words):
        if word.isdigit() and 0 < int(word) <= MAX_NUMBER:
            return int(word), i
        for reading in readings(word):
            if reading.isdigit() and 0 < int(reading) <= MAX_NUMBER:
                return int(reading), i
    said = [(spans[0][0], value) for value, phrases in lex.numbers.items() if (spans := phrases.spans(words))]
    if said:
        at, value = min(said)
        return value, at
    return None, None


def _months(words: tuple[str, ...], number: int | None, at: int | None, lex: Lexicon) -> int | None:
    """A number of months: a number next to a month word, or a word that says it ("חודשיים")."""
    month_at = [start for start, _ in lex.month_words.spans(words)]
    if number is not None and at is not None and any(abs(m - at) <= 2 for m in month_at):
        return number
    if month_at and number is None:
        return 1 if any(w in ("month", "חודש", "месяц") for w in words) else None
    return None


def extract(message: str, workspace: Workspace) -> Entities:
    lex = lexicon()
    words = words_of(message)
    found = Entities(words=words)
    found.plans = [plan_id for plan_id, names in _plan_names(workspace).items() if names.find(words)]
    found.plan = found.plans[0] if found.plans else None
    for period, phrases in lex.periods.items():
        if phrases.find(words):
            found.period = period
            break
    for event, phrases in lex.events.items():
        if phrases.find(words):
            found.event = event
            break
    found.number, at = _number(words, lex)
    found.months = _months(words, found.number, at, lex)
    if found.months is None and lex.dual_months & set(message.replace("?", " ").split()):
        found.number = found.number or 2
        found.months = 2
    if found.months in PERIOD_OF_MONTHS and found.period is None:
        found.period = PERIOD_OF_MONTHS[found.months]
    found.cheapest = lex.cheapest.find(words)
    found.more = bool(words) and len(words) <= 4 and lex.more.starts(words)
    found.correction = lex.corrections.starts(words) or lex.correction_phrases.find(words)
    found.followup = lex.openers.starts(words) or lex.references.find(words) or _glued_and(message)
    return found


def _glued_and(message: str) -> bool:
    """Hebrew "and" glued to the first word: "ולבר מצווה?", "ולשנה?" (not a word that begins with ו)."""
    first = message.strip().split(maxsplit=1)
    if not first or not first[0].startswith("ו") or len(first[0]) < 3:
        return False
    rest = first[0][1:]
    return rest[0] in "לבה" or rest.startswith(("מה", "מי", "כמה", "אפשר", "אם", "איך", "גם", "מתי", "למה", "איפה"))
