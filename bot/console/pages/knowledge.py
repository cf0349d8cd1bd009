"""Knowledge gaps (/app/knowledge): what customers asked that the bot did not answer well, grouped, with
one click to add a question to a topic's examples or to the out-of-scope list, or to write a new topic
(title, answer and example questions per language, with each answer's SMS segment count as it is typed).

The groups are `bot kb gaps` (knowledge/gaps.py), judged against today's knowledge base; the edits are
knowledge/kb_edit (add_example, add_topic), which write the same YAML owners edit and lint it; the registry
re-indexes the folder at once, so the change is live without a restart, and the answer gate is refitted
in the background on the changed knowledge (knowledge.gate.refit_in_background).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

from fastapi import Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from bot.console.deps import STAFF_ROLES, DbDep, StaffDep, WorkspaceDep
from bot.console.nav import NavEntry, register
from bot.console.notices import notice_url, read_notices
from bot.console.pages.inbox import sureness
from bot.console.routing import page_router
from bot.console.templating import redirect, render
from bot.deps import ServicesDep
from knowledge.gaps import find_gaps, inbound_gap_candidates
from knowledge.gate import refit_in_background
from knowledge.kb_edit import EditRefused, add_example, add_topic
from knowledge.types import LANGS
from scheduler.segments import count_characters, count_segments

router = page_router("/knowledge")
register(NavEntry("knowledge", "/app/knowledge", STAFF_ROLES, order=30))
SHOWN = 50


@router.get("", summary="Knowledge gaps")
def page(request: Request, logged: StaffDep, workspace: WorkspaceDep, session: DbDep, services: ServicesDep,
         days: Annotated[int, Query(ge=1, le=365)] = 30) -> Response:
    kb = services.knowledge.get(workspace.slug) if services.knowledge else None
    since = services.now() - timedelta(days=days)
    gaps = find_gaps(inbound_gap_candidates(session, workspace.slug, since), kb)[:SHOWN]
    topics = sorted((t.id, t.title.get(getattr(request.state, "console_lang", "he"))) for t in kb.topics.values()) \
        if kb else []
    return render(request, "knowledge/page.html", {"gaps": gaps, "topics": topics, "days": days,
                                                   "topic_titles": dict(topics), "sureness": sureness,
                                                   **read_notices(request, "done", "error")})


@router.post("/add", summary="Add a customer's question to a topic or to the out-of-scope list")
def add(request: Request, logged: StaffDep, workspace: WorkspaceDep, services: ServicesDep,
        text: Annotated[str, Form(min_length=1, max_length=300)],
        lang: Annotated[str, Form(max_length=2)], topic: Annotated[str, Form(max_length=64)]) -> Response:
    folder = services.settings.knowledge_dir / workspace.slug
    try:
        add_example(folder, None if topic == "_out_of_scope" else topic, lang, text)
    except EditRefused as exc:
        return redirect(request, notice_url(request, "/app/knowledge", error=str(exc)))
    _live(services, workspace.slug)
    return redirect(request, notice_url(request, "/app/knowledge", done=text[:100]))


def _live(services: ServicesDep, workspace: str) -> None:
    """The edit answers at once (re-index now); the gate follows when its refit finishes."""
    if services.knowledge is not None:
        services.knowledge.reload(workspace)
    refit_in_background(services.settings.knowledge_dir)


@router.get("/topic", summary="The form for a new topic (prefilled with a customer's question)")
def new_topic(request: Request, logged: StaffDep, text: Annotated[str, Query(max_length=300)] = "",
              lang: Annotated[str, Query(max_length=2)] = "") -> Response:
    """An `?error=` is shown only when this console signed it for this session (bot.console.notices): a link
    from outside must not put its own sentence in the alert box (review note N9)."""
    examples = {code: (text if code == lang else "") for code in LANGS}
    return render(request, "knowledge/topic.html", {"langs": LANGS, "examples": examples,
                                                    "error": read_notices(request, "error")["error"], "values": {}})


@router.post("/segments", summary="Characters and SMS segments of an answer (the form's live counter)")
async def segments(request: Request, logged: StaffDep) -> Response:
    """Counts the form's `answer_<lang>` field that htmx sent (the textarea being typed in)."""
    form = await request.form()
    text = next((str(v) for k, v in form.items() if k.startswith("answer_")), "")[:4000].strip()
    counted = count_segments(text)
    return render(request, "knowledge/_segments.html", {"chars": count_characters(text),
                                                        "segments": counted.segments, "encoding": counted.encoding})


@router.post("/topic", summary="Write a new topic (the same YAML as a hand-written one), lint it, go live")
async def create_topic(request: Request, logged: StaffDep, workspace: WorkspaceDep,
                       services: ServicesDep) -> Response:
    """Fields: `id`, and per language `title_<lang>`, `answer_<lang>`, `examples_<lang>` (one a line)."""
    form = await request.form()

    def field(name: str, limit: int) -> str:
        value = form.get(name)
        return value[:limit] if isinstance(value, str) else ""

    topic = field("id", 64).strip()
    title = {lang: field(f"title_{lang}", 200) for lang in LANGS}
    answer = {lang: field(f"answer_{lang}", 4000) for lang in LANGS}
    # one example a line of the textarea: split at the browser's line ends only, so a U+2028 or NEL inside a
    # pasted question stays in it (kb_edit keeps it exactly) rather than cutting it in two (review note N12)
    examples = {lang: [line for line in re.split(r"\r\n|\r|\n", field(f"examples_{lang}", 6000)) if line.strip()][:50]
                for lang in LANGS}
    folder = services.settings.knowledge_dir / workspace.slug
    try:  # file writes, lint and the re-index take seconds: off the event loop
        await run_in_threadpool(lambda: add_topic(folder, topic, title, answer, examples,
                                                  form_of_address=workspace.form_of_address))
    except EditRefused as exc:
        values = {"id": topic, **{f"title_{k}": v for k, v in title.items()},
                  **{f"answer_{k}": v for k, v in answer.items()}}
        return render(request, "knowledge/topic.html", {"langs": LANGS, "error": str(exc), "values": values,
                                                        "examples": {k: "\n".join(v) for k, v in examples.items()}},
                      status_code=422)
    await run_in_threadpool(_live, services, workspace.slug)
    return redirect(request, notice_url(request, "/app/knowledge", done=topic))
