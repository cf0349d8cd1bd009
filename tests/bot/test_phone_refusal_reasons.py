"""A refused number says why: 'invalid phone number' alone left the owner guessing whether the dash of
054-1234567 was the problem. Local Israeli formats parse as phonenumbers does with region IL (dashes, spaces,
brackets, dots, Unicode dashes, Arabic-Indic digits); 054-1234567 itself is refused because libphonenumber's
numbering plan has no Israeli number beginning 0541, and the words say so."""

from __future__ import annotations

import phonenumbers
import pytest

from bot.core.phones import InvalidPhone, normalize_phone
from scheduler.rsvp.messages import phone_refusal

LOCAL_FORMS = ["052-5551234", "052 555 1234", "(052) 555-1234", "052.555.1234", "052\u20135551234", "052\u20115551234",
               "\u200e052-5551234", "+972-52-555-1234", "+972 (0)52-555-1234", "00972525551234",
               "\u0660\u0665\u0662\u0665\u0665\u0665\u0661\u0662\u0663\u0664"]


@pytest.mark.parametrize("typed", LOCAL_FORMS)
def test_local_israeli_forms_are_read_as_phonenumbers_reads_them(typed: str) -> None:
    expected = phonenumbers.format_number(phonenumbers.parse(typed.replace("\u200e", ""), "IL"),
                                          phonenumbers.PhoneNumberFormat.E164)
    assert normalize_phone(typed).e164 == expected == "+972525551234"


def _refusal(typed: str) -> InvalidPhone:
    with pytest.raises(InvalidPhone) as refused:
        normalize_phone(typed)
    return refused.value


def test_a_number_in_no_range_names_the_digits_no_number_begins_with() -> None:
    assert not phonenumbers.is_valid_number(phonenumbers.parse("054-1234567", "IL"))  # phonenumbers' own verdict
    refused = _refusal("054-1234567")
    assert (refused.reason, refused.prefix) == ("not_in_use", "0541")
    for lang in ("he", "en", "ru"):
        words = phone_refusal(refused, "054-1234567", lang)
        assert "0541" in words and "054-1234567" in words
    assert "no phone number begins 0541" in phone_refusal(refused, "054-1234567", "en")


@pytest.mark.parametrize(("typed", "reason", "words"), [
    ("052-555123", "too_short", "too few digits"),          # a valid start, one digit short
    ("052-55512345", "too_long", "too many digits"),
    ("123", "too_short", "too few digits"),
    ("+999 1234567", "country_code", "no country has the code"),
    ("hello", "not_a_number", "not a phone number"),
])
def test_each_refusal_says_what_to_fix(typed: str, reason: str, words: str) -> None:
    refused = _refusal(typed)
    assert refused.reason == reason
    assert words in phone_refusal(refused, typed, "en")
    assert phone_refusal(refused, typed, "he") != phone_refusal(refused, typed, "en")
