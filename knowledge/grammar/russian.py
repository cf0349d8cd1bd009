"""Russian after a preposition: the case it governs, the vowel it gains ("со среды", "во вторник").

pymorphy3 inflects; a phrase is inflected from its first word up to and including its first noun
("золотая свадьба" -> "золотую свадьбу"), so a title such as "Свадьба Анны и Олега" keeps its
genitive tail. Words pymorphy3 does not know, and non-Cyrillic words, are left as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pymorphy3

# The case each preposition governs in the bot's sentences (time and destination readings).
CASES: dict[str, str] = {
    "с": "gent", "со": "gent", "до": "gent", "от": "gent", "из": "gent", "после": "gent", "для": "gent",
    "у": "gent", "без": "gent", "около": "gent",
    "в": "accs", "во": "accs", "на": "accs", "про": "accs", "через": "accs",
    "к": "datv", "ко": "datv", "по": "datv",
    "о": "loct", "об": "loct", "при": "loct",
}
# "с", "в", "к" take a vowel before some consonant clusters ("со среды", "со вторника", "во вторник").
_VOWEL_BEFORE = {"с": re.compile(r"^([сзшжщ][бвгджзклмнпрстфхцчшщ]|в[бвгджзклмнпрстфхцчшщ]|мн)", re.I),
                 "в": re.compile(r"^[вф][бвгджзклмнпрстфхцчшщ]", re.I),
                 "к": re.compile(r"^(мн|вс)", re.I)}
_CYRILLIC = re.compile(r"^[А-Яа-яЁё-]+$")
_WORD = re.compile(r"(\w[\w-]*)|(\W+)")


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def preposition(prep: str, following: str) -> str:
    """`prep` with the vowel Russian adds before some clusters: "с" + "среды" -> "со"."""
    lower = prep.lower()
    pattern = _VOWEL_BEFORE.get(lower)
    if pattern and pattern.match(following):
        return prep + ("о" if prep.islower() else "О")
    return prep


def _nominative(word: str) -> Any | None:
    """The analysis of `word` as a nominative noun or adjective, if it has one."""
    for parse in _morph().parse(word):
        if "nomn" in parse.tag and ({"NOUN"} & parse.tag.grammemes or {"ADJF"} & parse.tag.grammemes):
            return parse
    return None


def _match_case(original: str, inflected: str) -> str:
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


@lru_cache(maxsize=4096)  # weekdays and titles repeat: analyse each phrase once per process
def inflect(phrase: str, case: str) -> str:
    """`phrase` with its head noun (and the adjectives before it) put in `case`."""
    parts = _WORD.findall(phrase)
    out: list[str] = []
    inflecting = True
    for word, gap in parts:
        if gap or not inflecting:
            out.append(word or gap)
            continue
        parse = _nominative(word) if _CYRILLIC.match(word) else None
        if parse is None:
            inflecting = False
            out.append(word)
            continue
        changed = parse.inflect({case})
        out.append(_match_case(word, changed.word) if changed else word)
        if "NOUN" in parse.tag:
            inflecting = False
    return "".join(out)


def after(prep: str, phrase: str, case: str | None = None) -> str:
    """"с" + "среда, 22 ноября" -> "со среды, 22 ноября"; unknown prepositions leave the phrase as is.

    `case` overrides the preposition's usual case ("на свадьбе", where one is, is "loct").
    """
    case = case or CASES.get(prep.lower())
    body = inflect(phrase, case) if case else phrase
    return f"{preposition(prep, body)} {body}"
