"""Turn text into comparable features: word variants and character n-grams.

Retrieval compares customer questions with example questions, so both sides must go through
the same normalisation. Hebrew has no off-the-shelf stemmer here: glued prefixes (ו, ה, ב, ל,
מ, ש, כש and their chains), plural/feminine suffixes and full vs defective spelling (כתיב מלא /
חסר) are handled by generating *variants* of a word rather than rewriting it, so an unlucky
strip ("שירות" is not ש+ירות) only adds a harmless feature instead of destroying the word.
Russian and English use Snowball; Russian also gets a 5-letter truncation because Snowball
stems some pairs differently ("отмена" -> "отм", "отменить" -> "отмен"). Character n-grams
give tolerance to typos in every language.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import regex
import snowballstemmer

from knowledge.files import read_data_yaml
from knowledge.types import Lang

_HEBREW_MARKS = regex.compile(r"[\u0591-\u05C7]")  # niqqud and cantillation
_APOSTROPHES = regex.compile(r"[\u05F3\u05F4'`\u2019\u2018\"]")  # geresh, gershayim, quotes
# Letters and digits are separate words: "2am", "300ppl", "50msgs" read like "2 am". So are Hebrew
# and Latin letters: a Hebrew prefix glued to a product name ("לWB Cloud", "בWhatsApp", "מEssential")
# leaves the name a word of its own (the one-letter prefix is dropped like any single letter).
_TOKEN = regex.compile(r"\p{Script=Hebrew}+|(?:(?!\p{Script=Hebrew})\p{L})+|\p{N}+")
_HEBREW_WORD = regex.compile(r"^\p{Script=Hebrew}+$")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
_FINALS = str.maketrans("ךםןףץ", "כמנפצ")

# Prefix chains in the order Hebrew glues them: ו, then ש/כש, then ב/כ/ל/מ, then ה.
_HE_PREFIX = regex.compile(r"^(ו?)(כש|ש)?([בכלמ])?(ה)?")
# Written with final letters already unified (ים -> ימ), as `normalize_text` leaves them.
_HE_SUFFIXES = ("יות", "ימ", "ות", "ה", "ת", "י")
_HE_VERB_SUFFIXES = ("תימ", "תנ", "תי", "נו", "תמ")
_MIN_STEM = 3  # Hebrew roots are three letters; shorter leftovers are noise.

NGRAM_SIZES = (3, 4)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A text's tokens (stop words removed) with their variant features and n-grams."""

    tokens: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...]  # one tuple per token; the token itself first
    ngrams: tuple[str, ...]
    concepts: tuple[str, ...] = ()  # thesaurus concepts ("@refund"), shared by all languages
    in_concept: tuple[bool, ...] = ()  # per token: part of a thesaurus match


@cache
def _stopwords() -> frozenset[str]:
    # Every process loads this list: read back from the index cache, PyYAML only on a miss.
    raw = read_data_yaml(Path(__file__).with_name("stopwords.yaml"))
    words: set[str] = set()
    for lang_words in raw.values():
        words.update(normalize_word(str(w)) for w in lang_words)
    return frozenset(words)


_per_thread = threading.local()


def _stemmer(name: str) -> snowballstemmer.stemmer:
    """One stemmer per thread and language: a stemmer keeps state while it works, so web workers'
    threads must not share one. snowballstemmer hands out PyStemmer's C stemmers when installed
    (same Snowball algorithms, checked word for word on every KB and eval text; 40x faster)."""
    stemmers: dict[str, snowballstemmer.stemmer] = _per_thread.__dict__.setdefault("stemmers", {})
    found = stemmers.get(name)
    if found is None:
        found = stemmers[name] = snowballstemmer.stemmer(name)
    return found


# English pronoun contractions, spelled out before retrieval drops the quote marks: "we'd" would otherwise
# read as "wed" (the stem of "wedding"), "we're" as "were" and "I'll" as "ill". ("can't" stays "cant",
# "what's" "whats": the thesaurus and stop words know those.) Retrieval only (`tokenize`): the intent
# rules' word lists are written in the joined forms ("youre", "im").
_CONTRACTION = regex.compile(r"(?i)(?<=\b(?:i|we|you|they|he|she|it|that|there|who))['\u2019`](d|re|ll|ve|m)\b")
_CONTRACTED = {"d": " would", "re": " are", "ll": " will", "ve": " have", "m": " am"}


def normalize_text(text: str) -> str:
    """Lower-case, drop niqqud and in-word quote marks, unify ё and Hebrew final letters."""
    text = unicodedata.normalize("NFKC", text)
    text = _HEBREW_MARKS.sub("", text)
    text = _APOSTROPHES.sub("", text)
    return text.lower().replace("ё", "е").translate(_FINALS)


def normalize_word(word: str) -> str:
    """Normalise one word the way `tokenize` would (used for word lists loaded from data)."""
    word = normalize_text(word)
    if _HEBREW_WORD.match(word):
        word = word.replace("יי", "י").replace("וו", "ו")
    return word


# Chat shorthand customers type, spelled out so stems and thesaurus entries meet it.
_SHORTHAND = {
    "msg": "message",
    "msgs": "messages",
    "ppl": "people",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "ur": "your",
    "gonna": "going",
    "wanna": "want",
    "cuz": "because",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "acct": "account",
    "pwd": "password",
    "txt": "text",
    "mins": "minutes",
    "hrs": "hours",
    "hr": "hour",
    "wat": "what",
    "wats": "whats",
    "wut": "what",
    "wen": "when",
    "wrk": "work",
    "wrkn": "working",
    "wrking": "working",
    "smth": "something",
    "abt": "about",
    "suprt": "support",
    "sprt": "support",
    "supp": "support",
    "yr": "year",
    "pmt": "payment",
    "sub": "subscription",
    "subs": "subscription",
    "спс": "спасибо",
    "щас": "сейчас",
    "комп": "компьютер",
    "мес": "месяца",  # "на 3 мес"
    "mos": "months",
    "mths": "months",
}


