"""`bot customers import` says what is wrong with a row without pydantic's "Value error, " prefix
("phone: Value error, not a valid number for its country" read like a crash report)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app
from bot.core.settings import get_settings


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_a_bad_phone_is_said_plainly(database: Path) -> None:
    assert CliRunner().invoke(app, ["migrate"]).exit_code == 0
    rows = database / "customers.csv"
    rows.write_text("phone,plan,status\n0501234567,advanced,active\n0547654321,essential,active\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["customers", "import", "--workspace", "msg-software", str(rows)])
    out = " ".join(result.output.split())
    assert "1 imported, 1 failed" in out, out
    assert "phone: not a valid number" in out and "Value error" not in out, out
