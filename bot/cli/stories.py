"""`bot test-conversations`: run conversation stories and report `N passed, N failed`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.cli.common import settings, workspaces


def test_conversations(
    paths: Annotated[list[Path], typer.Argument(help="Story files or folders")],
) -> None:
    """Run conversation stories through the real pipeline; exit 1 if any failed."""
    from bot.stories import StoryRunner, story_paths
    from knowledge.registry import KnowledgeRegistry

    console = Console()
    missing = [p for p in paths if not p.exists()]
    if missing:
        console.print(f"[red]not found:[/red] {', '.join(map(str, missing))}")
        raise typer.Exit(2)
    runner = StoryRunner(workspaces(), KnowledgeRegistry(settings().knowledge_dir))
    passed = failed = 0
    try:
        for path in story_paths(paths):
            for outcome in runner.run_file(path):
                if outcome.passed:
                    passed += 1
                    continue
                failed += 1
                console.print(f"[red]FAIL[/red] {outcome.file} :: {outcome.story}")
                for failure in outcome.failures:
                    console.print(f"    {failure}", markup=False)
    finally:
        runner.close()
    print(f"{passed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)
