"""Understanding what a message wants: every example of issue 12, in Hebrew, English and Russian.

The word lists are the first layer, the example sets of handlers/understanding/examples/ the second;
these tests go through `classify_intent`, the one entry point, with the turn's context given the
way the pipeline gives it (open ticket, the workspace's own person words).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from handlers.intents import classify_intent, is_thanks
from handlers.understanding.learned import EXAMPLES_DIR, load_examples, score_intents

REMOTE_SUPPORT_WORDS = load_workspaces(ROOT / "workspaces").by_slug("remote-support").understanding.all_person_words()


def intent(text: str, **context: object) -> str:
    return classify_intent(text, "he", **context).intent  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "תפסיקו לשלוח לי הודעות",
        "תורידו אותי מהרשימה",
        "אני לא רוצה לקבל יותר הודעות, תודה",
        "אל תשלחו לי יותר הודעות למספר הזה",
        "больше не пишите мне",
        "Отпишите меня от рассылки",
        "уберите мой номер из рассылки, пожалуйста",
        "remove me from your list",
        "pls stop texting me",
        "I never signed up, take me off your list",
        "stop sending me these messages",
    ],
)
def test_opt_out_said_in_a_sentence(text: str) -> None:
    assert intent(text) == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "how do I stop auto-renewal?",
        "stop, I meant the other one",
        "stop charging my card twice",
        "איך מסירים אורח מהרשימה?",
        "как отписать гостя от рассылки?",
        "how do I remove a guest from the list?",
        "תפסיקו לחייב לי את הכרטיס כל חודש",
    ],
)
def test_no_false_opt_out(text: str) -> None:
    assert intent(text) != "opt_out"


@pytest.mark.parametrize(
    "text",
    ["אתם נוכלים מזדיינים", "пошли нахрен, мошенники", "идите нахер, бездари", "you scammers", "שירות זבל, מניאקים"],
)
def test_insults(text: str) -> None:
    assert intent(text) == "abuse"


def test_an_insult_with_a_request_for_a_person_is_never_faq() -> None:
    assert intent("בוט מטומטם, תן לי בנאדם") in ("abuse", "human")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cancel my subscription", "cancel_subscription"),
        ("how do I cancel?", "faq"),
        ("איך מבטלים מנוי?", "faq"),
        ("אני רוצה לבטל את המנוי", "cancel_subscription"),
        ("как отменить подписку?", "faq"),
        ("отмените мою подписку", "cancel_subscription"),
        ("תפסיקו לחייב לי את הכרטיס כל חודש", "cancel_subscription"),
        ("please stop charging my card every month", "cancel_subscription"),
        ("תשימו לי את המנוי על הולד", "freeze_request"),
        ("Не хочу больше продлевать обслуживание, отключите автопродление", "cancel_subscription"),
        ("מה המסלול שלי ועד מתי הוא בתוקף?", "subscription_status"),
        ("какой у меня сейчас тариф?", "subscription_status"),
        ("what plans do you have?", "faq"),
        ("how do I stop auto-renewal?", "faq"),
        # session 12: "can I freeze my plan?" of one's own plan asks for the freeze (the answer gives the plan's rule)
        ("can I freeze my plan while abroad?", "freeze_request"),
        ("can a plan be frozen while abroad?", "faq"),
    ],
)
def test_requests_and_questions_about_the_rule(text: str, expected: str) -> None:
    assert intent(text) == expected


@pytest.mark.parametrize(
    "text",
    ["רגע, הסתדרתי לבד. תבטלו את הקריאה", "never mind, I fixed it myself. cancel the ticket",
     "отмените заявку, я сам разобрался"],
)
def test_cancelling_the_service_call_closes_the_ticket_not_the_account(text: str) -> None:
    assert intent(text, has_open_ticket=True) == "ticket_close"
    assert intent(text) != "cancel_subscription"


@pytest.mark.parametrize(
    "text",
    ["המחשב לא נדלק, אני צריך טכנאי עכשיו", "I need one of your technicians asap", "Можно мастера на удалёнку?"],
)
def test_a_person_in_the_business_s_own_words(text: str) -> None:
    assert intent(text, person_words=REMOTE_SUPPORT_WORDS) == "human"
    assert intent(text) != "human"  # a business that does not list the word


@pytest.mark.parametrize(
    "text",
    ["Срочно нужен специалист, форма на сайте не работает", "נציג בבקשה, דחוף, החתונה מחר",
     "the printer died again, can I talk to someone please"],
)
def test_a_person_asked_for_inside_a_longer_message(text: str) -> None:
    assert intent(text) == "human"


@pytest.mark.parametrize(
    "text",
    ["צריך לעשות גיבוי לפני שהטכנאי מתחבר למחשב?", "נתתי לכם סיסמת מנהל, להחליף אותה אחרי?",
     "when can I talk to a human?"],
)
def test_a_person_named_in_a_question_is_no_request(text: str) -> None:
    assert intent(text, person_words=REMOTE_SUPPORT_WORDS) == "faq"


@pytest.mark.parametrize(
    "text", ["מה הסטטוס?", "יש עדכון?", "מתי תחזרו אליי?", "any update?", "есть новости?", "когда мне ответят?"]
)
def test_ticket_status_only_while_a_ticket_is_open(text: str) -> None:
    assert intent(text, has_open_ticket=True) == "ticket_status"
    assert intent(text) == "faq"


@pytest.mark.parametrize(
    "text", ["נו?", "מישהו שם?", "still nothing?", "how much longer?", "ну что?", "когда мастер подключится?"]
)
def test_short_nudges_ask_about_the_open_ticket(text: str) -> None:
    assert intent(text, has_open_ticket=True, person_words=REMOTE_SUPPORT_WORDS) == "ticket_status"
    assert intent(text, person_words=REMOTE_SUPPORT_WORDS) != "ticket_status"


@pytest.mark.parametrize(
    "text", ["how fast do you usually answer?", "как быстро вы обычно отвечаете?", "כמה מהר אתם עונים בדרך כלל?"]
)
def test_how_fast_do_you_answer_is_a_question_even_with_a_ticket(text: str) -> None:
    assert intent(text) == "faq"
    assert intent(text, has_open_ticket=True) == "faq"


@pytest.mark.parametrize(
    "text", ["תודה רבה!", "спасибо", "thanks!", "great, thanks a lot", "ok תודה", "спасибо большое"]
)
def test_thanks(text: str) -> None:
    assert is_thanks(text)
    assert intent(text) == "greeting"


@pytest.mark.parametrize(
    "text", ["thanks for the quick answer", "תודה, זה עזר מאוד!", "спасибо за быстрый ответ", "Ok thank you 🙏"]
)
def test_thanks_with_a_few_words_more(text: str) -> None:
    assert is_thanks(text) and intent(text) == "greeting"


@pytest.mark.parametrize(
    "text",
    ["hello", "ok", "שלום", "thanks, and how do I cancel?", "спасибо, а сколько стоит?",
     "thanks, but it still does not work", "תודה אבל זה עדיין לא עובד", "спасибо, но не помогло"],
)
def test_not_only_thanks(text: str) -> None:
    assert not is_thanks(text)


def test_every_intent_has_examples_in_every_language() -> None:
    kb = load_examples()
    assert {"opt_out", "human", "ticket_status", "ticket_close", "subscription_status", "cancel_subscription",
            "freeze_request", "refund_request", "question"} <= set(kb.topics)
    for topic in kb.topics.values():
        for lang in ("he", "en", "ru"):
            assert len(topic.examples.get(lang)) >= 7, (topic.id, lang)


def test_an_example_file_without_a_language_is_refused(tmp_path: Path) -> None:
    (tmp_path / "human.yaml").write_text(yaml.safe_dump({"he": ["נציג"], "en": ["agent"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="no examples for ru"):
        load_examples(tmp_path)


def test_learned_scores_find_the_intent_of_an_unseen_phrasing() -> None:
    guess = score_intents("please quit texting my number", "en")
    assert guess is not None and guess.intent == "opt_out"
    assert (EXAMPLES_DIR / "opt_out.yaml").is_file()
