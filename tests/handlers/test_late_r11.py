"""Round-11 late reading of ticket rules (issue 12): with a ticket open, a question about how tickets are
opened or why they close is a question for the knowledge base, not the open ticket's status (whose reply
only says it is still open); the status asked plainly, and a close that has not come, stay the status.
Own wordings; tests/stories/understanding-r11-late.yaml shows the same through the pipeline."""

from __future__ import annotations

import pytest

from handlers.intents import classify_intent, lexicon


def intent(text: str, lang: str, *, ticket: bool) -> str:
    return classify_intent(text, lang, has_open_ticket=ticket).intent  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "lang"), [
    ("how can I open a ticket with you?", "en"),
    ("where do I submit a support ticket?", "en"),
    ("how to raise a ticket for another site?", "en"),
    ("איך אני פותחת קריאה חדשה?", "he"),
    ("איך בעצם פותחים פנייה?", "he"),
    ("а где создать новое обращение?", "ru"),
    ("как мне оформить заявку на доработку?", "ru"),
])
@pytest.mark.parametrize("ticket", [True, False])
def test_how_a_ticket_is_opened_is_a_question(text: str, lang: str, ticket: bool) -> None:
    assert intent(text, lang, ticket=ticket) == "faq"


@pytest.mark.parametrize(("text", "lang"), [
    ("wait, my ticket is closed?? why", "en"),
    ("why did you close my ticket?", "en"),
    ("how come the ticket got closed", "en"),
    ("למה הקריאה שלי נסגרה?", "he"),
    ("הפנייה נסגרה, מדוע?", "he"),
    ("почему тикет закрыт?", "ru"),
    ("зачем закрыли моё обращение?", "ru"),
])
@pytest.mark.parametrize("ticket", [True, False])
def test_why_tickets_close_is_a_question(text: str, lang: str, ticket: bool) -> None:
    assert intent(text, lang, ticket=ticket) == "faq"


@pytest.mark.parametrize(("text", "lang"), [
    ("what's the status of my ticket?", "en"),
    ("any news on my ticket?", "en"),
    ("is my ticket closed?", "en"),
    ("why is my ticket still not closed?", "en"),
    ("how long has my ticket been open?", "en"),
    ("מה הסטטוס של הקריאה?", "he"),
    ("הקריאה שלי נסגרה?", "he"),
    ("למה הקריאה עדיין לא נסגרה?", "he"),
    ("какой статус заявки?", "ru"),
    ("заявку уже закрыли?", "ru"),
    ("почему заявку до сих пор не закрыли?", "ru"),
])
def test_the_open_tickets_status_stays_its_status(text: str, lang: str) -> None:
    assert intent(text, lang, ticket=True) == "ticket_status"


@pytest.mark.parametrize(("text", "lang"), [
    ("please open a ticket, the form is broken", "en"),
    ("תפתחו לי קריאה, הטופס לא עובד", "he"),
    ("откройте заявку, форма не работает", "ru"),
])
def test_asked_to_open_a_ticket_is_still_a_person(text: str, lang: str) -> None:
    assert intent(text, lang, ticket=False) == "human"


def test_a_text_is_read_once_and_the_memory_stays_bounded() -> None:
    """The reading of a text is kept (a turn reads the same clause many times) and equals a fresh one;
    the memory never holds more than MAX_READS texts."""
    lex = lexicon()
    first = lex.read("how do I open a ticket?")
    assert lex.read("how do I open a ticket?") is first
    fresh = type(first)(tuple(w for w in first.words), tuple(lex.vocabulary.matches(w) for w in first.words))
    assert fresh == first
    for n in range(lex.MAX_READS + 5):
        lex.read(f"message number {n}")
    assert len(lex._reads) <= lex.MAX_READS
