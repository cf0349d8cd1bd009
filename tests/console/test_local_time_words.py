"""Times are told in the planner's words: the campaign report showed "(Asia/Jerusalem)", the compose form
"Times are in Asia/Jerusalem." and the quiet-hours notice "2026-12-02 08:00" (an ISO date). They now say
the local time and the zone in the page's language ("02.12.2026 08:00, שעון ישראל")."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from bot.console.local_time import local_moment, zone_words
from tests.console.test_pages import create_event, import_guests, schedule_invitation


def test_the_zone_and_the_moment_in_three_languages() -> None:
    israel = ZoneInfo("Asia/Jerusalem")
    at = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
    assert local_moment(at, israel, "he") == "02.12.2026 08:00, שעון ישראל"
    assert local_moment(at, israel, "en") == "02.12.2026 08:00, Israel time"
    assert "израильское" in local_moment(at, israel, "ru")
    assert zone_words(ZoneInfo("Europe/Moscow"), "en") == "Moscow time"
    assert zone_words(ZoneInfo("America/New_York"), "en") == "America/New_York"  # a zone we have no words for


def test_the_pages_never_show_the_zone_id_or_an_iso_date(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    quiet = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": "invitation", "channel": "sms", "template": "", "date": "2026-12-01", "time": "23:30"})
    assert quiet.status_code == 422
    assert "02.12.2026 08:00, שעון ישראל" in quiet.text and "2026-12-02 08:00" not in quiet.text
    assert "Asia/Jerusalem" not in quiet.text
    report = client.get(schedule_invitation(client, token, event_id))
    assert "01.12.2026 11:00, שעון ישראל" in report.text and "Asia/Jerusalem" not in report.text
    client.get("/app/lang/ru?back=/app/events")
    page = client.get(f"/app/events/{event_id}/campaigns").text
    assert "израильское время" in page and "Asia/Jerusalem" not in page
