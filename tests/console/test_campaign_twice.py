"""The same invitation could be scheduled twice: once by SMS and once by WhatsApp for the same round (or
by SMS twice, a double click on two tabs), and both went out at the same moment to the same guests. A
planner expects the second to be refused with the first one named (its channel and time), so they can
cancel or move it; a reminder on another day and a resend follow-up stay allowed."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.console.test_pages import create_event, import_guests, schedule_invitation


def _schedule(client: TestClient, token: str, event_id: int, **form: str):  # noqa: ANN202
    data = {"csrf": token, "kind": "invitation", "channel": "whatsapp", "template": "", "date": "2026-12-01",
            "time": "11:30", **form}
    return client.post(f"/app/events/{event_id}/campaigns", data=data, follow_redirects=False)


def _error(html: str) -> str:
    found = re.search(r'id="schedule-error">([^<]*)<', html)
    assert found, html[:3000]
    return found.group(1)


def test_a_second_invitation_for_the_same_round_is_refused_naming_the_first(
        logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    first = schedule_invitation(client, token, event_id)  # SMS, 1 Dec 2026 11:00
    first_id = first.rsplit("/", 1)[1]
    answer = _schedule(client, token, event_id)
    assert answer.status_code == 409, answer.text[:500]
    words = _error(answer.text)
    assert "SMS" in words and "01.12.2026 11:00" in words and f"#{first_id}" in words and "הזמנה" in words, words
    client.get("/app/lang/ru?back=/app/events")
    assert "уже" in _error(_schedule(client, token, event_id, channel="sms", time="18:00").text)
    listing = client.get(f"/app/events/{event_id}/campaigns").text
    assert listing.count("/campaigns/") - listing.count(f"/campaigns/{first_id}") < 3  # nothing new listed


def test_another_kind_or_another_week_is_allowed(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    schedule_invitation(client, token, event_id)
    assert _schedule(client, token, event_id, kind="reminder", channel="sms").status_code == 303
    assert _schedule(client, token, event_id, channel="sms", date="2026-12-15").status_code == 303
