"""Russian typed in Latin letters ("skolko stoit essential na god?") read back as Russian.

Customers without a Cyrillic keyboard write Russian phonetically. Read as English, such a message
finds no topic and is answered in English. Here each Latin word is spelled in Cyrillic by the
common chat conventions (zh, kh, ch, sh, shch, ya/ja, yu/ju, ...); a word counts as Russian when
one of its spellings (with a soft sign added where chat spelling drops it: "skolko" -> "сколько")
is a word the bot knows in Russian: the Russian texts of every knowledge base and of every workspace
(its words for a person: "koordinatora" is координатора) plus a short list of chat words
(`translit.yaml`). The message is read as Russian only when most of its words are Russian in that
sense and more of them than are English words ("hello how much" is not), and then only the
Russian words are converted: product names stay as written ("essential").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex
import snowballstemmer
import yaml

from knowledge.kb import SAFE_LOADER

_HERE = Path(__file__).parent
WORDS_FILE = _HERE / "translit.yaml"
BASES = _HERE / "bases"
STOPWORDS = _HERE / "stopwords.yaml"
WORKSPACES = _HERE.parent / "workspaces"  # each business's own words ("координатора", its person words)
# The bot's own word lists, whose Russian words are not under a `ru:` key: the intent words ("отпишите",
# "оператора"), a guest's answer and party size ("придём", "вдвоём", "с мужем"), a correction ("перепутал").
# Every Cyrillic word in them is a Russian word the bot reads, so it reads it in Latin letters too.
_HANDLERS = _HERE.parent / "handlers"
WORD_LISTS = [_HANDLERS / "intents.yaml", _HANDLERS / "party_size.yaml", _HANDLERS / "rsvp_reply.yaml",
              _HANDLERS / "understanding" / "self_correction.yaml"]

_LATIN_WORD = regex.compile(r"[A-Za-z']+")
_CYRILLIC_WORD = regex.compile(r"\p{Script=Cyrillic}+")
_LATIN_WORD_ONLY = regex.compile(r"[A-Za-z]+")
_NON_LATIN_LETTER = regex.compile(r"[\p{Script=Hebrew}\p{Script=Cyrillic}]")
# A Hebrew name written in Cyrillic with hyphens ("Рош ха-Шана", "Ришон-ле-Ционе"): a part after a hyphen
# starts with a capital. Its parts ("ха", "шана", "ле") are no Russian words, and taken for some they
# read Hebrew typed in Latin letters ("shana tova", "kama ze ole le shana") as Russian.
_NAME_COMPOUND = regex.compile(r"\p{Script=Cyrillic}+(?:-\p{Script=Cyrillic}+)*-\p{Lu}\p{Script=Cyrillic}*"
                               r"(?:-\p{Script=Cyrillic}+)*")

# Longest spellings first; each key is tried at every position.
_MULTI = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("tz", "ц"),
    ("yu", "ю"), ("ju", "ю"), ("ya", "я"), ("ja", "я"), ("yo", "ё"), ("jo", "ё"), ("ye", "е"), ("je", "е"),
    ("ia", "я"), ("iu", "ю"),
)
_SINGLE = {
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "j": "й", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф",
    "h": "х", "c": "ц", "y": "ы", "w": "в", "q": "к", "x": "кс", "'": "ь",
}
_VOWELS = set("аеёиоуыэюя")
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")
# One-letter Russian words (prepositions, "и", "я"), converted only inside a message read as Russian.
_LETTERS = {"u": "у", "v": "в", "s": "с", "k": "к", "i": "и", "o": "о", "a": "а"}
MAX_SPELLINGS = 48  # per word: enough for the ambiguous letters of a chat word, bounded for speed


@cache
def _ru_stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("russian")


@cache
def _en_stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def _strings(node: Any, lang: str, inside: bool = False) -> Iterator[str]:
    """Every string under a `lang:` key of a YAML tree (topics keep their languages that way)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, lang, inside or key == lang)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value, lang, inside)
    elif isinstance(node, str) and inside:
        yield node


@dataclass(frozen=True, slots=True)
class _Lexicons:
    ru_words: frozenset[str]
    ru_stems: frozenset[str]
    en_words: frozenset[str]
    en_stems: frozenset[str]


def _sources() -> list[Path]:
    return [WORDS_FILE, STOPWORDS, *sorted(BASES.glob("*/*.yaml")), *sorted(WORKSPACES.glob("*.yaml")), *WORD_LISTS]


