"""Hebrew typed in Latin letters is read back as Hebrew; English, names and greetings said in English are not
(issue 12, round 11). Own wording, none of a held-out story's sentences."""

from __future__ import annotations

import pytest

from knowledge.translit_he import as_hebrew, fold, hebrew_spelling


@pytest.mark.parametrize(("latin", "hebrew"), [
    ("tuchlu lehitkasher elai? ze dachuf", "תוכלו להתקשר אליי? זה דחוף"),
    ("ani tzarich technai achshav, hamachshev sheli lo oved", "אני צריך טכנאי עכשיו, המחשב שלי לא עובד"),
    ("patachti kria etmol ve ein teshuva", "פתחתי קריאה אתמול ואין תשובה"),
    ("kama zman lokeach hechzer?", "כמה זמן לוקח החזר?"),
    ("tevatlu li bevakasha et ha minui", "תבטלו לי בבקשה את המנוי"),
    ("nagia ani ve ishti", "נגיע אני ואשתי"),
    ("lo nukhal lehagi'a, mitsta'arim", "לא נוכל להגיע, מצטערים"),
    ("ani mekabel shgia kshe ani mitchaber", "אני מקבל שגיאה כשאני מתחבר"),
    ("sorry, lo nagia", "סורי, לא נגיע"),  # a borrowed word counts for neither language
])
def test_hebrew_in_latin_letters_is_written_in_hebrew(latin: str, hebrew: str) -> None:
    assert as_hebrew(latin) == hebrew


@pytest.mark.parametrize("spellings", [
    ("tzarich", "tsarich", "tsarikh", "zarich"),
    ("bevakasha", "bvakasha", "b'vakasha", "bevakashah"),
    ("baaya", "ba'aya", "baya"),
    ("achshav", "akhshav", "ahshav"),
])
def test_the_spellings_of_a_word_fold_to_one_key(spellings: tuple[str, ...]) -> None:
    assert len({hebrew_spelling(s) for s in spellings}) == 1
    assert hebrew_spelling(spellings[0]) is not None
    assert len({fold(s) for s in spellings}) <= 2  # the dropped e of a first syllable is a second key


def test_glued_and_separate_prefixes() -> None:
    assert hebrew_spelling("vehakria") == "והקריאה"
    assert hebrew_spelling("shehatechnai") == "שהטכנאי"
    assert hebrew_spelling("haatar") == "האתר"  # ha + atar, though "aa" folds to one letter
    assert as_hebrew("yesh li baaya im ha status shel hapniya") == "יש לי בעיה עם הסטטוס של הפנייה"


def test_a_prefix_apart_before_a_name_is_written_with_a_maqaf() -> None:
    assert as_hebrew("yesh li baaya im ha whatsapp") == "יש לי בעיה עם ה־whatsapp"


def test_a_one_letter_prefix_needs_its_apostrophe() -> None:
    """"Moti" and "Shani" are names, not m + oti and sh + ani; "b'seder" is a prefix."""
    assert hebrew_spelling("moti") is None
    assert hebrew_spelling("shani") is None
    assert hebrew_spelling("b'shana") == "בשנה"


def test_al_before_a_request_is_dont() -> None:
    assert as_hebrew("al tishlechu li yoter hodaot") == "אל תשלחו לי יותר הודעות"
    assert as_hebrew("yesh li sheela al hachiyuv haze") == "יש לי שאלה על החיוב הזה"


@pytest.mark.parametrize("text", [
    "Hi, can I talk to someone?", "shalom, this is Moti from the office, how do I cancel our plan?",
    "toda raba!", "Adam and Ben from the office can't log in since the update", "me and my wife",
    "be there at 8", "Al and Li are coming", "ma ze?", "mazal tov to the couple!", "core update failed",
    "STOP", "ok", "essential", "", "123", "שלום, מה שלומך", "privet, mozhno operatora",
])
def test_english_names_and_other_scripts_are_left_alone(text: str) -> None:
    assert as_hebrew(text) is None


def test_one_hebrew_word_with_nothing_else_is_hebrew() -> None:
    """"lo nagia" is Hebrew and nothing else; a word of it beside an unknown one ("nagia Dana") is too
    little to tell."""
    assert as_hebrew("lo nagia") == "לא נגיע"
    assert as_hebrew("nagia Dana") is None
