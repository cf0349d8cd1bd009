"""A database at the newest revision is recognised without Alembic; anything else still migrates."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from bot.core import schema_head
from bot.core.db import alembic_config, migrate
from tests.utils.databases import drop_postgres, postgres_or_skip


def _url(kind: str, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'schema.db'}" if kind == "sqlite" else postgres_or_skip()


def test_heads_read_from_the_files_are_alembics() -> None:
    alembic_heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert schema_head.head_revisions() == frozenset(alembic_heads)


def test_revision_files_it_cannot_read_leave_the_decision_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("revision = 'a'\ndown_revision = None\n")
    (tmp_path / "b.py").write_text("revision = 'b'\ndown_revision = 'a'\n")
    assert schema_head.head_revisions.__wrapped__(tmp_path) == frozenset({"b"})
    (tmp_path / "c.py").write_text("revision = 'c'\ndown_revision = 'b'\ndepends_on = 'x'\n")
    assert schema_head.head_revisions.__wrapped__(tmp_path) is None
    (tmp_path / "c.py").write_text("revision = make_id()\ndown_revision = 'b'\n")
    assert schema_head.head_revisions.__wrapped__(tmp_path) is None
    (tmp_path / "c.py").write_text("revision = 'c'\ndown_revision = 'missing'\n")
    assert schema_head.head_revisions.__wrapped__(tmp_path) is None


def test_a_missing_sqlite_file_is_not_current_and_is_not_created(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'absent.db'}"
    assert not schema_head.schema_is_current(url)
    assert not (tmp_path / "absent.db").exists()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_an_older_schema_migrates_and_a_current_one_skips_alembic(kind: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    url = _url(kind, tmp_path)
    try:
        assert not schema_head.schema_is_current(url)  # empty database: no alembic_version
        command.upgrade(alembic_config(url), "0500_merge")
        assert schema_head.database_revisions(url) == frozenset({"0500_merge"})
        assert not schema_head.schema_is_current(url)
        migrate(url)  # an older schema: Alembic brings it to the head
        assert schema_head.schema_is_current(url)

        def refuse(*_: object, **__: object) -> None:
            raise AssertionError("Alembic ran on a database already at the head")

        monkeypatch.setattr(command, "upgrade", refuse)
        migrate(url)
    finally:
        if kind == "postgresql":
            drop_postgres(url)
