"""`bot kb lint` and `bot kb eval`: check and measure the knowledge bases."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from bot.cli.common import settings

app = typer.Typer(help="Knowledge-base tools", no_args_is_help=True)


@app.command("lint")
def lint(
    workspace_slug: Annotated[str | None, typer.Option("--workspace", "-w", help="Only this workspace")] = None,
) -> None:
    """Find missing languages, empty answers and example questions shared by two topics."""
    from knowledge.lint import lint_knowledge_base

    root = settings().knowledge_dir
    folders = [root / workspace_slug] if workspace_slug else sorted(p for p in root.iterdir() if p.is_dir())
    console = Console()
    total = 0
    for folder in folders:
        problems = lint_knowledge_base(folder)
        total += len(problems)
        for problem in problems:
            console.print(str(problem), markup=False)
        console.print(f"{folder.name}: {len(problems)} problem(s)")
    if total:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    split: Annotated[str, typer.Option(help="holdout (the honest figures) or tune")] = "holdout",
    workspace_slug: Annotated[str | None, typer.Option("--workspace", "-w", help="Only this workspace")] = None,
) -> None:
    """Top-1 topic accuracy and off-topic rejection per workspace and language."""
    from knowledge.evaluate import evaluate as run
    from knowledge.evaluate import print_report

    if split not in ("holdout", "tune"):
        raise typer.BadParameter("split must be holdout or tune", param_hint="--split")
    root = settings().knowledge_dir.parent
    report = run(root, split, workspaces=[workspace_slug] if workspace_slug else None)
    print_report(report, console=Console())
