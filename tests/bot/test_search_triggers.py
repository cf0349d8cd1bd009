"""The inbox search's SQLite triggers survive the migrations: at the head every trigger of migration 1402 is
there (a later batch rebuild of `message` or `contact` drops them silently, and new messages would be
missing from search), and bot.core.search_triggers puts them back after such a rebuild."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import create_engine

from bot.core.db import migrate
from bot.core.schema_head import VERSIONS_DIR
from bot.core.search_triggers import REFILL, TRIGGERS, missing_search_triggers, recreate_search_triggers


def _head(tmp_path: Path) -> sa.Engine:
    url = f"sqlite:///{tmp_path / 'head.db'}"
    migrate(url)
    return create_engine(url)


def _found(connection: sa.Connection, word: str) -> list[int]:
    return list(
        connection.exec_driver_sql(
            "SELECT rowid FROM message_search WHERE message_search MATCH ?", (f'"{word}"',)
        ).scalars()
    )


def _message(connection: sa.Connection, body: str) -> int:
    result = connection.exec_driver_sql(
        "INSERT INTO message (workspace, direction, channel, sender, recipient, body, status, processed, "
        "created_at, updated_at) VALUES ('w', 'inbound', 'whatsapp', '', '', ?, 'received', 0, "
        "'2026-12-07 06:00:00', '2026-12-07 06:00:00')",
        (body,),
    )
    return int(result.lastrowid)


def test_every_search_trigger_is_there_at_the_head(tmp_path: Path) -> None:
    engine = _head(tmp_path)
    with engine.begin() as connection:
        assert missing_search_triggers(connection) == []
        new = _message(connection, "the printer on the second floor")
        assert _found(connection, "printer") == [new]


def test_the_helper_is_migration_1402s_triggers() -> None:
    spec = importlib.util.spec_from_file_location("m1402", VERSIONS_DIR / "1402_inbox_search.py")
    assert spec and spec.loader
    m1402 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m1402)
    statements = [s for s in m1402.SQLITE_UP if s.startswith("CREATE TRIGGER")]
    assert statements == [s for triggers in TRIGGERS.values() for s in triggers.values()]
    assert [s for s in m1402.SQLITE_UP if s.startswith("INSERT")] == [REFILL["message"][0], REFILL["contact"][1]]


def test_a_batch_rebuild_drops_them_and_the_helper_puts_them_back(tmp_path: Path) -> None:
    engine = _head(tmp_path)
    with engine.begin() as connection:
        before = _message(connection, "kept through the rebuild")
        with Operations(MigrationContext.configure(connection)).batch_alter_table(
            "message", recreate="always"
        ) as batch:
            batch.alter_column("error_code", existing_type=sa.String(16), type_=sa.String(20))
        assert set(TRIGGERS["message"]) <= set(missing_search_triggers(connection))
        lost = _message(connection, "written while the triggers were gone")

        recreate_search_triggers(connection, "message")

        assert missing_search_triggers(connection) == []
        after = _message(connection, "written after the helper")
        assert _found(connection, "rebuild") == [before]
        assert _found(connection, "triggers were gone") == [lost]  # the refill counted it in
        assert _found(connection, "after the helper") == [after]
