"""Round 12, helper A: insults said of the business's people, and of the writer (own wording)."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent


@pytest.mark.parametrize(("text", "lang"), [
    ("ваш менеджер — круглый дурак, опять всё забыл", "ru"),
    ("Поддержка у вас — сплошные аферисты", "ru"),
    ("Программисты ваши — неумехи, сайт опять лежит", "ru"),
    ("שבועיים אין מענה, בטלנים אחד אחד", "he"),
    ("מתכנתים של שתי אגורות, האתר שוב נפל", "he"),
    ("כנופיה של רמאים, חייבתם אותי פעמיים", "he"),
    ("bunch of crooks, you billed me for nothing", "en"),
    ("your support team are clueless amateurs", "en"),
])
def test_names_for_the_business_people_are_abuse(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "abuse"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("please fix the guest list before I look like an idiot in front of everyone", "en"),
    ("I'm such an idiot, I booked the wrong date", "en"),
    ("я полная дура, выбрала не тот тариф", "ru"),
    ("אני מרגישה כמו מטומטמת, שילמתי פעמיים", "he"),
    ("קיבלתי חיוב של שלוש אגורות, מה זה?", "he"),
    ("my email got hacked by a bunch of scammers last week, is my account safe?", "en"),
])
def test_the_writer_or_a_sum_is_no_abuse(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "abuse"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("what is going on with my service call? I have waited all morning", "en"),
    ("did anybody read the complaint I sent you last week?", "en"),
    ("אתם בכלל קראתם את הבקשה ששלחתי ביום שני?", "he"),
    ("שלחתי בקשת החזר לפני שבוע, זה בטיפול?", "he"),
    ("ביקשתי להוסיף משתמש, זה כבר טופל?", "he"),
    ("למה הפנייה שלי נסגרה? אף אחד לא טיפל בה", "he"),
    ("кто-нибудь вообще читал мою заявку?", "ru"),
    ("Я просила оформить перенос даты. Что с ним?", "ru"),
])
def test_a_request_of_ones_own_asked_after_is_ticket_status(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "ticket_status"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("למה הקריאה נסגרה אוטומטית אחרי יומיים?", "he"),
    ("בכלל תוך כמה זמן אתם עונים לקריאה?", "he"),
])
def test_ticket_rules_stay_questions(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "ticket_status"  # type: ignore[arg-type]


def _persons(workspace: str, lang: str) -> tuple[str, ...]:
    import yaml

    from handlers.intents import INTENTS_FILE

    raw = yaml.safe_load((INTENTS_FILE.parents[1] / "workspaces" / f"{workspace}.yaml").read_text(encoding="utf-8"))
    return tuple(raw["understanding"]["person_words"][lang])


@pytest.mark.parametrize(("text", "lang", "workspace"), [
    ("great, then let's do it on Monday. who can log in and install it for me?", "en", "web-agency"),
    ("слушай, нам бы чувака из саппорта, сайт не грузится", "ru", "web-agency"),
    ("המחשב לא נדלק מאז הבוקר, תוכלו לחבר לי טכנאי?", "he", "remote-support"),
    ("been waiting all day. would be great if a real person got back to us about the invoice", "en", "saas-billing"),
    ("הנהלת החשבונות עובדת היום? אני צריך לדבר איתם על חשבונית", "he", "saas-billing"),
    ("hey can the dev update the menu, it overlaps the logo", "en", "web-agency"),
    ("הטופס באתר לא שולח כלום. יש מי שיכול לבדוק את זה היום?", "he", "web-agency"),
    ("האתר איטי מאוד מאתמול, תעבירו אותי לתמיכה בבקשה", "he", "web-agency"),
])
def test_a_person_asked_for_indirectly_is_human(text: str, lang: str, workspace: str) -> None:
    assert classify_intent(text, lang, person_words=_persons(workspace, lang)).intent == "human"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("who can see my files during a remote session?", "en"),
    ("מי יכול לערוך את האתר אחרי ההשקה?", "he"),
    ("is the dev environment included in the price?", "en"),
])
def test_who_can_as_a_question_stays_one(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "human"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("billed for an hour though the tech was on for 35 minutes, I want the difference back", "en"),
    ("חייבו אותי על שעה במקום חצי שעה, תבדקו ותחזירו לי את ההפרש", "he"),
    ("ну тогда отменяйте и верните оплату за этот месяц", "ru"),
    ("списали лишнее, хочу разницу обратно", "ru"),
])
def test_money_wanted_back_is_a_refund(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "refund_request"  # type: ignore[arg-type]


def test_an_action_called_off_still_drops_it() -> None:
    assert classify_intent("возврат отменяется, просто заморозьте на месяц", "ru").intent == "freeze_request"
