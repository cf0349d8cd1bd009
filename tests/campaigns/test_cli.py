"""`bot campaigns preview | schedule | report` through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from bot.core.settings import ROOT
from tests.campaigns.factories import add_guests, make_event, mobile


def bot(engine: Engine, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": engine.url.render_as_string(hide_password=False), "CHANNEL": "console",
           "SCHEDULER_ENABLED": "false", "SECRET_KEY": "cli-test-secret-0123456789", "DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "bot", "campaigns", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_preview_schedule_and_report_from_the_terminal(engine: Engine, tmp_path: Path) -> None:
    _, event_id = make_event(engine, balance=1)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1)}, {"name": "Noa", "phone": mobile(2)},
                                  {"name": "Far", "phone": "+447911123456"}])
    common = ("--workspace", "event-rsvp", "--event", "wedding-1")

    preview = bot(engine, tmp_path, "preview", *common, "--kind", "invitation", "--json")
    assert preview.returncode == 0, preview.stderr
    data = json.loads(preview.stdout)
    assert data["recipients_count"] == 2 and data["skipped_reasons"] == {"not_israeli_mobile": 1}
    assert data["enough_balance"] is False and data["would_send"] == 0

    text_preview = bot(engine, tmp_path, "preview", *common, "--kind", "invitation")
    assert "2 recipients" in text_preview.stdout and "short by" in text_preview.stdout

    quiet = bot(engine, tmp_path, "schedule", *common, "--kind", "invitation", "--at", "2027-01-01T23:00")
    said = " ".join(quiet.stderr.split())
    # local times in words, as the console says them (it printed ISO times with offsets)
    assert quiet.returncode == 2 and "No messages go out at 01.01.2027 23:00, Israel time (night)" in said
    assert "The next allowed time is 02.01.2027 20:00, Israel time." in said
    assert "2027-01-0" not in said and "+02:00" not in said

    bad = bot(engine, tmp_path, "preview", *common, "--kind", "invitation", "--template", "{{ nmae }}")
    assert bad.returncode == 2 and "nmae" in bad.stderr

    worded = bot(engine, tmp_path, "schedule", *common, "--kind", "invitation", "--at", "2027-01-04T10:00")
    assert worded.returncode == 0 and "scheduled for 04.01.2027 10:00, Israel time" in " ".join(worded.stdout.split())
    scheduled = bot(engine, tmp_path, "schedule", *common, "--kind", "invitation", "--at", "2027-01-03T10:00",
                    "--json")
    assert scheduled.returncode == 0, scheduled.stderr
    campaign_id = json.loads(scheduled.stdout)["campaign"]["id"]

    report = bot(engine, tmp_path, "report", *common, "--campaign", str(campaign_id), "--json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["campaign"]["state"] == "scheduled"
    cancelled = bot(engine, tmp_path, "cancel", *common, "--campaign", str(campaign_id))
    assert cancelled.returncode == 0 and "cancelled" in cancelled.stdout
