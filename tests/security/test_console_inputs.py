"""Console inputs an attacker with any console login can send: every one gets a clear 4xx, never a 500
(security review of 2026-12-07, bot/console/inputs.py and the guest form's numbers).

Runs on SQLite and PostgreSQL (the `engine` fixture): PostgreSQL refuses NUL in text and both overflow
on ids wider than their integer columns.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.channels import ConsoleChannel
from bot.core.models import ConsoleUser, Event, Guest
from bot.services import Services
from scheduler.rsvp.events import EventIn, create_event
from tests.console.conftest import OWNER_PHONE, log_in, make_user

HUGE = str(2**70)


@pytest.fixture
def owner_client(client: TestClient, channel: ConsoleChannel, engine: Engine,
                 services: Services) -> tuple[TestClient, str]:
    """A workspace owner of event-rsvp (every console page is theirs: events, inbox, users)."""
    make_user(engine, services, role="owner")
    return client, log_in(client, channel, OWNER_PHONE)


def _event(engine: Engine, services: Services) -> int:
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    with Session(engine, expire_on_commit=False) as session:
        spec = EventIn(key="sec-1", starts_at=datetime(2027, 3, 12, 17, 30, tzinfo=UTC), venue="Example Hall",
                       owner={"name": "Dana", "phone": OWNER_PHONE})  # type: ignore[arg-type]
        event = create_event(session, workspace, spec)
        session.commit()
        assert event.id is not None
        return event.id


@pytest.mark.parametrize(("method", "path"), [
    ("GET", f"/app/events/{HUGE}"), ("GET", f"/app/events/{HUGE}/guests"), ("GET", f"/app/events/{HUGE}/image"),
    ("GET", f"/app/inbox/{HUGE}"), ("GET", f"/app/inbox/{HUGE}/messages"), ("POST", f"/app/inbox/{HUGE}/take"),
    ("POST", f"/app/users/{HUGE}/disable"), ("POST", f"/app/events/{HUGE}/delete"),
    ("GET", f"/app/events/-{HUGE}"), ("GET", "/app/events/" + "9" * 5000), ("GET", "/app/events/2_147_483_648"),
])
def test_an_id_past_the_database_integer_is_404(owner_client: tuple[TestClient, str], method: str, path: str) -> None:
    client, csrf = owner_client
    answer = client.request(method, path, headers={"X-CSRF-Token": csrf}, data={"role": "staff"})
    assert answer.status_code == 404, answer.text[:300]


def test_a_form_id_past_the_database_integer_is_404(owner_client: tuple[TestClient, str], engine: Engine,
                                                    services: Services) -> None:
    """The one-guest preview's `guest_id` is a form field: 2**70 overflowed the lookup as a path id did."""
    client, csrf = owner_client
    event_id = _event(engine, services)
    for guest_id in (HUGE, f"-{HUGE}"):
        answer = client.post(f"/app/events/{event_id}/campaigns/guest-preview", headers={"X-CSRF-Token": csrf},
                             data={"guest_id": guest_id, "kind": "invitation", "channel": "sms"})
        assert answer.status_code == 404, answer.text[:300]


def test_a_telegram_user_id_wider_than_a_row_id_is_still_linked(owner_client: tuple[TestClient, str],
                                                                engine: Engine, services: Services) -> None:
    """Only row ids are bounded: Telegram user ids pass 2**31 (the users page links them; BIGINT since 1501)."""
    client, csrf = owner_client
    staff = make_user(engine, services, phone="+972522000003", name="Gal", role="staff")
    answer = client.post(f"/app/users/{staff.id}/telegram", headers={"X-CSRF-Token": csrf},
                         data={"telegram_id": "5123456789"}, follow_redirects=False)
    assert answer.status_code == 303 and "error" not in answer.headers["location"], answer.headers
    with Session(engine) as session:
        assert session.get(ConsoleUser, staff.id).telegram_user_id == 5123456789  # type: ignore[union-attr]


def test_an_id_inside_the_range_still_reaches_the_page(owner_client: tuple[TestClient, str], engine: Engine,
                                                        services: Services) -> None:
    client, _ = owner_client
    event_id = _event(engine, services)
    assert client.get(f"/app/events/{event_id}").status_code == 200
    assert client.get("/app/events/2147483647").status_code == 404  # the widest id: looked up, not found


