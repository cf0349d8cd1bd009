"""The owner's answer digest: one message for many answers, each answer once, never in quiet hours,
hidden answers not counted, more people than invited named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.channels import ConsoleChannel
from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from scheduler import runtime
from scheduler.rsvp.digest import send_digests
from tests.conftest import FixedClock
from tests.rsvp.conftest import OWNER, add_guests, make_event
from tests.rsvp.test_reply import say

TUESDAY_NOON = datetime.fromisoformat("2027-02-02T12:00:00+02:00")


@pytest.fixture
def job(engine: Engine, channel: ConsoleChannel, clock: FixedClock) -> Iterator[FixedClock]:
    clock.set(TUESDAY_NOON)
    runtime.install(runtime.JobContext(engine=engine, workspaces=load_workspaces(ROOT / "workspaces"),
                                       channel=channel, clock=clock))
    yield clock


def owner_messages(channel: ConsoleChannel) -> list[str]:
    return [m.body for m in channel.sent if m.to == OWNER.phone]


def test_many_answers_make_one_message_and_each_answer_is_told_once(engine: Engine, channel: ConsoleChannel,
                                                                   job: FixedClock) -> None:
    workspace = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert workspace is not None
    with Session(engine, expire_on_commit=False) as session:
        event = make_event(session, workspace)
        event.title = "Noa & Avi"
        guests = add_guests(session, event, 4)
        guests[3].name = "Big Family"
        session.commit()
        at = TUESDAY_NOON - timedelta(minutes=30)
        say(session, workspace, guests[0].phone, "מגיעים 2", now=at)
        say(session, workspace, guests[1].phone, "לא נוכל להגיע", now=at)
        say(session, workspace, guests[2].phone, "אולי", now=at)
        say(session, workspace, guests[3].phone, "we are coming, 5 of us", now=at)
        session.commit()

    assert send_digests() == 1
    [digest] = owner_messages(channel)
    assert "Noa & Avi" in digest and "Big Family" in digest  # invited 1, confirmed 5: named for the owner
    assert "7" in digest  # 2 + 5 people coming
    assert send_digests() == 0, "nothing new: no second message"

    job.set(TUESDAY_NOON + timedelta(hours=3))
    with Session(engine, expire_on_commit=False) as session:
        say(session, workspace, guests[1].phone, "בעצם מגיעים 1", now=TUESDAY_NOON + timedelta(hours=2))
        session.commit()
    assert send_digests() == 1 and len(owner_messages(channel)) == 2


def test_no_digest_in_quiet_hours(engine: Engine, channel: ConsoleChannel, job: FixedClock) -> None:
    workspace = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert workspace is not None
    with Session(engine, expire_on_commit=False) as session:
        guest = add_guests(session, make_event(session, workspace), 1)[0]
        session.commit()
        say(session, workspace, guest.phone, "מגיעים 2", now=TUESDAY_NOON)
        session.commit()
    job.set(TUESDAY_NOON.replace(hour=23))
    assert send_digests() == 0 and owner_messages(channel) == []
    job.set(TUESDAY_NOON + timedelta(days=1, hours=-3))  # Wednesday 09:00
    assert send_digests() == 1


def test_answers_the_free_quota_hides_are_not_counted(engine: Engine, channel: ConsoleChannel,
                                                      job: FixedClock) -> None:
    from scheduler.rsvp.digest import news_for
    from scheduler.rsvp.events import account_of

    workspace = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert workspace is not None
    with Session(engine, expire_on_commit=False) as session:
        event = make_event(session, workspace)
        add_guests(session, event, 100, "coming")
        late = add_guests(session, event, 3, "message_sent", start=100)
        for guest in late:
            say(session, workspace, guest.phone, "מגיעים 2", now=TUESDAY_NOON)
        news = news_for(session, workspace, account_of(session, event), TUESDAY_NOON - timedelta(hours=1))
        assert news == [] or sum(n.answered["coming"] for n in news) == 0
