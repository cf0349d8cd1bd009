import os
from pathlib import Path

import pytest

from knowledge.kb import KnowledgeBaseError
from knowledge.registry import KnowledgeRegistry
from tests.knowledge.conftest import TOPICS, write_kb, write_topic


def _bump_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_returns_the_same_object_until_a_file_changes(tmp_path: Path) -> None:
    write_kb(tmp_path / "demo")
    registry = KnowledgeRegistry(tmp_path, check_interval=0)
    first = registry.get("demo")
    assert registry.get("demo") is first

    path = tmp_path / "demo" / "refund.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("14 days", "30 days"), encoding="utf-8")
    _bump_mtime(path)
    second = registry.get("demo")
    assert second is not first
    assert "30 days" in second.topics["refund"].answer.en


def test_reloads_when_a_topic_is_added_or_removed(tmp_path: Path) -> None:
    write_kb(tmp_path / "demo")
    registry = KnowledgeRegistry(tmp_path, check_interval=0)
    assert "new-topic" not in registry.get("demo").topics
    write_topic(tmp_path / "demo", "new-topic", TOPICS["refund"])
    assert "new-topic" in registry.get("demo").topics
    (tmp_path / "demo" / "new-topic.yaml").unlink()
    assert "new-topic" not in registry.get("demo").topics


def test_checks_at_most_once_per_interval(tmp_path: Path) -> None:
    write_kb(tmp_path / "demo")
    now = [100.0]
    registry = KnowledgeRegistry(tmp_path, check_interval=1.0, clock=lambda: now[0])
    first = registry.get("demo")
    write_topic(tmp_path / "demo", "new-topic", TOPICS["refund"])
    now[0] += 0.5
    assert registry.get("demo") is first  # not checked yet
    now[0] += 0.6
    assert "new-topic" in registry.get("demo").topics


def test_on_load_hook_and_index_rebuilt_per_load(tmp_path: Path) -> None:
    from knowledge.retrieval import get_index

    write_kb(tmp_path / "demo")
    loaded = []
    registry = KnowledgeRegistry(tmp_path, check_interval=0, on_load=lambda kb: loaded.append(get_index(kb)))
    kb = registry.get("demo")
    assert loaded == [get_index(kb)]
    write_topic(tmp_path / "demo", "new-topic", TOPICS["refund"])
    registry.get("demo")
    assert len(loaded) == 2 and loaded[0] is not loaded[1]


def test_unknown_workspace(tmp_path: Path) -> None:
    write_kb(tmp_path / "demo")
    registry = KnowledgeRegistry(tmp_path)
    assert registry.workspaces() == ["demo"]
    for bad in ("nope", "../demo", ".hidden"):
        with pytest.raises(KnowledgeBaseError):
            registry.get(bad)