def test_nul_in_a_form_or_a_search_is_422_and_nothing_is_stored(owner_client: tuple[TestClient, str],
                                                                 engine: Engine, services: Services) -> None:
    client, csrf = owner_client
    event_id = _event(engine, services)
    headers = {"X-CSRF-Token": csrf}
    sent = [
        client.post("/app/events", headers=headers, data={"title": "Party\x00", "type": "wedding",
                                                          "date": "2027-06-01", "time": "19:00", "venue": "Hall"}),
        client.post(f"/app/events/{event_id}/edit", headers=headers,
                    data={"title": "x\x00", "type": "wedding", "date": "2027-06-01", "time": "19:00", "venue": "H"}),
        client.post(f"/app/events/{event_id}/guests/new", headers=headers,
                    data={"name": "Avi\x00", "phone": "+972522345678", "invited": "2"}),
        client.post(f"/app/events/{event_id}/cohosts", headers=headers, data={"phone": "+972522345679",
                                                                              "name": "Co\x00"}),
        client.post("/app/users", headers=headers, data={"phone": "+972522345670", "name": "S\x00", "role": "staff"}),
        client.get("/app/inbox?q=a%00b"), client.get("/app/inbox/list?q=a%00b"),
        client.get(f"/app/events/{event_id}/guests?q=a%00b"),
        client.post("/app/login/password", data={"phone": "+97252\x002000001", "password": "x", "csrf": csrf}),
    ]
    assert [a.status_code for a in sent] == [422] * len(sent), [a.text[:200] for a in sent if a.status_code != 422]
    with Session(engine) as session:
        assert session.exec(select(Event.id)).all() == [event_id]
        assert session.exec(select(Event.title).where(col(Event.id) == event_id)).one() == ""
        assert session.exec(select(Guest.id)).all() == []


def test_an_upload_may_still_hold_nul_bytes(owner_client: tuple[TestClient, str], engine: Engine,
                                            services: Services) -> None:
    """Only text fields are checked: a file is bytes (the import reads and judges it itself)."""
    client, csrf = owner_client
    event_id = _event(engine, services)
    answer = client.post(f"/app/events/{event_id}/import", headers={"X-CSRF-Token": csrf},
                         files={"file": ("guests.csv", b"name,phone\nAvi\x00,+972522345678\n", "text/csv")})
    assert answer.status_code in (200, 422), answer.text[:300]


@pytest.mark.parametrize("typed", [
    {"children": "\u00b2"}, {"party_size": "\u00b2", "status": "coming"}, {"party_size": "9" * 30, "status": "coming"},
    {"party_size": "21", "status": "coming"}, {"children": "-1"}, {"party_size": "abc", "status": "coming"},
])
def test_a_guest_form_number_that_is_no_count_is_refused_in_words(owner_client: tuple[TestClient, str],
                                                                 engine: Engine, services: Services,
                                                                 typed: dict[str, str]) -> None:
    client, csrf = owner_client
    event_id = _event(engine, services)
    answer = client.post(f"/app/events/{event_id}/guests/new", headers={"X-CSRF-Token": csrf},
                         data={"name": "Avi", "phone": "+972522345678", "invited": "2", **typed})
    assert answer.status_code == 422, answer.text[:300]
    with Session(engine) as session:
        assert session.exec(select(Guest.id)).all() == []


def test_a_guest_form_party_size_within_the_limit_is_kept(owner_client: tuple[TestClient, str], engine: Engine,
                                                          services: Services) -> None:
    client, csrf = owner_client
    event_id = _event(engine, services)
    answer = client.post(f"/app/events/{event_id}/guests/new", headers={"X-CSRF-Token": csrf},
                         data={"name": "Avi", "phone": "+972522345678", "invited": "2", "children": "1",
                               "party_size": "3", "status": "coming"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:300]
    with Session(engine) as session:
        guest = session.exec(select(Guest)).one()
        assert (guest.party_size, guest.children, guest.status) == (3, 1, "coming")
