"""Mechanical checks of a rendered sentence, shared by the wording tests (docs/wording.md)."""

from __future__ import annotations

import re

from knowledge.grammar import counts

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

# Second-person words that show the form of address (a prefix such as ו or ש may come first).
_SINGULAR = ("לך", "אליך", "עבורך", "אותך", "שלך", "ממך", "איתך", "הוזמנת", "הגעת", "קיבלת", "נרשמת", "חזרת",
             "הוסרת", "שבחרת", "כתוב/י", "שלח/י", "השב/י", "פנה/י", "תוכל/י", "תקבל/י", "תבטל/י", "תרצה/י",
             "תגיע/י", "תצטרך/י", "ספר/י", "את/ה")
_PLURAL = ("לכם", "אליכם", "עבורכם", "אתכם", "שלכם", "מכם", "איתכם", "הוזמנתם", "הגעתם", "קיבלתם", "נרשמתם",
           "חזרתם", "הוסרתם", "שבחרתם", "כתבו", "שלחו", "השיבו", "פנו", "תוכלו", "תקבלו", "תבטלו", "תרצו", "תגיעו",
           "תצטרכו", "ספרו", "אתם")


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    pattern = rf"(?<![{HEBREW}/])(?:[ושה]|כש)?(?:{'|'.join(re.escape(w) for w in words)})(?![{HEBREW}/])"
    return re.search(pattern, text) is not None


def address_forms(text: str) -> set[str]:
    found = set()
    if _has_word(text, _SINGULAR):
        found.add("singular")
    if _has_word(text, _PLURAL):
        found.add("plural")
    return found


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
