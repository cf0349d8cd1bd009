"""The personal RSVP page over HTTP: RTL Hebrew, the guest's language, PRG, friendly errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Guest
from bot.services import Services
from scheduler.rsvp.links import make_token
from tests.conftest import FixedClock
from tests.rsvp.conftest import couple_guest


@pytest.fixture
def guest(engine: Engine, services: Services) -> Guest:
    return couple_guest(engine, services, "Noa & Avi")


def page(services: Services, guest: Guest) -> str:
    return f"/r/{make_token(services.settings.secret_key.get_secret_value(), guest.token_id)}"


def reload(engine: Engine, guest: Guest) -> Guest:
    with Session(engine) as session:
        found = session.get(Guest, guest.id)
        assert found is not None
        return found


def test_hebrew_page_is_right_to_left_with_the_form(client: TestClient, services: Services, guest: Guest) -> None:
    response = client.get(page(services, guest))
    assert response.status_code == 200
    html = response.text
    assert '<html lang="he" dir="rtl">' in html and "האם תגיעו?" in html and "Noa &amp; Avi" in html
    assert 'method="post"' in html and 'name="status" value="coming"' in html and 'value="2"' in html
    assert "<script" not in html
    assert response.headers["cache-control"] == "no-store" and response.headers["referrer-policy"] == "same-origin"


def test_guest_language_and_switch(client: TestClient, services: Services, guest: Guest, engine: Engine) -> None:
    with Session(engine) as session:
        row = session.get(Guest, guest.id)
        assert row is not None
        row.language = "ru"
        session.commit()
    assert '<html lang="ru" dir="ltr">' in client.get(page(services, guest)).text
    english = client.get(page(services, guest) + "?lang=en").text
    assert '<html lang="en" dir="ltr">' in english and "Will you come?" in english
    assert '<html lang="ru"' in client.get(page(services, guest) + "?lang=xx").text


def test_post_redirects_and_twice_is_one_change(client: TestClient, services: Services, guest: Guest,
                                                engine: Engine, clock: FixedClock) -> None:
    url = page(services, guest)
    first = client.post(url, data={"status": "coming", "party_size": "3", "lang": "he"}, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == f"{url}?saved=1&lang=he"
    saved = reload(engine, guest)
    assert (saved.status, saved.party_size, saved.answer_source) == ("coming", 3, "link")
    answered = saved.answered_at
    clock.set(clock.now + timedelta(seconds=2))
    again = client.post(url, data={"status": "coming", "party_size": "3"}, follow_redirects=True)
    assert again.status_code == 200 and "התשובה נשמרה" in again.text and "מגיעים, 3 אורחים" in again.text
    assert reload(engine, guest).answered_at == answered
    client.post(url, data={"status": "not_coming", "party_size": ""})
    assert (reload(engine, guest).status, reload(engine, guest).party_size) == ("not_coming", 0)


@pytest.mark.parametrize("form", [{}, {"status": "yes"}, {"status": "coming", "party_size": "0"},
                                  {"status": "maybe", "party_size": "abc"}, {"status": "coming", "party_size": "99"}])
def test_bad_form_is_a_friendly_422(client: TestClient, services: Services, guest: Guest, engine: Engine,
                                    form: dict[str, str]) -> None:
    response = client.post(page(services, guest), data=form)
    assert response.status_code == 422 and 'class="error"' in response.text and "<form" in response.text
    assert reload(engine, guest).status == "message_sent"


def test_bad_token_is_a_friendly_404(client: TestClient, services: Services, guest: Guest) -> None:
    good = page(services, guest)
    for url in (good[:-2] + "xx", "/r/nothing", f"/r/{guest.token_id}", "/r/" + "a" * 300):
        response = client.get(url)
        assert response.status_code == 404 and "הקישור לא נמצא" in response.text
        assert "Traceback" not in response.text
    assert client.post("/r/nothing", data={"status": "coming"}).status_code == 404


def test_after_the_event_the_link_is_closed(client: TestClient, services: Services, guest: Guest,
                                            clock: FixedClock) -> None:
    clock.set(datetime(2027, 3, 14, tzinfo=UTC))
    response = client.get(page(services, guest))
    assert response.status_code == 410 and "אישורי ההגעה נסגרו" in response.text
    assert client.post(page(services, guest), data={"status": "coming", "party_size": "1"}).status_code == 410


def test_names_are_escaped(client: TestClient, services: Services, guest: Guest, engine: Engine) -> None:
    with Session(engine) as session:
        row = session.get(Guest, guest.id)
        assert row is not None
        row.name = '<script>alert("x")</script>'
        session.commit()
    html = client.get(page(services, guest)).text
    assert "<script>" not in html and "&lt;script&gt;" in html