def tokenize(text: str) -> list[str]:
    """Split normalised text into words and numbers; single letters carry no meaning."""
    if "'" in text or "\u2019" in text or "`" in text:
        text = _CONTRACTION.sub(lambda m: _CONTRACTED[m.group(1).lower()], text)
    words = (normalize_word(t) for t in _TOKEN.findall(normalize_text(text)) if len(t) > 1 or t.isdigit())
    return [_SHORTHAND.get(w, w) for w in words]


def is_hebrew_word(token: str) -> bool:
    return bool(_HEBREW_WORD.match(token))


def is_stopword(token: str) -> bool:
    """A word (or a Hebrew word behind one glued prefix letter, e.g. "ואני") that says nothing."""
    stop = _stopwords()
    if token in stop:
        return True
    return bool(_HEBREW_WORD.match(token)) and token[0] in "והבלמש" and token[1:] in stop


def hebrew_prefix_variants(word: str) -> list[str]:
    """The word and every reading of it with a prefix chain removed (leftover >= 3 letters)."""
    out = [word]
    match = _HE_PREFIX.match(word)
    if match is None:
        return out
    # Try every sub-chain of the matched prefix groups, longest strip last.
    cut = 0
    for group in match.groups():
        if not group:
            continue
        cut += len(group)
        rest = word[cut:]
        if len(rest) >= _MIN_STEM and rest not in out:
            out.append(rest)
    # A lone leading letter can also be one of ב/ל/מ/ה/ש without a ו before it.
    if word[0] in "בכלמהש" and len(word) - 1 >= _MIN_STEM and word[1:] not in out:
        out.append(word[1:])
    return out


def _hebrew_suffix_stem(word: str) -> str | None:
    for suffix in _HE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return None


def _hebrew_verb_stem(word: str) -> str | None:
    """Past-tense person endings (ביטלתי / ביטלנו / ביטלתמ -> ביטל), so "I cancelled" meets
    "cancel" through the defective spelling of the stem."""
    for suffix in _HE_VERB_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return None


def _defective_spelling(word: str) -> str:
    """Drop inner ו/י so that full and defective spellings (תוכנה/תכנה) meet."""
    if len(word) <= _MIN_STEM:
        return word
    inner = word[1:].replace("ו", "").replace("י", "")
    return word[0] + inner if len(inner) + 1 >= 2 else word


def hebrew_variants(word: str, *, strip_prefixes: bool = True) -> tuple[str, ...]:
    """Prefix-stripped, suffix-stripped and defective-spelling variants of a Hebrew word.

    `strip_prefixes=False` is for words taken as written (thesaurus entries): there a
    leading מ or ש is part of the word, and stripping it would invent false readings."""
    seen: dict[str, None] = {}
    for base in hebrew_prefix_variants(word) if strip_prefixes else [word]:
        seen[base] = None
        stem = _hebrew_suffix_stem(base)
        if stem:
            seen[stem] = None
        seen["~" + _defective_spelling(stem or base)] = None
        verb = _hebrew_verb_stem(base)
        if verb:
            seen["~" + _defective_spelling(verb)] = None
    return tuple(seen)


@lru_cache(maxsize=65536)
def word_variants(token: str) -> tuple[str, ...]:
    """Features a token contributes to word matching; the script decides the stemmer."""
    if token.isdigit():
        return (token,)
    if _HEBREW_WORD.match(token):
        return hebrew_variants(token)
    if _CYRILLIC.search(token):
        stem = _stemmer("russian").stemWord(token)
        out = dict.fromkeys([token, stem])
        if len(token) >= 6:
            out[token[:5] + "…"] = None
        return tuple(out)
    stem = _stemmer("english").stemWord(token)
    return tuple(dict.fromkeys([token, stem]))


@lru_cache(maxsize=65536)
def char_ngrams(token: str, sizes: tuple[int, ...] = NGRAM_SIZES) -> tuple[str, ...]:
    """Boundary-marked character n-grams of a word; they survive typos and odd inflections."""
    if token.isdigit():
        return ()
    padded = f"#{token}#"
    return tuple(padded[i : i + n] for n in sizes for i in range(len(padded) - n + 1))


def analyze(text: str, lang: Lang | None = None, *, concepts: bool = True) -> Analysis:
    """Everything retrieval needs from a text.

    `lang` is accepted for symmetry with callers, but every word is handled by its own
    script, because messages mix them ("WiFi не работает"). Thesaurus concepts are looked up
    before stop words go, since phrases such as "get in touch" are made of them.
    """
    del lang
    words = tokenize(text)
    kept = [i for i, t in enumerate(words) if not is_stopword(t)]
    tokens = tuple(words[i] for i in kept)
    variants = tuple(word_variants(t) for t in tokens)
    grams = tuple(g for t in tokens for g in char_ngrams(t))
    found: tuple[str, ...] = ()
    in_concept: tuple[bool, ...] = ()
    if concepts and words:
        from knowledge.thesaurus import default_thesaurus  # the thesaurus tokenizes with this module

        found, covered = default_thesaurus().find_covering(words)
        in_concept = tuple(i in covered for i in kept)
    return Analysis(tokens=tokens, variants=variants, ngrams=grams, concepts=found, in_concept=in_concept)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one edit), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]
