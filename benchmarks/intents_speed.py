"""Cost of one `classify_intent` call on typical customer messages, on one core.

The messages are every evaluation question of every workspace plus the customer lines of the
conversation stories, each classified once per round (new text every call, as in production);
the first round also fills the per-word cache, later rounds reuse it. Prints µs per call, mean /
p50 / p99 / max, in wall time and in this thread's CPU time (on a busy machine the wall-time tail
is mostly the scheduler handing the core to another process). Target: < 500 µs per call.

    python benchmarks/intents_speed.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.intents import classify_intent, lexicon  # noqa: E402


def _customer_lines(node: Any, out: list[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("user", "q") and isinstance(value, str):
                out.append(value)
            else:
                _customer_lines(value, out)
    elif isinstance(node, list):
        for value in node:
            _customer_lines(value, out)


def messages() -> list[str]:
    out: list[str] = []
    sources = sorted((ROOT / "knowledge" / "eval").glob("*.yaml")) + sorted((ROOT / "tests" / "stories").glob("*.yaml"))
    for path in sources:
        _customer_lines(yaml.safe_load(path.read_text(encoding="utf-8")), out)
    return list(dict.fromkeys(out))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts = messages()
    started = time.perf_counter()
    lexicon()
    print(f"word lists loaded in {(time.perf_counter() - started) * 1000:.0f} ms; {len(texts)} messages")
    for round_no in range(1, args.rounds + 1):
        wall, cpu = [], []
        for text in texts:
            w0, c0 = time.perf_counter(), time.thread_time()
            classify_intent(text, "he", is_known_guest=round_no % 2 == 0)
            cpu.append((time.thread_time() - c0) * 1e6)
            wall.append((time.perf_counter() - w0) * 1e6)
        for name, timings in (("wall", wall), ("cpu", cpu)):
            print(f"round {round_no} {name}: mean {statistics.fmean(timings):.0f} µs, "
                  f"p50 {percentile(timings, 50):.0f} µs, p99 {percentile(timings, 99):.0f} µs, "
                  f"max {max(timings):.0f} µs per call")


if __name__ == "__main__":
    main()
