"""The dialogue layer's word lists (words.yaml), compiled once into phrase look-ups.

A phrase matches consecutive words of a message; a Hebrew word also matches behind its glued
prefixes ("ולשלושה" is "שלושה"), and a Russian phrase also matches in another case ("для
корпоратива" finds "корпоратив", "годовую" finds "годовой": both sides compared by their Snowball
dictionary forms), so the lists hold base forms only.

Compiling the lists (every Russian phrase looked up in pymorphy3) takes a tenth of a second or
more, on every start: the compiled lexicon is kept in the on-disk index cache, keyed by
words.yaml, this module and the pymorphy3 dictionaries' version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from knowledge import index_cache
from knowledge.kb import SAFE_LOADER
from knowledge.normalize import hebrew_prefix_variants, normalize_text, normalize_word

WORDS_FILE = Path(__file__).with_name("words.yaml")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*|&")
_HEBREW = regex.compile(r"^\p{Script=Hebrew}+$")
_CYRILLIC = regex.compile(r"^\p{Script=Cyrillic}{4,}$")  # shorter words ("на", "год") are their own stem
_BREAK = regex.compile(r"[,.;:!?()\u2013\u2014]|\s-\s")  # punctuation between two words: a new clause


# "ל-4", "ל־Essential", and Hebrew prefix letters typed straight onto a digit or a Latin word with no
# hyphen at all ("ל3 חודשים", "לAdvanced", "וב2027"): the prefix is a word of its own.
_GLUED_NUMBER = regex.compile(r"(?<=\p{L})[-־](?=\d)|(?<=\p{Script=Hebrew})[-־](?=[A-Za-z])"
                              r"|(?<=(?<![\p{L}\d])[והבכלמש]{1,3})(?=[0-9A-Za-z])")


def words_of(message: str) -> tuple[str, ...]:
    return tuple(normalize_word(w) for w in _WORD.findall(normalize_text(_GLUED_NUMBER.sub(" ", message))))


def clause_ends(message: str) -> frozenset[int]:
    """Indexes (into `words_of(message)`) of the words followed by punctuation: "not Essential,
    Advanced" ends a clause after "essential", and "no, I meant ..." after "no"."""
    text = normalize_text(_GLUED_NUMBER.sub(" ", message))
    spans = [m.span() for m in _WORD.finditer(text)]
    return frozenset(i for i in range(len(spans) - 1) if _BREAK.search(text[spans[i][1]:spans[i + 1][0]]))


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """A Russian word's dictionary form (other words as they are), so cases meet: "корпоратива" is
    "корпоратив", "годовую" is "годовой". pymorphy3, not Snowball: Snowball stems a word and its
    own inflections differently ("корпоратив" -> "корпорат", "корпоратива" -> "корпоратив")."""
    if not _CYRILLIC.match(word):
        return word
    from knowledge.grammar.russian import _morph

    return str(_morph().parse(word)[0].normal_form).replace("ё", "е")


_HE_PREFIXES = "והבכלמש"
_MAX_PREFIXES = 3


@lru_cache(maxsize=20_000)
def readings(word: str) -> tuple[str, ...]:
    """The word and, for Hebrew, the word without each of its glued prefixes.

    Two letters may remain ("ולבר" is "בר" of "בר מצווה"); the phrase lists are what decide. A word of
    `hebrew_whole_words` ("משנה", it matters) is only itself.
    """
    if not _HEBREW.match(word) or word in _whole_words():
        return (word,)
    out = hebrew_prefix_variants(word)
    for cut in range(1, _MAX_PREFIXES + 1):
        if len(word) - cut < 2 or word[cut - 1] not in _HE_PREFIXES:
            break
        if word[cut:] not in out:
            out.append(word[cut:])
    return tuple(out)


@cache
def _whole_words() -> frozenset[str]:
    raw = yaml.load(WORDS_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    return frozenset(normalize_word(str(w)) for w in raw.get("hebrew_whole_words") or [])


def _longest_first(group: Any) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(set(group), key=len, reverse=True))


@lru_cache(maxsize=4096)
def stems_of(words: tuple[str, ...]) -> tuple[str, ...]:
    """`stem` of every word, once per message (every phrase list of a message asks)."""
    return tuple(stem(w) for w in words)


