"""Demo traffic: a week of conversations through the real pipeline, marked as demo, written once,
never in production (handlers/demo_traffic.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from bot.core.models import Contact, Message, SatisfactionSurvey, Ticket
from bot.security.production import database_problems
from bot.services import Services
from handlers.demo_traffic import DEMO_PHONE_PREFIX, DemoTrafficRefused, Summary, generate, script
from handlers.inbox import counts_by_state
from tests.conftest import FixedClock

WORKSPACE = "msg-software"


def run(services: Services, engine: Engine, clock: FixedClock, environment: str = "development") -> Summary:
    return generate(engine, list(services.workspaces), environment=environment, now=clock.now,
                    knowledge=services.knowledge, only=WORKSPACE, channel=services.channel)


def test_a_week_of_marked_demo_traffic_with_tickets_written_once(services: Services, engine: Engine,
                                                                 clock: FixedClock) -> None:
    summary = run(services, engine, clock)
    assert summary.conversations == {WORKSPACE: script()["conversations_per_workspace"]}

    with Session(engine) as session:
        contacts = session.exec(select(Contact).where(Contact.workspace == WORKSPACE)).all()
        assert contacts and all(c.phone.startswith(DEMO_PHONE_PREFIX) for c in contacts)
        assert all((c.name or "").startswith("Demo ") for c in contacts)
        inbound = session.exec(select(Message).where(Message.workspace == WORKSPACE,
                                                     Message.direction == "inbound")).all()
        days = {m.created_at.date() for m in inbound}
        assert len(days) >= 5, f"spread over the week, got {sorted(days)}"
        week_ago = clock.now - timedelta(days=8)
        assert all(week_ago < m.created_at.replace(tzinfo=clock.now.tzinfo) < clock.now for m in inbound)
        assert any(m.intent == "faq" for m in inbound), "the bot answered questions itself"
        assert any(m.intent == "unknown" for m in inbound), "some messages the bot could not answer"
        assert any(m.intent == "opt_out" for m in inbound)
        answered_by_bot = session.exec(select(func.count()).select_from(Message).where(
            Message.workspace == WORKSPACE, Message.direction == "outbound", col(Message.intent) == "faq")).one()
        assert answered_by_bot > 0

        tickets = session.exec(select(Ticket).where(Ticket.workspace == WORKSPACE)).all()
        responded = [t for t in tickets if t.first_response_at is not None]
        assert responded and all(t.first_response_at >= t.created_at for t in responded)
        assert any(t.closed_at is not None and t.closed_at > t.first_response_at for t in responded)
        assert any(t.first_response_at is None and t.closed_at is None for t in tickets), "one waits for a person"
        staff_replies = session.exec(select(func.count()).select_from(Message).where(
            Message.workspace == WORKSPACE, col(Message.intent) == "staff")).one()
        assert staff_replies == len(responded)
        ratings = session.exec(select(SatisfactionSurvey.rating).where(col(SatisfactionSurvey.rating).is_not(None)))
        assert ratings.all(), "some closed tickets were rated"
        states = counts_by_state(session, WORKSPACE)
        assert all(states[state] > 0 for state in ("bot", "waiting", "held", "snoozed", "resolved")), states
        before = session.exec(select(func.count()).select_from(Message)).one()

    again = run(services, engine, clock)
    assert again.conversations == {} and again.skipped == [WORKSPACE]
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Message)).one() == before

    problems = "\n".join(database_problems(engine))
    assert "demo traffic" in problems, "a production start refuses a database holding demo traffic"


def test_production_refuses_and_writes_nothing(services: Services, engine: Engine, clock: FixedClock) -> None:
    with pytest.raises(DemoTrafficRefused):
        run(services, engine, clock, environment="production")
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Message)).one() == 0
        assert session.exec(select(func.count()).select_from(Contact)).one() == 0


def test_cli_writes_once_and_refuses_production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`bot demo traffic` (SQLite only: the generator itself runs on both databases above)."""
    from typer.testing import CliRunner

    from bot.cli.main import app
    from bot.core.db import make_engine
    from bot.core.settings import get_settings

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ENVIRONMENT", "development")
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        first = runner.invoke(app, ["demo", "traffic", "--days", "3", "--workspace", "web-agency"])
        assert first.exit_code == 0 and "web-agency: 20 demo conversations over 3 days" in first.output, first.output
        again = runner.invoke(app, ["demo", "traffic", "--workspace", "web-agency"])
        assert again.exit_code == 0 and "already has demo traffic" in again.output
        unknown = runner.invoke(app, ["demo", "traffic", "--workspace", "nope"])
        assert unknown.exit_code == 2 and "unknown workspace" in unknown.output
        monkeypatch.setenv("ENVIRONMENT", "production")
        get_settings.cache_clear()
        refused = runner.invoke(app, ["demo", "traffic"])
        assert refused.exit_code == 2 and "development only" in refused.output
    finally:
        get_settings.cache_clear()
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            workspaces = session.exec(select(Contact.workspace).distinct()).all()
            assert workspaces == ["web-agency"]
    finally:
        engine.dispose()
