"""Memory held by the five demo knowledge bases once loaded and indexed.

Measures Python allocations with tracemalloc (what the KBs and their indexes keep alive)
and the process RSS growth. Target: < 200 MB for all five.

    python benchmarks/kb_memory.py [--rss-only]
"""

from __future__ import annotations

import gc
import resource
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def main() -> None:
    # Import first so that module code is not counted as KB memory.
    from knowledge.answer import answer_question
    from knowledge.registry import KnowledgeRegistry
    from knowledge.retrieval import get_index

    trace = "--rss-only" not in sys.argv  # tracemalloc's bookkeeping inflates RSS about twofold
    gc.collect()
    rss_before = rss_mb()
    if trace:
        tracemalloc.start()
    registry = KnowledgeRegistry(ROOT / "knowledge" / "bases", check_interval=3600)
    kbs = [registry.get(ws) for ws in registry.workspaces()]
    for kb in kbs:
        get_index(kb)
        answer_question(kb, "warm up")
    gc.collect()
    topics = sum(len(kb.topics) for kb in kbs)
    print(f"workspaces: {len(kbs)}, topics: {topics}")
    if trace:
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"tracemalloc: {current / 2**20:.1f} MB held, {peak / 2**20:.1f} MB peak while loading")
        print(f"RSS growth: {rss_mb() - rss_before:.1f} MB (includes tracemalloc's own bookkeeping)")
    else:
        print(f"RSS growth: {rss_mb() - rss_before:.1f} MB (no tracemalloc)")


if __name__ == "__main__":
    main()
