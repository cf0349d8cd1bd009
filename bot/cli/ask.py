"""`bot ask`: answer questions from a workspace's knowledge base, one or many."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from bot.cli.common import Folders, fail, folders, json_lines_from_stdin, print_json, settings, workspace
from bot.cli.main import exit_without_teardown


def _answer_fn(slug: str, where: Folders | None) -> Any:
    """Loads only this workspace's KB, from the index cache when `bot serve` or an earlier
    `bot ask` built it (see knowledge.index_cache): a call costs about what `bot segments` does.
    Without an OpenAI key only the folders are read from the settings (`folders()`), and the answer
    comes from the cached index's answering view (`knowledge.answer_index`: no pydantic, no KB
    models); the full load, which builds and stores that file, only when the cache lacks it."""
    from knowledge import index_cache
    from knowledge.answering import reply_to

    config = where or settings()
    index_cache.configure(config.data_dir / "cache")
    folder = config.knowledge_dir / slug
    usable = "/" not in slug and folder.is_dir()
    if where is not None and usable:
        from knowledge.answer_index import load_answer_index

        view = load_answer_index(folder)
        if view is not None:
            return lambda text: reply_to(view, text)
    from knowledge.kb import KnowledgeBaseError
    from knowledge.registry import load_indexed

    try:
        kb = load_indexed(folder) if usable else None
    except KnowledgeBaseError:
        kb = None
    if kb is None:
        raise fail(f"workspace '{slug}' has no knowledge base under {config.knowledge_dir}")
    if where is None and settings().openai_enabled:
        from bot.services import build_answerer

        answerer = build_answerer(settings())
        return lambda text: answerer.answer(kb, text, None)
    return lambda text: reply_to(kb, text)


def _check_workspace(slug: str, where: Folders | None) -> None:
    """A workspace file of that name exists; otherwise the full load says what is known (or broken)."""
    if "/" in slug or not ((where or settings()).workspaces_dir / f"{slug}.yaml").is_file():
        workspace(slug)


def ask(
    text: Annotated[str | None, typer.Argument(help="The question")] = None,
    workspace_slug: Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")] = ...,  # type: ignore[assignment]
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    stdin: Annotated[bool, typer.Option("--stdin", help="One JSON string a line on standard input")] = False,
) -> None:
    """Answer a question from the knowledge base (topic null when the bot does not know)."""
    where = folders()
    _check_workspace(workspace_slug, where)
    answer = _answer_fn(workspace_slug, where)

    def record(question: str) -> dict[str, object]:
        result = answer(question)
        return {"workspace": workspace_slug, "topic": result.topic, "lang": result.lang,
                "confidence": round(float(result.confidence), 3), "answer": result.answer}

    exit_without_teardown()  # nothing to close: the loaded index need not be freed object by object
    if stdin:
        for _, value, error in json_lines_from_stdin():
            print_json({"workspace": workspace_slug, "error": error} if value is None else record(value))
        return
    if text is None:
        raise fail("give a question or --stdin")
    out = record(text)
    if as_json:
        print_json(out)
        return
    from rich.console import Console

    console = Console()
    console.print(f"[dim]topic={out['topic']} lang={out['lang']} confidence={out['confidence']}[/dim]")
    console.print(str(out["answer"]))
