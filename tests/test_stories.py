"""Every conversation story under tests/stories/ passes through the real pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from bot.stories import StoryRunner
from knowledge.registry import KnowledgeRegistry

STORIES = sorted((Path(__file__).parent / "stories").glob("*.yaml"))


@pytest.fixture(scope="module")
def runner() -> Iterator[StoryRunner]:
    story_runner = StoryRunner(load_workspaces(ROOT / "workspaces"), KnowledgeRegistry(ROOT / "knowledge" / "bases"))
    yield story_runner
    story_runner.close()


@pytest.mark.parametrize("path", STORIES, ids=[p.name for p in STORIES])
def test_story_file(runner: StoryRunner, path: Path) -> None:
    failures = [f"{o.story}: {f}" for o in runner.run_file(path) for f in o.failures]
    assert not failures, "\n".join(failures)


def test_runner_reports_a_failing_expectation(runner: StoryRunner, tmp_path: Path) -> None:
    story = tmp_path / "bad.yaml"
    story.write_text(
        'workspace: msg-software\nnow: "2026-11-22T10:00:00+02:00"\nstories:\n'
        '  - name: wrong language expected\n    from: "+972502345678"\n    steps:\n'
        '      - user: "hello"\n        expect: {lang: ru}\n', encoding="utf-8")
    outcomes = runner.run_file(story)
    assert len(outcomes) == 1 and not outcomes[0].passed
    assert "lang: expected 'ru', got 'en'" in outcomes[0].failures[0]


def test_runner_reports_a_broken_file(runner: StoryRunner, tmp_path: Path) -> None:
    story = tmp_path / "broken.yaml"
    story.write_text("workspace: msg-software\nstories: [{name: x}]\n", encoding="utf-8")
    outcomes = runner.run_file(story)
    assert outcomes[0].failures and "cannot load story file" in outcomes[0].failures[0]
