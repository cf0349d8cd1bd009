"""Cost of understanding a customer message, and of understanding plus the offline reply, on one core.

The messages are every evaluation question of every workspace plus the customer lines of the
conversation stories, each read once per round (new text every call, as in production); the first
round also fills the per-word cache, later rounds reuse it. "intent" is what the pipeline does
before deciding: the transliteration and keyboard-layout check, the spelling (slang, glued words,
typos: handlers/understanding/spelling.py), then `classify_intent` with a workspace's own person
words and, every other round, an open ticket (the word lists, then the example sets of
handlers/understanding/ when the lists find nothing). "intent + reply" adds the knowledge-base
answer for the messages classified `faq`. Prints µs per call, mean / p50 / p99 / max, in wall
time and in this thread's CPU time (on a busy machine the wall-time tail is mostly the scheduler
handing the core to another process). Target: intent + reply p99 < 20 ms.

    python benchmarks/intents_speed.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import percentile, pin_to_one_core  # noqa: E402
from bot.core.workspaces import load_workspaces  # noqa: E402
from handlers.intents import classify_intent, lexicon  # noqa: E402
from handlers.understanding.learned import score_intents  # noqa: E402
from handlers.understanding.spelling import lexicon as spelling_lexicon  # noqa: E402
from handlers.understanding.spelling import respelled, retyped_on_layout  # noqa: E402
from knowledge.answer import answer_question  # noqa: E402
from knowledge.language import detect_language  # noqa: E402
from knowledge.registry import KnowledgeRegistry  # noqa: E402
from knowledge.retrieval import get_index  # noqa: E402
from knowledge.translit import as_russian, lexicons  # noqa: E402


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


def _report(name: str, timings: list[float]) -> None:
    print(f"{name}: mean {statistics.fmean(timings):.0f} µs, p50 {percentile(timings, 50):.0f} µs, "
          f"p99 {percentile(timings, 99):.0f} µs, max {max(timings):.0f} µs per call")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workspace", default="remote-support", help="whose person words and KB answer")
    args = parser.parse_args()
    pin_to_one_core()
    texts = messages()
    started = time.perf_counter()
    lexicon()
    lexicons()
    spelling_lexicon()
    score_intents("warm up", "en")
    workspace = load_workspaces(ROOT / "workspaces").by_slug(args.workspace)
    assert workspace is not None, args.workspace
    person_words = workspace.understanding.all_person_words()
    kb = KnowledgeRegistry(ROOT / "knowledge" / "bases").get(args.workspace)
    assert kb is not None
    get_index(kb)
    print(f"word lists, example sets, transliteration words and the KB loaded in "
          f"{(time.perf_counter() - started) * 1000:.0f} ms; {len(texts)} messages")
    for round_no in range(1, args.rounds + 1):
        intent_wall, intent_cpu, reply_wall, reply_cpu = [], [], [], []
        score_intents.cache_clear()  # every round scores afresh, as new messages would be
        for text in texts:
            w0, c0 = time.perf_counter(), time.thread_time()
            read = as_russian(text) or retyped_on_layout(text) or text
            lang = detect_language(read)
            read = respelled(read, lang) or read
            guess = classify_intent(read, lang, is_known_guest=False, has_open_ticket=round_no % 2 == 0,
                                    person_words=person_words)
            intent_cpu.append((time.thread_time() - c0) * 1e6)
            intent_wall.append((time.perf_counter() - w0) * 1e6)
            if guess.intent == "faq":
                answer_question(kb, read, lang)
            reply_cpu.append((time.thread_time() - c0) * 1e6)
            reply_wall.append((time.perf_counter() - w0) * 1e6)
        for name, timings in (("intent wall", intent_wall), ("intent cpu", intent_cpu),
                              ("intent + reply wall", reply_wall), ("intent + reply cpu", reply_cpu)):
            _report(f"round {round_no} {name}", timings)


if __name__ == "__main__":
    main()
