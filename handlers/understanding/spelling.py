"""What customers type, read as what they meant: keyboard layout, glued words, chat slang, typos.

Everything after understanding (the intent rules, the examples, retrieval, the dialogue layer) reads
words it knows. Customers type "tbh rumv bmhd" (Hebrew on an English keyboard: "אני רוצה נציג"),
"רוצהלבטל" (a missed space), "щас", "чё", "плиз" (chat slang) and "techincian" (a typo). Each is
rewritten here into the words the bot knows, and only when the reading is clearly better:

- **Keyboard layout.** A message in Latin letters is re-typed on the Hebrew (and the Russian) layout;
  it is taken when most of its words become words the bot knows in that language, and more of them
  than are English words.
- **Glued words.** A word the bot does not know that splits into two words of the intent
  vocabulary ("אניצריך" -> "אני צריך", "pleaseconnect" -> "please connect"). Only intent words, so
  a guest's name ("שירלי") is never cut; in English and Russian each half has four letters or more
  and the Russian dictionary must not know the whole word.
- **Slang.** `spelling.yaml`: per language, chat words and their plain form; a filler ("תכלס",
  "יאללה", "lol") is dropped. A word that is a filler or a form of address only sometimes (an
  *aside*: "אחי" is "bro" and "my brother", "короче" is "in short" and "shorter", "mate") is dropped
  only where it cannot be part of the sentence: set apart by clause marks on both sides (the
  message's start or end, , . ! ? ; :) or right after a thanks or greeting. "אחי, תביא נציג" and
  "תודה אחי" lose it; "אחי לא יגיע" (my brother won't come: an RSVP about someone else) and "מגיע
  עם אחי" keep it. Right after a number a slang word is a unit and stays ("500 мб" is megabytes).
- **Typos.** A word of five letters or more (Hebrew: six) is replaced by the one *intent* word (the
  intent lists and examples: the words that change what the bot does) that it is a typo of, with
  the same first letter. Measured over every story and the knowledge-base questions (round 6), the
  harm came from real words the bot had never seen: "stole" -> "sole", "shirt" -> "shit", "morons"
  -> "moron", "closer" -> "close", "מאחלים" (we wish) -> "מאחרים" (we're late), "מפסיקה" -> "מפסיק",
  "האיחוד" -> "האיחור". So a correction is made only when it cannot be one:
  - the word is unknown to the project's own vocabulary (knowledge bases, intent lists and examples,
    the knowledge code's stop words, synonyms and messages, and the bot's own texts and word lists
    under `handlers/`), also by its forms: its English stem and endings ("closer", "driver"),
    or its Hebrew readings without glued prefixes or plural/feminine endings ("renews", "attachment",
    "filing" are forms of words the bot uses), and in Russian unknown to pymorphy3's dictionary
    ("вернее" is no typo of "вернете");
  - the typo is of a kind that rarely turns one real word into another: two letters swapped, a
    missing letter, a doubled key ("מגיעיםם"), or in English and Russian a wrong letter.
    Never a letter dropped otherwise, which is how plurals, feminines and tenses end ("morons",
    "מפסיקה", "renews") and how "shirt" would become "shit"; and in Hebrew never a wrong letter,
    where one root letter apart is usually another verb ("מאחלים"/"מאחרים", "הגבילה"/"החבילה");
  - the target is an intent word, in every language: a word of a knowledge base only (a plan's
    feature, "friend", "until") is matched with its typos by retrieval itself (`knowledge.retrieval`
    has its own edit-distance reading), so correcting towards it here only added risk ("dripping"
    -> "dropping", "stain" -> "spain" turned off-topic questions into near matches).
  A shorter word (four letters or more) is corrected only for a held last key ("לבטלל", "דחוףף",
  "stopp"): the word less its doubled last letter must be an intent word.
  A typo so corrected is a word nobody could have meant as typed; whatever is ambiguous stays as
  the customer wrote it.

"Known" means used by a knowledge base, the intent word lists and examples, or the bot's own texts.
The lexicon is built once per process and kept in the on-disk index cache (`knowledge.index_cache`);
`warm` loads it, the slang table and the Russian dictionary before the server says it is ready.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pymorphy3
import regex
import yaml

from knowledge.kb import SAFE_LOADER
from knowledge.normalize import word_variants
from knowledge.types import Lang

HERE = Path(__file__).parent
SLANG_FILE = HERE / "spelling.yaml"
EXAMPLES = HERE / "examples"
INTENTS_FILE = HERE.parent / "intents.yaml"
HANDLERS = HERE.parent
KNOWLEDGE = HERE.parent.parent / "knowledge"
BASES = KNOWLEDGE / "bases"
# the knowledge code's own word lists: function words, customers' synonyms, the bot's messages
WORD_LISTS = [KNOWLEDGE / "stopwords.yaml", KNOWLEDGE / "synonyms.yaml", KNOWLEDGE / "messages.yaml"]
LEXICON_FORMAT = "3"  # of the cached lexicon (written words added)

TYPO_MIN = 5  # letters in a word before a typo is corrected: shorter words have too many neighbours
DOUBLED_MIN = 4  # ... except a doubled last letter ("לבטלל"), read from four letters (three left)
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
    intent_words: frozenset[str]  # words of the intent lists and examples (glue halves, typo targets)
    forms: dict[str, frozenset[str]]  # language -> the readings of known words (stems, no prefixes...)
    # language -> the words of the project's own edited texts (answers, titles, word lists, the bot's texts):
    # not the customers' example phrasings nor the slang table, which keep typos on purpose ("refnd")
    written: dict[str, frozenset[str]] = field(default_factory=dict)


def _strings(node: Any, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every string of a YAML tree, except under the keys `skip`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in skip:
                yield from _strings(value, skip)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, skip)
    elif isinstance(node, str):
        yield node


def _words_in(paths: Iterable[Path], skip: frozenset[str] = frozenset()) -> set[str]:
    out: set[str] = set()
    for path in paths:
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except (OSError, yaml.YAMLError):
            continue  # a broken file is reported by its own lint; it only costs vocabulary here
        for text in _strings(raw, skip):
            out.update(_key(w) for w in _WORD.findall(text))
    return out


def _sources() -> tuple[list[Path], list[Path]]:
    """(intent lists and examples, the rest of the vocabulary: knowledge bases, the knowledge code's
    word lists and the bot's own texts and word lists, the slang table among them)."""
    intents = [INTENTS_FILE, *sorted(EXAMPLES.glob("*.yaml"))]
    own = sorted(p for p in HANDLERS.rglob("*.yaml") if p not in intents and p.parent != EXAMPLES)
    return intents, [*sorted(BASES.glob("*/*.yaml")), *[p for p in WORD_LISTS if p.is_file()], *own]


def _readings(word: str) -> tuple[str, ...]:
    """The forms a word is also known by: its English or Russian stem, its Hebrew readings without
    glued prefixes or plural/feminine endings, or with the defective spelling (not the Russian
    five-letter prefix of `word_variants`, too loose to vouch for a word)."""
    return tuple(v for v in word_variants(word) if not v.endswith("…"))


def _build() -> Lexicon:
    intent_paths, other_paths = _sources()
    intent_words = _words_in(intent_paths)
    every = intent_words | _words_in(other_paths)
    edited = [p for p in other_paths if p != SLANG_FILE]  # and the KBs' examples and keywords are left out
    written: dict[str, set[str]] = defaultdict(set)
    for word in _words_in(edited, skip=frozenset({"examples", "keywords"})):
        lang = _script(word)
        if lang is not None:
            written[lang].add(word)
    known: dict[str, set[str]] = defaultdict(set)
    forms: dict[str, set[str]] = defaultdict(set)
    for word in every:
        lang = _script(word)
        if lang is not None and not any(ch.isdigit() for ch in word):
            known[lang].add(word)
            forms[lang].update(_readings(word))
    return Lexicon(
        known={lang: frozenset(words) for lang, words in known.items()},
        intent_words=frozenset(w for w in intent_words if _script(w) is not None),
        forms={lang: frozenset(words) for lang, words in forms.items()},
        written={lang: frozenset(words) for lang, words in written.items()},
    )


@cache
def lexicon() -> Lexicon:
    from knowledge.index_cache import cached

    intent_paths, other_paths = _sources()
    return cached(
        "spelling", [*intent_paths, *other_paths], _build,
        lambda lex: {"known": {k: sorted(v) for k, v in lex.known.items()},
                     "intent_words": sorted(lex.intent_words),
                     "forms": {k: sorted(v) for k, v in lex.forms.items()},
                     "written": {k: sorted(v) for k, v in lex.written.items()}},
        lambda data: Lexicon(known={k: frozenset(v) for k, v in data["known"].items()},
                             intent_words=frozenset(data["intent_words"]),
                             forms={k: frozenset(v) for k, v in data["forms"].items()},
                             written={k: frozenset(v) for k, v in data["written"].items()}),
        extra=LEXICON_FORMAT,
    )


def warm() -> None:
    """Everything the first message needs, loaded now (the readiness step calls it): the lexicon
    (from the index cache when built before), the slang table and the Russian dictionary."""
    lexicon()
    _slang()
    _russian()


@dataclass(frozen=True, slots=True)
class Slang:
    words: dict[str, str]  # slang -> plain form; a filler -> ""
    asides: frozenset[str]  # dropped only when set apart
    courtesy: frozenset[str]  # after which an aside is a form of address ("תודה אחי")
    governs: frozenset[str] = frozenset()  # before a slang word that is also a dictionary word: its own sense
    asks: frozenset[str] = frozenset()  # question words: an aside opening the message before one is address
    names: dict[str, str] = field(default_factory=dict)  # a product's name spelled in this script -> its own name
    phrases: dict[str, str] = field(default_factory=dict)  # two words typed apart -> the one word ("кто нить")
    # a clause that only says the last message was typed on the wrong keyboard ("sorry, wrong keyboard"):
    # its keyboard words, its "wrong" words, and the words that may stand beside them
    always: frozenset[str] = frozenset()  # slang that is also a dictionary word, read as the slang everywhere
    slip_keyboard: frozenset[str] = frozenset()
    slip_wrong: frozenset[str] = frozenset()
    slip_glue: frozenset[str] = frozenset()


@cache
def _slang() -> dict[str, Slang]:
    # libyaml's parser (SAFE_LOADER, as the lexicon's files): same data, read at every start (24 -> 3 ms)
    raw = yaml.load(SLANG_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    out: dict[str, Slang] = {}
    for lang, entries in raw.items():
        slip = entries.get("slip") or {}
        table = {_key(str(k)): ("" if v is None else str(v)) for k, v in (entries.get("words") or {}).items()}
        table.update({_key(str(w)): "" for w in entries.get("fillers") or []})
        out[lang] = Slang(words=table, asides=frozenset(_key(str(w)) for w in entries.get("asides") or []),
                          courtesy=frozenset(_key(str(w)) for w in entries.get("courtesy") or []),
                          governs=frozenset(_key(str(w)) for w in entries.get("governs") or []),
                          asks=frozenset(_key(str(w)) for w in entries.get("asks") or []),
                          always=frozenset(_key(str(w)) for w in entries.get("always") or []),
                          names={_key(str(spelling)): str(name)
                                 for name, spellings in (entries.get("names") or {}).items() for spelling in spellings},
                          phrases={_key(str(k)): str(v) for k, v in (entries.get("phrases") or {}).items()},
                          **{f"slip_{part}": frozenset(_key(str(w)) for w in slip.get(part) or [])
                             for part in ("keyboard", "wrong", "glue")})
    return out


def is_known(word: str, lang: Lang) -> bool:
    """A word the bot knows in `lang`, as written or by one of its forms ("renews", "attachment",
    a Hebrew word behind its glued prefixes or without its plural ending)."""
    lex = lexicon()
    key = _key(word)
    if key in lex.known.get(lang, frozenset()):
        return True
    forms = lex.forms.get(lang, frozenset())
    if any(v in forms for v in _readings(key)):
        return True
    return lang == "en" and _english_form(key, lex.known.get("en", frozenset()))


def is_word(word: str, lang: Lang) -> bool:
    """A word of the project's own edited texts in `lang`, exactly as written (not by another form:
    "thankss" is only a form of "thanks"; nor from a customer's example phrasing: "refnd"): a real
    word, never a typo of a word one letter away ("stuff", "משהו")."""
    return _key(word) in lexicon().written.get(lang, frozenset())


_EN_ENDINGS = ("s", "es", "d", "ed", "r", "er", "st", "est", "ing", "ly", "y")


def _english_form(word: str, known: frozenset[str]) -> bool:
    """A known English word with an ending the stemmer keeps ("closer", "driver"; "closer" is no
    typo of "closed"), also with its final e dropped before the ending ("filing", "using")."""
    for ending in _EN_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) >= 3 and (base in known or base + "e" in known):
            return True
    return False


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


# The other way: which English key typed each Hebrew or Russian letter (on the Hebrew layout "/" and
# "'" are the keys q and w, so they belong to a word there).
_LATIN_OF = {"he": {v: k for k, v in _HE_KEYS.items() if v != ","},
             "ru": {v: k for k, v in _RU_KEYS.items()}}
_NON_LATIN_TOKEN = regex.compile(r"[\p{Script=Hebrew}\p{Script=Cyrillic}'/]*[\p{Script=Hebrew}\p{Script=Cyrillic}]"
                                 r"[\p{Script=Hebrew}\p{Script=Cyrillic}'/]*")


def _english_on(text: str, lang: Lang) -> str | None:
    """A message in Hebrew or Cyrillic letters that is English typed on that layout ("ן מקקג שמ
    שעקמא" -> "i need an agent"): most of its words become English words the bot knows, and more of
    them than are words of the script's own language (by the bot's vocabulary or, in Russian, the
    dictionary)."""
    keys = _LATIN_OF[lang]
    words = [w for w in _NON_LATIN_TOKEN.findall(text) if len(w) >= 2 or w in ("ן", "ש")]
    if len(words) < 2:
        return None
    own = sum(1 for w in words if is_known(w, lang) or (lang == "ru" and _russian().word_is_known(_key(w))))
    english = sum(1 for w in words if _english_word(w, keys) is not None)
    if english < max(2, LAYOUT_SHARE * len(words)) or english <= own:
        return None
    return _NON_LATIN_TOKEN.sub(lambda m: _english_word(m.group(0), keys) or _typed_on(m.group(0), keys), text)


def _typed_on(token: str, keys: dict[str, str]) -> str:
    return "".join(keys.get(ch, ch) for ch in token)


def _english_word(token: str, keys: dict[str, str]) -> str | None:
    """The English word a Hebrew- or Cyrillic-letter token types on the English layout, or None. On the Hebrew
    layout "'" is the w key, but a message may also be wrapped in quote marks ("'ן מקקג שמ שעקמא'"): an
    "'" at the token's edge is tried as the key first, then as a quote mark that stays."""
    whole = _typed_on(token, keys)
    if is_known(whole.strip(_END_PUNCT), "en"):
        return whole
    for start, end in ((1, len(token)), (0, len(token) - 1), (1, len(token) - 1)):
        if token[:start] + token[end:] != "'" * (start + len(token) - end) or end - start < 1:
            continue  # only a "'" at an edge is a quote mark
        core = _typed_on(token[start:end], keys)
        if is_known(core.strip(_END_PUNCT), "en"):
            return token[:start] + core + token[end:]
    return None


def retyped_on_layout(text: str, languages: Iterable[str] = ("he", "ru")) -> str | None:
    """The message re-typed on the Hebrew or Russian keyboard layout, when it was typed on the
    English one by mistake ("tbh rumv bmhd" -> "אני רוצה נציג", "ghbdtn" ...), or, with "en" among
    `languages`, on the English layout when it was typed on the Hebrew or Russian one; None otherwise."""
    languages = list(languages)
    if _ANY_NON_LATIN.search(text):
        if "en" not in languages or regex.search(r"[A-Za-z]", text):
            return None
        script = "he" if regex.search(r"\p{Script=Hebrew}", text) else "ru"
        return _english_on(text, script)  # type: ignore[arg-type]
    if not any(ch.isalpha() for ch in text):
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


def _one_edit(word: str, alphabet: str, *, wrong_letter: bool) -> Iterator[list[str]]:
    """The strings one edit away, by kind of typo from the least ambiguous: two letters swapped, a
    doubled key, a letter missing, a wrong letter (not in Hebrew: `wrong_letter`). Never a letter
    dropped that does not double its neighbour: a real word less a letter is too often another real
    word ("morons", "shirt", "מפסיקה")."""
    n = len(word)
    yield [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(n - 1)]
    yield [word[:i] + word[i + 1:] for i in range(1, n) if word[i] == word[i - 1]]
    yield [word[:i] + ch + word[i:] for i in range(n + 1) for ch in alphabet]
    if wrong_letter:
        yield [word[:i] + ch + word[i + 1:] for i in range(n) for ch in alphabet]


def _russian() -> pymorphy3.MorphAnalyzer:
    """The Russian dictionary: a word it knows is never read as a typo. The analyzer the Russian
    wording already loads (one per process: 40 ms of CPU and its memory once, not twice)."""
    from knowledge.grammar.russian import _morph

    return _morph()


_FINAL_OF = str.maketrans("כמנפצ", "ךםןףץ")


def _with_final(word: str) -> str:
    """A Hebrew word with its last letter in the final form again (the lexicon stores regular ones)."""
    return word[:-1] + word[-1].translate(_FINAL_OF) if _HEBREW.match(word) else word


def _corrected(word: str, lang: Lang, lex: Lexicon) -> str | None:
    """The intent word a typo stands for ("techincian" -> "technician"): the only one reached by the
    least ambiguous kind of typo that reaches any, with the same first letter (typos rarely hit the
    first one); None when there is none, or more than one of that kind. The caller has checked that
    the word is unknown (`is_known`); see the module's docstring for why each limit is there."""
    key = _key(word)
    if lang == "ru" and _russian().word_is_known(key):
        return None  # "вернее" is a word, though no knowledge base uses it: not a typo of "вернете"
    if len(key) < TYPO_MIN + (lang == "he"):
        return _held_last_key(key, lex)
    for edits in _one_edit(key, _ALPHABETS[lang], wrong_letter=lang != "he"):
        found = {c for c in edits if c in lex.intent_words and c[0] == key[0] and c != key}
        if found:
            return _with_final(found.pop()) if len(found) == 1 else None
    return None


def _held_last_key(key: str, lex: Lexicon) -> str | None:
    """A short word whose last key was held ("לבטלל", "דחוףף", "stopp"): the least ambiguous typo, read
    in words too short for the other kinds, only when the word less its doubled last letter is an intent
    word (the caller has checked that the word as typed is unknown)."""
    if len(key) < DOUBLED_MIN or key[-1] != key[-2] or key[:-1] not in lex.intent_words:
        return None
    return _with_final(key[:-1])


def _unglued(word: str, lex: Lexicon, lang: Lang) -> str | None:
    """"רוצהלבטל" -> "רוצה לבטל", "pleaseconnect" -> "please connect": two words of the intent
    vocabulary, the longest shorter half best. English and Russian halves are a letter longer (short
    English words glue into real ones: "the" + "rapist"), and a word the Russian dictionary knows is
    never cut."""
    least = GLUE_PART_MIN + (lang != "he")
    if len(word) < 2 * least or (lang == "ru" and _russian().word_is_known(_key(word))):
        return None
    best: tuple[int, str] | None = None
    for cut in range(least, len(word) - least + 1):
        left, right = word[:cut], word[cut:]
        if _key(left) in lex.intent_words and _key(right) in lex.intent_words:
            shorter = min(len(left), len(right))
            if best is None or shorter > best[0]:
                best = (shorter, f"{_with_final(left)} {right}")
    return best[1] if best else None


_CLAUSE_MARK = frozenset(",.!?;:")


def _set_apart(text: str, match: regex.Match[str], table: Slang) -> bool:
    """An aside that stands apart from the sentence: clause marks (or the message's edge) on both
    sides ("אחי, ...", "ok, bro", "мне, типа, ..."), right after a thanks or greeting ("תודה
    אחי", "thx mate"), or opening a clause before a question word ("אחי כמה עולה", "bro how much",
    "короче сколько стоит": nobody's brother is asked a price). Elsewhere it may be a word of the
    sentence: "אחי לא יגיע", "with my bro"."""
    before, after = text[:match.start()].rstrip(), text[match.end():].lstrip()
    after_ok = not after or after[0] in _CLAUSE_MARK or not any(ch.isalnum() for ch in after)
    if not before or before[-1] in _CLAUSE_MARK:
        following = _WORD.findall(after)
        return after_ok or (bool(following) and _key(following[0]) in table.asks)
    courtesy = table.courtesy
    previous = _WORD.findall(before)
    return bool(previous) and _key(previous[-1]) in courtesy


def _after_number(text: str, match: regex.Match[str]) -> bool:
    """Right after a number ("500 мб"); not after a chat word with a digit in it ("b4 u", "2day u")."""
    before = text[:match.start()].rstrip()
    return bool(before) and before[-1].isdigit() and not regex.search(r"\p{L}[\p{L}\p{N}]*$", before)


# pymorphy3's marks of a reading that is itself chat, colloquial or shortened ("щас", "шо", "спс"), or
# a name: such a reading is the slang, not another word.
_NOT_ANOTHER_WORD = frozenset({"Infr", "Slng", "Dist", "Abbr", "Name", "Surn", "Patr", "Geox", "Orgn", "Init"})
_GOVERNING_POS = frozenset({"PREP", "NOUN", "NUMR"})


@cache
def _also_a_word(key: str, plain: str) -> bool:
    """A Russian slang word that the dictionary also knows as another, plain word: "тока" (of "ток",
    current: "нет тока"), "норм" (of "норма": "в пределах норм"), "скока", "бабки". Readings pymorphy3
    marks as colloquial or shortened, or whose dictionary form is the plain word's, are the slang."""
    morph = _russian()
    if not plain or not morph.word_is_known(key):
        return False
    meant = {p.normal_form for p in morph.parse(plain.split()[0])}
    return any(p.normal_form not in meant and not (p.tag.grammemes & _NOT_ANOTHER_WORD) for p in morph.parse(key))


def _in_its_own_sense(text: str, match: regex.Match[str], governs: frozenset[str]) -> bool:
    """Whether a slang word that is also a dictionary word stands where the dictionary word would:
    right after a preposition, a noun, a numeral or a word of `governs` ("нет", "много") in the same
    clause ("скачок тока", "в пределах норм", "нет тока"), or right before "нет" ("тока нет")."""
    before = text[:match.start()]
    after = _WORD.findall(text[match.end():])
    if after and _key(after[0]) == "нет":
        return True
    if not before.strip() or before.rstrip()[-1] in _CLAUSE_MARK:
        return False
    previous = _WORD.findall(before)
    if not previous:
        return False
    word = _key(previous[-1])
    return word in governs or _russian().parse(word)[0].tag.POS in _GOVERNING_POS


_HEBREW_PREFIXES = ("ו", "ה", "ב", "ל", "מ", "ש", "וה", "וב", "ול", "ומ", "שה", "של", "כש")


def _product_name(key: str, names: dict[str, str], lang: Lang) -> str | None:
    """A product's name as the customer spelled it in their script ("эсеншл", "האדוונסט") written as the
    product calls itself ("Essential", "ה־Advanced"): the knowledge bases and the plans name it that way in
    every language. A Hebrew prefix stays, joined with a maqaf."""
    if key in names:
        return names[key]
    if lang == "he":
        for prefix in _HEBREW_PREFIXES:
            if key.startswith(prefix) and key[len(prefix):] in names:
                return prefix + "־" + names[key[len(prefix):]]
    return None


_CLAUSE = regex.compile(r"[^,.!?;:\n]*[,.!?;:\n]*")


def without_keyboard_slip(text: str, table: Slang) -> str | None:
    """The message less its clauses that only say the last one was typed on the wrong keyboard ("sorry,
    wrong keyboard. what are your hours", "ой, не та раскладка. сколько стоит", "סליחה, מקלדת לא נכונה.
    ..."): read with the question, they pull it towards keyboards and languages. A clause is such a slip when
    it has a keyboard word and a "wrong" word and nothing but the words that go with them (`spelling.yaml`
    slip); "the app shows the wrong language" says more and stays. None when there is none, or when nothing
    would be left."""
    if not table.slip_keyboard:
        return None
    clauses = [c for c in _CLAUSE.findall(text) if c]
    kept: list[str] = []
    dropped = False
    for clause in clauses:
        words = [_key(w) for w in _WORD.findall(clause)]
        apology = bool(words) and all(w in table.slip_glue for w in words)  # "sorry," before the slip
        sorry_before = bool(kept) and all(_key(w) in table.slip_glue for w in _WORD.findall(kept[-1])) \
            and _WORD.search(kept[-1]) is not None  # "my bad, was on the hebrew layout"
        slip = bool(words) and any(w in table.slip_keyboard for w in words) \
            and (sorry_before or any(w in table.slip_wrong for w in words)) \
            and all(w in table.slip_keyboard or w in table.slip_wrong or w in table.slip_glue for w in words)
        if slip:
            while kept and all(_key(w) in table.slip_glue for w in _WORD.findall(kept[-1])) \
                    and _WORD.search(kept[-1]):
                kept.pop()
            dropped = True
            continue
        if apology and dropped and not kept:
            continue  # "wrong keyboard, sorry. ...": the apology after it goes with it
        kept.append(clause)
    rest = "".join(kept).strip()
    if not dropped or not _WORD.search(rest):
        return None
    return rest


def respelled(text: str, lang: Lang) -> str | None:
    """The message with slang spelled out, glued Hebrew words split and typos corrected, in the
    message's language; None when nothing changed. Words of another script are left as typed
    (a product name in a Hebrew sentence). A clause that only says the keyboard was wrong is dropped
    (`without_keyboard_slip`)."""
    lex = lexicon()
    table = _slang().get(lang) or Slang({}, frozenset(), frozenset())
    slang = table.words
    changed = False
    rest = without_keyboard_slip(text, table)
    if rest is not None:
        text, changed = rest, True
    for apart, joined in table.phrases.items():  # "кто нить есть?": the hyphen left out
        glued = apart.endswith("*")  # "יש מצב ש*": the last part is a prefix glued to the next word
        pattern = r"(?<!\w)" + r"[ \t]+".join(regex.escape(w) for w in apart.rstrip("*").split()) \
            + ("" if glued else r"(?!\w)")
        text, n = regex.subn(pattern, joined, text, flags=regex.IGNORECASE)
        changed = changed or n > 0

    def fix(match: regex.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        key = _key(word)
        named = _product_name(key, table.names, lang)
        if named is not None:
            changed = True
            return named
        if key in table.asides:
            if not _set_apart(text, match, table):
                return word
            changed = True
            return ""
        if key in slang:
            if _after_number(text, match):
                return word  # a unit: "500 мб" is megabytes, not "может быть"
            if lang == "ru" and key not in table.asks and key not in table.always and _also_a_word(key, slang[key]) \
                    and _in_its_own_sense(text, match, table.governs):
                return word  # "нет тока" is no current, not "нет только"; a question word ("скока") is always one
            changed = True
            return slang[key]
        if _script(key) != lang or is_known(key, lang):
            return word
        new = _unglued(word, lex, lang) or _corrected(key, lang, lex)
        if new is None:
            return word
        changed = True
        return new

    out = _WORD.sub(fix, text)
    if not changed:
        return None
    out = regex.sub(r"[ \t]{2,}", " ", out).strip()
    out = regex.sub(r"[ \t]+(?=[,.!?;:])", "", out)  # "thanks mate, ..." -> "thanks, ..."
    out = regex.sub(r",(?:\s*,)+", ",", out)  # "мне, типа, нужен" -> "мне, нужен"
    out = regex.sub(r"[\s,;:]+$", "", out)  # "ok, bro" -> "ok"
    out = regex.sub(r"^[\s,.;:!-]+", "", out)
    return out or None
