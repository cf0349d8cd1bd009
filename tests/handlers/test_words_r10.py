"""Round 10 words (issue 12): what "you" said is no name for "you"; "hi again" greets; stopping the
renewal cancels it, while stopping the renewal reminders turns off no renewal."""

import pytest

from handlers.intents import classify_intent
from handlers.understanding.spelling import respelled


@pytest.mark.parametrize("text, lang", [
    ("you told me crooks were phoning people in your name", "en"),
    ("вы написали, что мошенники звонят от вашего имени", "ru"),
    ("אמרתם שרמאים מתקשרים בשמכם", "he"),
])
def test_what_you_said_is_no_name_for_you(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "abuse"


@pytest.mark.parametrize("text, lang", [
    ("you said it yourselves, you are crooks", "en"),
    ("вы просто жулики", "ru"),
    ("אתם חבורה של נוכלים", "he"),
])
def test_names_for_you_stay_abuse(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "abuse"


@pytest.mark.parametrize("text, lang", [
    ("hello again", "en"), ("it's me again", "en"), ("שוב שלום", "he"), ("היי שוב", "he"),
    ("снова здравствуйте", "ru"), ("привет ещё раз, это опять я", "ru"),
])
def test_back_again_greets(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "greeting"


@pytest.mark.parametrize("text, lang", [
    ("please stop my autopay", "en"),
    ("stop the auto-renewal", "en"),
    ("Прошу остановить автоплатёж", "ru"),
    ("תעצרו את החידוש האוטומטי", "he"),
])
def test_stopping_the_renewal_cancels(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "cancel_subscription"


@pytest.mark.parametrize("text, lang", [
    ("please stop the renewal reminders", "en"),
    ("turn off the auto-renewal notifications", "en"),
    ("отключите напоминания о продлении", "ru"),
    ("how do I stop the auto-renewal?", "en"),
    ("как остановить автопродление?", "ru"),
])
def test_reminders_or_a_question_cancel_nothing(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "cancel_subscription"


@pytest.mark.parametrize("typed, meant", [
    ("почта не уходит, кто нибудь на связи?", "почта не уходит, кто-нибудь на связи?"),
    ("можете что нить сделать?", "можете что-нибудь сделать?"),
])
def test_particle_typed_apart_is_one_word(typed: str, meant: str) -> None:
    assert respelled(typed, "ru") == meant


def test_a_thread_stays_a_thread() -> None:
    assert respelled("нить порвалась", "ru") is None


@pytest.mark.parametrize("text, expected", [
    ("אז לפחות שהמפתח שלכם יבדוק?", "human"),
    ("אולי שמישהו מכם יחזור אליי?", "human"),
    ("צריך לגבות את הקבצים לפני שהמפתח מתחבר?", "faq"),
])
def test_hebrew_let_someone_do_it(text: str, expected: str) -> None:
    assert classify_intent(text, "he", person_words=("מפתח", "מתכנת")).intent == expected


def test_is_there_a_chance_asks_whether_possible() -> None:
    assert respelled("יש מצב שתחזרו אליי היום?", "he") == "אפשר שתחזרו אליי היום?"
    assert respelled("יש מצב חירום אצלנו", "he") is None
