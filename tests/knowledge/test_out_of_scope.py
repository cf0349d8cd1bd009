"""The out-of-scope file: questions a business does not answer, shipped as negative examples."""

import os
from pathlib import Path

import yaml

from knowledge.kb import OUT_OF_SCOPE_FILE, load_knowledge_base
from knowledge.lint import lint_knowledge_base
from knowledge.registry import KnowledgeRegistry
from knowledge.retrieval import OUT_OF_SCOPE, RetrievalConfig, get_index, retrieve, score_question
from tests.knowledge.conftest import write_kb

# Each question shares words with a real topic ("refund", "hours"), so without the file the
# nearest policy would be a tempting answer.
OUT_OF_SCOPE_EXAMPLES = {
    "he": ["אתם מוכרים גם מחשבים ניידים?", "יש לכם חנות פיזית שאפשר להגיע אליה"],
    "en": [
        "do you also sell laptops and printers?",
        "is there a physical shop where I can buy laptops",
        "what are the opening hours of your laptop shop",
    ],
    "ru": ["вы продаёте ноутбуки и принтеры?", "есть ли у вас магазин ноутбуков"],
}


def _write_out_of_scope(folder: Path, body: object) -> Path:
    path = folder / OUT_OF_SCOPE_FILE
    path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return path


def test_the_file_loads_as_examples_not_as_a_topic(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "ws")
    _write_out_of_scope(folder, {"examples": OUT_OF_SCOPE_EXAMPLES})
    kb = load_knowledge_base(folder)
    assert kb.problems == []
    assert OUT_OF_SCOPE not in kb.topics and "_out-of-scope" not in kb.topics
    assert kb.out_of_scope.examples.get("en")[0] == "do you also sell laptops and printers?"


def test_a_question_like_an_out_of_scope_example_gets_no_topic(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "ws")
    question = "do you sell laptops?"
    before = retrieve(load_knowledge_base(folder), question, "en")
    _write_out_of_scope(folder, {"examples": OUT_OF_SCOPE_EXAMPLES})
    kb = load_knowledge_base(folder)
    after = retrieve(kb, question, "en")
    assert after.topic is None
    assert score_question(get_index(kb), question, "en", RetrievalConfig()).out_of_scope  # refused for this reason
    assert all(s.topic != OUT_OF_SCOPE for s in after.ranked)  # the pseudo-topic never leaks out
    assert after.confidence <= before.confidence
    # Real topics still answer, in every language.
    assert retrieve(kb, "How do I get a refund?", "en").topic == "refund"
    assert retrieve(kb, "איך מקבלים החזר כספי?", "he").topic == "refund"
    assert retrieve(kb, "Какие часы работы поддержки?", "ru").topic == "support-hours"


def test_lint_reports_a_broken_file_and_an_example_that_is_also_a_topic_example(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "ws")
    _write_out_of_scope(folder, {"examples": {"en": ["How do I get a refund?"]}})
    messages = [f"{Path(p.path).name}: {p.message}" for p in lint_knowledge_base(folder)]
    assert any(
        m.startswith(f"{OUT_OF_SCOPE_FILE}: examples.en: 'how do get refund' is also an example of refund")
        for m in messages
    )
    assert any(m.startswith("refund.yaml: examples.en:") and "(out of scope)" in m for m in messages)

    _write_out_of_scope(folder, {"examples": {"fr": ["vendez-vous des ordinateurs"]}, "answer": "x"})
    messages = [p.message for p in lint_knowledge_base(folder)]
    assert "examples.fr: unknown key" in messages and "answer: unknown key" in messages
    (folder / OUT_OF_SCOPE_FILE).write_text("- just\n- a list\n", encoding="utf-8")
    kb = load_knowledge_base(folder)
    assert [p.message for p in kb.problems] == ["the file must hold a mapping (examples: he, en, ru)"]
    assert retrieve(kb, "How do I get a refund?", "en").topic == "refund"  # the topics still answer


def test_editing_the_file_reloads_the_knowledge_base(tmp_path: Path) -> None:
    write_kb(tmp_path / "demo")
    registry = KnowledgeRegistry(tmp_path, check_interval=0)
    first = registry.get("demo")
    path = _write_out_of_scope(tmp_path / "demo", {"examples": OUT_OF_SCOPE_EXAMPLES})
    second = registry.get("demo")
    assert second is not first and second.out_of_scope.examples.get("ru")
    _write_out_of_scope(tmp_path / "demo", {"examples": {"en": ["do you sell phones"]}})
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert registry.get("demo").out_of_scope.examples.get("en") == ["do you sell phones"]
    path.unlink()
    assert not registry.get("demo").out_of_scope.examples.get("en")
