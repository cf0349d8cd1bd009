"""Migrations run once however many processes start together: they queue on one lock per database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from bot.core.db import migration_lock
from bot.core.settings import ROOT
from tests.utils.databases import drop_postgres, postgres_or_skip


def _url(kind: str, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fresh.db'}" if kind == "sqlite" else postgres_or_skip()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_second_holder_waits_for_the_first(kind: str, tmp_path: Path) -> None:
    url = _url(kind, tmp_path)
    try:
        with migration_lock(url), pytest.raises(TimeoutError), migration_lock(url, timeout=0.3):
            pass
        with migration_lock(url, timeout=0.3):  # released: free again at once
            pass
    finally:
        if kind == "postgresql":
            drop_postgres(url)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_processes_migrating_a_fresh_database_at_once_all_succeed(kind: str, tmp_path: Path) -> None:
    url = _url(kind, tmp_path)
    code = f"from bot.core.db import migrate; migrate({url!r})"
    try:
        runs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE, text=True)
                for _ in range(3)]
        errors = [run.communicate(timeout=120)[1] for run in runs]
        assert [run.returncode for run in runs] == [0, 0, 0], "\n".join(errors)
        assert not any("UniqueViolation" in e or "already exists" in e for e in errors)
        engine = create_engine(url)
        assert "alembic_version" in inspect(engine).get_table_names()
        engine.dispose()
    finally:
        if kind == "postgresql":
            drop_postgres(url)
