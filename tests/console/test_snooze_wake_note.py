"""A timed snooze that ends by time tells the staff chat once, in the alerts' language, under the ticket's
card (issue 16), whether the scheduler's support scan or an inbox read wakes it first."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import Conversation, StaffNotification, Ticket
from bot.services import Services
from scheduler import runtime, support_jobs
from tests.conftest import FixedClock
from tests.console.test_inbox import conversation_id, customer_asks_for_a_person, staff_client


def _notes(engine: Engine) -> list[StaffNotification]:
    with Session(engine) as session:
        return [n for n in session.exec(select(StaffNotification).where(StaffNotification.kind == "notice")).all()
                if n.text.startswith("⏰")]


def _status(engine: Engine) -> str:
    with Session(engine) as session:
        return session.exec(select(Conversation)).one().status


def _install_jobs(services: Services, engine: Engine, channel: ConsoleChannel, clock: FixedClock) -> None:
    runtime.install(runtime.JobContext(engine=engine, workspaces=services.workspaces, channel=channel, clock=clock))


def test_the_scheduler_wakes_a_snooze_with_nobody_looking_and_says_so_once(
        client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel, clock: FixedClock) -> None:
    customer_asks_for_a_person(engine, services)
    csrf = staff_client(client, engine, services, channel)
    conv = conversation_id(client)
    client.post(f"/app/inbox/{conv}/take", data={"csrf": csrf})
    client.post(f"/app/inbox/{conv}/snooze", data={"csrf": csrf, "until": "hour"})
    _install_jobs(services, engine, channel, clock)

    clock.set(clock() + timedelta(minutes=59))
    support_jobs.scan()
    assert _status(engine) == "snoozed" and _notes(engine) == []

    clock.set(clock() + timedelta(minutes=2))
    support_jobs.scan()  # no inbox is open: the scan wakes it
    assert _status(engine) == "open"  # held by Yael again
    notes = _notes(engine)
    assert len(notes) == 1
    with Session(engine) as session:
        ticket = session.exec(select(Ticket)).one()
    # in msg-software's staff language (Hebrew, as its other alerts), threaded under the ticket's card
    assert notes[0].text == f"⏰ הדחייה הסתיימה: Dana Levi +972502345678 חזר לתיבת השיחות ({ticket.number})."
    assert notes[0].ticket_id == ticket.id and notes[0].chat_id == "-1001000000001"

    support_jobs.scan()
    client.get("/app/inbox")
    client.get(f"/app/inbox/{conv}")
    assert len(_notes(engine)) == 1  # once


def test_an_inbox_read_wakes_it_first_and_the_scan_says_nothing_more(
        client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel, clock: FixedClock) -> None:
    customer_asks_for_a_person(engine, services)
    csrf = staff_client(client, engine, services, channel)
    conv = conversation_id(client)
    client.post(f"/app/inbox/{conv}/snooze", data={"csrf": csrf, "until": "hour"})
    client.post(f"/app/inbox/{conv}/snooze", data={"csrf": csrf, "until": ""})  # until they write: no time
    _install_jobs(services, engine, channel, clock)
    clock.set(clock() + timedelta(days=3))
    support_jobs.scan()
    assert _status(engine) == "snoozed" and _notes(engine) == []  # only a timed snooze ends by time

    client.post(f"/app/inbox/{conv}/snooze", data={"csrf": csrf, "until": "hour"})
    clock.set(clock() + timedelta(hours=2))
    client.get("/app/inbox")
    assert _status(engine) == "pending" and len(_notes(engine)) == 1  # nobody held it: waiting again
    support_jobs.scan()
    assert len(_notes(engine)) == 1
