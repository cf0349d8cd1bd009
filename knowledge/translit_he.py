"""Hebrew typed in Latin letters ("efshar ledaber im natsig?", "anachnu magiim 2") read back as Hebrew.

Customers without a Hebrew keyboard (abroad, a work phone) write Hebrew as it sounds. Read as English,
such a message finds no intent and no topic and is answered in English. Hebrew script has no vowels,
so the Latin spelling cannot be turned into Hebrew letter by letter as Russian can
(`knowledge/translit.py`); instead the words customers use with a support bot and with an invitation
are listed with their Latin spellings (`translit_he.yaml`). Both the list and the message are folded
to one key per word (ch / kh / h, tz / ts / z, doubled letters, a dropped e or apostrophe are the same
key), and a word may carry glued prefixes ("hamanui" is המנוי, "vehakria" is והקריאה).

English must never be taken for Hebrew: a word that is also an English word the bot knows ("hi",
"me", "she", "at") says nothing; a message is read as Hebrew only when at least two of its words are
Hebrew and no English word, when Hebrew words outnumber English ones, and when Hebrew and shared words
make most of the message. Greetings said in English too ("shalom", "toda") never make a message
Hebrew on their own. Then the Hebrew words are written in Hebrew, English words the Hebrew sentence
borrows ("status") too, and what is neither (a name, "Essential", a number) stays as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import yaml

from knowledge.translit import _known_en, _word_sets

WORDS_FILE = Path(__file__).with_name("translit_he.yaml")

_LATIN_WORD = regex.compile(r"[A-Za-z]+(?:['’`][A-Za-z]+)*")
_NON_LATIN_LETTER = regex.compile(r"[\p{Script=Hebrew}\p{Script=Cyrillic}]")
_APART = regex.compile(r"(?<![A-Za-z'’`])([A-Za-z]+)(?:\s*-\s*|\s+)(?=[A-Za-z])")
_FOLDS = (
    (regex.compile(r"['’`\-]"), ""),
    (regex.compile(r"(?<=[aeiou])h$"), ""),  # "todah", "zeh": a final h after a vowel is not written
    (regex.compile(r"sh"), "S"),
    (regex.compile(r"ph"), "f"),
    (regex.compile(r"ch|kh|x"), "H"),
    (regex.compile(r"tz|ts"), "C"),
    (regex.compile(r"ck|c|q"), "k"),
    (regex.compile(r"z"), "C"),
    (regex.compile(r"h"), "H"),
    (regex.compile(r"w"), "v"),
    (regex.compile(r"[yj]"), "i"),
    (regex.compile(r"ee"), "i"),
    (regex.compile(r"oo|ou"), "u"),
    (regex.compile(r"(.)\1+"), r"\1"),
)
_VOWELS = set("aeiou")
MIN_BASE = 3  # letters of a word's key behind a glued prefix: "ha" + "li" is no word
MIN_STRONG = 2  # Hebrew-only words a message needs before it is read as Hebrew (one if it has nothing else)
MIN_STRONG_KEY = 4  # shorter words ("lo", "ma", "ani") count half, and only beside a longer one
_FUTURE_YOU = "ת"  # "al tishlechu" is אל תשלחו ("don't send"), "al ha..." is על ("about")
_INFLECTIONS = (("at", "ת"), ("ot", "ות"))  # a noun in ה: its construct ("chavilat") and plural ("chavilot")
MAX_GLUE = 3  # prefixes written apart in a row ("ve ha", "ve be shabat"): glued from the last one back


def fold(word: str) -> str:
    """One key for the spellings of a word: "tzarich" / "tsarich" / "zarich", "baaya" / "ba'aya"."""
    key = word.lower()
    for pattern, replacement in _FOLDS:
        key = pattern.sub(replacement, key)
    return key


def _keys(spelling: str) -> set[str]:
    """A listed spelling's keys: also without the e of a first syllable ("bevakasha" -> "bvakasha")."""
    key = fold(spelling)
    keys = {key}
    if len(key) > 3 and key[1] == "e" and key[0] not in _VOWELS and key[2] not in _VOWELS:
        keys.add(key[0] + key[2:])
    return keys


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, str]      # key -> Hebrew word
    weak: frozenset[str]       # keys of words said inside English too ("shalom")
    english: frozenset[str]    # English words a listed spelling would take for Hebrew ("core")
    loanwords: dict[str, str]  # English word -> the Hebrew a Hebrew sentence writes for it
    prefixes: tuple[tuple[str, str], ...]  # a prefix as written -> its Hebrew letters, longest first
    apart: frozenset[str]      # prefixes written as a word of their own ("ha atar")
    chains: dict[str, str]     # two of them in a row, glued ("ve ha" -> "veha") -> their Hebrew letters ("וה")


