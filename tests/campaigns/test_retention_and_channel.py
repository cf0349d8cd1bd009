"""Retention (dry run and purge), billing by the workspace's 134-character rule, and the real
TwilioChannel talking to the local fake Twilio server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.channels import SendError, TwilioChannel
from bot.core.models import RsvpAccount
from bot.core.settings import ROOT
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.preview import build_preview
from scheduler.campaigns.retention import purge
from scheduler.campaigns.rules import rules_for
from tests.campaigns.factories import BASE_URL, SECRET, add_guests, event_rsvp, make_event, many_guests, mobile
from tests.campaigns.helpers import dispatcher, new_campaign
from tests.conftest import FixedClock
from tests.fakes.fake_twilio import RunningFake

OLD = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_retention_lists_then_deletes_only_expired_events(engine: Engine, clock: FixedClock) -> None:
    from bot.channels import ConsoleChannel

    _, old = make_event(engine, key="old", starts_at=OLD)
    _, new = make_event(engine, key="new")
    many_guests(engine, old, 3, status="coming")
    many_guests(engine, new, 2)
    clock.set(datetime(2026, 2, 26, 8, 0, tzinfo=UTC))  # a Thursday morning
    reminder = new_campaign(engine, old, "reminder")
    assert dispatcher(engine, ConsoleChannel(echo=False), clock).dispatch(reminder).counts["sent"] == 3
    registry = [event_rsvp()]
    now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)          # 266 days later; retention is 183

    listed = purge(engine, registry, now, dry_run=True)
    assert [(i.key, i.guests, i.campaigns, i.outbox_items) for i in listed] == [("old", 3, 1, 3)]
    assert _count(engine, "guest") == 5 and _count(engine, "outboxitem") == 3

    purge(engine, registry, now, dry_run=False)
    assert _count(engine, "event") == 1 and _count(engine, "guest") == 2
    assert _count(engine, "campaign") == 0 and _count(engine, "outboxitem") == 0
    assert _count(engine, "rsvpaccount") == 2, "the owner's account stays; only event data goes"
    assert purge(engine, registry, now, dry_run=True) == []


def test_retention_cli_dry_run_prints_what_would_go(engine: Engine) -> None:
    make_event(engine, key="old", starts_at=OLD)
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False),
           "SCHEDULER_ENABLED": "false"}
    done = subprocess.run([sys.executable, "-m", "bot", "retention", "--dry-run", "--json"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["dry_run"] is True and [e["key"] for e in data["events"]] == ["old"]
    assert _count(engine, "event") == 1


def test_cost_uses_the_workspace_billing_rule_and_balance(engine: Engine) -> None:
    _, event_id = make_event(engine, balance=5)
    add_guests(engine, event_id, [{"name": "A", "phone": mobile(1)}, {"name": "B", "phone": mobile(2)},
                                  {"name": "C", "phone": mobile(3)}])
    template = "{{ name }}" + "x" * 133   # 134 characters: one segment by the 134 rule, 1 by GSM-7 too
    longer = "{{ name }}" + "x" * 134     # 135 characters: two billed segments
    with Session(engine) as session:
        from bot.core.models import Event

        event = session.get(Event, event_id)
        account = session.exec(__import__("sqlmodel").select(RsvpAccount)).first()
        assert event is not None and account is not None
        args = {"event": event, "account": account, "kind": "invitation", "channel": "sms",
                "rules": rules_for(event_rsvp()), "links": LinkMaker(BASE_URL, SECRET)}
        one = build_preview(session, template=template, **args)
        two = build_preview(session, template=longer, **args)
    assert one["cost_segments"] == 3 and one["enough_balance"] and one["would_send"] == 3
    assert [r["billed_segments"] for r in two["recipients"]] == [2, 2, 2]
    assert two["cost_segments"] == 6 and not two["enough_balance"] and two["shortfall"] == 1
    assert two["would_send"] == 2


def test_the_real_twilio_channel_sends_through_the_fake_server(fake_twilio: RunningFake) -> None:
    channel = TwilioChannel(account_sid="AC" + "3" * 32, auth_token="secret", api_base=fake_twilio.base_url)
    result = channel.send_text(to=mobile(7), body="שלום", from_="+972500000004", whatsapp=False,
                               status_callback="https://bot.example.com/webhooks/twilio/status")
    assert result.provider_sid.startswith("SM") and len(result.provider_sid) == 34 and result.status == "queued"
    request = fake_twilio.state.requests[-1]
    assert (request["To"], request["From"], request["Body"]) == (mobile(7), "+972500000004", "שלום")
    assert request["StatusCallback"] == "https://bot.example.com/webhooks/twilio/status"
    assert request["AccountSid"] == "AC" + "3" * 32

    channel.send_text(to=mobile(8), body="hi", from_="+972500000004", whatsapp=True)
    assert fake_twilio.state.requests[-1]["To"] == f"whatsapp:{mobile(8)}"

    fake_twilio.state.fail(mobile(9), 21610)
    try:
        channel.send_text(to=mobile(9), body="hi", from_="+972500000004", whatsapp=False)
    except SendError as exc:
        assert exc.code == "21610" and not exc.retryable
    else:
        raise AssertionError("a refused number must raise SendError")
