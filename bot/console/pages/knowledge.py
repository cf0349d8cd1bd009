"""Knowledge gaps (/app/knowledge): what customers asked that the bot did not answer well, grouped, with
one click to add a question to a topic's examples or to the out-of-scope list.

The groups are `bot kb gaps` (knowledge/gaps.py), judged against today's knowledge base; the edit is
knowledge/kb_edit.add_example, which writes the same YAML owners edit and lints it, and the registry
re-indexes the changed folder on the next question, so the change is live without a restart.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from bot.console.deps import DbDep, LoginDep, WorkspaceDep
from bot.console.nav import NavEntry, register
from bot.console.templating import redirect, render
from bot.core.models import Role
from bot.deps import ServicesDep
from knowledge.gaps import find_gaps, inbound_gap_candidates
from knowledge.kb_edit import EditRefused, add_example

router = APIRouter(prefix="/knowledge")
ROLES = frozenset({Role.owner, Role.staff})
register(NavEntry("knowledge", "/app/knowledge", ROLES, order=30))
SHOWN = 50


def _allowed(logged: LoginDep) -> None:
    if logged.user.role not in ROLES:
        raise HTTPException(404, "not found")


@router.get("", summary="Knowledge gaps")
def page(request: Request, logged: LoginDep, workspace: WorkspaceDep, session: DbDep, services: ServicesDep,
         days: Annotated[int, Query(ge=1, le=365)] = 30) -> Response:
    _allowed(logged)
    kb = services.knowledge.get(workspace.slug) if services.knowledge else None
    since = services.now() - timedelta(days=days)
    gaps = find_gaps(inbound_gap_candidates(session, workspace.slug, since), kb)[:SHOWN]
    topics = sorted((t.id, t.title.get(getattr(request.state, "console_lang", "he"))) for t in kb.topics.values()) \
        if kb else []
    return render(request, "knowledge/page.html", {"gaps": gaps, "topics": topics, "days": days,
                                                   "done": request.query_params.get("done", ""),
                                                   "error": request.query_params.get("error", "")[:300]})


@router.post("/add", summary="Add a customer's question to a topic or to the out-of-scope list")
def add(request: Request, logged: LoginDep, workspace: WorkspaceDep, services: ServicesDep,
        text: Annotated[str, Form(min_length=1, max_length=300)],
        lang: Annotated[str, Form(max_length=2)], topic: Annotated[str, Form(max_length=64)]) -> Response:
    _allowed(logged)
    from urllib.parse import quote

    folder = services.settings.knowledge_dir / workspace.slug
    try:
        add_example(folder, None if topic == "_out_of_scope" else topic, lang, text)
    except EditRefused as exc:
        return redirect(request, f"/app/knowledge?error={quote(str(exc))}")
    if services.knowledge is not None:
        services.knowledge.reload(workspace.slug)
    return redirect(request, f"/app/knowledge?done={quote(text[:100])}")
