"""A new event's guest list says it has no guests yet and how to add them, not 'no guests match the
search' (the planner searched nothing: the first visit read as if the list had been filtered away)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.test_pages import create_event


def test_an_empty_guest_list_says_how_to_fill_it(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    page = client.get(f"/app/events/{event_id}/guests").text
    assert text("guests.empty", "he") in page
    assert text("guests.none", "he") not in page
    searched = client.get(f"/app/events/{event_id}/guests", params={"q": "nobody"}).text
    assert text("guests.none", "he") in searched
    assert text("guests.empty", "he") not in searched