@cache
def lexicon() -> _Lexicon:
    """`translit_he.yaml`, folded to keys (small: read at the first Latin message, and when warming)."""
    raw = yaml.load(WORDS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    words: dict[str, str] = {}
    for hebrew, spellings in (raw.get("words") or {}).items():
        for spelling in spellings:
            for key in _keys(str(spelling)):
                words.setdefault(key, str(hebrew))  # the first word listed keeps a shared spelling
    prefixes = sorted(((str(k).lower(), str(v)) for k, v in (raw.get("prefixes") or {}).items()),
                      key=lambda item: -len(item[0]))
    letters = dict(prefixes)
    apart = frozenset(str(w).lower() for w in raw.get("apart") or [])
    chains = {first + second: letters[first] + letters[second]
              for first in (str(w).lower() for w in raw.get("apart_first") or []) for second in apart
              if second != first and first in letters and second in letters}
    return _Lexicon(words=words, weak=frozenset(k for w in raw.get("weak") or [] for k in _keys(str(w))),
                    english=frozenset(str(w).lower() for w in raw.get("english") or []),
                    loanwords={str(k).lower(): str(v) for k, v in (raw.get("loanwords") or {}).items()},
                    prefixes=tuple(prefixes), apart=apart, chains=chains)


def _apart_letters(word: str, lex: _Lexicon) -> str | None:
    """The Hebrew letters of a prefix written as a word of its own ("ha", "be") or of two glued ("veha")."""
    word = word.lower()
    if word in lex.chains:
        return lex.chains[word]
    return dict(lex.prefixes).get(word) if word in lex.apart else None


def _listed(key: str, lex: _Lexicon) -> str | None:
    """The Hebrew of a folded key: a listed word, or the construct or plural form of a listed noun in ה
    ("chavilat" is חבילת and "chavilot" חבילות, from חבילה: "chavila"), which customers write as often as
    the noun itself ("reshimat hamuzmanim", "kama ole chavilat sms")."""
    found = lex.words.get(key)
    if found is not None or len(key) <= MIN_BASE + 1:
        return found
    for ending, letters in _INFLECTIONS:
        if key.endswith(ending):
            base = lex.words.get(key[:-len(ending)] + "a")
            if base is not None and base.endswith("ה") and " " not in base:
                return base[:-1] + letters
    return None


def _with_prefixes(word: str, lex: _Lexicon, depth: int = 2) -> str | None:
    """The Hebrew of a word that is a listed word behind one or two glued prefixes ("vehakria"). The
    prefix is cut before folding, so "haatar" is ha + atar, not a folded "hatar"."""
    if depth == 0:
        return None
    for prefix, letters in lex.prefixes:
        rest = word[len(prefix):].lstrip("'’`-")
        if not word.startswith(prefix) or len(fold(rest)) < MIN_BASE:
            continue
        found = _listed(fold(rest), lex) or _with_prefixes(rest, lex, depth - 1)
        if found is not None:
            return letters + found
    return None


@cache
def hebrew_spelling(latin: str) -> str | None:
    """The Hebrew word a Latin chat word stands for ("hamanui" -> "המנוי"), or None."""
    lex = lexicon()
    if len(latin) < 2 or latin.lower() in lex.english:
        return None
    return _listed(fold(latin), lex) or _with_prefixes(regex.sub(r"[’`]", "'", latin.lower()), lex)


def _glued(text: str) -> str:
    """A prefix written apart is glued to the next word ("ha atar", "ha-status" -> "haatar", "hastatus")
    when the two read as one Hebrew word or loanword, or when the next is a prefix apart too ("ve ha
    advanced" -> "veha advanced", "ve be shabat" -> "vebeshabat": read again until nothing more glues)."""
    for _ in range(MAX_GLUE):
        glued = _glue_once(text)
        if glued == text:
            break
        text = glued
    return text


def _glue_once(text: str) -> str:
    lex = lexicon()

    def glue(match: regex.Match[str]) -> str:
        word = match.group(1)
        following = regex.match(r"[A-Za-z]+", text[match.end():])
        if _apart_letters(word, lex) is None or following is None:
            return match.group(0)
        nxt = following.group(0)
        if hebrew_spelling(word + nxt) or nxt.lower() in lex.loanwords or (word + nxt).lower() in lex.chains:
            return word
        return match.group(0)

    return _APART.sub(glue, text)


def as_hebrew(text: str, *, leaning: bool = False) -> str | None:
    """`text` in Hebrew script when its Latin words read as Hebrew; None when they do not.

    Only texts with no Hebrew or Cyrillic letter are candidates; digits and one-letter words are
    ignored, and product names and "ok" count for neither language (`translit.yaml`). A prefix written
    apart before a word ("ve", "ha", "be") is Hebrew grammar, not the English "be": it counts for neither.
    `leaning`: the conversation is already in Hebrew, so a short follow-up with Hebrew in it and no
    English or unknown word is Hebrew too ("ve ha advanced?", "u matai?"), though it has no long word, and
    so are thanks and wishes said in Hebrew words that English speakers use too ("toda raba, mazal tov").
    """
    if _NON_LATIN_LETTER.search(text):
        return None
    lex = lexicon()
    glued = _glued(text)
    neutral, _ = _word_sets()
    words = [m for m in _LATIN_WORD.finditer(glued) if len(m.group(0)) > 1 and m.group(0).lower() not in neutral]
    if not words:
        return None
    strong = short = shared = english = unknown = prefixes = weak = 0
    for match in words:
        word = match.group(0)
        hebrew = _hebrew_word(word, lex)
        if word.lower() in lex.loanwords:
            shared += 1
        elif hebrew is None and _apart_letters(word, lex) and regex.match(r"\s*-?\s*[A-Za-z]", glued[match.end():]):
            prefixes += 1  # "ve ha advanced", "be seder": a prefix before a word
        elif hebrew is None:
            english += int(_known_en(word))
            unknown += int(not _known_en(word))
        elif _known_en(word) or fold(word) in lex.weak:
            shared += 1  # "hi", "me", "shalom": said in English too
            weak += int(not _known_en(word))  # "toda", "mazal tov": Hebrew said in English, no English word
        elif len(fold(word)) < MIN_STRONG_KEY:
            short += 1  # "yesh", "li", "ma": Hebrew, but as short as a name or a typo
        else:
            strong += 1
    if leaning and english == unknown == 0 and strong + short + prefixes + weak:
        return _written(glued, lex)
    score = strong + short / 2
    alone = strong == 1 and english == unknown == 0  # "lo nagia", "ken, magiim 3": Hebrew and nothing else
    if not strong or not (score >= MIN_STRONG or alone) or score <= english \
            or (strong + short + shared + prefixes) * 2 <= len(words):
        return None
    return _written(glued, lex)


def _hebrew_word(word: str, lex: _Lexicon) -> str | None:
    """A word's Hebrew, the prefixed forms of a loanword too ("hastatus")."""
    found = hebrew_spelling(word)
    if found is not None:
        return found
    for prefix, letters in lex.prefixes:
        if word.lower().startswith(prefix) and word.lower()[len(prefix):] in lex.loanwords:
            return letters + lex.loanwords[word.lower()[len(prefix):]]
    return None


def _written(text: str, lex: _Lexicon) -> str:
    """The Hebrew and borrowed words of a message read as Hebrew, in Hebrew script. A prefix written apart
    before a word that stays in Latin letters (a product name) is written as Hebrew writes it there:
    "ha WhatsApp" -> "ה־WhatsApp"; before a Hebrew word it did not glue to ("ve ma": too short to read
    behind a prefix) it is glued in Hebrew: "ומה"."""
    matches = list(_LATIN_WORD.finditer(text))
    out: list[str] = []
    last = 0
    skip_gap = False
    for i, match in enumerate(matches):
        word = match.group(0)
        hebrew = lex.loanwords.get(word.lower()) or _hebrew_word(word, lex)
        following = matches[i + 1] if i + 1 < len(matches) else None
        if hebrew == "היא" and i == 0:
            hebrew = "היי"  # "hi, efshar..." opens with a greeting, not "she"
        if hebrew == "על" and following is not None:
            after = _hebrew_word(following.group(0), lex) or ""
            hebrew = "אל" if after.startswith(_FUTURE_YOU) else hebrew
        out.append("" if skip_gap else text[last:match.start()])
        skip_gap = False
        apart = _apart_letters(word, lex) if hebrew is None else None
        if apart is not None and following is not None \
                and regex.fullmatch(r"\s*-?\s*", text[match.end():following.start()]) \
                and _hebrew_word(following.group(0), lex) is None \
                and following.group(0).lower() not in {*lex.loanwords, *lex.apart}:
            hebrew, skip_gap = apart + "־", True
        elif apart is not None and following is not None \
                and regex.fullmatch(r"\s*-?\s*", text[match.end():following.start()]) \
                and _hebrew_word(following.group(0), lex) is not None:
            hebrew, skip_gap = apart, True  # "ve ma" -> "ומה": before a word too short to glue by reading
        out.append(hebrew or word)
        last = match.end()
    out.append(text[last:])
    return "".join(out)
