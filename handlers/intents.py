"""What does a customer's message want? Rules over word lists, in Hebrew, English and Russian.

The checks run in a fixed precedence, because one message can look like several intents and
the costly mistakes are not symmetric: missing an opt-out breaks the law (Israel's §30A, and
Twilio blocks the number anyway), answering an insult with a cheerful FAQ looks broken, and a
guest's "מגיעים 3" must update the RSVP rather than search the knowledge base. Everything that is
not recognised here is `faq`: the caller runs retrieval and turns a miss into `unknown`.

The word lists live in `intents.yaml` so owners can extend them without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

import regex
import snowballstemmer
import yaml

from knowledge.normalize import edit_distance, hebrew_prefix_variants, normalize_text, normalize_word
from knowledge.types import Lang

Intent = Literal[
    "greeting",
    "faq",
    "human",
    "ticket_status",
    "subscription_status",
    "cancel_subscription",
    "refund_request",
    "freeze_request",
    "rsvp_reply",
    "opt_out",
    "abuse",
    "unknown",
]
RsvpStatus = Literal["coming", "not_coming", "maybe"]

INTENTS_FILE = Path(__file__).with_name("intents.yaml")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*")
_HEBREW = regex.compile(r"^\p{Script=Hebrew}+$")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
SHORT_MESSAGE = 4  # words; a "person" word alone asks for one only in a message this short


@dataclass(frozen=True, slots=True)
class IntentGuess:
    intent: Intent
    confidence: float


@dataclass(frozen=True, slots=True)
class RsvpParse:
    """A guest's answer: status None when the text does not clearly say coming / not / maybe."""

    status: RsvpStatus | None
    party_size: int | None


def words_of(text: str) -> list[str]:
    """Normalised words, keeping hyphenated and apostrophe words whole ("кто-нибудь")."""
    return [normalize_word(w).replace("'", "") for w in _WORD.findall(normalize_text(text))]


@cache
def _stem(word: str) -> str:
    if _CYRILLIC.search(word):
        return snowballstemmer.stemmer("russian").stemWord(word)
    if _HEBREW.match(word):
        return word
    return snowballstemmer.stemmer("english").stemWord(word)


@lru_cache(maxsize=200_000)
def _word_matches(pattern: str, word: str) -> bool:
    """One pattern word against one message word: exact (=), prefix (*), Hebrew prefix, stem,
    or one typo in a word of five letters or more ("unsubscibe", "опертор")."""
    if pattern.startswith("="):
        return word == pattern[1:]
    if pattern.endswith("*"):
        stem = pattern[:-1]
        return word.startswith(stem) or (
            bool(_HEBREW.match(word)) and any(v.startswith(stem) for v in hebrew_prefix_variants(word))
        )
    if word == pattern:
        return True
    if _HEBREW.match(word) and pattern in hebrew_prefix_variants(word):
        return True
    if len(pattern) > 3 and _stem(word) == _stem(pattern):
        return True
    return _one_typo(pattern, word)


def _one_typo(pattern: str, word: str) -> bool:
    if len(pattern) < 5 or abs(len(pattern) - len(word)) > 1 or pattern[0] != word[0]:
        return False
    return edit_distance(pattern, word, 1) <= 1


def _pattern(word: str) -> str:
    """Normalise a list entry's word, keeping its = / * markers."""
    head = "=" if word.startswith("=") else ""
    tail = "*" if word.endswith("*") else ""
    return head + normalize_word(word.strip("=*")) + tail


