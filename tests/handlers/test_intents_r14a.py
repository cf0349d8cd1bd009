"""Session-12 reading (tuner A, after the tenth blind set): names for the business's people said as "useless",
"pathetic", "brain dead" or a gang after "your"; a request's status asked by its number or as asked for before; why
a ticket closed by itself and what to check before opening one (rules); a person needed when the customer is out of
ideas, the fault cannot wait, or someone is asked to get in remotely; "can I freeze it?" of one's own plan; a call
declined and work asked whether included (questions); refunds and cancellations said indirectly. Own wordings; each
with what must stay as it was."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent, needs_a_person, person_beside_insult

TECH = ("technician", "tech", "טכנאי", "мастер", "техник")
DEV = ("developer", "programmer", "מפתח", "разработчик", "программист")
BILLING = ("billing team", "finance team", "מחלקת הכספים", "бухгалтерия", "финансовый отдел")


def intent(text: str, lang: str, *, ticket: bool = False, person_words: tuple[str, ...] = TECH) -> str:
    return classify_intent(text, lang, has_open_ticket=ticket,  # type: ignore[arg-type]
                           person_words=person_words).intent


@pytest.mark.parametrize(("text", "lang"), [
    ("honestly your support guys are useless and the app is garbage", "en"),
    ("this chatbot of yours is completely brain-dead", "en"),
    ("what a useless piece of junk your program is", "en"),
    ("ваши программисты рукожопые, всё опять падает", "ru"),
    ("ваш отдел продаж — сборище жуликов", "ru"),
    ("אתם פשוט עלובים, שום דבר לא עובד", "he"),
])
def test_names_for_the_business_without_a_request_are_abuse(text: str, lang: str) -> None:
    assert intent(text, lang, person_words=DEV) == "abuse"
    assert not person_beside_insult(text, lang, DEV)


@pytest.mark.parametrize(("text", "lang"), [
    ("is the old version useless now?", "en"),  # asked, of a thing
    ("у меня бесполезные контакты в списке, как их удалить?", "ru"),
    ("I can't wait to try the new version", "en"),
])
def test_useless_and_waiting_said_of_other_things_stay(text: str, lang: str) -> None:
    assert intent(text, lang) != "abuse"
    assert intent(text, lang) != "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("your support people are useless, put me through to a manager", "en"),
])
def test_an_insult_with_an_explicit_request_still_hands_over(text: str, lang: str) -> None:
    assert intent(text, lang) == "abuse"
    assert person_beside_insult(text, lang, TECH)


@pytest.mark.parametrize(("text", "lang"), [
    ("case 5512 - did anybody pick it up?", "en"),
    ("what's up with ticket 3381? nobody wrote back", "en"),
    ("מה המצב עם קריאה 3310?", "he"),
    ("я позавчера просила перенести показ, это уже сделали?", "ru"),
    ("неделю назад просил возврат, его одобрили?", "ru"),
])
def test_status_of_a_request_named_by_number_or_asked_before(text: str, lang: str) -> None:
    assert intent(text, lang) == "ticket_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("charged me for the visit and nothing got resolved, refund me", "en"),
    ("деньги за выезд списали, а ничего так и не решили. верните", "ru"),
])
def test_a_refund_demanded_over_an_unsolved_call_is_no_status(text: str, lang: str) -> None:
    assert intent(text, lang) == "refund_request"


@pytest.mark.parametrize(("text", "lang"), [
    ("the support request shut on its own?? what", "en"),
    ("my ticket was closed automatically, why", "en"),
    ("заявку закрыли, потому что я не ответил два дня?", "ru"),
    ("הפנייה שלי נסגרה מעצמה", "he"),
    ("before I submit a ticket, anything I should try myself?", "en"),
    ("перед тем как создать заявку, что стоит проверить?", "ru"),
])
def test_rules_of_tickets_stay_questions(text: str, lang: str) -> None:
    assert intent(text, lang) == "faq"


@pytest.mark.parametrize(("text", "lang", "words"), [
    ("pc keeps showing a BSOD and I'm out of ideas", "en", TECH),
    ("ноут показывает синий экран, уже всё перепробовал", "ru", TECH),
    ("המחשב נתקע כל הזמן, ניסיתי הכל", "he", TECH),
    ("checkout is down since the morning and the sale starts tonight, this cannot wait", "en", DEV),
    ("магазин недоступен с утра, сделайте что-то, пожалуйста", "ru", DEV),
    ("why is no technician answering? I need help", "en", TECH),
    ("почему не могу дозвониться до мастера? нужна помощь", "ru", TECH),
    ("if a tech could access it remotely that would save me", "en", TECH),
    ("если бы мастер зашел удаленно, это бы меня спасло", "ru", TECH),
    ("hand me a programmer right now", "en", DEV),
    ("we need the company name changed on invoices, is this for your billing team?", "en", BILLING),
    ("надо сменить реквизиты, это к вашей бухгалтерии?", "ru", BILLING),
])
def test_a_person_needed(text: str, lang: str, words: tuple[str, ...]) -> None:
    assert intent(text, lang, person_words=words) == "human"


@pytest.mark.parametrize(("text", "lang"), [
    ("can your technician work remotely?", "en"),
    ("does the technician help with printers? I need help with mine.", "en"),
])
def test_a_person_as_the_subject_of_a_question_stays(text: str, lang: str) -> None:
    assert intent(text, lang) == "faq"


@pytest.mark.parametrize(("text", "lang"), [
    ("could I pause my monthly plan for the summer?", "en"),
    ("is it possible to freeze our subscription?", "en"),
    ("המנוי שלי חודשי, אפשר להקפיא אותו?", "he"),
    ("можно заморозить нашу подписку на месяц?", "ru"),
])
def test_can_i_freeze_my_own_plan_asks_for_it(text: str, lang: str) -> None:
    assert intent(text, lang) == "freeze_request"


@pytest.mark.parametrize(("text", "lang"), [
    ("how much is the annual plan, and can I freeze it?", "en"),  # two questions
    ("if I go abroad could I freeze it?", "en"),  # a condition
    ("אפשר להקפיא מנוי שנתי?", "he"),  # no account of the customer's
])
def test_freeze_asked_as_a_rule_stays_a_question(text: str, lang: str) -> None:
    assert intent(text, lang) == "faq"


@pytest.mark.parametrize(("text", "lang"), [
    ("quick one, no need to ring me back - what does the yearly plan cost?", "en"),
    ("просто вопрос, перезванивать не надо: сколько стоит годовой тариф?", "ru"),
    ("שאלה קטנה, אין צורך שיחזרו אליי: כמה עולה המנוי השנתי?", "he"),
    ("can your developers set up a chatbot for me as part of my plan?", "en"),
    ("ваши ребята могут настроить мне рассылку в рамках поддержки?", "ru"),
])
def test_a_declined_call_or_an_included_question_asks_no_person(text: str, lang: str) -> None:
    assert intent(text, lang, person_words=DEV) == "faq"
    assert not needs_a_person(text, DEV)


@pytest.mark.parametrize(("text", "lang", "want"), [
    ("ладно, тогда возвращайте деньги, мероприятие отменяется", "ru", "refund_request"),
    ("I paid for the whole year and used two months. can I get what's left of the money back?", "en",
     "refund_request"),
    ("so can I get last month's charge back?", "en", "refund_request"),
    ("можно вчерашнее списание обратно?", "ru", "refund_request"),
    ("I have no use for it anymore and I don't want another charge next month", "en", "cancel_subscription"),
    ("אני כבר לא משתמשת בזה ולא רוצה שיירד לי עוד חיוב מהחודש הבא", "he", "cancel_subscription"),
    ("оформляйте закрытие моего аккаунта", "ru", "cancel_subscription"),
])
def test_refunds_and_cancellations_said_indirectly(text: str, lang: str, want: str) -> None:
    assert intent(text, lang) == want


@pytest.mark.parametrize(("text", "lang"), [
    ("can I get the money back on an annual plan?", "en"),
    ("can I get my money back if I cancel?", "en"),
    ("а закрытие аккаунта сколько стоит?", "ru"),
])
def test_refund_and_closing_rules_stay_questions(text: str, lang: str) -> None:
    assert intent(text, lang) == "faq"
