"""Round-9 reading of a person asked for (issue 12): someone asked softly to do a task, whether a person
is there now, the business asked to look, and the questions that must stay questions (hours, scope, a
task not done, a question besides the task). Own wordings; the stories show the same in the pipeline."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent

DEV = ("developer", "designer", "מפתח", "מעצב", "разработчик", "дизайнер")


def intent(text: str, lang: str, person_words: tuple[str, ...] = DEV) -> str:
    return classify_intent(text, lang, person_words=person_words).intent  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("the invoices page is blank, could someone from your side look into it?", "en"),
    ("if somebody has five minutes to go over my settings I'd appreciate it", "en"),
    ("would be great if someone gave me a call when you're back", "en"),
    ("הכפתור לא עובד, מישהו מהצוות יכול להציץ?", "he"),
    ("אם מישהו יכול לחזור אליי מחר זה יהיה נהדר", "he"),
    ("Было бы здорово, если бы кто-то из ваших проверил форму", "ru"),
    ("Можно, чтобы мне перезвонили завтра?", "ru"),
    ("Пусть со мной свяжутся, когда будете на месте", "ru"),
])
def test_someone_asked_softly_to_act(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("anyone from support online? the export fails", "en"),
    ("יש נציג פנוי עכשיו?", "he"),
    ("Кто-нибудь из поддержки на месте?", "ru"),
])
def test_someone_there_now_asks_for_one(text: str, lang: str) -> None:
    assert intent(text, lang) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("could you take a look at why the campaign stopped?", "en"),
    ("Не могли бы вы проверить, что случилось с рассылкой?", "ru"),
    ("תוכלו לבדוק למה ההודעות לא יוצאות?", "he"),
])
def test_the_business_asked_to_look(text: str, lang: str) -> None:
    assert intent(text, lang, ()) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("is anyone available at weekends?", "en"),
    ("יש נציגים זמינים בסופי שבוע?", "he"),
    ("Сотрудники доступны по выходным?", "ru"),
    ("if the developer fixes it in an hour, how much do I pay?", "en"),
    ("your developer couldn't fix the form and you billed me anyway, I want a refund", "en"),
    ("המפתח לא הצליח לתקן ובכל זאת חייבו אותי, אני רוצה את הכסף בחזרה", "he"),
    ("will the designer see my admin password?", "en"),
    ("can you help me install it on my Mac?", "en"),
    ("Вы почините сайт, если его правил другой разработчик?", "ru"),
    ("can I still cancel my call if the tech hasn't started?", "en"),
    ("хочу перейти на тариф, где отвечает живой специалист", "ru"),
    ("Всё, сам починил", "ru"),
])
def test_questions_and_complaints_ask_for_nobody(text: str, lang: str) -> None:
    assert intent(text, lang) != "human"


def test_a_task_not_done_leaves_the_refund_asked() -> None:
    assert intent("your developer couldn't fix the form and you billed me anyway, I want a refund", "en") \
        == "refund_request"


@pytest.mark.parametrize(("text", "lang"), [
    ("У меня Pro помесячно, можно её приостановить?", "ru"),
    ("if I stop paying do I lose access at once? not cancelling, just want to understand", "en"),
    ("יש אפשרות להקפיא את המנוי לחודש? אני בחו\"ל", "he"),
    ("Есть ли возможность заморозить подписку? Я уезжаю", "ru"),
])
def test_the_rule_asked_is_no_action(text: str, lang: str) -> None:
    assert intent(text, lang, ()) == "faq"


def test_a_glued_prefix_is_no_insult() -> None:
    assert intent("נציג בבקשה, יש טעות בשמות של האורחים", "he", ()) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("אפשר להקפיא את המנוי לחודשיים? אני נוסעת לחו\"ל", "he"),
    ("Можно заморозить подписку на месяц? Я уезжаю в отпуск", "ru"),
])
def test_the_rule_asked_then_the_own_reason_is_a_request(text: str, lang: str) -> None:
    assert intent(text, lang, ()) == "freeze_request"
