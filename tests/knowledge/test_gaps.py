"""`bot kb gaps`: unanswered and low-confidence inbound messages, judged against today's KB and
grouped by similar text (on SQLite and PostgreSQL, like every database test)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.core.db import session_scope
from bot.core.models import Message
from bot.core.settings import ROOT
from knowledge.gaps import find_gaps, inbound_gap_candidates, text_key
from knowledge.registry import KnowledgeRegistry

T0 = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def _store(engine: Engine, rows: list[tuple[str, str, str, datetime]]) -> None:
    with session_scope(engine) as session:
        for body, intent, lang, at in rows:
            session.add(Message(workspace="msg-software", direction="inbound", body=body, intent=intent, language=lang,
                                created_at=at, updated_at=at, processed=True))
        session.add(Message(workspace="msg-software", direction="outbound", body="reply", intent="unknown",
                            created_at=T0, updated_at=T0))
        session.add(Message(workspace="web-agency", direction="inbound", body="can you paint my car?", intent="unknown",
                            created_at=T0, updated_at=T0))


ROWS = [
    ("can you paint my car?", "unknown", "en", T0),
    ("can you paint my car please?", "unknown", "en", T0 + timedelta(hours=1)),
    ("do you paint cars?", "unknown", "en", T0 + timedelta(hours=2)),
    ("מה שעות התמיכה?", "faq", "he", T0),  # answered well by today's KB: not a gap
    ("STOP", "opt_out", "en", T0),
    ("האם אתם מוכרים מחשבים ניידים?", "unknown", "he", T0 - timedelta(days=30)),
]


def test_gaps_group_similar_unanswered_messages(engine: Engine) -> None:
    _store(engine, ROWS)
    kb = KnowledgeRegistry(ROOT / "knowledge" / "bases").get("msg-software")
    with session_scope(engine) as session:
        messages = inbound_gap_candidates(session, "msg-software", None)
        gaps = find_gaps(messages, kb)
    assert len(messages) == 5  # inbound, this workspace, unknown or faq
    texts = [g.text for g in gaps]
    assert "מה שעות התמיכה?" not in texts
    top = gaps[0]
    assert top.text == "can you paint my car?" and top.count >= 2 and top.kind == "unanswered"
    assert top.langs == {"en"}
    assert top.last_seen is not None and top.last_seen.replace(tzinfo=UTC) >= T0 + timedelta(hours=1)


def test_since_leaves_out_older_messages(engine: Engine) -> None:
    _store(engine, ROWS)
    with session_scope(engine) as session:
        recent = inbound_gap_candidates(session, "msg-software", T0 - timedelta(days=1))
    assert all("ניידים" not in m.body for m in recent) and len(recent) == 4


def test_text_key_ignores_stop_words_and_forms() -> None:
    assert text_key("Can you paint my car?") == text_key("can you paint my car")
    assert text_key("") == frozenset()


def test_the_gaps_command_prints_groups(engine: Engine, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.cli.main import app
    from bot.core.settings import get_settings

    _store(engine, ROWS)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["kb", "gaps", "--workspace", "msg-software", "--json"])
        assert result.exit_code == 0, result.output
        assert '"count": ' in result.output and "paint my car" in result.output
        assert "שעות התמיכה" not in result.output
        bad = CliRunner().invoke(app, ["kb", "gaps", "--workspace", "msg-software", "--since", "yesterday"])
        assert bad.exit_code == 2 and "--since" in bad.output
    finally:
        get_settings.cache_clear()


def test_a_message_the_pipeline_could_not_answer_is_a_gap(engine: Engine) -> None:
    """Stored by the real pipeline (direction 'inbound', intent as the turn found it), not by hand."""
    from bot.core.workspaces import load_workspaces
    from handlers.pipeline import handle_message
    from handlers.turn import Inbound, TurnContext

    workspace = load_workspaces(ROOT / "workspaces").by_slug("msg-software")
    registry = KnowledgeRegistry(ROOT / "knowledge" / "bases")
    with session_scope(engine) as session:
        ctx = TurnContext(session=session, workspace=workspace, now=T0, knowledge=registry)
        result = handle_message(ctx, Inbound(workspace="msg-software", sender="+972502345678",
                                             text="do you sell second hand laptops?"))
        assert result.topic is None
    with session_scope(engine) as session:
        found = find_gaps(inbound_gap_candidates(session, "msg-software", None), registry.get("msg-software"))
    assert [g.text for g in found] == ["do you sell second hand laptops?"]
