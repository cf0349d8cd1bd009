"""A message that corrects itself: what comes after the correction is what counts.

Customers take back part of a message in the message itself: "how do I close the account? oh, not
close, move to a smaller package", "какой возврат за годовую? хотя нет, у меня месячная, перепутал",
"אפשר לבטל את הקריאה? בעצם לא, הטכנאי כבר התחבר, אפשר עדיין לבטל?". Read whole, the words taken back
("close", "годовую") and the correction's own "no" decide the reading. Here the message is read again
as the customer meant it (`self_correction.yaml`):

- a correction starts at a clause (after . , ? ! ; : or a dash) and only after some words: a message
  that opens with one corrects the last turn, which the dialogue layer reads (`handlers/dialogue`);
- a retraction ("actually no", "хотя нет", "בעצם לא", "I meant") is kept, for the dialogue layer reads it
  ("sorry, I meant every 3 months" takes the later period); read alone (`meant_part`, a guest's answer), what
  follows it counts, less a Hebrew "that" glued after "I meant" ("התכוונתי שלא נגיע" is "לא נגיע");
- "not X, (but) Y" after an interjection or a retraction ("oh, not close, move...", "ой, не закрыть, а
  перейти...") rejects X: "not X" is dropped, and X from the words before;
- a value the correction names (a billing period, an action on the account: `kinds`) drops the other
  values of its kind said before it;
- everything else is kept, the question before the correction too ("how much is Essential for a
  year? sorry, I meant every 3 months" still asks a price).

Only words are removed, never added, so a message with no correction in it is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import regex
import yaml

from knowledge.normalize import hebrew_prefix_variants

if TYPE_CHECKING:
    from handlers.turn import Turn

WORDS_FILE = Path(__file__).with_name("self_correction.yaml")
MIN_BEFORE = 2  # words before a correction: fewer, and the message opens with it
MAX_ROUNDS = 3  # corrections read in one message

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['’][\p{L}]+)*")
_CLAUSE_MARK = regex.compile(r"[.,?!;:\-–—…]")
_HEBREW = regex.compile(r"^\p{Script=Hebrew}+$")
_MEANT_HE = ("התכוונתי", "כוונתי", "הכוונה")  # "התכוונתי שלא נגיע": the glued ש is "that"
_OF = frozenset({"של", "שלי", "שלך", "שלו", "שלה", "שלנו", "שלכם", "שלהם"})  # "of", "mine": no glued ש


def _key(word: str) -> str:
    return word.lower().replace("ё", "е").replace("’", "'").replace("'", "")


@dataclass(frozen=True)
class _Words:
    retractions: tuple[tuple[str, ...], ...]  # longest first
    interjections: frozenset[str]
    negations: frozenset[str]
    instead: tuple[tuple[str, ...], ...]
    max_rejected: int
    kinds: dict[str, tuple[str, ...]]  # kind -> its values ("годов*": any ending)
    firsts: frozenset[str] = frozenset()  # the first words of the retractions: most words are none

    @property
    def framing(self) -> frozenset[str]:
        return self.interjections | {word for phrase in self.retractions for word in phrase}


@cache
def _words() -> _Words:
    raw = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))

    def phrases(node: dict[str, list[str]]) -> tuple[tuple[str, ...], ...]:
        found = {tuple(_key(w) for w in _WORD.findall(str(p))) for entries in node.values() for p in entries}
        return tuple(sorted((p for p in found if p), key=lambda p: -len(p)))

    def flat(node: dict[str, list[str]]) -> frozenset[str]:
        return frozenset(_key(str(w)) for entries in node.values() for w in entries)

    retractions = phrases(raw["retractions"])
    return _Words(
        retractions=retractions,
        firsts=frozenset(p[0] for p in retractions),
        interjections=flat(raw["interjections"]),
        negations=flat(raw["negations"]),
        instead=phrases(raw["instead"]),
        max_rejected=int(raw["max_rejected"]),
        kinds={k: tuple(_key(str(v)) for v in values) for k, values in raw["kinds"].items()},
    )


@cache
def _framing() -> frozenset[str]:
    return _words().framing


def _value_of(word: str, values: tuple[str, ...]) -> str | None:
    """The value of a kind a word is ("годовую" is "годов*", "והשנתי" is "שנתי"), or None."""
    exact, stems = _split(values)
    readings = hebrew_prefix_variants(word) if _HEBREW.match(word) else [word]
    for reading in readings:
        if reading in exact:
            return reading
        for stem in stems:
            if reading.startswith(stem):
                return stem + "*"
    return None


@cache
def _split(values: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """A kind's values: (the whole words, the stems of those with any ending)."""
    return frozenset(v for v in values if not v.endswith("*")), tuple(v[:-1] for v in values if v.endswith("*"))


