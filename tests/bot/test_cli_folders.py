"""`bot ask` reads its three folders without building `Settings` (bot.cli.common.folders): it must
find the same folders `Settings` does, from the environment, `.env` and the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.common import Folders, folders
from bot.core.settings import Settings

NAMES = ("workspaces_dir", "knowledge_dir", "data_dir")


def _from_settings() -> Folders:
    settings = Settings()
    return Folders(**{name: getattr(settings, name) for name in NAMES})


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No folder or OpenAI setting in the environment, and a current folder without `.env`."""
    for name in [*NAMES, "openai_api_key"]:
        monkeypatch.delenv(name.upper(), raising=False)
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_match(clean: Path) -> None:
    assert folders() == _from_settings()


def test_environment_over_dotenv_over_defaults_in_any_case(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean / ".env").write_text("DATA_DIR=from-dotenv\nknowledge_dir=/kb/from-dotenv\n# WORKSPACES_DIR=no\n",
                                encoding="utf-8")
    monkeypatch.setenv("data_dir", str(clean / "from-env"))
    found = folders()
    assert found == _from_settings()
    assert found is not None and found.data_dir == clean / "from-env"
    assert found.knowledge_dir == Path("/kb/from-dotenv")


def test_an_openai_key_takes_the_full_settings(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean / ".env").write_text("OPENAI_API_KEY=sk-test\n", encoding="utf-8")
    assert folders() is None
    monkeypatch.setenv("OPENAI_API_KEY", "")  # the environment wins, even empty: no model
    assert folders() == _from_settings()
