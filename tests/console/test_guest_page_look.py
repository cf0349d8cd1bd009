"""The owner sets the guest page's picture, colours and the title and venue per language in the event's
settings; the guest page shows them in the guest's language (SQLite and PostgreSQL)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Event, Guest
from bot.services import Services
from scheduler.rsvp.links import make_token
from tests.console.conftest import OTHER_PHONE, log_in, make_user
from tests.console.test_pages import create_event, import_guests
from tests.rsvp.images import png

LOOK = {"accent": "#7a1f5c", "background": "#fff8e7", "title_ru": "Свадьба Даны", "venue_ru": "Зал «Сад»",
        "title_en": "", "venue_en": "", "title_he": "", "venue_he": ""}


def _guest_link(engine: Engine, services: Services, event_id: int, name: str, language: str | None) -> str:
    with Session(engine) as session:
        guest = session.exec(select(Guest).where(Guest.event_id == event_id, Guest.name == name)).one()
        guest.language = language
        session.add(guest)
        session.commit()
        return f"/r/{make_token(services.settings.secret_key.get_secret_value(), guest.token_id)}"


def test_owner_brands_the_page_and_guests_see_it_in_their_language(logged_in: tuple[TestClient, str],
                                                                   engine: Engine, services: Services) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    picture = png(120, 60, extra=((b"tEXt", b"Author\x00Dana Cohen"),))
    saved = client.post(f"/app/events/{event_id}/guest-page", data={**LOOK, "csrf": token},
                        files={"image": ("wedding.jpg", picture, "image/jpeg")}, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    settings_page = client.get(saved.headers["location"]).text
    assert 'id="look-saved"' in settings_page and 'id="current-image"' in settings_page
    assert 'value="Свадьба Даны"' in settings_page and 'value="#7a1f5c"' in settings_page

    russian = client.get(_guest_link(engine, services, event_id, "Gal", "ru"))
    assert russian.status_code == 200
    assert "Свадьба Даны" in russian.text and "Зал «Сад»" in russian.text
    assert "--accent: #7a1f5c;" in russian.text and "--bg: #fff8e7;" in russian.text
    assert 'id="event-image"' in russian.text and 'width="120" height="60"' in russian.text
    assert "img-src 'self'" in russian.headers["content-security-policy"]
    hebrew = client.get(_guest_link(engine, services, event_id, "Avi", None)).text
    assert "החתונה של דנה" in hebrew and "Example Hall" in hebrew and "Свадьба" not in hebrew  # the default

    src = russian.text.split('id="event-image" src="', 1)[1].split('"', 1)[0]
    image = client.get(src)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"  # from the bytes
    assert image.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in image.headers["content-security-policy"]
    assert b"Dana Cohen" not in image.content and image.content.startswith(b"\x89PNG")
    assert client.get("/r/not-a-token/image").status_code == 404


def test_unreadable_colours_and_other_files_are_refused_in_words(logged_in: tuple[TestClient, str],
                                                                 engine: Engine) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    pale = client.post(f"/app/events/{event_id}/guest-page", data={**LOOK, "accent": "#f0c0d0", "csrf": token})
    assert pale.status_code == 422 and 'id="look-error"' in pale.text and "1.6:1" in pale.text
    svg = client.post(f"/app/events/{event_id}/guest-page", data={**LOOK, "csrf": token},
                      files={"image": ("a.png", b"<svg onload='alert(1)'/>", "image/png")})
    assert svg.status_code == 422 and "PNG" in svg.text
    with Session(engine) as session:
        event = session.get(Event, event_id)
        assert event is not None and (event.theme_accent, event.localized) == (None, {})  # nothing half-saved
    standard = client.post(f"/app/events/{event_id}/guest-page",
                           data={**LOOK, "standard_colours": "1", "csrf": token}, follow_redirects=False)
    assert standard.status_code == 303
    with Session(engine) as session:
        event = session.get(Event, event_id)
        assert event is not None and event.theme_accent is None and event.localized["ru"]["venue"] == "Зал «Сад»"


def test_another_owner_cannot_see_or_change_the_picture(client: TestClient, engine: Engine, services: Services,
                                                        channel: object, logged_in: tuple[TestClient, str]) -> None:
    owner_client, token = logged_in
    event_id = create_event(owner_client, token)
    owner_client.post(f"/app/events/{event_id}/guest-page", data={**LOOK, "csrf": token},
                      files={"image": ("p.png", png(10, 10), "image/png")})
    owner_client.post("/app/logout", data={"csrf": token})
    make_user(engine, services, phone=OTHER_PHONE, name="Eli")
    other = log_in(client, channel, OTHER_PHONE)  # type: ignore[arg-type]
    assert client.get(f"/app/events/{event_id}/image").status_code == 404
    assert client.post(f"/app/events/{event_id}/guest-page", data={**LOOK, "csrf": other}).status_code == 404
