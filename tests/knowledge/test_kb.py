from pathlib import Path

import pytest

from knowledge.kb import KnowledgeBaseError, load_knowledge_base
from knowledge.lint import lint_knowledge_base
from tests.knowledge.conftest import TOPICS, write_kb, write_topic


def test_loads_typed_topics(small_kb) -> None:
    assert set(small_kb.topics) == set(TOPICS)
    topic = small_kb.topics["refund"]
    assert topic.title.get("ru") == "Возврат денег"
    assert len(topic.examples.get("he")) == 4
    assert topic.keywords.get("en") == ["reimbursement", "money back"]
    assert small_kb.problems == []


def test_clean_kb_lints_clean(kb_dir: Path) -> None:
    assert lint_knowledge_base(kb_dir) == []


def _messages(problems) -> list[str]:
    return [f"{Path(p.path).name}: {p.message}" for p in problems]


def test_lint_reports_each_problem(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "ws")
    body = dict(TOPICS["refund"])
    # missing language
    write_topic(folder, "no-russian", {**body, "answer": {"he": "x", "en": "y"}})
    # empty answer
    write_topic(folder, "empty-answer", {**body, "answer": {"he": " ", "en": "y", "ru": "z"}})
    # too few examples
    write_topic(folder, "few-examples", {**body, "examples": {"he": ["א ב"], "en": ["a b", "c d"], "ru": []}})
    # broken YAML
    write_topic(folder, "broken", "id: broken\ntitle: [unclosed\n")
    # id differs from the file name
    (folder / "wrong-id.yaml").write_text(
        (folder / "refund.yaml").read_text(encoding="utf-8").replace("id: refund", "id: other-id"),
        encoding="utf-8",
    )
    # an example shared with another topic, after normalisation (case, punctuation)
    shared = {**TOPICS["subscription-freeze"]}
    shared["examples"] = {**shared["examples"], "en": [*shared["examples"]["en"], "HOW do I get a refund"]}
    write_topic(folder, "subscription-freeze", shared)

    messages = _messages(lint_knowledge_base(folder))
    assert "no-russian.yaml: answer.ru: missing" in messages
    assert "empty-answer.yaml: answer.he: empty answer" in messages
    assert "few-examples.yaml: examples.he: 1 examples, at least 4" in messages
    assert "few-examples.yaml: examples.ru: 0 examples, at least 4" in messages
    assert any(m.startswith("broken.yaml: cannot parse YAML at line") for m in messages)
    assert "wrong-id.yaml: id 'other-id' must equal the file name 'wrong-id'" in messages
    shared_lines = [m for m in messages if "'how do get refund' is also an example of" in m]
    assert any(m.startswith("subscription-freeze.yaml: examples.en:") and "refund" in m for m in shared_lines)
    assert any(m.startswith("refund.yaml: examples.en:") and "subscription-freeze" in m for m in shared_lines)
    assert not any("Traceback" in m for m in messages)


def test_lint_reports_non_mapping_and_unknown_keys(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    write_topic(folder, "a-list", "- just\n- a list\n")
    write_topic(folder, "extra", {**TOPICS["refund"], "colour": "blue"})
    messages = _messages(lint_knowledge_base(folder))
    assert any(m.startswith("a-list.yaml: the file must hold a mapping") for m in messages)
    assert "extra.yaml: colour: unknown key" in messages


def test_lint_of_missing_or_empty_folder(tmp_path: Path) -> None:
    assert "no such knowledge-base folder" in lint_knowledge_base(tmp_path / "nope")[0].message
    (tmp_path / "empty").mkdir()
    assert "no topic files" in lint_knowledge_base(tmp_path / "empty")[0].message


def test_loading_skips_broken_files_but_keeps_the_rest(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "ws")
    write_topic(folder, "broken", "id: broken\nanswer: {he: [\n")
    kb = load_knowledge_base(folder)
    assert set(kb.topics) == set(TOPICS)
    assert [Path(p.path).name for p in kb.problems] == ["broken.yaml"]
    with pytest.raises(KnowledgeBaseError, match="broken.yaml"):
        load_knowledge_base(folder, strict=True)


def test_numbers_in_yaml_lists_become_text(tmp_path: Path) -> None:
    body = {**TOPICS["refund"], "keywords": {"en": [14, "days"]}}
    folder = tmp_path / "ws"
    write_topic(folder, "refund", body)
    assert load_knowledge_base(folder).topics["refund"].keywords.get("en") == ["14", "days"]


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError):
        load_knowledge_base(tmp_path / "missing")
