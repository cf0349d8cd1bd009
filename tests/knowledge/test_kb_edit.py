"""Adding a question to a knowledge base from the console: text inserted, file still loads, lint guards it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.core.settings import ROOT
from knowledge.answer import answer_question
from knowledge.kb_edit import EditRefused, add_example
from knowledge.registry import KnowledgeRegistry


@pytest.fixture
def bases(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "knowledge" / "bases" / "msg-software", tmp_path / "msg-software")
    return tmp_path


def test_example_is_added_where_owners_keep_it_and_answers_at_once(bases: Path) -> None:
    folder = bases / "msg-software"
    registry = KnowledgeRegistry(bases, check_interval=0)
    question = "is there anybody to talk to during the Passover holiday week?"
    before = (folder / "support-hours.yaml").read_text(encoding="utf-8")
    add_example(folder, "support-hours", "en", question)
    after = (folder / "support-hours.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.split("examples:")[0]), "everything above the examples is untouched"
    assert question in yaml.safe_load(after)["examples"]["en"]
    assert answer_question(registry.get("msg-software"), question, "en").topic == "support-hours"


def test_out_of_scope_and_refusals(bases: Path) -> None:
    folder = bases / "msg-software"
    add_example(folder, None, "ru", "вы продаёте ноутбуки б/у?")
    assert "вы продаёте ноутбуки б/у?" in yaml.safe_load((folder / "_out-of-scope.yaml").read_text())["examples"]["ru"]
    text = (folder / "support-hours.yaml").read_text(encoding="utf-8")
    with pytest.raises(EditRefused):
        add_example(folder, "../secrets", "en", "x")
    with pytest.raises(EditRefused):
        add_example(folder, "support-hours", "fr", "bonjour")
    assert (folder / "support-hours.yaml").read_text(encoding="utf-8") == text
    quote = 'he said "stop: now" # not a comment'
    add_example(folder, "support-hours", "en", quote)
    assert quote in yaml.safe_load((folder / "support-hours.yaml").read_text())["examples"]["en"]
