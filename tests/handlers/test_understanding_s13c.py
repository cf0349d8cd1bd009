"""Session 13, tuner C: Russian and Hebrew support words inside an English sentence, a clause that only says
the keyboard was wrong, Russian chat words for a trial and a task, Russian device symptoms and the bot's own
Russian word lists in Latin letters, Hebrew verbs of a support question in Latin letters, Hebrew thanks and
wishes in a Hebrew conversation, and "N of the kids" in a party size. Own wording, no held-out story's sentence."""

from __future__ import annotations

import pytest

from handlers.party_size import additive_party_size, present_party
from handlers.understanding.spelling import respelled
from knowledge.translit import as_russian
from knowledge.translit_he import as_hebrew


@pytest.mark.parametrize(("text", "meant"), [
    ("what is the tsena of the pro plan", "what is the price of the pro plan"),
    ("is there a natsiga I can talk to", "is there a agent I can talk to"),
    ("kama ole the gold package?", "how much is the gold package?"),
    ("send me the kompyutershchik tomorrow", "send me the technician tomorrow"),
    ("what are the chasy raboty on friday", "what are the working hours on friday"),
    ("I want vozvrat for last month", "I want refund for last month"),
])
def test_russian_and_hebrew_words_in_an_english_sentence(text: str, meant: str) -> None:
    assert respelled(text, "en") == meant


@pytest.mark.parametrize(("text", "lang", "meant"), [
    ("oops, wrong keyboard, sorry. do you work on fridays?", "en", "do you work on fridays?"),
    ("my bad, was on the hebrew layout. how do I cancel", "en", "how do I cancel"),
    ("извините, забыл переключить раскладку. как отменить подписку?", "ru", "как отменить подписку?"),
    ("אופס, המקלדת הייתה באנגלית. איך מבטלים?", "he", "איך מבטלים?"),
])
def test_a_clause_saying_the_keyboard_was_wrong_is_dropped(text: str, lang: str, meant: str) -> None:
    assert respelled(text, lang) == meant


@pytest.mark.parametrize(("text", "lang"), [
    ("the wrong language shows in the app. how do I change it?", "en"),
    ("my keyboard stopped working, can the tech look at it?", "en"),
    ("wrong keyboard", "en"),
    ("не та раскладка в программе, как поменять?", "ru"),
])
def test_a_keyboard_problem_is_kept(text: str, lang: str) -> None:
    out = respelled(text, lang)
    assert out is None or "keyboard" in out or "language" in out or "раскладка" in out


@pytest.mark.parametrize(("text", "meant"), [
    ("а пробник скока длится", "а пробный период сколько длится"),
    ("можно чё-нить сделать со счётом?", "можно что-нибудь сделать со счётом?"),
    ("закинул таск вчера", "отправил задача вчера"),
])
def test_russian_chat_words_for_trial_task_and_something(text: str, meant: str) -> None:
    assert respelled(text, "ru") == meant


@pytest.mark.parametrize(("latin", "russian"), [
    ("modem morgaet zelenym", "модем моргает зеленым"),
    ("noutbuk zavis", "ноутбук завис"),
    ("budem vtroem", "будем втроем"),
    ("pridu odna", "приду одна"),
])
def test_russian_device_and_party_words_in_latin_letters(latin: str, russian: str) -> None:
    assert as_russian(latin) == russian


@pytest.mark.parametrize("text", ["the modem is blinking green", "my laptop froze again", "we are three"])
def test_english_about_devices_stays_english(text: str) -> None:
    assert as_russian(text) is None


@pytest.mark.parametrize(("latin", "hebrew"), [
    ("atem mechazirim et hakesef?", "אתם מחזירים את הכסף?"),
    ("eich shomrim et hapratim?", "איך שומרים את הפרטים?"),
    ("matai metaplim bakria?", "מתי מטפלים בקריאה?"),
])
def test_hebrew_support_verbs_in_latin_letters(latin: str, hebrew: str) -> None:
    assert as_hebrew(latin) == hebrew


def test_hebrew_thanks_and_wishes_stay_hebrew_only_in_a_hebrew_conversation() -> None:
    assert as_hebrew("toda raba, mazal tov!", leaning=True) == "תודה רבה, מזל טוב!"
    assert as_hebrew("toda raba, mazal tov!") is None
    assert as_hebrew("hi, thanks", leaning=True) is None


@pytest.mark.parametrize(("text", "size"), [
    ("we'll come with my wife and two of the children", 4),
    ("coming with my mum and one of my kids", 3),
    ("придём с женой и двумя из детей", 4),
    ("נבוא עם אשתי ושניים מהילדים", 4),
])
def test_some_of_a_group_counts_those_people(text: str, size: int) -> None:
    assert additive_party_size(text) == size


def test_one_named_away_on_a_trip_is_not_counted() -> None:
    assert present_party("me, my wife and our son, the daughter is on a school trip") == 3


@pytest.mark.parametrize(("text", "meant"), [
    ("mine is the yearly one, not the monthly. what do I get back?", "mine is the yearly one. what do I get back?"),
    ("у меня ежемесячная подписка, а не годовая", "у меня ежемесячная подписка"),
    ("אני במסלול החודשי, לא בשנתי", "אני במסלול החודשי"),
    ("oh no, not cancel, I only want a break", "oh no, I only want a break"),
])
def test_a_rejected_value_of_a_kind_is_dropped(text: str, meant: str) -> None:
    from handlers.understanding.self_correction import corrected

    assert corrected(text) == meant


@pytest.mark.parametrize("text", [
    "I do not want to cancel yet",
    "not monthly",
    "neither monthly, not annual either",
    "can I cancel? not today though",
])
def test_a_not_that_rejects_no_value_in_favour_of_another_stays(text: str) -> None:
    from handlers.understanding.self_correction import corrected

    assert corrected(text) is None


@pytest.mark.parametrize(("text", "meant"), [
    ("an how long does it take?", "and how long does it take?"),
    ("ok an per month?", "ok and per month?"),
])
def test_an_for_and_before_a_word_no_article_goes_with(text: str, meant: str) -> None:
    assert respelled(text, "en") == meant


@pytest.mark.parametrize("text", ["is that an issue?", "an agent please", "I'd like an invoice"])
def test_an_article_stays(text: str) -> None:
    assert respelled(text, "en") is None


def test_a_chat_word_after_a_word_with_a_digit_is_still_spelled_out() -> None:
    assert respelled("can u call me b4 u start", "en") == "can you call me before you start"
    assert respelled("500 мб это много?", "ru") is None  # after a number it is a unit


@pytest.mark.parametrize(("text", "meant"), [
    ("после обновления прога сдохла", "после обновления программа сломалась"),
    ("когда пофиксите баг?", "когда исправите баг?"),
    ("чё-то не грузится", "что-то не грузится"),
])
def test_russian_chat_words_for_broken_and_fixed(text: str, meant: str) -> None:
    assert respelled(text, "ru") == meant
