"""`bot events` and `bot guests` against a throw-away SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from bot.core.settings import get_settings

runner = CliRunner()


def flat(text: str) -> str:
    """Rich wraps long lines to the terminal width; compare words, not line breaks."""
    return " ".join(text.split())


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def create(*extra: str) -> object:
    return runner.invoke(app, ["events", "create", "-w", "event-rsvp", "--id", "w1", "--date", "2027-03-12T19:30",
                               "--venue", "Example Hall", "--owner-name", "Noa", "--owner-phone", "0522000001",
                               *extra])


def test_create_import_export_cycle(database: Path) -> None:
    result = create()
    assert result.exit_code == 0, result.output
    duplicate = runner.invoke(app, ["events", "create", "-w", "event-rsvp", "--id", "w2", "--date",
                                    "2027-03-12T10:00", "--venue", "example hall", "--owner-name", "Eli",
                                    "--owner-phone", "0522000002", "--lang", "en"])
    assert duplicate.exit_code == 1 and "contact support" in flat(duplicate.output)

    template = database / "t.xlsx"
    assert runner.invoke(app, ["guests", "template", "-o", str(template)]).exit_code == 0
    guests = database / "g.csv"
    guests.write_text("name,phone,invited\nAvi,0522345678,2\nBad,123,1\n", encoding="utf-8")
    preview = runner.invoke(app, ["guests", "import", "-w", "event-rsvp", "-e", "w1", str(guests), "--dry-run",
                                  "--json", "--lang", "en"])
    assert preview.exit_code == 1  # bad rows: scripts notice
    out = json.loads(preview.stdout.strip().splitlines()[-1])
    assert out["result"] is None and out["preview"]["bad_rows"][0]["row"] == 3

    done = runner.invoke(app, ["guests", "import", "-w", "event-rsvp", "-e", "w1", str(guests), "--lang", "en"])
    assert "created 1" in flat(done.output) and "123: too few digits" in flat(done.output)
    exported = runner.invoke(app, ["guests", "export", "-w", "event-rsvp", "-e", "w1", "--lang", "en"])
    assert exported.exit_code == 0
    lines = exported.stdout.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("name,phone,invited") and "+972522345678" in lines[1] and "/r/" in lines[1]
    listed = runner.invoke(app, ["events", "list", "-w", "event-rsvp", "--json"])
    assert json.loads(listed.stdout)["id"] == "w1"


def test_unknown_event_is_a_clear_error(database: Path) -> None:
    guests = database / "g.csv"
    guests.write_text("name,phone\n", encoding="utf-8")
    result = runner.invoke(app, ["guests", "import", "-w", "event-rsvp", "-e", "nope", str(guests), "--lang", "en"])
    assert result.exit_code == 1 and 'No event with the id "nope"' in flat(result.output)


def test_delete_one_guest(database: Path) -> None:
    assert create().exit_code == 0
    guests = database / "g.csv"
    guests.write_text("name,phone\nAvi,0522345678\nDana,0523456789\n", encoding="utf-8")
    assert runner.invoke(app, ["guests", "import", "-w", "event-rsvp", "-e", "w1", str(guests)]).exit_code == 0
    done = runner.invoke(app, ["guests", "delete", "-w", "event-rsvp", "-e", "w1", "--phone", "052-234-5678"])
    assert done.exit_code == 0, done.output
    assert "deleted +972522345678" in flat(done.output)
    again = runner.invoke(app, ["guests", "delete", "-w", "event-rsvp", "-e", "w1", "--phone", "0522345678",
                                "--lang", "en"])
    assert again.exit_code == 1 and "+972522345678 is not a guest of this event" in flat(again.output)
    exported = runner.invoke(app, ["guests", "export", "-w", "event-rsvp", "-e", "w1"])
    assert "+972522345678" not in exported.stdout and "+972523456789" in exported.stdout
