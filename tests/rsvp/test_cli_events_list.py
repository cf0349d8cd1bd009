"""`bot events list` shows when each event starts in its own time, whole: the column said "(UTC)" over
local times with an offset ("2027-03-12T19:30:00+02:00"), and an 80-column terminal cut them to
"2027-03-12T…", the one thing a planner looks for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli.main import app
from tests.rsvp.test_cli import create, database, flat, runner  # noqa: F401  (database is a fixture)


def test_the_start_is_local_and_whole(database: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("COLUMNS", "80")
    assert create().exit_code == 0
    listed = runner.invoke(app, ["events", "list", "-w", "event-rsvp"])
    assert listed.exit_code == 0, listed.output
    out = flat(listed.output)
    assert re.search(r"w1 │ 12\.03\.2027 19:30 │", out), listed.output
    assert "UTC" not in out and "…" not in out
