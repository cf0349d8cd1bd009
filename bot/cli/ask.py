"""`bot ask`: answer questions from a workspace's knowledge base, one or many."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console

from bot.cli.common import fail, json_lines_from_stdin, print_json, settings, workspace


def _answer_fn(slug: str) -> Any:
    from bot.services import build_answerer
    from knowledge.answer import answer_question
    from knowledge.registry import KnowledgeRegistry

    config = settings()
    kb = KnowledgeRegistry(config.knowledge_dir).get(slug)
    if kb is None:
        raise fail(f"workspace '{slug}' has no knowledge base under {config.knowledge_dir}")
    if config.openai_enabled:
        answerer = build_answerer(config)
        return lambda text: answerer.answer(kb, text, None)
    return lambda text: answer_question(kb, text, None)


def ask(
    text: Annotated[str | None, typer.Argument(help="The question")] = None,
    workspace_slug: Annotated[str, typer.Option("--workspace", "-w", help="Workspace slug")] = ...,  # type: ignore[assignment]
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    stdin: Annotated[bool, typer.Option("--stdin", help="One JSON string a line on standard input")] = False,
) -> None:
    """Answer a question from the knowledge base (topic null when the bot does not know)."""
    workspace(workspace_slug)
    answer = _answer_fn(workspace_slug)

    def record(question: str) -> dict[str, object]:
        result = answer(question)
        return {"workspace": workspace_slug, "topic": result.topic, "lang": result.lang,
                "confidence": round(float(result.confidence), 3), "answer": result.answer}

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
    console = Console()
    console.print(f"[dim]topic={out['topic']} lang={out['lang']} confidence={out['confidence']}[/dim]")
    console.print(str(out["answer"]))
