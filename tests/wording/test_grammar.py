"""The grammar helpers on their own: Russian cases, Hebrew prefixes and address, counted nouns."""

from __future__ import annotations

import pytest

from knowledge.grammar import address, counts, hebrew, russian
from knowledge.grammar.compose import fill

WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")


@pytest.mark.parametrize(("prep", "expected"), [
    ("с", ["с понедельника", "со вторника", "со среды", "с четверга", "с пятницы", "с субботы", "с воскресенья"]),
    ("в", ["в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу", "в воскресенье"]),
    ("до", ["до понедельника", "до вторника", "до среды", "до четверга", "до пятницы", "до субботы",
            "до воскресенья"]),
])
def test_weekdays_after_a_russian_preposition(prep: str, expected: list[str]) -> None:
    assert [russian.after(prep, day) for day in WEEKDAYS] == expected


def test_a_russian_title_is_inflected_up_to_its_noun() -> None:
    assert russian.after("на", "Золотая свадьба Анны и Олега") == "на Золотую свадьбу Анны и Олега"
    assert russian.after("на", "свадьба", "loct") == "на свадьбе"
    assert russian.after("на", "Example Hall") == "на Example Hall"  # not Russian: left alone


@pytest.mark.parametrize(("prefix", "word", "expected"), [
    ("ל", "החתונה", "לחתונה"),
    ("ב", "החתונה", "בחתונה"),
    ("מ", "החברה", "מהחברה"),            # מ keeps the article
    ("ל", "Example Hall", "ל\u05beExample Hall"),
    ("ל", "24 ימים", "ל\u05be24 ימים"),
    ("ל", "בר המצווה של יונתן", "לבר המצווה של יונתן"),
])
def test_hebrew_prefix_joins_the_word(prefix: str, word: str, expected: str) -> None:
    assert hebrew.attach(prefix, word) == expected


def test_a_prefix_glued_to_latin_or_digits_gets_a_maqaf() -> None:
    assert hebrew.fix_glued("הוזמנת לExample Hall ב-12.03.2027, תוך ל24 ימים") == (
        "הוזמנת ל\u05beExample Hall ב\u05be12.03.2027, תוך ל\u05be24 ימים")
    assert hebrew.fix_glued("מה שלומך? 3 ימים") == "מה שלומך? 3 ימים"  # nothing glued: unchanged


def test_one_form_of_address_is_kept() -> None:
    text = "[הוזמנת|הוזמנתם] ונשמח [לראותך|לראותכם]"
    assert hebrew.choose(text, plural=False) == "הוזמנת ונשמח לראותך"
    assert hebrew.choose(text, plural=True) == "הוזמנתם ונשמח לראותכם"
    with address.addressing("singular"):
        assert fill(text, "he", {}) == "הוזמנת ונשמח לראותך"
    assert fill(text, "he", {}) == "הוזמנתם ונשמח לראותכם"  # plural unless a workspace says otherwise


def test_a_party_is_addressed_in_the_plural() -> None:
    assert address.for_party("singular", 1) == "singular"
    assert address.for_party("singular", 5) == "plural"
    assert address.for_party("plural", 1) == "plural"


@pytest.mark.parametrize(("n", "ru", "he", "en"), [
    (1, "1 гость", "אורח אחד", "1 guest"),
    (2, "2 гостя", "2 אורחים", "2 guests"),
    (5, "5 гостей", "5 אורחים", "5 guests"),
    (11, "11 гостей", "11 אורחים", "11 guests"),
    (21, "21 гость", "21 אורחים", "21 guests"),
    (22, "22 гостя", "22 אורחים", "22 guests"),
])
def test_guests_are_counted(n: int, ru: str, he: str, en: str) -> None:
    assert (counts.count(n, "guest", "ru"), counts.count(n, "guest", "he"), counts.count(n, "guest", "en")) == (
        ru, he, en)


def test_days_and_their_genitive() -> None:
    assert [counts.count(n, "day", "ru") for n in (1, 2, 5, 21)] == ["1 день", "2 дня", "5 дней", "21 день"]
    assert [counts.count(n, "day", "he") for n in (1, 2, 5)] == ["יום אחד", "יומיים", "5 ימים"]
    assert [counts.count(n, "business_day.gen", "ru") for n in (1, 3, 5)] == [
        "1 рабочего дня", "3 рабочих дней", "5 рабочих дней"]


def test_blanks_name_their_preposition_or_noun() -> None:
    assert fill("ответит {when:с}", "ru", {"when": "среда"}) == "ответит со среды"
    assert fill("מחכים לך היום {event:ב}", "he", {"event": "החתונה"}) == "מחכים לך היום בחתונה"
    assert fill("не отвечали {days:day}", "ru", {"days": 21}) == "не отвечали 21 день"
    assert fill("תוך {days:day}", "he", {"days": 2}) == "תוך יומיים"


def test_values_are_never_rewritten_only_the_sentence_around_them() -> None:
    """A customer's words quoted to staff keep their own spelling; the sentence's prefix takes the maqaf."""
    assert fill("💬 {name}: {text}", "he", {"name": "Dana", "text": "ל24 [כן|לא]"}) == "💬 Dana: ל24 [כן|לא]"
    assert fill("הודעות מ{workspace}", "he", {"workspace": "Example"}) == "הודעות מ\u05beExample"
    assert fill("נסגרה ב-{date}", "he", {"date": "12/03/2027"}) == "נסגרה ב\u05be12/03/2027"
