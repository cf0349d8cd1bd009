"""Revision files: one file per number prefix (two files named 1403_... made the folder ambiguous about which
came first). File names are free to change (Alembic keys revisions by id, which deployed databases hold
in alembic_version); revision ids are not."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from alembic.script import ScriptDirectory

from bot.core.db import alembic_config
from bot.core.schema_head import VERSIONS_DIR


def _prefix(path: str | Path) -> int:
    return int(Path(path).name.split("_", 1)[0])


def test_revision_file_prefixes_are_unique() -> None:
    counts = Counter(_prefix(path) for path in VERSIONS_DIR.glob("*.py"))
    assert [prefix for prefix, n in counts.items() if n > 1] == []


def test_every_file_is_a_revision_and_renamed_ids_are_kept() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = {r.revision: r for r in script.walk_revisions()}
    assert len(revisions) == len(list(VERSIONS_DIR.glob("*.py")))
    # ids deployed databases know, whatever their file is called now
    assert Path(revisions["1403_snoozed_until"].path).name == "1302_snoozed_until.py"
    assert revisions["1401_event_branding_resend"].down_revision == "1403_snoozed_until"
