"""The page as an invitation: the Hebrew date, Waze and Google Maps links, and an add-to-calendar file."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from icalendar import Calendar

from bot.core.models import Guest
from bot.services import Services
from tests.rsvp.test_page import guest, page  # noqa: F401 - the fixture

__all__ = ["guest"]


def test_page_shows_the_hebrew_date_and_map_links(client: TestClient, services: Services, guest: Guest) -> None:  # noqa: F811
    html = client.get(page(services, guest)).text
    assert "ג׳ אדר ב׳ תשפ״ז" in html  # 12.03.2027
    assert 'href="https://waze.com/ul?q=Example+Hall&amp;navigate=yes"' in html
    assert "google.com/maps/search/?api=1&amp;query=Example+Hall" in html
    assert f'href="{page(services, guest)}/event.ics"' in html


def test_the_calendar_entry_is_the_event(client: TestClient, services: Services, guest: Guest) -> None:  # noqa: F811
    response = client.get(page(services, guest) + "/event.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    entry = next(c for c in Calendar.from_ical(response.content).walk() if c.name == "VEVENT")
    assert entry.decoded("dtstart").astimezone(UTC) == datetime(2027, 3, 12, 17, 30, tzinfo=UTC)
    assert str(entry.get("summary")) == "Noa & Avi" and str(entry.get("location")) == "Example Hall"


def test_a_bad_link_gets_no_calendar(client: TestClient) -> None:
    assert client.get("/r/not-a-token/event.ics").status_code == 404
