"""A campaign's state reason reaches the page in the reader's language: a cancelled invitation's Hebrew
page said 'cancelled by the owner' (the scheduler's English sentence for logs and the API)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from bot.console.i18n import text
from bot.console.state_reasons import reason_words
from tests.console.test_pages import create_event, import_guests

TZ = ZoneInfo("Asia/Jerusalem")


@pytest.mark.parametrize("lang", ["he", "ru", "en"])
def test_every_stored_shape_has_words(lang: str) -> None:
    shapes = ["cancelled by the owner", "cancelled by the owner while sending", "paused by the owner",
              "event already started", "SMS balance ran out",
              "missed: the service was down at the send time and it is now more than 2:00:00 later; schedule it again",
              "deferred to 2026-11-28T18:00:00+00:00: quiet hours (shabbat)",
              "deferred to 2026-11-24T09:01:00+00:00: the provider is unreachable or throttling"]
    for shape in shapes:
        words = reason_words(shape, TZ, lang)
        assert words and words != shape, shape
    assert "28.11.2026 20:00" in reason_words(shapes[6], TZ, lang)
    assert reason_words(None, TZ, lang) == ""
    assert reason_words("something new", TZ, lang) == "something new"


def test_a_cancelled_round_says_so_in_hebrew(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    report = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": "invitation", "channel": "sms", "template": "", "date": "2026-11-24", "time": "11:00"})
    page = client.post(str(report.url).removeprefix("http://testserver") + "/cancel", data={"csrf": token}).text
    assert text("state_reason.cancelled", "he") in page
    assert "cancelled by the owner" not in page
