"""A co-host can be taken off an event: by its owner only (a co-host gets 403, as for inviting), after a
confirm step on the page, logged with the number masked; the removed co-host loses the event at once (404)
while keeping their account. The command line does the same (`bot events cohosts`, `remove-cohost`)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.channels import ConsoleChannel
from bot.cli.main import app
from bot.console.auth.users import find_user
from bot.core.models import ConsoleUser, EventMember
from tests.console.conftest import form_csrf, log_in
from tests.console.test_pages import create_event
from tests.rsvp.test_cli import create, database, flat  # noqa: F401 - the CLI's throw-away database

COHOST = "+972522000003"


def _cohost_id(engine: Engine) -> int:
    with Session(engine) as session:
        user = session.exec(select(ConsoleUser).where(ConsoleUser.phone == COHOST)).one()
        assert user.id is not None
        return user.id


def test_the_owner_removes_a_cohost_after_confirming(logged_in: tuple[TestClient, str], engine: Engine,
                                                     channel: ConsoleChannel, caplog: pytest.LogCaptureFixture,
                                                     ) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    invited = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": "052-2000003",
                                                                  "name": "Yoav"}, follow_redirects=False)
    assert invited.status_code == 303
    cohost_id = _cohost_id(engine)
    settings = client.get(f"/app/events/{event_id}/edit").text
    box = settings.split(f'id="remove-cohost-{cohost_id}"', 1)[1].split("</details>", 1)[0]
    assert "Yoav" in box and f"/cohosts/{cohost_id}/remove" in box  # the button opens a question first

    other = TestClient(client.app)  # the co-host, logged in on their own phone
    other_token = log_in(other, channel, COHOST)
    assert other.get(f"/app/events/{event_id}").status_code == 200
    assert f'id="remove-cohost-{cohost_id}"' not in other.get(f"/app/events/{event_id}/edit").text
    refused = other.post(f"/app/events/{event_id}/cohosts/{cohost_id}/remove", data={"csrf": other_token})
    assert refused.status_code == 403

    with caplog.at_level(logging.INFO, logger="bot.console.events"):
        done = client.post(f"/app/events/{event_id}/cohosts/{cohost_id}/remove", data={"csrf": token},
                           follow_redirects=False)
    assert done.status_code == 303 and "saved=cohost_removed" in done.headers["location"]
    assert any("removed from event" in r.getMessage() and COHOST not in r.getMessage() for r in caplog.records)
    assert 'id="cohost-removed"' in client.get(done.headers["location"]).text
    # the open session loses it at once: with nothing left to run, the account is closed and the session with it
    lost = other.get(f"/app/events/{event_id}", follow_redirects=False)
    assert lost.status_code in (303, 307) and "/login" in lost.headers["location"]
    with Session(engine) as session:
        assert session.exec(select(EventMember)).first() is None
        kept = session.get(ConsoleUser, cohost_id)
        assert kept is not None and kept.disabled_at is not None  # the account stays, closed (review N13)
    stranger = TestClient(client.app)
    sent = len(channel.sent)
    asked = stranger.post("/app/login/code", data={"phone": "052-2000003", "csrf": form_csrf(stranger)})
    assert asked.status_code == 200 and len(channel.sent) == sent  # the same page, and no code for it
    reinvited = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": "052-2000003",
                                                                    "name": "Yoav"}, follow_redirects=False)
    assert reinvited.status_code == 303
    with Session(engine) as session:
        reopened = session.get(ConsoleUser, cohost_id)
        assert reopened is not None and reopened.disabled_at is None
    assert client.post(f"/app/events/{event_id}/cohosts/{cohost_id}/remove", data={"csrf": token},
                       follow_redirects=False).status_code == 303
    again = client.post(f"/app/events/{event_id}/cohosts/{cohost_id}/remove", data={"csrf": token})
    assert again.status_code == 404


def test_the_command_line_lists_and_removes_cohosts(database: Path) -> None:  # noqa: F811
    from bot.console.auth.users import invite_cohost
    from bot.core.db import make_engine
    from bot.core.settings import get_settings
    from bot.services import build_services

    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    assert create().exit_code == 0  # type: ignore[attr-defined]
    engine = make_engine(get_settings().database_url)
    workspace = build_services(get_settings(), engine=engine).workspaces.by_slug("event-rsvp")
    assert workspace is not None
    with Session(engine) as session:
        from scheduler.rsvp.events import get_event

        event = get_event(session, workspace, "w1")
        assert event.id is not None
        invite_cohost(session, workspace, event.id, phone="052-2000003", name="Yoav", invited_by=None)
        session.commit()
    listed = runner.invoke(app, ["events", "cohosts", "-w", "event-rsvp", "-e", "w1"])
    assert "Yoav" in listed.output and COHOST in listed.output
    kept = runner.invoke(app, ["events", "remove-cohost", "-w", "event-rsvp", "-e", "w1", "--phone", "052-2000003"],
                         input="n\n")
    assert kept.exit_code == 1 and "no longer see or run" in flat(kept.output)
    removed = runner.invoke(app, ["events", "remove-cohost", "-w", "event-rsvp", "-e", "w1", "--phone",
                                  "052-2000003", "--yes"])
    assert removed.exit_code == 0, removed.output
    assert "has no co-hosts" in runner.invoke(app, ["events", "cohosts", "-w", "event-rsvp", "-e", "w1"]).output
    twice = runner.invoke(app, ["events", "remove-cohost", "-w", "event-rsvp", "-e", "w1", "--phone", "052-2000003",
                                "--yes"])
    assert twice.exit_code == 1 and "is not a co-host" in flat(twice.output)
    with Session(engine) as session:
        assert find_user(session, "event-rsvp", COHOST) is not None
    engine.dispose()


def test_the_command_line_adds_a_cohost_under_the_consoles_rules(database: Path) -> None:  # noqa: F811
    """`bot events add-cohost`: an owner with only a terminal lets someone run the event; the owner's own
    number, a landline and a mistyped number are refused in words, and adding twice changes nothing."""
    runner = CliRunner()
    assert runner.invoke(app, ["migrate"]).exit_code == 0
    assert create().exit_code == 0  # type: ignore[attr-defined]
    base = ["events", "add-cohost", "-w", "event-rsvp", "-e", "w1"]
    added = runner.invoke(app, [*base, "--phone", "052-2000003", "--name", "Yoav"])
    assert added.exit_code == 0, added.output
    assert "Yoav can now run w1" in flat(added.output) and COHOST in flat(added.output)
    listed = runner.invoke(app, ["events", "cohosts", "-w", "event-rsvp", "-e", "w1"])
    assert "Yoav" in listed.output and COHOST in listed.output
    again = runner.invoke(app, [*base, "--phone", "0522000003", "--name", "Yoav"])
    assert again.exit_code == 0
    assert runner.invoke(app, ["events", "cohosts", "-w", "event-rsvp", "-e", "w1"]).output.count(COHOST) == 1
    owner = runner.invoke(app, [*base, "--phone", "052-2000001"])
    assert owner.exit_code == 1 and "run it already" in flat(owner.output)
    landline = runner.invoke(app, [*base, "--phone", "03-5551234"])
    assert landline.exit_code == 1 and "not a mobile number" in flat(landline.output)
    typo = runner.invoke(app, [*base, "--phone", "052-20"])
    assert typo.exit_code != 0 and "Traceback" not in typo.output
