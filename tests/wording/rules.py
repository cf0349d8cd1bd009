"""Mechanical checks of a rendered sentence, shared by the wording tests (docs/wording.md)."""

from __future__ import annotations

import re

from knowledge.grammar import address, counts

HEBREW = "\u05d0-\u05ea"
RU_WEEKDAYS = "понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
# A one-letter prefix glued to Latin letters or digits, or joined to them with a plain hyphen.
_HE_GLUED = re.compile(rf"(?<![{HEBREW}\w])[ובכלמשה]{{1,3}}-?(?=[A-Za-z0-9])")
_HE_DOUBLE_ARTICLE = re.compile(rf"(?<![{HEBREW}])[בלכ]ה(חתונה|אירוע|בר מצווה)")
_RU_NOMINATIVE_AFTER = re.compile(rf"(?<!\w)(с|со|до|от|из) ({RU_WEEKDAYS})(?!\w)", re.IGNORECASE)
_RU_V_NOMINATIVE = re.compile(r"(?<!\w)(в|во) (среда|пятница|суббота)(?!\w)", re.IGNORECASE)
_RU_S_WITHOUT_O = re.compile(r"(?<!\w)с (вт|ср|вс)", re.IGNORECASE)
_DOUBLED = re.compile(r"(?<![\w])(\w{2,})\s+\1(?!\w)", re.IGNORECASE)
_UNFILLED = re.compile(r"\{[A-Za-z_][\w.]*(:[^}]*)?\}")
_ALTERNATIVES = re.compile(r"\[[^\[\]|]*\|[^\[\]|]*\]")
_NUMBER_NOUN = re.compile(r"(?<![\d.,:/])(\d+) ([A-Za-z]+|[А-Яа-яЁё]+|[\u05d0-\u05ea]+)(?=[\s.,;:!?)]|$)")

def address_forms(text: str) -> set[str]:
    """The forms of address `text` speaks in, by the same word lists as `bot kb lint`
    (knowledge/grammar/address.yaml), so the wording tests and the lint never disagree."""
    return {form for form in ("singular", "plural") if address.words_of(form, text)}


def _miscounted(text: str, lang: str) -> list[str]:
    """"1 гостей", "2 дней", "1 אורחים": a number with a noun form that is not its own."""
    wrong = []
    for n_text, noun in _NUMBER_NOUN.findall(text):
        n, word = int(n_text), noun.strip()
        for unit, by_lang in counts.units().items():
            forms = by_lang.get(lang) or {}
            plain = {re.sub(r"^(\{n\}|\d+) ", "", str(v)) for v in forms.values() if isinstance(v, str)}
            if word not in plain:
                continue
            allowed = {counts.count(n, unit, lang), counts.count(n, f"{unit}.gen", lang)}
            if f"{n} {word}" not in allowed:
                wrong.append(f"{n} {word}")
    return wrong


def problems(text: str, lang: str, *, customer_facing: bool = True) -> list[str]:
    """Every rule `text` (a rendered sentence in `lang`) breaks."""
    found = []
    if _UNFILLED.search(text):
        found.append(f"unfilled blank {_UNFILLED.search(text).group(0)}")  # type: ignore[union-attr]
    if _ALTERNATIVES.search(text):
        found.append("both forms of address left in")
    doubled = _DOUBLED.search(text)
    if doubled and not doubled.group(1).isdigit():
        found.append(f"doubled word {doubled.group(0)!r}")
    found += [f"miscounted {w!r}" for w in _miscounted(text, lang)]
    if lang == "he":
        if _HE_GLUED.search(text):
            found.append(f"prefix glued to Latin/digits without maqaf near {_HE_GLUED.search(text).group(0)!r}")  # type: ignore[union-attr]
        if _HE_DOUBLE_ARTICLE.search(text):
            found.append("article kept after ל/ב/כ")
        if customer_facing and len(address_forms(text)) > 1:
            found.append("singular and plural address mixed")
    if lang == "ru":
        for pattern in (_RU_NOMINATIVE_AFTER, _RU_V_NOMINATIVE, _RU_S_WITHOUT_O):
            match = pattern.search(text)
            if match:
                found.append(f"weekday in the wrong case: {match.group(0)!r}")
    return found
