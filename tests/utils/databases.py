"""Test databases: a migrated SQLite file and a throw-away PostgreSQL database per test run.

PostgreSQL gets a database of its own (created from TEST_DATABASE_URL's server) so parallel runs
never share tables. Unreachable PostgreSQL skips with the reason, except under CI=true.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

from bot.core.db import make_engine, migrate

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_admin_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)


def postgres_or_skip() -> str:
    """Create a fresh database on the test server and return its URL."""
    admin_url = make_url(pg_admin_url())
    try:
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"bot_test_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # OperationalError, missing driver...
        reason = f"PostgreSQL unreachable at {admin_url.render_as_string(hide_password=True)}: {type(exc).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)")
        pytest.skip(reason)
    return admin_url.set(database=name).render_as_string(hide_password=False)


def drop_postgres(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(make_url(pg_admin_url()), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


def migrated_engine(kind: str, tmp: Path) -> Iterator[Engine]:
    if kind == "sqlite":
        url = f"sqlite:///{tmp / 'test.db'}"
        migrate(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
        return
    url = postgres_or_skip()
    try:
        migrate(url)
        engine = make_engine(url)
        yield engine
        engine.dispose()
    finally:
        drop_postgres(url)


def empty_tables(engine: Engine) -> None:
    """Delete every row (children first) so the next test starts clean on the same schema."""
    with engine.begin() as connection:
        present = set(inspect(connection).get_table_names())
        tables = [t for t in SQLModel.metadata.sorted_tables if t.name in present]
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())
        if "apscheduler_jobs" in present:
            connection.execute(text("DELETE FROM apscheduler_jobs"))
