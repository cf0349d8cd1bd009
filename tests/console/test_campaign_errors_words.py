"""A refused campaign is explained in the console's language: the Hebrew page showed the scheduler's
English sentence ("no messages may go out at 2026-12-12T11:00:00+02:00 (shabbat); the next allowed time
is ...") above the Hebrew notice, and a past date, a time after the event or a broken {{ field }} were
English too. The console words them (bot/console/campaign_errors.py); the API keeps the English."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.console.test_pages import create_event, import_guests


def _schedule(client: TestClient, token: str, event_id: int, **form: str) -> str:
    data = {"csrf": token, "kind": "invitation", "channel": "sms", "template": "", "date": "2026-11-24",
            "time": "11:00", **form}
    answer = client.post(f"/app/events/{event_id}/campaigns", data=data, follow_redirects=False)
    assert answer.status_code == 422, answer.text[:500]
    found = re.search(r'id="schedule-error">([^<]*)<', answer.text)
    assert found, answer.text[:3000]
    return found.group(1)


def test_refusals_are_in_hebrew(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)  # 2027-03-12 19:30
    import_guests(client, token, event_id)
    shabbat = _schedule(client, token, event_id, date="2026-11-28")
    assert "שבת" in shabbat and "no messages" not in shabbat and "2026-11-28T" not in shabbat
    assert "עבר" in _schedule(client, token, event_id, date="2026-01-01")
    assert "לפני האירוע" in _schedule(client, token, event_id, date="2027-04-01")
    assert "תאריך" in _schedule(client, token, event_id, date="31.12.2026")
    unknown = _schedule(client, token, event_id, template="שלום {{ nme }}")
    assert "nme" in unknown and "unknown variable" not in unknown
    assert re.search("[א-ת]", _schedule(client, token, event_id, template="שלום {{ name ")) is not None


def test_refusals_in_russian_and_english(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    client.get("/app/lang/ru?back=/app/events")
    assert "шаббат" in _schedule(client, token, event_id, date="2026-11-28").lower()
    client.get("/app/lang/en?back=/app/events")
    night = _schedule(client, token, event_id, time="23:30")
    assert "night" in night and "T23:30" not in night