@dataclass(frozen=True, slots=True)
class Phrases:
    """A list of words / multi-word phrases, pre-split for matching."""

    items: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, raw: list[Any] | None) -> Phrases:
        items = []
        for entry in raw or []:
            if not isinstance(entry, str):  # YAML reads a bare yes/no as a boolean
                raise ValueError(f"intent word list entry {entry!r} must be quoted text")
            parts = tuple(_pattern(p) for p in entry.lower().split())
            if parts:
                items.append(parts)
        return cls(tuple(items))

    def find(self, words: list[str]) -> bool:
        """True when any phrase occurs as consecutive words."""
        return any(self._at(phrase, words) for phrase in self.items)

    def exact(self, words: list[str]) -> bool:
        """True when the words are exactly one of the phrases."""
        return any(
            len(p) == len(words) and all(_word_matches(a, b) for a, b in zip(p, words, strict=True)) for p in self.items
        )

    def covered(self, words: list[str]) -> list[bool]:
        """For each word, whether some phrase occurrence covers it."""
        mask = [False] * len(words)
        for phrase in self.items:
            n = len(phrase)
            for i in range(len(words) - n + 1):
                if all(_word_matches(a, b) for a, b in zip(phrase, words[i : i + n], strict=True)):
                    mask[i : i + n] = [True] * n
        return mask

    @staticmethod
    def _at(phrase: tuple[str, ...], words: list[str]) -> bool:
        n = len(phrase)
        return any(
            all(_word_matches(a, b) for a, b in zip(phrase, words[i : i + n], strict=True))
            for i in range(len(words) - n + 1)
        )


@dataclass(frozen=True, slots=True)
class _Lexicon:
    opt_out: Phrases
    fillers: Phrases
    abuse: Phrases
    persons: Phrases
    human_requests: Phrases
    human_questions: Phrases
    greeting: Phrases
    request: Phrases
    question: Phrases
    knowledge_seeking: Phrases
    topics: dict[str, Phrases]
    cues: dict[str, Phrases]
    rsvp: dict[str, Phrases]
    sizes: tuple[tuple[int, Phrases], ...]


ACTION_INTENTS: tuple[Intent, ...] = (
    "cancel_subscription",
    "refund_request",
    "freeze_request",
    "ticket_status",
    "subscription_status",
)


@cache
def lexicon(path: Path = INTENTS_FILE) -> _Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sub = raw["subscription"]
    return _Lexicon(
        opt_out=Phrases.of(raw["opt_out"]["exact"]),
        fillers=Phrases.of(raw["opt_out"].get("fillers")),
        abuse=Phrases.of(raw["abuse"]["words"] + raw["abuse"].get("phrases", [])),
        persons=Phrases.of(raw["human"]["persons"]),
        human_requests=Phrases.of(raw["human"]["requests"]),
        human_questions=Phrases.of(raw["human"]["questions"]),
        greeting=Phrases.of(raw["greeting"]["words"]),
        request=Phrases.of(sub["request"]),
        question=Phrases.of(sub["question"]),
        knowledge_seeking=Phrases.of(raw["knowledge_seeking"]),
        topics={name: Phrases.of(sub[name]["topic"]) for name in ACTION_INTENTS},
        cues={name: Phrases.of(sub[name]["cue"]) for name in ACTION_INTENTS if "cue" in sub[name]},
        rsvp={k: Phrases.of(v) for k, v in raw["rsvp"].items() if k != "sizes"},
        sizes=tuple((int(n), Phrases.of(v)) for n, v in raw["rsvp"]["sizes"].items()),
    )


def _without(words: list[str], mask: list[bool]) -> list[str]:
    return [w for w, hit in zip(words, mask, strict=True) if not hit]


def is_opt_out(words: list[str], lex: _Lexicon) -> bool:
    """A standalone command: the whole message, minus fillers, is an opt-out keyword."""
    core = _without(words, lex.fillers.covered(words)) or words
    return bool(core) and len(core) <= 6 and lex.opt_out.exact(core)


def _action_intent(text: str, words: list[str], lex: _Lexicon) -> Intent | None:
    """Cancel / refund / freeze / status about the customer's own account.

    "How do I cancel?" stays a knowledge-base question; "cancel my subscription" or "אני רוצה
    לבטל" is a request to act on.
    """
    for intent in ("ticket_status", "subscription_status"):
        if lex.topics[intent].find(words) and lex.cues[intent].find(words):
            return intent
    if lex.knowledge_seeking.find(words):
        return None
    asks = lex.request.find(words)
    wonders = lex.question.find(words) or text.rstrip().endswith("?")
    for intent in ("refund_request", "freeze_request", "cancel_subscription"):
        if lex.topics[intent].find(words) and (asks or (not wonders and len(words) <= 6)):
            return intent
    return None