@cache
def lexicons() -> _Lexicons:
    """Russian and English words the bot has seen: knowledge bases, stop words, the chat list.
    Reading every KB file and stemming its words takes seconds, so the result is kept in the index
    cache (`knowledge.index_cache`), keyed by those files."""
    from knowledge.index_cache import cached

    fields = ("ru_words", "ru_stems", "en_words", "en_stems")
    return cached("translit", _sources(), _build_lexicons,
                  lambda lex: {name: sorted(getattr(lex, name)) for name in fields},
                  lambda data: _Lexicons(**{name: frozenset(data[name]) for name in fields}))


def _build_lexicons() -> _Lexicons:
    ru: set[str] = set()
    en: set[str] = set()
    for path in _sources():
        try:
            raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except (OSError, yaml.YAMLError):
            continue  # a broken KB file is reported by `bot kb lint`; it only costs vocabulary here
        for text in _strings(raw, "ru", inside=path in WORD_LISTS):  # a word list: its Cyrillic words, any key
            text = _NAME_COMPOUND.sub(" ", text)
            ru.update(w.lower().replace("ё", "е") for w in _CYRILLIC_WORD.findall(text))
        for text in _strings(raw, "en"):
            en.update(w.lower() for w in _LATIN_WORD_ONLY.findall(text))
    ru_stemmer, en_stemmer = _ru_stemmer(), _en_stemmer()
    return _Lexicons(
        ru_words=frozenset(ru),
        ru_stems=frozenset(ru_stemmer.stemWord(w) for w in ru if len(w) > 3),
        en_words=frozenset(en),
        en_stems=frozenset(en_stemmer.stemWord(w) for w in en if len(w) > 3),
    )


@cache
def _words_file() -> dict[str, Any]:
    """`translit.yaml`, parsed once for the word lists read from it (libyaml: 10x)."""
    return yaml.load(WORDS_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}


@cache
def _hebrew_names() -> frozenset[str]:
    """Hebrew holidays and places the knowledge bases write in Cyrillic ("рош а-шана", "йом кипур"), and the
    parts of such names ("ха", "ле"): written in Russian texts, but in Latin letters they are said in Hebrew
    as much as in Russian, so they count for neither (`translit.yaml` hebrew_names)."""
    raw = _words_file()
    return frozenset(str(w).lower() for w in raw.get("hebrew_names") or [])


def _spellings(word: str) -> list[str]:
    """Cyrillic spellings of one Latin word, the plainest first."""
    out = [""]
    i = 0
    while i < len(word):
        for latin, cyr in _MULTI:
            if word.startswith(latin, i):
                options = [cyr]
                if latin in ("ya", "yu", "yo", "ye") and i > 0:
                    # "moya" is моя, but "kakaya" is какая and "novyy" новый: й/ы + vowel too
                    options.append(("й" if word[i - 1] in "aeiou" else "ы") + _SINGLE[latin[1]])
                if latin == "ts":
                    options.append("тс")  # "otsrochka" is отсрочка... and "tsena" цена
                if latin == "kh":
                    options.append("кх")
                if latin == "sh":
                    options.append("щ")  # "pomosh" is помощь
                if latin == "sch":
                    options.append("сч")  # "schet" is счет, "schitaete" считаете; "ischu" still ищу
                if latin in ("ia", "iu"):
                    options.append("и" + _SINGLE[latin[1]])  # "specialista" is специалиста, "diagnostika" too
                i += len(latin)
                break
        else:
            letter = word[i]
            if letter not in _SINGLE:
                return []
            options = [_SINGLE[letter]]
            if letter == "y":
                options = ["ы", "й"] if i else ["й"]
            elif letter == "e":
                options = ["е", "э"]
            elif letter == "i" and i == len(word) - 1:
                options = ["и", "ий", "ый"] + (["й"] if i and word[i - 1] in "aeouy" else [])
            elif letter == "i" and i and word[i - 1] in "aeiouy":
                options = ["и", "й"]  # "sait" is сайт, "zdravstvuite" здравствуйте, "probnyi" пробный, "priiti" прийти
            elif letter == "c":
                options = ["ц", "к"]
            elif letter == "h":
                options = ["х", "г"]
            i += 1
        out = [prefix + option for prefix in out for option in options][:MAX_SPELLINGS]
    return out


def _soft_signs(spelling: str) -> Iterator[str]:
    """The spelling with one soft sign after a consonant ("сколко" -> "сколько")."""
    for i in range(1, len(spelling)):
        if spelling[i - 1] in _CONSONANTS and spelling[i - 1] not in "жшцчщ" and spelling[i] != "ь":
            yield spelling[:i] + "ь" + spelling[i:]
    if spelling and spelling[-1] in _CONSONANTS:
        yield spelling + "ь"