def _at(keys: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(keys[i : i + len(phrase)]) == phrase


def _retraction(keys: list[str], i: int, w: _Words) -> tuple[str, ...] | None:
    if i >= len(keys) or keys[i] not in w.firsts:
        return None
    return next((p for p in w.retractions if _at(keys, i, p)), None)


def _opens_clause(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """Whether word i starts a clause: a clause mark between it and the word before."""
    return i > 0 and bool(_CLAUSE_MARK.search(text[spans[i - 1][1] : spans[i][0]]))


def _contrast(keys: list[str], start: int, text: str, spans: list[tuple[int, int]], w: _Words) -> tuple[int, int]:
    """ "not X, (but) Y" from word `start`: (end of X, start of Y), or (start, start) when there is none."""
    if (
        start + 1 >= len(keys)
        or keys[start] not in w.negations
        or _CLAUSE_MARK.search(text[spans[start][1] : spans[start + 1][0]])
    ):
        return start, start  # "oh no, 3": a "no" followed by a mark negates nothing
    for end in range(start + 2, min(start + 2 + w.max_rejected, len(keys))):
        marked = bool(_CLAUSE_MARK.search(text[spans[end - 1][1] : spans[end][0]]))
        said = next((p for p in w.instead if _at(keys, end, p)), None)
        if said is not None and end + len(said) < len(keys):
            return end, end + len(said)  # "не закрыть, а перейти", "not close but move"
        if marked:
            return end, end
    return start, start


def _takes_back(keys: list[str], before: int, rejected: int, meant: int, w: _Words) -> bool:
    """Whether "not X" after an interjection rejects something: X was said before the correction ("how do I
    close...? oh, not close, ..."), or X and what is meant are values of one kind ("...? sorry, not to close,
    to move ...")."""
    said = {r for k in keys[:before] for r in (hebrew_prefix_variants(k) if _HEBREW.match(k) else [k])}
    if keys[rejected] in said:
        return True
    return any(
        _value_of(keys[rejected], values) is not None and any(_value_of(k, values) for k in keys[meant:])
        for values in w.kinds.values()
    )


def _opens_with_correction(keys: list[str], w: _Words) -> bool:
    """The message opens with a retraction or a "not", maybe after interjections ("sorry, not close...")."""
    j = 0
    while j < len(keys) and keys[j] in w.interjections and keys[j] not in w.negations and not _retraction(keys, j, w):
        j += 1
    return j < len(keys) and (_retraction(keys, j, w) is not None or keys[j] in w.negations)


def _correction(text: str) -> tuple[int, int, int, int] | None:
    """The first correction of the text, as word indexes: (its start, the start of a rejected "not X",
    the end of X, the start of what is meant); None when there is none."""
    w = _words()
    spans = [m.span() for m in _WORD.finditer(text)]
    keys = [_key(text[a:b]) for a, b in spans]
    framing = _framing()
    if _opens_with_correction(keys, w):
        return None  # "ой, не то спросил. я имел в виду...": all of it corrects the last turn
    for i in range(MIN_BEFORE, len(keys)):
        if not _opens_clause(text, spans, i) or sum(k not in framing for k in keys[:i]) < MIN_BEFORE:
            continue  # "actually no, I meant...": nothing said yet to take back
        j, said = i, _retraction(keys, i, w)
        while said is None and j < len(keys) and keys[j] in w.interjections and keys[j] not in w.negations:
            j += 1  # "wait, sorry, I meant ..."
            said = _retraction(keys, j, w)
        j += len(said or ())
        while j < len(keys) and keys[j] in w.interjections and keys[j] not in w.negations:
            j += 1  # "oh, sorry, not close...", "actually no, sorry, ..."
        negated = j
        rejected_end, meant = _contrast(keys, j, text, spans, w)
        if meant == j and said and said[-1] in w.negations:  # "אה, לא לסגור": the retraction's "not" is X's
            rejected_end, meant = _contrast(keys, j - 1, text, spans, w)
            negated, meant = (j - 1, meant) if meant != j - 1 else (j, j)
        if said is None and (j == i or meant == j or not _takes_back(keys, i, rejected_end - 1, meant, w)):
            continue  # an interjection alone ("...? oh, and the invoice"), a bare "not X, Y" or one that
            # rejects nothing said ("I'll come, sorry, not sure yet, maybe") corrects nothing
        if meant < len(keys):
            return i, negated, rejected_end, meant
    return None


def corrected(text: str) -> str | None:
    """The message as its self-correction means it, or None when it corrects nothing."""
    first = _corrected_once(text)
    second = _without_negated_values(first or text)
    return second or first


_NEGATED_GAP = 1  # words between "not" and the value it rejects: "not the monthly", "не на месячный"
_BEFORE_NOT = frozenset({"а", "but", "and", "ולא"})  # "годовой, а не месячный": the "а" goes with it
_EITHER = frozenset({"either", "too", "also", "тоже", "также", "גם"})


def _without_negated_values(text: str) -> str | None:
    """The message less a "not X" whose X is a value of a kind (a billing period, an action on the account)
    when the message names another value of that kind ("I'm on annual, not monthly", "у меня годовой план,
    не месячный", "אני בשנתי, לא בחודשי", "I want to freeze, not cancel"), or when it opens with a
    correction ("wait no, not cancel, just pause it ..."): the rejected value is the one thing the customer
    does not mean, and read with the rest it pulls the question to it. None when there is none."""
    w = _words()
    matches = list(_WORD.finditer(text))
    keys = [_key(m.group(0)) for m in matches]
    drop: set[int] = set()
    opens = _opens_with_correction(keys, w)
    for n, key in enumerate(keys):
        if key not in w.negations:
            continue
        for v in range(n + 1, min(n + 2 + _NEGATED_GAP, len(keys))):
            if _CLAUSE_MARK.search(text[matches[v - 1].end() : matches[v].start()]):
                break
            kind = next((values for values in w.kinds.values() if _value_of(keys[v], values) is not None), None)
            if kind is None:
                continue
            if v + 1 < len(keys) and keys[v + 1] in _EITHER:
                break  # "not monthly, not annual either": both are rejected, neither is corrected
            value = _value_of(keys[v], kind)
            others = {_value_of(k, kind) for i, k in enumerate(keys) if not n <= i <= v} - {None, value}
            sentence_end = regex.search(r"[.?!]|$", text[matches[v].end():])
            asked = sentence_end is not None and sentence_end.group(0) == "?"  # "is it A, not B, that ...?"
            if others and not asked or opens:
                drop |= set(range(n, v + 1))
                before = n - 1
                if before >= 0 and keys[before] in _BEFORE_NOT \
                        and not _CLAUSE_MARK.search(text[matches[before].end() : matches[n].start()]):
                    drop.add(before)
            break
    if not drop:
        return None
    return _without(text, matches, drop) or None


def _corrected_once(text: str) -> str | None:
    found = _correction(text)
    if found is None:
        return None
    marker, rejected_start, rejected_end, meant = found
    w = _words()
    matches = list(_WORD.finditer(text))
    keys = [_key(m.group(0)) for m in matches]
    # the word rejected ("not the tablet": "tablet"; "не закрыть": "закрыть"), never its small words
    rejected = {keys[rejected_end - 1]} if rejected_end > rejected_start else set()
    after = keys[meant:]
    drop: set[int] = set(range(rejected_start, meant)) if rejected else set()  # "не закрыть, а" itself
    for values in w.kinds.values():
        named = {v for v in (_value_of(k, values) for k in after) if v is not None}
        if named:
            drop |= {i for i in range(marker) if (v := _value_of(keys[i], values)) is not None and v not in named}
    drop |= {
        i
        for i in range(marker)
        if keys[i] in rejected or (_HEBREW.match(keys[i]) and rejected & set(hebrew_prefix_variants(keys[i])))
    }
    if not drop:
        return None
    return _without(text, matches, drop)


def _rest(text: str, matches: list[regex.Match[str]], keys: list[str], meant: int) -> str:
    """The text from word `meant` on, less a Hebrew "that" glued after "I meant" ("התכוונתי שלא נגיע": "לא
    נגיע"); an English or Russian one is left ("I meant that..." / "имел в виду, что будет...": "что" also asks)."""
    first = matches[meant].group(0)
    rest = text[matches[meant].start() :]
    if meant > 0 and keys[meant - 1] in _MEANT_HE and first.startswith("ש") and len(first) > 2 and first not in _OF:
        return rest[1:]
    return rest


def meant_part(text: str) -> str | None:
    """What the last correction of the message says alone ("we'll be two. oh no, three, my son comes
    too": "three, my son comes too"), or None when the message corrects nothing. For a reading that
    needs the correction by itself, as a guest's answer does."""
    part = None
    for _ in range(MAX_ROUNDS):
        found = _correction(part or text)
        if found is None:
            break
        matches = list(_WORD.finditer(part or text))
        part = _rest(part or text, matches, [_key(m.group(0)) for m in matches], found[3]).strip()
    return part


def read_self_correction(turn: Turn) -> None:
    """The hook where a turn's text is read: replace it by what its self-correction means (the stored
    message keeps what the customer typed; `turn.extras["original_text"]` too)."""
    from handlers.understanding.reading import ORIGINAL_TEXT

    fixed = corrected(turn.inbound.text)
    if fixed is not None:
        turn.extras.setdefault(ORIGINAL_TEXT, turn.inbound.text)
        turn.inbound = replace(turn.inbound, text=fixed)


def _without(text: str, matches: list[regex.Match[str]], drop: set[int]) -> str:
    """`text` without the words at `drop`, and without the punctuation their going leaves doubled or
    stranded ("ой, , перейти" -> "ой, перейти", "годовой план,." -> "годовой план.")."""
    out = text
    for i in sorted(drop, reverse=True):
        out = out[: matches[i].start()] + out[matches[i].end() :]
    out = regex.sub(r"[ \t]{2,}", " ", out)
    out = regex.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)
    out = regex.sub(r"\s+(?=[,.?!;:])", "", out)
    out = regex.sub(r"[,;:]+(?=[.?!])", "", out)
    return regex.sub(r"^[\s,;:]+|[\s,;:]+$", "", out).strip()
