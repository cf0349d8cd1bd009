"""Building campaigns and dispatchers for tests without the HTTP layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.channels.base import SendError, SendResult
from bot.core.models import Campaign, CampaignState, Guest, OutboxItem
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.dispatch import Dispatcher
from scheduler.campaigns.rules import rules_for
from tests.campaigns.factories import BASE_URL, SECRET, event_rsvp


def new_campaign(engine: Engine, event_id: int, kind: str = "invitation", *, channel: str = "sms",
                 template: str = "", send_at: datetime | None = None,
                 state: str = CampaignState.scheduled) -> int:
    with Session(engine, expire_on_commit=False) as session:
        campaign = Campaign(workspace="event-rsvp", event_id=event_id, kind=kind, channel=channel, template=template,
                            send_at=send_at, state=state)
        session.add(campaign)
        session.commit()
        assert campaign.id is not None
        return campaign.id


def dispatcher(engine: Engine, channel: Any, clock: Any, **options: Any) -> Dispatcher:
    options.setdefault("rate", 1000.0)
    options.setdefault("sleep", lambda _: None)
    return Dispatcher(engine=engine, channel=channel, rules=rules_for(event_rsvp()),
                      links=LinkMaker(BASE_URL, SECRET), clock=clock, **options)


def outbox_rows(engine: Engine, campaign_id: int) -> list[OutboxItem]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxItem).where(OutboxItem.campaign_id == campaign_id)
                                 .order_by(OutboxItem.id)).all())


def guest_statuses(engine: Engine, ids: list[int]) -> list[str]:
    with Session(engine) as session:
        return [session.get(Guest, i).status for i in ids]  # type: ignore[union-attr]


def campaign(engine: Engine, campaign_id: int) -> Campaign:
    with Session(engine) as session:
        found = session.get(Campaign, campaign_id)
        assert found is not None
        return found


@dataclass
class Refusing(ConsoleChannel):
    """The console channel, except that the provider refuses some numbers (30003: unreachable)."""

    refuse: set[str] = field(default_factory=set)

    def send_text(self, *, to: str, body: str, from_: str, whatsapp: bool,
                  status_callback: str | None = None) -> SendResult:
        if to in self.refuse:
            raise SendError("unreachable", code="30003")
        return super().send_text(to=to, body=body, from_=from_, whatsapp=whatsapp)
