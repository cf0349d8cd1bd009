"""`bot ask`'s answering view of a KB (knowledge.answer_index), read from the index cache without
pydantic or the KB's models, answers exactly as the full path (`load_indexed` + `answer_question`)
on every KB evaluation question of every shipped knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.answer import answer_question
from knowledge.answer_index import load_answer_index
from knowledge.answering import reply_to
from knowledge.registry import load_indexed
from tests.knowledge.conftest import BASES, REPO, write_kb

# Several questions in one message, an unknown one, a typo: the other paths through answering.
EXTRA = ["refnd plz", "what's the weather in Haifa", "מה המחיר של המנוי? ואפשר להקפיא?",
         "how do I cancel and can I get a refund?", "как заморозить подписку и сколько стоит годовой?", "ok?", ""]


def _questions(workspace: str) -> list[str]:
    data = yaml.safe_load((REPO / "knowledge" / "eval" / f"{workspace}.yaml").read_text(encoding="utf-8"))
    return [row["q"] for split in ("tune", "holdout") for row in data.get(split) or []] + EXTRA


@pytest.mark.parametrize("workspace", sorted(p.name for p in BASES.iterdir() if p.is_dir()))
def test_the_view_answers_every_eval_question_as_the_full_kb(cache_dir: Path, workspace: str) -> None:
    folder = BASES / workspace
    kb = load_indexed(folder)  # builds and stores the file the view reads
    view = load_answer_index(folder)
    assert view is not None and view.workspace == kb.workspace
    for question in _questions(workspace):
        full = answer_question(kb, question)
        got = reply_to(view, question)
        assert (got.workspace, got.topic, got.lang, got.confidence, got.answer, list(got.parts)) == (
            full.workspace, full.topic, full.lang, full.confidence, full.answer, full.parts), question


def test_no_view_without_a_cache_file_or_after_an_edit(cache_dir: Path, tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "demo")
    assert load_answer_index(folder) is None  # nothing stored yet: `bot ask` takes the full path
    load_indexed(folder)
    assert load_answer_index(folder) is not None
    topic = next(folder.glob("[!_]*.yaml"))
    topic.write_text(topic.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_answer_index(folder) is None  # a stale file is never read
