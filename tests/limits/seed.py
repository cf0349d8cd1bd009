"""Rows the OpenAPI fuzzing points at: an event with guests and a campaign, a customer with a ticket."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Customer, Event, Guest, RsvpAccount
from bot.services import Services
from scheduler.rsvp.links import guest_link, new_token_id


@dataclass
class Seeded:
    rsvp_token: str = ""
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def workspace_for(self, path: str) -> str:
        return "event-rsvp" if ("/events" in path or "/guests" in path) else "msg-software"

    def path_values(self, slug: str) -> dict[str, str]:
        return self.values.get(slug, {})


SEEDED = Seeded()


def seed(services: Services, engine: Engine) -> None:
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    with Session(engine, expire_on_commit=False) as session:
        account = RsvpAccount(workspace="event-rsvp", owner_name="Dana", owner_phone="+972522000001",
                              plan="digital", sms_balance=100, package_bought=True)
        session.add(account)
        session.flush()
        event = Event(workspace="event-rsvp", account_id=account.id or 0, key="wedding-1", title="Wedding",
                      starts_at=datetime(2027, 3, 12, 17, 30, tzinfo=UTC), venue="Hall", venue_key="hall")
        session.add(event)
        session.flush()
        guest = Guest(workspace="event-rsvp", event_id=event.id or 0, name="Avi", phone="+972522345678",
                      status="message_sent", token_id=new_token_id())
        session.add(guest)
        customer = Customer(workspace="msg-software", phone="+972502345678", name="Noa", plan="cloud",
                            created_at=now, updated_at=now)
        session.add(customer)
        session.commit()
        link = guest_link(services.settings.public_base_url, services.settings.secret_key.get_secret_value(), guest)
    SEEDED.rsvp_token = link.rsplit("/", 1)[-1]
    SEEDED.values = {"event-rsvp": {"key": "wedding-1", "event_key": "wedding-1", "campaign_id": "1"},
                     "msg-software": {"phone": "+972502345678", "number": "MS-1"}}


def without_lifespan(app: Any) -> Any:
    """The app with its services already in place, minus the start-up work (indexes, spool, jobs) it
    does not need to answer HTTP: the fuzzing measures the doors, and starts in a second."""

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})

    asgi.openapi = app.openapi  # type: ignore[attr-defined]
    return asgi
