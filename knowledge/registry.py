"""Hand out each workspace's knowledge base, reloading it when its files change.

Owners edit YAML on the server and expect the next message to use it, without a restart.
Checking a folder costs one `stat` per topic file, so it runs on each request at most once
per `check_interval` seconds; a change in any file's name, mtime or size triggers a full
reload (the index is rebuilt with it, or read back from `knowledge.index_cache`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from knowledge import index_cache
from knowledge.files import kb_cache_entry
from knowledge.kb import (
    KnowledgeBase,
    KnowledgeBaseError,
    LintProblem,
    OutOfScope,
    Topic,
    kb_files,
    load_knowledge_base,
)

Signature = tuple[tuple[str, int, int], ...]


def folder_signature(folder: Path) -> Signature:
    """What changes when any topic file (or the out-of-scope file) is added, removed or edited."""
    out = []
    for path in kb_files(folder):
        try:
            st = path.stat()
        except FileNotFoundError:  # removed between listing and stat
            continue
        out.append((path.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def load_indexed(folder: Path) -> KnowledgeBase:
    """The KB of `folder` with its retrieval index built: from this process's memory, else the
    on-disk index cache (`knowledge.index_cache`), else parsed and indexed (and cached)."""
    from knowledge.retrieval import TopicIndex, get_index

    def build() -> KnowledgeBase:
        kb = load_knowledge_base(folder)
        get_index(kb)
        return kb

    def dump(kb: KnowledgeBase) -> dict[str, Any]:
        return {"topics": [topic.model_dump(mode="json") for topic in kb.topics.values()],
                "out_of_scope": kb.out_of_scope.model_dump(mode="json"),
                "problems": [asdict(problem) for problem in kb.problems], "index": get_index(kb).to_data()}

    def load(data: dict[str, Any]) -> KnowledgeBase:
        topics = [Topic.model_validate(raw) for raw in data["topics"]]
        kb = KnowledgeBase(workspace=folder.name, path=folder, topics={t.id: t for t in topics},
                           out_of_scope=OutOfScope.model_validate(data["out_of_scope"]),
                           problems=[LintProblem(**raw) for raw in data["problems"]])
        kb._index = TopicIndex.from_data(data["index"])
        return kb

    kind, files, extra = kb_cache_entry(folder)
    return index_cache.cached(kind, files, build, dump, load, extra=extra)


@dataclass(slots=True)
class _Entry:
    kb: KnowledgeBase
    signature: Signature
    checked_at: float


class KnowledgeRegistry:
    """Thread-safe cache of loaded knowledge bases under `root/<workspace>/`."""

    def __init__(
        self,
        root: Path,
        *,
        check_interval: float = 1.0,
        on_load: Callable[[KnowledgeBase], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root
        self.check_interval = check_interval
        self._on_load = on_load
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def workspaces(self) -> list[str]:
        """Slugs that have a knowledge-base folder."""
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith("."))

    def get(self, workspace: str) -> KnowledgeBase:
        """The workspace's KB, reloaded first if its folder changed; KnowledgeBaseError if absent.
        Within `check_interval` of the last check the loaded KB is returned without touching the
        disk (the folder's existence is checked with its files: a stat fewer a message)."""
        if "/" in workspace or workspace.startswith("."):
            raise KnowledgeBaseError(f"no knowledge base for workspace '{workspace}'")
        now = self._clock()
        with self._lock:
            entry = self._entries.get(workspace)
            if entry is not None and now - entry.checked_at < self.check_interval:
                return entry.kb
        folder = self.root / workspace
        if not folder.is_dir():
            raise KnowledgeBaseError(f"no knowledge base for workspace '{workspace}'")
        with self._lock:
            entry = self._entries.get(workspace)
            signature = folder_signature(folder)
            if entry is not None and entry.signature == signature:
                entry.checked_at = now
                return entry.kb
            kb = load_indexed(folder)
            if self._on_load is not None:
                self._on_load(kb)
            self._entries[workspace] = _Entry(kb, signature, now)
            return kb

    def load_all(self, slugs: list[str] | None = None) -> list[str]:
        """Load and index every KB (or those of `slugs` that have a folder) now, so no request
        waits for one; the slugs loaded."""
        wanted = self.workspaces() if slugs is None else [s for s in slugs if s in set(self.workspaces())]
        for slug in wanted:
            self.get(slug)
        return wanted

    def loaded(self) -> list[str]:
        """Slugs whose KB is loaded and indexed in this process."""
        with self._lock:
            return sorted(self._entries)

    def reload(self, workspace: str) -> KnowledgeBase:
        """Force a reload on the next `get`, and return it."""
        with self._lock:
            self._entries.pop(workspace, None)
        return self.get(workspace)
