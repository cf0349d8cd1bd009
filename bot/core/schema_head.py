"""Is the database already at the newest schema? Answered without starting Alembic.

Every process (`bot serve`, each worker, the scheduler, CLI commands) migrates at start. When the
schema is current, which is nearly always, Alembic's full run (importing it, loading `env.py`
and the models, reading every revision file, a transaction) cost a few hundred milliseconds of
each start for nothing. Here the head revisions are read from the revision files' own
`revision`/`down_revision` lines (parsed with `ast`, never executed) and compared with
`alembic_version`. Only an exact match skips Alembic: a missing table or file, an older or
unknown revision, a file this parser does not understand (or one with `depends_on`), or any
error means "not current", and `bot.core.db.migrate` runs Alembic under the migration lock as
before. Reading the version needs no lock: Alembic writes the head revision in the same
transaction as (or after) the last revision's changes, so a head seen here is a finished schema.
"""

from __future__ import annotations

import ast
import sqlite3
from functools import cache
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"


def _assignments(path: Path) -> dict[str, object]:
    """Top-level `name = literal` / `name: type = literal` of one revision file."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_bytes(), filename=str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            continue
        if name in ("revision", "down_revision", "branch_labels", "depends_on"):
            found[name] = ast.literal_eval(value)
    return found


@cache
def head_revisions(directory: Path = VERSIONS_DIR) -> frozenset[str] | None:
    """The head revisions of the revision files, or None when only Alembic can tell."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for path in sorted(directory.glob("*.py")):
            found = _assignments(path)
            revision, down = found.get("revision"), found.get("down_revision")
            if not isinstance(revision, str) or found.get("depends_on"):
                return None
            revisions.add(revision)
            downs = (down,) if isinstance(down, str) else (down or ())
            if not isinstance(downs, tuple | list) or not all(isinstance(d, str) for d in downs):
                return None
            parents.update(downs)
    except (OSError, SyntaxError, ValueError):
        return None
    heads = revisions - parents
    return frozenset(heads) if heads and parents <= revisions else None


def database_revisions(url: str) -> frozenset[str] | None:
    """The rows of `alembic_version`, or None when there is no such table (or no database yet)."""
    parsed = make_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database
            if not database or database == ":memory:" or not Path(database).is_file():
                return None
            # The standard library directly: no engine, no pragmas, and never creates the file.
            uri = f"file:{quote(str(Path(database).resolve()))}?mode=rw"  # quoted: a `?` or `#` in a folder name
            with sqlite3.connect(uri, uri=True, timeout=30) as connection:
                rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            connection.close()
        else:
            engine = create_engine(url, poolclass=NullPool)
            try:
                with engine.connect() as connection:
                    rows = connection.execute(text("SELECT version_num FROM alembic_version")).fetchall()
            finally:
                engine.dispose()
    except (sqlite3.Error, SQLAlchemyError):
        return None
    return frozenset(str(row[0]) for row in rows)


def schema_is_current(url: str) -> bool:
    """True only when the database's revisions are exactly the heads of the revision files."""
    heads = head_revisions()
    return heads is not None and database_revisions(url) == heads
