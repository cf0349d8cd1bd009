"""Running turns through the real pipeline for dialogue tests (one session per turn, like two workers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.core.db import session_scope
from bot.core.settings import ROOT
from bot.core.workspaces import Workspace, load_workspaces
from handlers.customers import CustomerIn, upsert_customer
from handlers.pipeline import handle_message
from handlers.turn import Inbound, TurnContext, TurnResult
from knowledge.registry import KnowledgeRegistry

WORKSPACES = load_workspaces(ROOT / "workspaces")
KNOWLEDGE = KnowledgeRegistry(ROOT / "knowledge" / "bases")


def workspace(slug: str) -> Workspace:
    found = WORKSPACES.by_slug(slug)
    assert found is not None
    return found


def add_customer(engine: Engine, slug: str, phone: str, plan: str, now: datetime, **fields: Any) -> None:
    with session_scope(engine) as session:
        upsert_customer(session, workspace(slug), CustomerIn(phone=phone, plan=plan, **fields), now)


def say(engine: Engine, slug: str, phone: str, text: str, now: datetime, *, channel: str = "whatsapp",
        answerer: Any = None) -> TurnResult:
    with session_scope(engine) as session:
        ctx = TurnContext(session=session, workspace=workspace(slug), now=now, knowledge=KNOWLEDGE, answerer=answerer)
        return handle_message(ctx, Inbound(workspace=slug, sender=phone, text=text, channel=channel))  # type: ignore[arg-type]
