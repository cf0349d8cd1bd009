"""A console link with a parameter of the wrong type (`/app/events/abc`, `?page=0`, a search of more than
100 characters typed without JavaScript) answers the console's own error page in the person's language,
not FastAPI's JSON (`{"detail":[{"type":"int_parsing",...}]}`) on a phone. The API keeps its JSON."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.console.test_pages import create_event


@pytest.mark.parametrize("path", ["/app/events/abc", "/app/events/{id}/guests?page=0",
                                  "/app/events/{id}/guests?page=abc", "/app/events/{id}/guests?q=" + "a" * 101])
def test_a_malformed_link_gets_the_error_page(logged_in: tuple[TestClient, str], path: str) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    answer = client.get(path.format(id=event_id))
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert "חלק מהפרטים לא תקינים" in answer.text and "int_parsing" not in answer.text


def test_the_search_box_stops_at_the_length_the_page_reads(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    assert 'maxlength="100"' in client.get(f"/app/events/{event_id}/guests").text


def test_the_api_keeps_json(client: TestClient) -> None:
    answer = client.get("/api/workspaces/event-rsvp/events/abc", headers={"Authorization": "Bearer x"})
    assert answer.headers["content-type"].startswith("application/json")
