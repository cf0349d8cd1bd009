"""Latency of one offline `answer_question` call, on one core, with the KBs already loaded.

Runs every evaluation question (both splits) of every workspace a few times and prints
p50 / p99 / max per question. Target: p99 < 20 ms.

    python benchmarks/ask_latency.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import ms_summary, pin_to_one_core  # noqa: E402
from knowledge.answer import answer_question  # noqa: E402
from knowledge.evaluate import load_eval_file  # noqa: E402
from knowledge.registry import KnowledgeRegistry  # noqa: E402
from knowledge.retrieval import get_index  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pin_to_one_core()

    registry = KnowledgeRegistry(ROOT / "knowledge" / "bases", check_interval=3600)
    started = time.perf_counter()
    questions = []
    for path in sorted((ROOT / "knowledge" / "eval").glob("*.yaml")):
        spec = load_eval_file(path)
        kb = registry.get(spec.workspace)
        get_index(kb)
        questions += [(kb, q.q) for q in spec.tune + spec.holdout]
    load_ms = (time.perf_counter() - started) * 1000

    timings: list[float] = []
    for kb, text in questions[:50]:  # warm the caches the way a running server would be
        answer_question(kb, text)
    for _ in range(args.repeat):
        for kb, text in questions:
            t0 = time.perf_counter()
            answer_question(kb, text)
            timings.append((time.perf_counter() - t0) * 1000)

    print(f"workspaces loaded + indexed: {len(registry.workspaces())} in {load_ms:.0f} ms")
    print(f"questions: {len(questions)} x {args.repeat} runs on one core")
    print(ms_summary(timings))


if __name__ == "__main__":
    main()
