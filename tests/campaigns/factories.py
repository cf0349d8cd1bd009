"""Rows for campaign tests, made directly with the models (accounts, events, guests, contacts)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Contact, Event, Guest, RsvpAccount
from bot.core.settings import ROOT
from bot.core.workspaces import Workspace, load_workspaces

EVENT_START = datetime(2027, 3, 12, 17, 30, tzinfo=UTC)   # Friday 19:30 in Israel
SECRET = "test-secret-key-for-campaign-links"
BASE_URL = "https://bot.example.com"


@lru_cache(maxsize=1)
def event_rsvp() -> Workspace:
    workspace = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert workspace is not None
    return workspace


def mobile(i: int) -> str:
    """A valid Israeli mobile, different for each i (050-2xx-xxxx; never the invalid 05X-1 pattern)."""
    return f"+97250{2000000 + i:07d}"


def make_event(engine: Engine, *, balance: int = 1000, key: str = "wedding-1", starts_at: datetime = EVENT_START,
               title: str = "החתונה של דנה ואבי", venue: str = "אולם הגן") -> tuple[int, int]:
    """(account id, event id)."""
    with Session(engine, expire_on_commit=False) as session:
        owner_phone = mobile(9000 + sum(map(ord, key)) % 900)
        account = RsvpAccount(workspace="event-rsvp", owner_name="Dana", owner_phone=owner_phone,
                              plan="digital", sms_balance=balance, package_bought=True)
        session.add(account)
        session.commit()
        assert account.id is not None
        event = Event(workspace="event-rsvp", account_id=account.id, key=key, title=title, starts_at=starts_at,
                      venue=venue, venue_key=venue)
        session.add(event)
        session.commit()
        assert event.id is not None
        return account.id, event.id


def add_guests(engine: Engine, event_id: int, specs: Sequence[dict[str, object]]) -> list[int]:
    """Guests from dicts (name, phone, status, table_number, language); returns their ids in order."""
    ids = []
    with Session(engine, expire_on_commit=False) as session:
        guests = []
        for i, spec in enumerate(specs):
            guest = Guest(workspace="event-rsvp", event_id=event_id, name=str(spec.get("name", f"Guest {i}")),
                          phone=str(spec.get("phone", mobile(i))), status=str(spec.get("status", "not_invited")),
                          table_number=spec.get("table_number"), language=spec.get("language"),  # type: ignore[arg-type]
                          token_id=secrets.token_urlsafe(16))
            session.add(guest)
            guests.append(guest)
        session.commit()
        ids = [g.id for g in guests]
    return [int(i) for i in ids if i is not None]


def many_guests(engine: Engine, event_id: int, count: int, status: str = "not_invited") -> list[int]:
    return add_guests(engine, event_id, [{"name": f"Guest {i}", "phone": mobile(i), "status": status}
                                         for i in range(count)])


def opt_out(engine: Engine, phone: str) -> None:
    with Session(engine) as session:
        session.add(Contact(workspace="event-rsvp", phone=phone, opted_out=True))
        session.commit()
