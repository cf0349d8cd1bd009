"""A guest who confirms more people than invited is accepted and marked on the guest list's row (issue 12,
round 11): the dashboard said "N guests said more people are coming than were invited", and the owner
could not see whom it meant."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.console.i18n import text
from bot.core.models import Guest
from bot.services import Services
from scheduler.rsvp.links import make_token
from tests.console.test_pages import create_event, import_guests


def _answer(client: TestClient, engine: Engine, services: Services, event_id: int, name: str, size: int) -> None:
    with Session(engine) as session:
        guest = session.exec(select(Guest).where(Guest.event_id == event_id, Guest.name == name)).one()
        link = f"/r/{make_token(services.settings.secret_key.get_secret_value(), guest.token_id)}"
    assert client.post(link, data={"status": "coming", "party_size": str(size)}).status_code == 200


def test_more_than_invited_is_marked_on_the_row(logged_in: tuple[TestClient, str], engine: Engine,
                                                services: Services) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)  # Avi invited 2, Gal 1, Noa 3
    _answer(client, engine, services, event_id, "Gal", 6)
    _answer(client, engine, services, event_id, "Avi", 2)
    page = client.get(f"/app/events/{event_id}/guests").text
    rows = {name: page.split(f">{name}</a>", 1)[1].split("</li>", 1)[0] for name in ("Gal", "Avi", "Noa")}
    assert text("guests.over_n", "he", n=5) in rows["Gal"]
    assert 'class="badge over"' not in rows["Avi"] + rows["Noa"]  # as invited, and not answered
