"""The sending phrase about something other than the writer's own messages is no opt-out: mail moved
from an old address to a new one, a person sent, or messages to other people (issue 12). Each is read
in the phrase's own clause, so a real opt-out beside such words still opts out (the law)."""

import pytest

from handlers.intents import classify_intent


@pytest.mark.parametrize("text, lang", [
    ("please stop mailing the receipts to my previous email address, I put a new one in my profile", "en"),
    ("no need, stop sending the tech over, the printer prints again", "en"),
    ("stop sending the reminders to our guests, I'll call them myself", "en"),
    ("תפסיקו לשלוח את הקבלות לדואר הישן, עדכנתי כתובת חדשה", "he"),
    ("תפסיקו לשלוח את הטכנאי, הכול חזר לעבוד", "he"),
    ("תפסיקו לשלוח תזכורות לאורחים שלי, אני אטפל בזה", "he"),
    ("не шлите отчёты на прежнюю почту, адрес поменялся", "ru"),
    ("не присылайте мастера, всё само заработало", "ru"),
    ("перестаньте слать напоминания моим гостям, я сама им позвоню", "ru"),
])
def test_not_my_messages_is_no_opt_out(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent != "opt_out"


@pytest.mark.parametrize("text, lang", [
    ("stop texting me, and my old email is dead too", "en"),
    ("stop sending messages, we are not your guests", "en"),
    ("stop sending messages to me and to my guests", "en"),
    ("dont send me anything anymore", "en"),
    ("תפסיקו לשלוח לי הודעות, וגם לאורחים שלי", "he"),
    ("אל תשלחו לי שום דבר, לא למייל הישן ולא לשום מקום", "he"),
    ("не шлите мне больше ничего на старую почту и вообще никуда", "ru"),
    ("не надо мне больше писать", "ru"),
    ("не шлите мне сообщения", "ru"),
])
def test_own_messages_still_opt_out(text: str, lang: str) -> None:
    assert classify_intent(text, lang).intent == "opt_out"
