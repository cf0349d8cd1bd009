"""Ticket timers: queued tickets announced at opening, missed first responses, inactive tickets closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.db import session_scope
from bot.core.models import Conversation, StaffNotification, Ticket
from bot.core.settings import ROOT
from bot.core.workspaces import WorkspaceRegistry, load_workspaces
from handlers.customers import CustomerIn, upsert_customer
from handlers.pipeline import handle_message
from handlers.tickets import record_staff_reply
from handlers.turn import Inbound, TurnContext, TurnResult
from scheduler import runtime, support_jobs
from scheduler.runner import PERIODIC
from tests.conftest import FixedClock

PHONE = "+972502345678"


@pytest.fixture
def workspaces() -> WorkspaceRegistry:
    return load_workspaces(ROOT / "workspaces")


@pytest.fixture
def job_context(engine: Engine, workspaces: WorkspaceRegistry, channel: ConsoleChannel,
                clock: FixedClock) -> Iterator[runtime.JobContext]:
    context = runtime.JobContext(engine=engine, workspaces=workspaces, channel=channel, clock=clock)
    runtime.install(context)
    yield context


def _customer(engine: Engine, workspaces: WorkspaceRegistry, slug: str, plan: str, now: datetime) -> None:
    with session_scope(engine) as session:
        upsert_customer(session, workspaces.by_slug(slug), CustomerIn(phone=PHONE, name="Dana", plan=plan), now)


def _say(engine: Engine, workspaces: WorkspaceRegistry, slug: str, text: str, now: datetime) -> TurnResult:
    with session_scope(engine) as session:
        ctx = TurnContext(session=session, workspace=workspaces.by_slug(slug), now=now)
        return handle_message(ctx, Inbound(workspace=slug, sender=PHONE, text=text))


def _notifications(engine: Engine, kind: str) -> list[StaffNotification]:
    with Session(engine) as session:
        return list(session.exec(select(StaffNotification).where(StaffNotification.kind == kind)).all())


def _ticket(engine: Engine) -> Ticket:
    with Session(engine) as session:
        return session.exec(select(Ticket)).one()


def test_the_scan_is_registered_as_a_periodic_job() -> None:
    assert ("support.scan", "scheduler.support_jobs:scan", support_jobs.SCAN_SECONDS) in PERIODIC


def test_queued_ticket_is_announced_when_the_workspace_opens(
        engine: Engine, workspaces: WorkspaceRegistry, job_context: runtime.JobContext, clock: FixedClock) -> None:
    clock.set("2026-11-21T22:00:00+02:00")  # Saturday night
    _customer(engine, workspaces, "msg-software", "advanced", clock.now)
    result = _say(engine, workspaces, "msg-software", "I want to talk to a person", clock.now)
    assert result.handoff == "queued" and result.alerts == []
    support_jobs.scan()
    assert _notifications(engine, "handoff") == []
    clock.set("2026-11-22T08:29:00+02:00")
    support_jobs.scan()
    assert _notifications(engine, "handoff") == []
    clock.set("2026-11-22T08:30:00+02:00")  # Sunday opening
    support_jobs.scan()
    support_jobs.scan()  # idempotent
    [row] = _notifications(engine, "handoff")
    assert row.buttons and row.chat_id == "-1001000000001" and "MS-00001" in row.text
    assert "I want to talk to a person" in row.text
    assert _ticket(engine).alerted_at is not None


def test_a_ticket_queued_after_the_eves_early_closing_waits_for_the_day_after_the_holiday(
        engine: Engine, workspaces: WorkspaceRegistry, job_context: runtime.JobContext, clock: FixedClock) -> None:
    # msg-software works Erev Yom Kippur (Sunday 2026-09-20) 08:30-13:00 only (hours.holiday_eve)
    clock.set("2026-09-20T13:30:00+03:00")
    _customer(engine, workspaces, "msg-software", "advanced", clock.now)
    result = _say(engine, workspaces, "msg-software", "I want to talk to a person", clock.now)
    assert result.handoff == "queued" and result.alerts == []
    assert "eve of Yom Kippur" in result.reply and "Tuesday 22 September at 08:30" in result.reply
    ticket = _ticket(engine)
    assert ticket.reason == "holiday_eve"
    assert ticket.due_at == datetime.fromisoformat("2026-09-22T12:30:00+03:00")  # 240 business minutes
    clock.set("2026-09-20T15:00:00+03:00")  # inside the regular Sunday hours, but the eve has closed
    support_jobs.scan()
    clock.set("2026-09-21T10:00:00+03:00")  # Yom Kippur
    support_jobs.scan()
    assert _notifications(engine, "handoff") == []
    clock.set("2026-09-22T08:30:00+03:00")
    support_jobs.scan()
    [row] = _notifications(engine, "handoff")
    assert "MS-00001" in row.text and "הוגשה בערב חג" in row.text  # the staff card, in the workspace language


def test_first_response_target_stops_at_the_eves_early_closing(
        engine: Engine, workspaces: WorkspaceRegistry, job_context: runtime.JobContext, clock: FixedClock) -> None:
    clock.set("2026-09-20T10:00:00+03:00")  # Erev Yom Kippur, in the short day: a person now
    _customer(engine, workspaces, "msg-software", "advanced", clock.now)
    assert _say(engine, workspaces, "msg-software", "agent", clock.now).handoff == "human"
    assert _ticket(engine).due_at == datetime.fromisoformat("2026-09-22T09:30:00+03:00")  # 180 min + 60 min
    clock.set("2026-09-20T14:00:00+03:00")  # 240 wall-clock minutes later: not missed in business time
    support_jobs.scan()
    assert _notifications(engine, "sla") == []
    clock.set("2026-09-22T09:30:00+03:00")
    support_jobs.scan()
    [row] = _notifications(engine, "sla")
    assert "MS-00001" in row.text


def test_missed_first_response_counts_business_time_only(
        engine: Engine, workspaces: WorkspaceRegistry, job_context: runtime.JobContext, clock: FixedClock) -> None:
    # remote-support: 60 minutes, 24/7 except Yom Kippur (2026-09-21, the whole civil date)
    clock.set("2026-09-20T23:30:00+03:00")
    _customer(engine, workspaces, "remote-support", "monthly", clock.now)
    assert _say(engine, workspaces, "remote-support", "נציג", clock.now).handoff == "human"
    due = _ticket(engine).due_at
    assert due == datetime.fromisoformat("2026-09-22T00:30:00+03:00")
    clock.set("2026-09-21T12:00:00+03:00")
    support_jobs.scan()
    assert _notifications(engine, "sla") == []
    clock.set("2026-09-22T00:30:00+03:00")
    support_jobs.scan()
    support_jobs.scan()
    [row] = _notifications(engine, "sla")
    assert "RS-00001" in row.text and _ticket(engine).sla_alerted


def test_answered_ticket_raises_no_sla_alert(
        engine: Engine, workspaces: WorkspaceRegistry, job_context: runtime.JobContext, clock: FixedClock) -> None:
    clock.set("2026-11-22T10:00:00+02:00")
    _customer(engine, workspaces, "remote-support", "monthly", clock.now)
    _say(engine, workspaces, "remote-support", "agent", clock.now)
    with session_scope(engine) as session:
        record_staff_reply(session, session.exec(select(Ticket)).one(), clock.now)
    clock.set("2026-11-22T12:00:00+02:00")
    support_jobs.scan()
    assert _notifications(engine, "sla") == []


def test_silent_customer_ticket_closes_after_two_days_with_notice(
        engine: Engine, workspaces: WorkspaceRegistry, job_context: runtime.JobContext, clock: FixedClock,
        channel: ConsoleChannel) -> None:
    clock.set("2026-11-23T12:00:00+03:00")  # Monday, Moscow
    _customer(engine, workspaces, "web-agency", "standard", clock.now)
    assert _say(engine, workspaces, "web-agency", "позовите человека", clock.now).ticket == "opened"
    clock.set("2026-11-23T13:00:00+03:00")
    with session_scope(engine) as session:
        record_staff_reply(session, session.exec(select(Ticket)).one(), clock.now)
    clock.set("2026-11-25T12:59:00+03:00")
    support_jobs.scan()
    assert _ticket(engine).status == "assigned" or _ticket(engine).status == "open"
    clock.set("2026-11-25T13:00:00+03:00")
    support_jobs.scan()
    ticket = _ticket(engine)
    assert ticket.status == "closed" and ticket.close_reason == "inactive"
    with Session(engine) as session:
        assert session.exec(select(Conversation.status)).one() == "resolved"  # the inbox's resolved tab
    # the conversation's window is closed (last message 2 days ago): the notice goes as the template
    assert channel.sent[-1].content_sid == "HX00000000000000000000000000000010"
    assert "WA-00001" in channel.sent[-1].variables["2"] and "2" in channel.sent[-1].variables["2"]
    [note] = _notifications(engine, "notice")
    assert "WA-00001" in note.text


def test_a_customer_who_answered_is_not_closed_for_silence(
        engine: Engine, workspaces: WorkspaceRegistry, job_context: runtime.JobContext, clock: FixedClock) -> None:
    clock.set("2026-11-23T12:00:00+03:00")
    _customer(engine, workspaces, "web-agency", "standard", clock.now)
    _say(engine, workspaces, "web-agency", "позовите человека", clock.now)
    with session_scope(engine) as session:
        record_staff_reply(session, session.exec(select(Ticket)).one(), clock.now)
    clock.set("2026-11-23T15:00:00+03:00")
    _say(engine, workspaces, "web-agency", "спасибо, проверяю", clock.now)
    clock.set("2026-11-27T15:00:00+03:00")
    support_jobs.scan()
    assert _ticket(engine).status != "closed"
