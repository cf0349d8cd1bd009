"""What customers type, read as what they meant: keyboard layout, glued words, chat slang, typos.

Everything after understanding (the intent rules, the examples, retrieval, the dialogue layer) reads
words it knows. Customers type "tbh rumv bmhd" (Hebrew on an English keyboard: "אני רוצה נציג"),
"רוצהלבטל" (a missed space), "щас", "чё", "плиз" (chat slang) and "techincian" (a typo). Each is
rewritten here into the words the bot knows, and only when the reading is clearly better:

- **Keyboard layout.** A message in Latin letters is re-typed on the Hebrew (and the Russian) layout;
  it is taken when most of its words become words the bot knows in that language, and more of them
  than are English words.
- **Glued words.** A Hebrew word the bot does not know that splits into two words of the intent
  vocabulary ("אניצריך" -> "אני צריך"). Only intent words, so a guest's name ("שירלי") is never cut.
- **Slang.** `spelling.yaml`: per language, chat words and their plain form; a filler ("תכלס",
  "יאללה") is dropped.
- **Typos.** A word of five letters or more (Hebrew: six) that the bot does not know, one edit (or
  two swapped letters) from exactly one word it knows with the same first letter, is replaced by it.
  In Hebrew and Russian, whose inflections the knowledge bases do not all use, only by a word of the
  intent lists or examples, and never a word of the Russian dictionary (pymorphy3): "вернее" is no
  typo of "вернете".

"Known" means used by a knowledge base, the intent word lists or the intent examples. The lexicon is
built once per process and kept in the on-disk index cache (`knowledge.index_cache`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pymorphy3
import regex
import yaml

from knowledge.kb import SAFE_LOADER
from knowledge.normalize import hebrew_prefix_variants
from knowledge.types import Lang

HERE = Path(__file__).parent
SLANG_FILE = HERE / "spelling.yaml"
EXAMPLES = HERE / "examples"
INTENTS_FILE = HERE.parent / "intents.yaml"
BASES = HERE.parent.parent / "knowledge" / "bases"

TYPO_MIN = 5  # letters in a word before a typo is corrected: shorter words have too many neighbours
GLUE_PART_MIN = 3  # letters in each half of a glued Hebrew word
LAYOUT_SHARE = 0.6  # of a message's words that must become known words on the other layout

_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['\-][\p{L}\p{N}]+)*")
_HEBREW = regex.compile(r"^\p{Script=Hebrew}+$")
_CYRILLIC = regex.compile(r"^\p{Script=Cyrillic}+$")
_LATIN = regex.compile(r"^[a-z]+$")
_ANY_NON_LATIN = regex.compile(r"[\p{Script=Hebrew}\p{Script=Cyrillic}]")
_FINALS = str.maketrans("ךםןףץ", "כמנפצ")

# The standard Israeli (SI-1452) and Russian (ЙЦУКЕН) layouts, key by key.
_HE_KEYS = dict(zip("qwertyuiopasdfghjkl;zxcvbnm,.'", "/'קראטוןםפשדגכעיחלךףזסבהנמצתץ,", strict=True))
_RU_KEYS = dict(zip("qwertyuiop[]asdfghjkl;'zxcvbnm,.`", "йцукенгшщзхъфывапролджэячсмитьбюё", strict=True))
_LAYOUT_TOKEN = regex.compile(r"[a-z,.;'\[\]`]+", regex.IGNORECASE)
_END_PUNCT = ",.;"


def _script(word: str) -> Lang | None:
    if _HEBREW.match(word):
        return "he"
    if _CYRILLIC.match(word):
        return "ru"
    if _LATIN.match(word):
        return "en"
    return None


def _key(word: str) -> str:
    """A word as the lexicon stores it: lower case, ё as е, Hebrew final letters as regular ones."""
    return word.lower().replace("ё", "е").translate(_FINALS)


@dataclass(frozen=True, slots=True)
class Lexicon:
    known: dict[str, frozenset[str]]  # language -> every word the bot knows
    intent_words: frozenset[str]  # words of the intent lists and examples (glue halves, he/ru typos)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def _words_in(paths: Iterable[Path]) -> set[str]:
    out: set[str] = set()
    for path in paths:
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except (OSError, yaml.YAMLError):
            continue  # a broken file is reported by its own lint; it only costs vocabulary here
        for text in _strings(raw):
            out.update(_key(w) for w in _WORD.findall(text))
    return out


def _sources() -> tuple[list[Path], list[Path]]:
    intents = [INTENTS_FILE, *sorted(EXAMPLES.glob("*.yaml"))]
    return intents, sorted(BASES.glob("*/*.yaml"))


def _build() -> Lexicon:
    intent_paths, kb_paths = _sources()
    intent_words = _words_in(intent_paths)
    every = intent_words | _words_in(kb_paths) | _words_in([SLANG_FILE])
    known: dict[str, set[str]] = defaultdict(set)
    for word in every:
        lang = _script(word)
        if lang is not None and not any(ch.isdigit() for ch in word):
            known[lang].add(word)
    return Lexicon(
        known={lang: frozenset(words) for lang, words in known.items()},
        intent_words=frozenset(w for w in intent_words if _script(w) is not None),
    )


@cache
def lexicon() -> Lexicon:
    from knowledge.index_cache import cached

    intent_paths, kb_paths = _sources()
    return cached(
        "spelling", [*intent_paths, *kb_paths, SLANG_FILE], _build,
        lambda lex: {"known": {k: sorted(v) for k, v in lex.known.items()},
                     "intent_words": sorted(lex.intent_words)},
        lambda data: Lexicon(known={k: frozenset(v) for k, v in data["known"].items()},
                             intent_words=frozenset(data["intent_words"])),
    )


@cache
def _slang() -> dict[str, dict[str, str]]:
    raw = yaml.safe_load(SLANG_FILE.read_text(encoding="utf-8")) or {}
    out: dict[str, dict[str, str]] = {}
    for lang, entries in raw.items():
        table = {_key(str(k)): ("" if v is None else str(v)) for k, v in (entries.get("words") or {}).items()}
        table.update({_key(str(w)): "" for w in entries.get("fillers") or []})
        out[lang] = table
    return out


def is_known(word: str, lang: Lang) -> bool:
    """A word the bot knows in `lang` (a Hebrew word also behind its glued prefixes)."""
    known = lexicon().known.get(lang, frozenset())
    key = _key(word)
    if key in known:
        return True
    return lang == "he" and any(v in known for v in hebrew_prefix_variants(key)[1:])


# ---- keyboard layout ---------------------------------------------------------------------------


def _retyped(token: str, keys: dict[str, str]) -> list[tuple[str, str]]:
    """(word to look up, replacement) readings of a token on another layout; a trailing , . ; is
    tried both as a key ("," is ת) and as punctuation."""
    lower = token.lower()
    whole = "".join(keys.get(ch, ch) for ch in lower)
    out = [(whole, whole)]
    stripped = lower.rstrip(_END_PUNCT)
    if stripped and stripped != lower:
        core = "".join(keys.get(ch, ch) for ch in stripped)
        out.append((core, core + lower[len(stripped):]))
    return out


def _on_layout(text: str, lang: Lang, keys: dict[str, str]) -> str | None:
    words = [t for t in _LAYOUT_TOKEN.findall(text) if sum(ch.isalpha() for ch in t) >= 2]
    if len(words) < 2:
        return None
    english = sum(1 for w in words if is_known(w.strip(_END_PUNCT).lower(), "en"))
    chosen: dict[str, str] = {}
    for word in words:
        for core, replacement in _retyped(word, keys):
            if is_known(core, lang):
                chosen[word] = replacement
                break
    if len(chosen) < max(2, LAYOUT_SHARE * len(words)) or len(chosen) <= english:
        return None
    return _LAYOUT_TOKEN.sub(lambda m: chosen.get(m.group(0), _retyped(m.group(0), keys)[0][1]), text)


def retyped_on_layout(text: str, languages: Iterable[str] = ("he", "ru")) -> str | None:
    """The message re-typed on the Hebrew or Russian keyboard layout, when it was typed on the
    English one by mistake ("tbh rumv bmhd" -> "אני רוצה נציג", "ghbdtn" ...); None otherwise."""
    if _ANY_NON_LATIN.search(text) or not any(ch.isalpha() for ch in text):
        return None
    for lang in languages:
        keys = _HE_KEYS if lang == "he" else _RU_KEYS if lang == "ru" else None
        if keys is not None:
            found = _on_layout(text, lang, keys)  # type: ignore[arg-type]
            if found is not None:
                return found
    return None


# ---- glued words, slang, typos -----------------------------------------------------------------


_ALPHABETS = {"en": "abcdefghijklmnopqrstuvwxyz", "ru": "абвгдежзийклмнопрстуфхцчшщъыьэюя",
              "he": "אבגדהוזחטיכלמנסעפצקרשת"}


def _one_edit(word: str, alphabet: str) -> Iterator[list[str]]:
    """The strings one edit away, by kind of typo from the least ambiguous: two letters swapped, a
    letter too many, a letter missing, a wrong letter."""
    n = len(word)
    yield [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(n - 1)]
    yield [word[:i] + word[i + 1:] for i in range(n)]
    yield [word[:i] + ch + word[i:] for i in range(n + 1) for ch in alphabet]
    yield [word[:i] + ch + word[i + 1:] for i in range(n) for ch in alphabet]


@cache
def _russian() -> pymorphy3.MorphAnalyzer:
    """The Russian dictionary: a word it knows is never read as a typo."""
    return pymorphy3.MorphAnalyzer()


_FINAL_OF = str.maketrans("כמנפצ", "ךםןףץ")


def _with_final(word: str) -> str:
    """A Hebrew word with its last letter in the final form again (the lexicon stores regular ones)."""
    return word[:-1] + word[-1].translate(_FINAL_OF) if _HEBREW.match(word) else word


def _corrected(word: str, lang: Lang, lex: Lexicon) -> str | None:
    """The known word a typo stands for ("techincian" -> "technician"): the only one reached by the
    least ambiguous kind of typo that reaches any, with the same first letter (typos rarely hit the
    first one); None when there is none, or more than one of that kind."""
    key = _key(word)
    if len(key) < TYPO_MIN + (lang == "he") or (lang == "ru" and _russian().word_is_known(key)):
        return None  # "вернее" is a word, though no knowledge base uses it: not a typo of "вернете"
    # Hebrew and Russian inflect so richly that a word the knowledge bases never used is often right:
    # only the intent words ("נציג", "оператор") are typo targets there.
    known = lex.known.get(lang, frozenset()) if lang == "en" else lex.intent_words
    for edits in _one_edit(key, _ALPHABETS[lang]):
        found = {c for c in edits if c in known and c[0] == key[0] and c != key}
        if found:
            return _with_final(found.pop()) if len(found) == 1 else None
    return None


def _unglued(word: str, lex: Lexicon) -> str | None:
    """"רוצהלבטל" -> "רוצה לבטל": two words of the intent vocabulary, the longest shorter half best."""
    if len(word) < 2 * GLUE_PART_MIN:
        return None
    best: tuple[int, str] | None = None
    for cut in range(GLUE_PART_MIN, len(word) - GLUE_PART_MIN + 1):
        left, right = word[:cut], word[cut:]
        if _key(left) in lex.intent_words and _key(right) in lex.intent_words:
            shorter = min(len(left), len(right))
            if best is None or shorter > best[0]:
                best = (shorter, f"{_with_final(left)} {right}")
    return best[1] if best else None


def respelled(text: str, lang: Lang) -> str | None:
    """The message with slang spelled out, glued Hebrew words split and typos corrected, in the
    message's language; None when nothing changed. Words of another script are left as typed
    (a product name in a Hebrew sentence)."""
    lex = lexicon()
    slang = _slang().get(lang, {})
    changed = False

    def fix(match: regex.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        key = _key(word)
        if key in slang:
            changed = True
            return slang[key]
        if _script(key) != lang or is_known(key, lang):
            return word
        new = (_unglued(word, lex) if lang == "he" else None) or _corrected(key, lang, lex)
        if new is None:
            return word
        changed = True
        return new

    out = _WORD.sub(fix, text)
    if not changed:
        return None
    out = regex.sub(r"[ \t]{2,}", " ", out).strip()
    out = regex.sub(r"^[\s,.;:!-]+", "", out)
    return out or None