def _is_greeting(words: list[str], lex: _Lexicon) -> bool:
    return bool(words) and all(lex.greeting.covered(words))


def _is_human(words: list[str], lex: _Lexicon) -> bool:
    """A person word in a short message, or with "talk to"; not "when is a person available?"."""
    if not lex.persons.find(words) or lex.human_questions.find(words):
        return False
    content = _without(words, lex.greeting.covered(words))
    return len(content) <= SHORT_MESSAGE or lex.human_requests.find(words)


def _party_size(words: list[str], lex: _Lexicon) -> tuple[int | None, int]:
    """(size, how many words said it): digits first, then number words and phrases."""
    for word in words:
        if word.isdigit() and 0 < int(word) <= 50:
            return int(word), 1
    best: tuple[int | None, int] = (None, 0)
    for size, phrases in lex.sizes:
        covered = sum(phrases.covered(words))
        if covered > best[1]:  # the longest phrase wins: "me and my wife" over "me"
            best = (size, covered)
    return best


def _only_count(words: list[str], lex: _Lexicon) -> bool:
    """The message is a party size and nothing else ("4 of us"), not "one question please"."""
    said = [a or b for a, b in zip(_size_mask(words, lex), lex.rsvp["count_fillers"].covered(words), strict=True)]
    return all(said)


def _size_mask(words: list[str], lex: _Lexicon) -> list[bool]:
    mask = [w.isdigit() for w in words]
    for _, phrases in lex.sizes:
        mask = [a or b for a, b in zip(mask, phrases.covered(words), strict=True)]
    return mask


def _negated(words: list[str], lex: _Lexicon) -> bool:
    """A coming-word with a negation just before it: "we can't come", "не придём"."""
    negations = lex.rsvp["negations"]
    coming = lex.rsvp["coming"].covered(words)
    return any(hit and any(negations.exact([w]) for w in words[max(0, i - 2) : i]) for i, hit in enumerate(coming))


def parse_rsvp_reply(text: str, lang: Lang | None = None) -> RsvpParse:
    """Read a guest's reply: coming / not coming / maybe and how many; None when unclear."""
    del lang
    lex = lexicon()
    words = words_of(text)
    if not words:
        return RsvpParse(None, None)
    size, size_words = _party_size(words, lex)
    if text.rstrip().endswith("?") and lex.rsvp["questions"].find(words):
        return RsvpParse(None, None)
    if len(words) == 1 and words[0].isdigit():
        count = int(words[0])
        return RsvpParse("not_coming", None) if count == 0 else RsvpParse("coming", size)
    if lex.rsvp["maybe"].find(words):
        return RsvpParse("maybe", size)
    if lex.rsvp["not_coming"].find(words) or _negated(words, lex):
        # "לא" alone is a no, but "לא יודע" was caught as maybe above.
        return RsvpParse("not_coming", None)
    # A bare count ("4 of us", "me and my wife", "שניים") answers "are you coming?" too.
    if lex.rsvp["coming"].find(words) or (size is not None and _only_count(words, lex)):
        return RsvpParse("coming", size)
    return RsvpParse(None, None)


def classify_intent(text: str, lang: Lang, *, is_known_guest: bool = False) -> IntentGuess:
    """The intent of one inbound message; `faq` when it is a question for the knowledge base."""
    del lang  # the word lists hold all three languages, and messages mix them
    lex = lexicon()
    words = words_of(text)
    if not words:
        return IntentGuess("unknown", 0.3)
    if is_opt_out(words, lex):
        return IntentGuess("opt_out", 0.98)
    if lex.abuse.find(words):
        return IntentGuess("abuse", 0.9)
    if is_known_guest and parse_rsvp_reply(text).status is not None:
        return IntentGuess("rsvp_reply", 0.9)
    if _is_human(words, lex):
        return IntentGuess("human", 0.9)
    action = _action_intent(text, words, lex)
    if action is not None:
        return IntentGuess(action, 0.8)
    if _is_greeting(words, lex):
        return IntentGuess("greeting", 0.9)
    return IntentGuess("faq", 0.5)
