"""After inviting a co-host the owner is told what happens next: no message goes to the co-host, so the page
says so and shows the console's login address to pass on. The page used to come back with the name in a
list and nothing else; the owner waited for the co-host to 'get the invitation' that never comes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.test_pages import create_event


def test_inviting_a_cohost_says_how_they_get_in(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    answer = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": "052-200-0002",
                                                                  "name": "Yoav"})
    assert answer.status_code == 200
    assert str(answer.url).endswith(f"/app/events/{event_id}/edit?saved=cohost#cohosts")
    assert 'id="cohost-invited"' in answer.text
    assert text("events.cohost_invited", "he") in answer.text
    assert "/app/login</span>" in answer.text
    assert 'id="cohost-invited"' not in client.get(f"/app/events/{event_id}/edit").text
