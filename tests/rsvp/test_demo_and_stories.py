"""The demo link `make run` prints, and story-file events built through the owner code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Event, Guest
from bot.core.workspaces import Workspace
from bot.services import Services
from scheduler.rsvp.demo import ensure_demo_event
from scheduler.rsvp.story_events import load_story_events


def test_demo_event_is_idempotent_and_its_link_works(client: TestClient, services: Services,
                                                     engine: Engine) -> None:
    secret = services.settings.secret_key.get_secret_value()
    with Session(engine) as session:
        first = ensure_demo_event(session, services.workspaces, services.now(), secret=secret)
        session.commit()
    with Session(engine) as session:
        second = ensure_demo_event(session, services.workspaces, services.now(), secret=secret,
                                   base_url="http://127.0.0.1:8000")
        session.commit()
        assert len(session.exec(select(Guest)).all()) == 1 and len(session.exec(select(Event)).all()) == 1
    assert second == "http://127.0.0.1:8000" + first
    assert client.get(first).status_code == 200


def test_demo_event_moves_forward_when_the_clock_passed_it(services: Services, engine: Engine) -> None:
    secret = services.settings.secret_key.get_secret_value()
    now = datetime(2026, 11, 22, tzinfo=UTC)
    with Session(engine) as session:
        ensure_demo_event(session, services.workspaces, now, secret=secret)
        later = now + timedelta(days=400)
        ensure_demo_event(session, services.workspaces, later, secret=secret)
        assert session.exec(select(Event)).one().starts_at > later


def test_story_events_refuse_what_the_product_refuses(engine: Engine, workspace: Workspace) -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    with Session(engine) as session, pytest.raises(ValueError, match="guest 1"):
        load_story_events(session, workspace, [{"id": "e", "date": "2027-03-12T19:30:00+02:00", "venue": "V",
                                                "guests": [{"phone": "03-1234567", "name": "Landline"}]}], now)
    with Session(engine) as session, pytest.raises(ValueError, match="events\\[1\\]"):
        load_story_events(session, workspace, [{"id": "e", "type": "party", "date": "2027-03-12", "venue": "V"}],
                          now)
    with Session(engine) as session:
        load_story_events(session, workspace, [{"id": "e", "date": "2027-03-12T19:30:00+02:00", "venue": "V",
                                                "guests": [{"phone": "0522345678", "name": "Avi",
                                                            "status": "coming", "party_size": 3}]}], now)
        guest = session.exec(select(Guest)).one()
        assert (guest.phone, guest.status, guest.party_size, guest.answer_source) == ("+972522345678", "coming", 3,
                                                                                      "owner")
