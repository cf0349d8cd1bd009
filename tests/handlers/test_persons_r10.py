"""Round-10 reading of a person asked for, and of requests told from questions (issue 12): "support" as a
person only in a short request, the group a person belongs to ("one of the tech support folks"), a task word
that is a thing ("if I open a call"), an urgent fault told, gratitude said ahead, time already waited, a
plural business's own account. Own wordings; the stories (tests/stories/understanding-r10-persons*.yaml)
show the same in the pipeline."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent

TECH = ("technician", "tech", "techie", "טכנאי", "мастер")


def intent(text: str, lang: str, person_words: tuple[str, ...] = TECH) -> str:
    return classify_intent(text, lang, person_words=person_words).intent  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("need support", "en"),
    ("support please, the sync is stuck", "en"),
    ("צריך תמיכה דחוף", "he"),
    ("нужна техподдержка", "ru"),
])
def test_support_in_a_short_request_is_a_person(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("does the yearly plan include support?", "en"),
    ("can I get support for an old version?", "en"),
    ("how long is support given after I buy?", "en"),
    ("התמיכה כלולה במסלול הבסיסי?", "he"),
])
def test_support_in_a_question_stays_a_question(text: str, lang: str) -> None:
    assert intent(text, lang) != "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("I want to talk to one of the tech support folks about my campaign", "en"),
    ("could I speak with any of your support agents, the import fails", "en"),
    ("Нужно поговорить с кем-то из ваших сотрудников техподдержки", "ru"),
])
def test_one_of_a_group_is_the_person(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("just asking - if I open a call and the tech has not started, can I still cancel it?", "en"),
    ("if I book a visit and the technician is late, do I pay for it?", "en"),
])
def test_a_task_word_after_a_determiner_is_a_thing(text: str, lang: str) -> None:
    assert intent(text, lang) != "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("Сайт не открывается, срочно", "ru"),
    ("urgent, the checkout page is down", "en"),
    ("דחוף, החנות באתר קרסה", "he"),
])
def test_an_urgent_fault_asks_for_a_person(text: str, lang: str) -> None:
    assert intent(text, lang, ()) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("if the site is down at night, is an urgent fix paid?", "en"),
    ("сайт упал ночью, срочные работы платные?", "ru"),
    ("the site was down yesterday, works now", "en"),
])
def test_a_fault_asked_about_or_not_urgent_is_no_request(text: str, lang: str) -> None:
    assert intent(text, lang, ()) != "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("Буду очень благодарен, если кто-нибудь из ваших посмотрит настройки", "ru"),
    ("I'd be very grateful if someone could check my settings", "en"),
    ("אודה לכם אם מישהו יבדוק את ההגדרות", "he"),
    ("מישהו פנוי לעזור לי? אני תקועה עם זה כבר שעתיים", "he"),
    ("if one of your techs has a minute, the printer is offline", "en"),
])
def test_gratitude_ahead_and_time_waited_still_ask(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("could you put our plan on hold for a month?", "en", "freeze_request"),
    ("תוכלו להקפיא לנו את המנוי לחודש?", "he", "freeze_request"),
    ("можете заморозить нашу подписку на месяц?", "ru", "freeze_request"),
    ("please end our contract with you, we are moving on", "en", "cancel_subscription"),
    ("ok then just cancel it", "en", "cancel_subscription"),
])
def test_a_plural_business_and_the_bare_imperative_act(text: str, lang: str, expected: str) -> None:
    assert intent(text, lang, ()) == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("can we freeze an annual plan?", "en"),
    ("Просто уточняю, ничего не отменяю: если перестанем платить, что будет?", "ru"),
    ("how do we cancel our contract?", "en"),
])
def test_questions_about_the_rule_start_no_action(text: str, lang: str) -> None:
    assert intent(text, lang, ()) not in ("freeze_request", "cancel_subscription", "refund_request")


@pytest.mark.parametrize(("text", "lang"), [
    ("I would like some help, the app keeps freezing", "en"),
    ("please help, the program freezes every time I send", "en"),
])
def test_the_program_freezing_is_no_freeze_request(text: str, lang: str) -> None:
    assert intent(text, lang, ()) != "freeze_request"


def test_a_freeze_asked_for_is_still_one() -> None:
    assert intent("please freeze my plan for two months", "en", ()) == "freeze_request"
