"""A message that must go before the event, asked for in quiet hours whose end is after the event (an
'on the way' message on the Friday afternoon of a Friday-evening wedding), is refused without offering
the next allowed time: the form used to fill in Saturday 20:00, after the wedding, and then refused that
too ('goes out before the event'), a loop with no way forward. An earlier quiet time still offers it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.test_pages import create_event


def _schedule(client: TestClient, token: str, event_id: int, kind: str, day: str, clock: str) -> str:
    answer = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": kind, "channel": "sms", "template": "", "date": day, "time": clock})
    assert answer.status_code == 422, answer.text
    return answer.text


def test_no_next_time_is_offered_after_the_event(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)  # Friday 12.03.2027 19:30
    page = _schedule(client, token, event_id, "on_the_way", "2027-03-12", "17:00")
    assert text("campaigns.no_time_before_event", "he") in page
    assert 'value="2027-03-13"' not in page
    assert text("campaigns.next_allowed", "he", at="").split(":")[0] not in page


def test_a_next_time_before_the_event_is_still_offered(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    page = _schedule(client, token, event_id, "invitation", "2026-11-28", "11:00")  # a Saturday
    assert 'value="2026-11-28"' in page and 'value="20:00"' in page
    assert text("campaigns.no_time_before_event", "he") not in page
