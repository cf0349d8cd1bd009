"""The crash rule: kill -9 the dispatcher mid-send, restart it: no guest gets the campaign twice and
every row ends accounted for (sent / failed / skipped / unknown), none left queued or sending."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.core.settings import ROOT
from tests.campaigns.factories import make_event, many_guests, mobile
from tests.campaigns.helpers import new_campaign, outbox_rows
from tests.fakes.fake_twilio import RunningFake

GUESTS = 30
SLOW = 12           # the guest whose send is in flight (received by the provider, not answered) at the kill
NOW = "2026-11-22T10:00:00+02:00"


def dispatcher_command(campaign_id: int) -> list[str]:
    return [sys.executable, "-m", "bot", "campaigns", "dispatch", "--workspace", "event-rsvp",
            "--campaign", str(campaign_id), "--rate", "40", "--json", "--now", NOW]


def dispatcher_env(engine: Engine, fake: RunningFake, tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False), "CHANNEL": "twilio",
            "TWILIO_API_BASE": fake.base_url, "TWILIO_ACCOUNT_SID": "AC" + "2" * 32,
            "TWILIO_AUTH_TOKEN": "fake-token", "SECRET_KEY": "crash-test-secret-0123456789",
            "PUBLIC_BASE_URL": "https://bot.example.com", "SCHEDULER_ENABLED": "false", "LOG_LEVEL": "ERROR",
            "DATA_DIR": str(tmp_path)}


def run_to_end(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Restart; a database lock of the killed process may take a moment to drop (exit 3 = busy)."""
    for _ in range(20):
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        if done.returncode != 3:
            return done
        time.sleep(0.5)
    raise AssertionError("the dispatcher stayed busy after the kill")


def killed_mid_send(engine: Engine, fake_twilio: RunningFake, tmp_path: Path) -> tuple[int, int, dict[str, str]]:
    """An event of GUESTS guests and its campaign, whose dispatcher process was killed -9 while its send to the
    slow guest was in flight: (event id, campaign id, the dispatcher's environment)."""
    _, event_id = make_event(engine, balance=10_000)
    many_guests(engine, event_id, GUESTS)
    campaign_id = new_campaign(engine, event_id)
    fake_twilio.state.slow[mobile(SLOW)] = 30.0
    env = dispatcher_env(engine, fake_twilio, tmp_path)
    process = subprocess.Popen(dispatcher_command(campaign_id), env=env, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while fake_twilio.state.by_to().get(mobile(SLOW), 0) == 0:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "the dispatcher never reached the slow guest"
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    return event_id, campaign_id, env


def test_kill_minus_nine_mid_send_then_restart_sends_nobody_twice(engine: Engine, fake_twilio: RunningFake,
                                                                   tmp_path: Path) -> None:
    _, campaign_id, env = killed_mid_send(engine, fake_twilio, tmp_path)
    received_before = fake_twilio.state.count()
    fake_twilio.state.slow.clear()

    done = run_to_end(dispatcher_command(campaign_id), env)
    assert done.returncode == 0, done.stderr

    by_to = fake_twilio.state.by_to()
    assert max(by_to.values()) == 1, f"duplicates: {[n for n, c in by_to.items() if c > 1]}"
    rows = outbox_rows(engine, campaign_id)
    states = {r.phone: r.state for r in rows}
    assert len(rows) == GUESTS
    assert not [r for r in rows if r.state in ("queued", "sending")], "nothing may be left unaccounted"
    assert states[mobile(SLOW)] == "unknown", "the in-flight send is never resent blindly"
    assert [r.reason for r in rows if r.state == "unknown"] == ["interrupted"]
    sent = [r.phone for r in rows if r.state == "sent"]
    assert len(sent) == GUESTS - 1 and set(sent) | {mobile(SLOW)} == set(by_to)
    assert received_before == SLOW + 1 and fake_twilio.state.count() == GUESTS


def test_guests_imported_while_a_killed_dispatcher_is_down_get_it_once_after_the_restart(
        engine: Engine, fake_twilio: RunningFake, tmp_path: Path) -> None:
    """The rows were made before the kill; the guests imported meanwhile get rows when the run resumes."""
    from datetime import datetime

    from tests.campaigns.test_late_guests import import_csv

    event_id, campaign_id, env = killed_mid_send(engine, fake_twilio, tmp_path)
    fake_twilio.state.slow.clear()
    late = [mobile(500 + i) for i in range(3)]
    import_csv(engine, event_id, [(f"Late {i}", phone) for i, phone in enumerate(late)], datetime.fromisoformat(NOW))

    done = run_to_end(dispatcher_command(campaign_id), env)
    assert done.returncode == 0, done.stderr

    by_to = fake_twilio.state.by_to()
    assert max(by_to.values()) == 1, f"duplicates: {[n for n, c in by_to.items() if c > 1]}"
    assert set(late) <= set(by_to) and fake_twilio.state.count() == GUESTS + len(late)
    rows = outbox_rows(engine, campaign_id)
    assert len(rows) == GUESTS + len(late)
    assert not [r for r in rows if r.state in ("queued", "sending")]
    assert [r.phone for r in rows if r.state == "unknown"] == [mobile(SLOW)], "the in-flight send is never resent"
