"""Shared helpers for RSVP tests: the event-rsvp workspace, events made through the real code, files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import Event, Guest
from bot.core.settings import ROOT
from bot.core.workspaces import Workspace, load_workspaces
from bot.services import Services
from scheduler.rsvp.events import EventIn, OwnerIn, create_event

OWNER = OwnerIn(name="Dana", phone="+972522000001")
OTHER_OWNER = OwnerIn(name="Eli", phone="+972522000002")


def phone(i: int) -> str:
    """A valid Israeli mobile number per index (052-34xxxxx)."""
    return f"+9725234{i:05d}"


@pytest.fixture(scope="session")
def workspace() -> Workspace:
    found = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert found is not None
    return found


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as db:
        yield db
        db.rollback()


def make_event(session: Session, workspace: Workspace, key: str = "wedding-1", *, type: str = "wedding",
               starts_at: str = "2027-03-12T19:30:00+02:00", venue: str = "Example Hall",
               owner: OwnerIn = OWNER) -> Event:
    return create_event(session, workspace, EventIn(key=key, type=type, starts_at=datetime.fromisoformat(starts_at),
                                                    venue=venue, owner=owner), "en")


def add_guests(session: Session, event: Event, count: int, status: str = "message_sent", start: int = 0) -> list[Guest]:
    from scheduler.rsvp.links import new_token_id

    guests = [Guest(workspace=event.workspace, event_id=event.id or 0, name=f"Guest {i}", phone=phone(i),
                    status=status, token_id=new_token_id()) for i in range(start, start + count)]
    session.add_all(guests)
    session.flush()
    return guests


def couple_guest(engine: Engine, services: Services, title: str) -> Guest:
    """One guest invited with a partner (2 places) to an event-rsvp wedding called `title`."""
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    with Session(engine, expire_on_commit=False) as session:
        event = make_event(session, workspace)
        event.title = title
        guest = add_guests(session, event, 1)[0]
        guest.invited_count = 2
        session.commit()
        return guest


def guests_by_phone(session: Session, event: Event) -> dict[str, Guest]:
    return {g.phone: g for g in session.exec(select(Guest).where(Guest.event_id == event.id)).all()}


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)
