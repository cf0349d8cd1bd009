"""The on-disk index cache: same answers as a fresh build, reused across processes, never stale."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from knowledge import index_cache, retrieval
from knowledge.kb import load_knowledge_base
from knowledge.registry import KnowledgeRegistry, load_indexed
from knowledge.retrieval import RetrievalConfig, TopicIndex, build_index, score_question
from tests.knowledge.conftest import BASES, REPO, TOPICS, write_kb, write_topic


def _forget_memory() -> None:
    """What a new process sees: only the disk."""
    index_cache._memory.clear()


def test_a_loaded_index_scores_exactly_like_a_fresh_build() -> None:
    kb = load_knowledge_base(BASES / "saas-billing")
    built = build_index(kb)
    loaded = TopicIndex.from_data(index_cache.loads(index_cache.dumps(built.to_data())))
    eval_file = yaml.safe_load((REPO / "knowledge" / "eval" / "saas-billing.yaml").read_text(encoding="utf-8"))
    questions = [row["q"] for row in eval_file["tune"][:150]]
    questions += ["refnd plz", "what's the weather in Haifa", "מה המחיר של המנוי", "как заморозить подписку"]
    config = RetrievalConfig()
    for question in questions:
        for lang in ("he", "en", "ru"):
            assert score_question(loaded, question, lang, config) == score_question(built, question, lang, config)


def test_a_second_process_loads_from_disk_without_building(cache_dir: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    write_kb(tmp_path / "demo")
    first = load_indexed(tmp_path / "demo")
    files = list(cache_dir.glob("kb.demo-*.idx"))
    assert len(files) == 1 and files[0].read_bytes().startswith(index_cache.FORMAT)
    _forget_memory()

    def no_build(*_: object, **__: object) -> None:
        raise AssertionError("the index was rebuilt instead of loaded")

    monkeypatch.setattr(retrieval, "build_index", no_build)
    second = load_indexed(tmp_path / "demo")
    assert second is not first and second.topics == first.topics
    assert second._index is not None
    assert retrieval.retrieve(second, "how do I get a refund?", "en").topic == "refund"


def test_an_edited_topic_gets_a_new_key_and_the_old_file_goes(cache_dir: Path, tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "demo")
    load_indexed(folder)
    old = {p.name for p in cache_dir.glob("kb.demo-*.idx")}
    write_topic(folder, "gift-cards", {**TOPICS["refund"], "id": "gift-cards"})
    _forget_memory()
    kb = load_indexed(folder)
    assert "gift-cards" in kb.topics
    new = {p.name for p in cache_dir.glob("kb.demo-*.idx")}
    assert len(new) == 1 and new != old


def test_a_damaged_or_hostile_file_is_a_miss_not_a_crash(cache_dir: Path, tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "demo")
    load_indexed(folder)
    (path,) = cache_dir.glob("kb.demo-*.idx")
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])  # truncated: arrays point outside the file
    _forget_memory()
    assert retrieval.retrieve(load_indexed(folder), "refund policy", "en").topic == "refund"
    path.write_bytes(b"\x80\x04\x95not a cache file")  # a pickle header is just unreadable bytes
    _forget_memory()
    assert retrieval.retrieve(load_indexed(folder), "refund policy", "en").topic == "refund"
    assert path.read_bytes().startswith(index_cache.FORMAT)  # rewritten


def test_loads_refuses_arrays_outside_the_file_and_unknown_types() -> None:
    from array import array

    good = index_cache.dumps({"a": array("d", [1.5, 2.5])})
    assert index_cache.loads(good)["a"].tolist() == [1.5, 2.5]
    hostile = good.replace(b'"d",0,2', b'"d",0,99')
    with pytest.raises(ValueError):
        index_cache.loads(hostile)
    with pytest.raises(ValueError):
        index_cache.loads(good.replace(b'["d"', b'["u"'))


def test_the_key_follows_the_files_and_the_code(tmp_path: Path) -> None:
    folder = write_kb(tmp_path / "demo")
    files = sorted(folder.glob("*.yaml"))
    key = index_cache.content_key("kb", files)
    assert index_cache.content_key("kb", files) == key
    assert index_cache.content_key("kb", files, extra="other") != key
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert index_cache.content_key("kb", files) != key


def test_registry_load_all_indexes_every_workspace_up_front(cache_dir: Path, tmp_path: Path) -> None:
    write_kb(tmp_path / "bases" / "one")
    write_kb(tmp_path / "bases" / "two")
    registry = KnowledgeRegistry(tmp_path / "bases", check_interval=60)
    assert registry.loaded() == []
    assert registry.load_all(["two", "missing"]) == ["two"]
    assert registry.loaded() == ["two"]
    registry.load_all()
    assert registry.loaded() == ["one", "two"]
    assert all(registry.get(slug)._index is not None for slug in ("one", "two"))


@dataclass(frozen=True, slots=True)
class _Words:
    by_first: dict[str, tuple[tuple[str, ...], ...]]
    numbers: dict[int, tuple[str, ...]]
    marks: frozenset[str]


class _Plain:
    def __init__(self, words: _Words) -> None:
        self.words, self.seen = words, {"a": ("b",)}


def test_cached_objects_round_trip_from_disk_without_running_the_builder(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.yaml"
    source.write_text("x: 1\n", encoding="utf-8")
    value = _Plain(_Words({"רב": (("רב", "מצווה"), ("רב",))}, {3: ("три", "three")}, frozenset({"👍"})))
    assert index_cache.cached_objects("words", [source], lambda: value, [_Words, _Plain]) is value
    _forget_memory()

    def fail() -> _Plain:
        raise AssertionError("rebuilt although the file was on disk")

    loaded = index_cache.cached_objects("words", [source], fail, [_Words, _Plain])
    assert loaded is not value and loaded.words == value.words and loaded.seen == value.seen
    assert isinstance(loaded.words.numbers[3], tuple) and isinstance(loaded.words.marks, frozenset)


def test_cached_objects_rebuild_only_the_classes_they_are_given(cache_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.yaml"
    source.write_text("x: 1\n", encoding="utf-8")
    value = _Plain(_Words({}, {}, frozenset()))
    # _Plain not listed: nothing stored (the value is still returned), nothing to read back
    assert index_cache.cached_objects("words", [source], lambda: value, [_Words]) is value
    assert not list(cache_dir.glob("words-*.idx"))
    index_cache.cached_objects("words", [source], lambda: value, [_Words, _Plain])
    _forget_memory()
    # a reader that does not know _Plain treats the file as a miss and builds
    rebuilt = _Words({}, {}, frozenset())
    assert index_cache.cached_objects("words", [source], lambda: rebuilt, [_Words]) is rebuilt


def test_cached_objects_of_another_shape_are_not_read(cache_dir: Path, tmp_path: Path) -> None:
    """A process whose class had other fields (old code still running while the module on disk
    changed) stores under a key the new class never reads, so no object lacks a field."""
    source = tmp_path / "words.yaml"
    source.write_text("x: 1\n", encoding="utf-8")

    @dataclass(frozen=True, slots=True)
    class Shape:
        known: tuple[str, ...]

    old = Shape(("a",))
    index_cache.cached_objects("words", [source], lambda: old, [Shape])
    _forget_memory()

    @dataclass(frozen=True, slots=True)
    class Shape:  # noqa: F811 - the same class name, one field more, as after an edit
        known: tuple[str, ...]
        selectors: tuple[str, ...]

    new = Shape(("a",), ("b",))
    assert index_cache.cached_objects("words", [source], lambda: new, [Shape]) is new
