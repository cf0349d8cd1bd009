"""Hebrew typed in Latin letters, round 12 (issue 12), tuner C: the words of plans, packages and billing; a noun's
construct and plural read from the noun; prefixes written apart chained ("ve ha", "ve be") and counted as
Hebrew grammar, not as the English "be"; a follow-up in a Hebrew conversation read as Hebrew on less
evidence; and a text that reads both as Russian and as Hebrew taken as the one that reads more of it. Own
wording, none of a held-out story's sentences."""

from __future__ import annotations

import pytest

from handlers.understanding.reading import _likelier
from knowledge.translit import as_russian
from knowledge.translit_he import as_hebrew, hebrew_spelling


@pytest.mark.parametrize(("latin", "hebrew"), [
    ("ma kolel ha maslul? yesh hagbala al mispar hahodaot?", "מה כולל המסלול? יש הגבלה על מספר ההודעות?"),
    ("hakartis yechuyav otomatit beod chodesh?", "הכרטיס יחויב אוטומטית בעוד חודש?"),
    ("ad matai tkufat hanisayon sheli?", "עד מתי תקופת הניסיון שלי?"),
    ("yesh technai zamin achshav?", "יש טכנאי זמין עכשיו?"),
    ("lo uchal lehagia, betach behatzlacha", "לא אוכל להגיע, בטח בהצלחה"),
])
def test_plan_billing_and_courtesy_words(latin: str, hebrew: str) -> None:
    assert as_hebrew(latin) == hebrew


@pytest.mark.parametrize(("latin", "hebrew"), [
    ("hanachot", "הנחות"),       # הנחה, plural
    ("tshuvot", "תשובות"),       # תשובה, plural
    ("hazmanat", "הזמנת"),       # הזמנה, construct
    ("vehachavilot", "והחבילות"),  # prefixes before a plural
])
def test_a_nouns_construct_and_plural_are_read_from_the_noun(latin: str, hebrew: str) -> None:
    assert hebrew_spelling(latin) == hebrew


@pytest.mark.parametrize("latin", ["format", "chat", "robot", "not", "flat"])
def test_english_words_ending_alike_are_not_inflected_nouns(latin: str) -> None:
    assert hebrew_spelling(latin) is None


@pytest.mark.parametrize(("latin", "hebrew"), [
    ("ve be yom shishi?", "וביום שישי?"),
    ("she ha technai yitkasher elay", "שהטכנאי יתקשר אליי"),
])
def test_prefixes_written_apart_in_a_row_are_glued(latin: str, hebrew: str) -> None:
    assert as_hebrew(latin) == hebrew


def test_a_follow_up_in_a_hebrew_conversation_is_hebrew() -> None:
    assert as_hebrew("ve ha business?") is None  # alone, two prefixes and a name say too little
    assert as_hebrew("ve ha business?", leaning=True) == "וה־business?"
    assert as_hebrew("ve be erev?", leaning=True) == "ובערב?"


@pytest.mark.parametrize("english", [
    "and the business?", "be there soon", "will be there at 8", "so be it", "she be like", "ok, shana tova",
])
def test_english_stays_english_even_in_a_hebrew_conversation(english: str) -> None:
    assert as_hebrew(english) is None
    assert as_hebrew(english, leaning=True) is None


@pytest.mark.parametrize(("latin", "hebrew"), [
    ("kama ze ole le shana?", "כמה זה עולה לשנה?"),
    ("ma ha mechir shel ha pro le shana?", "מה המחיר של ה־pro לשנה?"),
])
def test_hebrew_whose_little_words_were_russian_is_hebrew(latin: str, hebrew: str) -> None:
    """"ха", "ле", "шана" came into the Russian words from "Рош ха-Шана" and "Ришон-ле-Цион" in the Russian texts."""
    assert as_russian(latin) is None
    assert as_hebrew(latin) == hebrew


def test_of_two_readings_the_one_that_reads_more_wins() -> None:
    assert _likelier("kama олье essential", "כמה עולה essential") == "כמה עולה essential"
    assert _likelier("сколько стоит essential", "skolko כמה essential") == "сколько стоит essential"
    assert _likelier("сколько стоит", None) == "сколько стоит"


@pytest.mark.parametrize("latin", ["skolko stoit podpiska na god?", "mozhno pogovorit s operatorom?",
                                   "vy rabotaete v yom kipur?"])
def test_russian_stays_russian(latin: str) -> None:
    assert _likelier(as_russian(latin), as_hebrew(latin)) == as_russian(latin)
    assert as_russian(latin) is not None


@pytest.mark.parametrize("latin", ["shana tova!", "ok, shana tova", "chag sameach, shana tova"])
def test_hebrew_holiday_names_are_no_russian(latin: str) -> None:
    """"Рош а-Шана" written in the Russian texts made "shana" a Russian word: a greeting in English is no Russian."""
    assert as_russian(latin) is None
