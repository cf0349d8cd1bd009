"""`bot customers import`: rows upserted through the shared code, each bad row reported by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli.main import app
from bot.core.models import Customer
from bot.core.settings import get_settings

CSV = (
    "phone,name,plan,status,paid_until,flags,balance\n"
    "050-234-5678,Dana,advanced,active,2027-01-01,,\n"
    "+972502345679,Avi,cloud,frozen,,abusive;vip,10\n"
    "12,Bad Phone,cloud,active,,,\n"
    "+972502345670,Bad Plan,gold,active,,,\n"
    "+972502345671,Bad Date,cloud,active,31/12/2026,,\n"
)


@pytest.fixture
def cli_database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    yield engine
    get_settings.cache_clear()


def test_import_reports_each_bad_row_and_keeps_the_good(cli_database: Engine, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("\ufeff" + CSV, encoding="utf-8")  # Excel's BOM
    result = CliRunner().invoke(app, ["customers", "import", "--workspace", "msg-software", str(path)])
    assert result.exit_code == 1, result.output
    assert "2 imported, 3 failed" in result.output
    for line in ("4", "5", "6"):
        assert line in result.output
    assert "gold" in result.output and "phone" in result.output and "paid_until" in result.output
    with Session(cli_database) as session:
        rows = {c.phone: c for c in session.exec(select(Customer)).all()}
    assert set(rows) == {"+972502345678", "+972502345679"}
    assert rows["+972502345679"].flags == ["abusive", "vip"] and rows["+972502345679"].status == "frozen"


def test_import_refuses_a_file_without_the_needed_columns(cli_database: Engine, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("name,email\nDana,d@example.com\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["customers", "import", "--workspace", "msg-software", str(path)])
    assert result.exit_code == 2 and "phone and plan" in result.output
    missing = CliRunner().invoke(app, ["customers", "import", "--workspace", "msg-software", str(tmp_path / "x.csv")])
    assert missing.exit_code == 2 and "cannot read" in missing.output
    unknown = CliRunner().invoke(app, ["customers", "import", "--workspace", "nope", str(path)])
    assert unknown.exit_code == 2 and "unknown workspace" in unknown.output