def _known_ru(word: str, lex: _Lexicons) -> bool:
    return word in lex.ru_words or (len(word) > 3 and _ru_stemmer().stemWord(word) in lex.ru_stems)


@cache
def russian_spelling(latin: str) -> str | None:
    """The Cyrillic word a Latin chat word stands for, or None when it spells no known word."""
    word = latin.lower()
    if len(word) < 2:
        return None
    lex = lexicons()
    candidates = _spellings(word)
    softened = [soft for spelling in candidates[:8] for soft in _soft_signs(spelling)]
    # A whole known word first, with or without a soft sign put back; a known stem only after that
    # ("davay" is давай, not a form that merely shares the stem of давать).
    for spelling in (*candidates, *softened):
        if spelling in lex.ru_words:
            return spelling
    for spelling in (*candidates, *softened):
        if _known_ru(spelling, lex):
            return spelling
    return None


@cache
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Latin words that count for neither language ("ok", and the products' names: "essential"), and
    short ones read as Russian first ("net", "da"): from `translit.yaml`."""
    raw = _words_file()
    neutral = [*(raw.get("neutral") or []), *(raw.get("names") or [])]  # a product name is no English
    return frozenset(neutral), frozenset(raw.get("russian_first") or [])


def _known_en(word: str) -> bool:
    lex = lexicons()
    word = word.lower()
    return word in lex.en_words or (len(word) > 3 and _en_stemmer().stemWord(word) in lex.en_stems)


def as_russian(text: str, conversation: str | None = None) -> str | None:
    """`text` in Cyrillic when its Latin letters read as Russian; None when they do not.

    Only texts with no Hebrew or Cyrillic letter are candidates; single letters and digits are
    ignored; a word that reads as both ("ok", "plan") counts for English. `conversation`: the language
    the conversation is already in; in one in English, a message whose Russian is only a courtesy
    ("ok spasibo", "privet") is an English speaker's thanks or hello, said in a word they picked up
    (`translit.yaml` courtesy), as "shalom" or "toda" is in `knowledge/translit_he.py`.
    """
    if _NON_LATIN_LETTER.search(text):
        return None
    words = [w for w in _LATIN_WORD.findall(text) if len(w.strip("'")) > 1]
    if not words:
        return None
    russian: dict[str, str] = {}
    english = 0
    neutral, russian_first = _word_sets()
    words = [w for w in words if w.lower() not in neutral] or words
    also: dict[str, str] = {}  # English too, Russian once the message is: "do togo" is "до того"
    hebrew_names = _hebrew_names()
    names = {w: russian_spelling(w) for w in words if w.lower() in hebrew_names or russian_spelling(w) in hebrew_names}
    also.update({w: spelled for w, spelled in names.items() if spelled is not None})
    words = [w for w in words if w not in names]  # "shana tova", "v yom kipur": Hebrew in either language
    if not words:
        return None
    for word in words:
        spelled = russian_spelling(word)
        if _known_en(word) and word.lower() not in russian_first:
            english += 1
            if spelled is not None:
                also[word] = spelled
        elif spelled is not None:
            russian[word] = spelled
    ru_count = sum(1 for w in words if w in russian)
    if english:  # "privet, skolko stoit Advanced for 3 months?": a hello or thanks beside English is no Russian
        ru_count -= sum(1 for w in words if w in russian and russian[w] in _courtesy())
    if ru_count * 2 < len(words) or ru_count <= english:
        return None
    if conversation == "en" and all(spelled in _courtesy() for spelled in russian.values()):
        return None
    loans = _loanwords()  # "delat backup": the Russian chat word for it, which the knowledge bases use
    return _LATIN_WORD.sub(lambda m: russian.get(m.group(0)) or loans.get(m.group(0).lower()) or also.get(m.group(0))
                           or _LETTERS.get(m.group(0).lower(), m.group(0)), text)


@cache
def _courtesy() -> frozenset[str]:
    """Russian thanks, greetings and goodbyes (`translit.yaml` courtesy), in Cyrillic."""
    raw = _words_file()
    return frozenset(str(w).lower() for w in raw.get("courtesy") or [])


@cache
def _loanwords() -> dict[str, str]:
    """English words a Russian sentence borrows as they are ("nado li delat backup"), and the Russian
    word for them (`translit.yaml` loanwords)."""
    raw = _words_file()
    return {str(k).lower(): str(v) for k, v in (raw.get("loanwords") or {}).items()}
