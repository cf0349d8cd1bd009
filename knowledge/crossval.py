"""Tuning data that never touches the `holdout` split: k-fold over KB examples, the `tune`
split and invented off-topic questions.

Retrieval constants and the answer/abstain gate (`knowledge.gate`) are fitted on what this
module yields. A k-fold question is a KB example held out of its topic: fold f removes every
example whose position i has i % k == f, in all three languages at once, because the three
lists are translations of each other and a translation left in would leak the answer
through shared product names and thesaurus concepts.

    python -m knowledge.crossval            # top-1 / rejection per source and language
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.kb import KnowledgeBase, PerLang, load_knowledge_base
from knowledge.language import detect_language
from knowledge.retrieval import RetrievalConfig, build_index, retrieve, score_question
from knowledge.types import LANGS, Lang

ROOT = Path(__file__).resolve().parent
OFFTOPIC_FILE = ROOT / "calibration" / "offtopic.yaml"
FOLDS = 3


@dataclass(frozen=True, slots=True)
class Case:
    """One question with its expected topic (None: must be refused) and where it came from."""

    source: str  # "kfold", "tune" or "offtopic"
    workspace: str
    lang: Lang
    text: str
    topic: str | None


def load_offtopic(path: Path = OFFTOPIC_FILE, batches: tuple[str, ...] = ("", "_more")) -> list[tuple[Lang, str]]:
    """Invented off-topic questions; the file has two batches per language ("he", "he_more"),
    so a model fitted on one can be checked on the other."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(lang, str(q)) for batch in batches for lang in LANGS for q in raw.get(lang + batch) or []]


def load_adjacent(workspace: str, path: Path = OFFTOPIC_FILE) -> list[Case]:
    """The workspace's domain-adjacent off-topic questions: even positions as source "adjacent",
    odd ones as "adjacent2" (a gate fitted without one half can be checked on it)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    per_lang = (raw.get("adjacent") or {}).get(workspace) or {}
    return [
        Case("adjacent2" if i % 2 else "adjacent", workspace, lang, str(q), None)
        for lang in LANGS
        for i, q in enumerate(per_lang.get(lang) or [])
    ]


def tune_cases(workspace: str, root: Path = ROOT) -> list[Case]:
    """The `tune` split only: the file's holdout list is never read into a Case."""
    raw = yaml.safe_load((root / "eval" / f"{workspace}.yaml").read_text(encoding="utf-8"))
    return [Case("tune", workspace, q["lang"], q["q"], q.get("topic")) for q in raw.get("tune") or []]


def fold(kb: KnowledgeBase, f: int, k: int = FOLDS) -> tuple[KnowledgeBase, list[Case]]:
    """The KB without fold f's examples, and those examples as questions."""
    topics = {}
    held: list[Case] = []
    for topic in kb.topics.values():
        kept: dict[str, list[str]] = {}
        for lang in LANGS:
            examples = topic.examples.get(lang)
            kept[lang] = [e for i, e in enumerate(examples) if i % k != f]
            if not kept[lang]:  # a topic keeps at least one example
                kept[lang] = examples[:1]
            held += [Case("kfold", kb.workspace, lang, e, topic.id) for e in examples if e not in kept[lang]]
        topics[topic.id] = topic.model_copy(update={"examples": PerLang[list[str]](**kept)})
    return kb.model_copy(update={"topics": topics}), held


def workspaces(root: Path = ROOT) -> list[str]:
    return sorted(p.name for p in (root / "bases").iterdir() if p.is_dir())


def case_sets(
    config: RetrievalConfig | None = None, *, root: Path = ROOT, k: int = FOLDS, kfold: bool = True
) -> Iterator[tuple[KnowledgeBase, list[Case]]]:
    """(indexed KB, questions to ask it) for every workspace: full KB with tune + off-topic
    questions, then each fold's reduced KB with its held-out examples."""
    offtopic = [("offtopic", lang, q) for lang, q in load_offtopic(batches=("",))]
    offtopic += [("offtopic2", lang, q) for lang, q in load_offtopic(batches=("_more",))]
    for ws in workspaces(root):
        kb = load_knowledge_base(root / "bases" / ws)
        kb._index = build_index(kb, config)
        cases = tune_cases(ws, root) + [Case(source, ws, lang, q, None) for source, lang, q in offtopic]
        cases += load_adjacent(ws, root / "calibration" / "offtopic.yaml")
        yield kb, cases
        if kfold:
            for f in range(k):
                reduced, held = fold(kb, f, k)
                reduced._index = build_index(reduced, config)
                yield reduced, held


@dataclass(frozen=True, slots=True)
class GateRow:
    """One tuning question as the gate sees it: its features and whether the top topic is right."""

    source: str
    lang: Lang
    topic: str | None
    workspace: str
    right: bool
    x: list[float] | None


def collect_rows(config: RetrievalConfig | None = None) -> list[GateRow]:
    from knowledge.gate import features

    config = config or RetrievalConfig()
    rows = []
    for kb, cases in case_sets(config):
        for case in cases:
            scores = score_question(kb._index, case.text, detect_language(case.text), config)
            top = scores.ranked[0].topic if scores.ranked else None
            right = case.topic is not None and top == case.topic
            rows.append(GateRow(case.source, case.lang, case.topic, case.workspace, right, features(scores)))
    return rows


def run(config: RetrievalConfig | None = None, *, kfold: bool = True, verbose: bool = False) -> dict[str, float]:
    """Share of right outcomes per source ("offtopic": share refused)."""
    right: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for kb, cases in case_sets(config, kfold=kfold):
        for case in cases:
            got = retrieve(kb, case.text, config=config).topic
            for key in ((case.source, case.lang), (case.source, "all")):
                right[key][0] += got == case.topic
                right[key][1] += 1
            if got != case.topic:
                misses.append((case, got))
    if verbose:
        for case, got in misses:
            print(f"x {case.source} {case.workspace} {case.lang} want={case.topic} got={got} | {case.text}")
    return {f"{s}/{lang}": round(100 * a / n, 1) for (s, lang), (a, n) in sorted(right.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print every wrong outcome")
    parser.add_argument("--no-kfold", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    figures = run(kfold=not args.no_kfold, verbose=args.misses)
    for key, value in figures.items():
        print(f"{key:16} {value:5.1f}%")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