@dataclass(frozen=True, slots=True)
class PhraseList:
    """Phrases indexed by their first word, for finding them in a message's words."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]
    by_stem: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # Russian, dictionary forms

    @classmethod
    def of(cls, raw: list[Any] | None) -> PhraseList:
        grouped: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for entry in raw or []:
            phrase = words_of(str(entry))
            if phrase:
                grouped[phrase[0]].append(phrase)
        return cls.grouped(grouped)

    @classmethod
    def grouped(cls, grouped: dict[str, list[tuple[str, ...]]]) -> PhraseList:
        stemmed: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for group in grouped.values():
            for phrase in group:
                if any(_CYRILLIC.match(w) for w in phrase):
                    variant = tuple(stem(w) for w in phrase)
                    stemmed[variant[0]].add(variant)
        return cls({first: _longest_first(group) for first, group in grouped.items()},
                   {first: _longest_first(group) for first, group in stemmed.items()})

    def spans(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        """(start, end) of every occurrence, longest first at each start."""
        found = []
        by_first, by_stem, n = self.by_first, self.by_stem, len(words)
        stems = stems_of(words) if by_stem else words
        for i, word in enumerate(words):
            end = None
            for first in readings(word):
                for phrase in by_first.get(first, ()):
                    if i + len(phrase) <= n and words[i + 1:i + len(phrase)] == phrase[1:]:
                        end = i + len(phrase)
                        break
                if end is not None:
                    break
            if end is None and stems[i] in by_stem:
                end = next((i + len(p) for p in by_stem[stems[i]]
                            if i + len(p) <= n and stems[i + 1:i + len(p)] == p[1:]), None)
            if end is not None:
                found.append((i, end))
        return found

    def find(self, words: tuple[str, ...]) -> bool:
        return bool(self.spans(words))

    def starts(self, words: tuple[str, ...]) -> bool:
        return any(start == 0 for start, _ in self.spans(words))

    def covers(self, words: tuple[str, ...]) -> list[bool]:
        mask = [False] * len(words)
        for start, end in self.spans(words):
            mask[start:end] = [True] * (end - start)
        return mask


@dataclass(frozen=True, slots=True)
class Lexicon:
    expire_after_minutes: int
    reply_budget: dict[str, dict[str, int]]
    openers: PhraseList
    leads: PhraseList
    selectors: PhraseList
    references: PhraseList
    more: PhraseList
    corrections: PhraseList
    correction_phrases: PhraseList
    asked_phrases: PhraseList  # "I asked", "שאלתי": the correction says a question of its own
    cheapest: PhraseList
    periods: dict[str, PhraseList]
    events: dict[str, PhraseList]
    plan_aliases: dict[str, PhraseList]
    numbers: dict[int, PhraseList]
    month_words: PhraseList
    added_months: PhraseList
    dual_months: frozenset[str]
    negations: PhraseList
    negation_gap: frozenset[str]
    clause_openers: PhraseList
    anaphora: PhraseList
    also: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "too", "גם", "тоже"
    own_questions: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "how long", "כמה", "когда"
    when_words: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "when", "מתי", "когда"
    go_ahead: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "do it", "תעשו את זה", "давайте"
    go_ahead_stops: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "dont", "yet", "пока", "עדיין"
    send_one: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "send one", "пришлите одного"
    person_nouns: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "agents", "נציגים", "специалисты"
    case_openers: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "what about", "ומה עם", "а как же"
    bare_fillers: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "exactly", "בדיוק", "именно"
    plan_source_before: PhraseList = field(default_factory=lambda: PhraseList.of([]))  # "from", "I'm on", "у меня"
    plan_source_prefixes: dict[str, frozenset[str]] = field(default_factory=dict)  # "מ" of "מפרו"; "ב" after "אני"
    denial_topics: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "frozen": ("account-freeze",)


@cache
def lexicon(path: Path = WORDS_FILE) -> Lexicon:
    """The compiled word lists of `path`: read from the index cache, else built and stored."""
    return index_cache.cached_objects("dialogue-words", [path, Path(__file__)], lambda: _build(path),
                                      [Lexicon, PhraseList], extra=_morphology_version())


def _morphology_version() -> str:
    """Russian phrases are stored in their pymorphy3 dictionary forms: new dictionaries, new key."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("pymorphy3", "pymorphy3-dicts-ru"):
        try:
            found.append(version(package))
        except PackageNotFoundError:
            found.append("-")
    return "/".join(found)


def _build(path: Path) -> Lexicon:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return Lexicon(
        expire_after_minutes=int(raw["expire_after_minutes"]),
        reply_budget={k: dict(v) for k, v in (raw.get("reply_budget") or {}).items()},
        openers=PhraseList.of(raw["followup_openers"]),
        leads=PhraseList.of(raw.get("followup_leads")),
        selectors=PhraseList.of(raw.get("followup_selectors")),
        references=PhraseList.of(raw["followup_references"]),
        more=PhraseList.of(raw["more"]),
        corrections=PhraseList.of(raw["corrections"]),
        correction_phrases=PhraseList.of(raw.get("correction_phrases")),
        asked_phrases=PhraseList.of(raw.get("asked_phrases")),
        cheapest=PhraseList.of(raw["cheapest"]),
        periods={k: PhraseList.of(v) for k, v in raw["periods"].items()},
        events={k: PhraseList.of(v) for k, v in raw["events"].items()},
        plan_aliases={k: PhraseList.of(v) for k, v in raw["plan_aliases"].items()},
        numbers={int(k): PhraseList.of(v) for k, v in raw["numbers"].items()},
        month_words=PhraseList.of(raw["month_words"]),
        added_months=PhraseList.of(raw.get("added_months")),
        dual_months=frozenset(str(w) for w in raw.get("dual_months") or []),
        negations=PhraseList.of(raw.get("negations")),
        negation_gap=frozenset(w for entry in raw.get("negation_gap") or [] for w in words_of(str(entry))),
        clause_openers=PhraseList.of(raw.get("clause_openers")),
        anaphora=PhraseList.of(raw.get("followup_anaphora")),
        also=PhraseList.of(raw.get("followup_also")),
        own_questions=PhraseList.of(raw.get("own_question_words")),
        when_words=PhraseList.of(raw.get("when_words")),
        go_ahead=PhraseList.of(raw.get("go_ahead")),
        go_ahead_stops=PhraseList.of(raw.get("go_ahead_stops")),
        send_one=PhraseList.of(raw.get("send_one")),
        person_nouns=PhraseList.of(raw.get("person_nouns")),
        case_openers=PhraseList.of(raw.get("case_openers")),
        plan_source_before=PhraseList.of(raw.get("plan_source_before")),
        plan_source_prefixes={str(k): frozenset(str(w) for w in v or []) for k, v in
                              (raw.get("plan_source_prefixes") or {}).items()},
        bare_fillers=PhraseList.of(raw.get("bare_question_fillers")),
        denial_topics={str(k): tuple(str(t) for t in v or []) for k, v in (raw.get("denial_topics") or {}).items()},
    )
