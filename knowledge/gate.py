"""Answer or abstain: a small logistic model over several retrieval features.

Ranking always finds *some* best topic - the classifier's posterior sums to one even for
"what's the weather in Haifa" - so whether to answer is a separate decision. A single
threshold on the lexical score mixes up two very different questions: a short paraphrase
that shares two rare words with one topic, and a long off-topic message that shares a few
common words ("time", "price") with several. The gate looks at both sides:

* how well the best topic matches (best lexical score, its coverage, its closest example,
  the classifier's posterior, the margin over the runner-up);
* how much of the question the knowledge base knows at all (share of content words that some
  topic uses in any language; number of content words; thesaurus concepts and how many of
  them the winning topic uses).

P(answer is right) = logistic(w . features + b); the bot answers when it reaches `cut`, and
the same probability is the reply's confidence. The weights live in
`knowledge/calibration/gate.yaml`, fitted by `python -m knowledge.gate` on tuning data only
(`knowledge.crossval`: KB examples held out 3-fold, the `tune` split, invented off-topic
questions), never on the `holdout` split.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.files import read_data_yaml, read_yaml
from knowledge.retrieval import QuestionScores

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from knowledge.crossval import GateRow

GATE_FILE = Path(__file__).with_name("calibration") / "gate.yaml"

FEATURES: tuple[str, ...] = (
    "lexical",  # best lexical score of any topic
    "top_lexical",  # lexical score of the ranked winner
    "score",  # blended score of the winner
    "margin",  # winner minus runner-up (blended)
    "posterior",  # classifier posterior of the winner
    "paraphrase",  # winner's closest single example
    "coverage",  # share of the question's IDF mass the winner explains
    "known",  # share of content words some topic uses
    "unknown_words",  # content words no topic uses
    "log_tokens",
    "has_concepts",
    "concept_hit",  # share of question concepts the winner uses
    "known_x_lexical",
    "out_of_scope_gap",  # winner minus the KB's out-of-scope examples (blended)
)


def features(scores: QuestionScores) -> list[float] | None:
    """The gate's input vector, or None when no topic scored at all or the KB's out-of-scope
    examples matched best (the question is refused before the gate)."""
    ranked = scores.ranked
    if not ranked or scores.out_of_scope:
        return None
    lexical = max(s.lexical for s in ranked)
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return [
        lexical,
        ranked[0].lexical,
        ranked[0].score,
        ranked[0].score - runner_up,
        scores.posterior,
        scores.paraphrase,
        scores.coverage,
        scores.known,
        scores.tokens * (1.0 - scores.known),
        math.log1p(scores.tokens),
        1.0 if scores.concepts else 0.0,
        scores.concept_hit,
        scores.known * lexical,
        ranked[0].score - scores.out_of_scope_score,
    ]


def _logistic(weights: tuple[float, ...], bias: float, x: list[float]) -> float:
    z = bias + sum(w * v for w, v in zip(weights, x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@dataclass(frozen=True, slots=True)
class Gate:
    """Two logistic models over the same features: `weights`/`bias` separate answerable
    questions from off-topic ones (the bot answers at `cut`), `confidence_*` estimate the
    probability that the answer given is the right one (misranked questions count as wrong)."""

    weights: tuple[float, ...]
    bias: float
    cut: float
    confidence_weights: tuple[float, ...] = ()
    confidence_bias: float = 0.0

    def probability(self, scores: QuestionScores) -> float:
        """How sure the gate is that the question belongs to the KB and the top topic fits."""
        x = features(scores)
        return 0.0 if x is None else _logistic(self.weights, self.bias, x)

    def confidence(self, scores: QuestionScores) -> float:
        """Calibrated probability that the top topic is the right answer."""
        x = features(scores)
        if x is None:
            return 0.0
        if not self.confidence_weights:
            return _logistic(self.weights, self.bias, x)
        return _logistic(self.confidence_weights, self.confidence_bias, x)

    def to_dict(self) -> dict[str, object]:
        return {
            "cut": round(self.cut, 4),
            "bias": round(self.bias, 6),
            "weights": {name: round(w, 6) for name, w in zip(FEATURES, self.weights, strict=True)},
            "confidence_bias": round(self.confidence_bias, 6),
            "confidence_weights": {
                name: round(w, 6) for name, w in zip(FEATURES, self.confidence_weights, strict=True)
            },
        }


def load_gate(path: Path = GATE_FILE) -> Gate:
    # The shipped file from the index cache when it has it: `bot ask` then imports no PyYAML.
    raw = read_data_yaml(path) if path == GATE_FILE else read_yaml(path)
    weights = raw["weights"]
    missing = [name for name in FEATURES if name not in weights]
    if missing:
        raise ValueError(f"{path}: gate weights missing for {missing}; refit with python -m knowledge.gate")
    conf = raw.get("confidence_weights") or {}
    return Gate(
        weights=tuple(float(weights[n]) for n in FEATURES),
        bias=float(raw["bias"]),
        cut=float(raw["cut"]),
        confidence_weights=tuple(float(conf[n]) for n in FEATURES) if conf else (),
        confidence_bias=float(raw.get("confidence_bias", 0.0)),
    )


def _yaml_dump(value: dict[str, object]) -> str:
    import yaml

    return yaml.safe_dump(value, sort_keys=False)


@cache
def _shipped_gate() -> Gate:
    return load_gate()


def default_gate() -> Gate:
    """The gate in use: the last refit of this process (a knowledge edit, `refit`), else the shipped one."""
    return _refitted or _shipped_gate()


# --- fitting (offline, `python -m knowledge.gate`) ------------------------------------------


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting; the systems here are ~15 x 15."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                factor = a[r][col] / a[col][col]
                if factor:
                    for c in range(col, n + 1):
                        a[r][c] -= factor * a[col][c]
    return [a[i][n] / a[i][i] if abs(a[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit_logistic(
    rows: list[list[float]], labels: list[int], weights: list[float], *, l2: float = 1.0, iterations: int = 30
) -> tuple[list[float], float]:
    """Weighted, L2-regularised logistic regression by Newton's method (features standardised
    internally; the returned coefficients apply to raw features)."""
    dims = len(rows[0])
    total = sum(weights)
    means = [sum(w * r[j] for r, w in zip(rows, weights, strict=True)) / total for j in range(dims)]
    stds = [
        math.sqrt(sum(w * (r[j] - means[j]) ** 2 for r, w in zip(rows, weights, strict=True)) / total) or 1.0
        for j in range(dims)
    ]
    xs = [[1.0] + [(r[j] - means[j]) / stds[j] for j in range(dims)] for r in rows]
    beta = [0.0] * (dims + 1)
    for _ in range(iterations):
        grad = [0.0] * (dims + 1)
        hess = [[0.0] * (dims + 1) for _ in range(dims + 1)]
        for x, y, w in zip(xs, labels, weights, strict=True):
            z = sum(b * v for b, v in zip(beta, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
            g = w * (p - y)
            h = w * p * (1.0 - p)
            for i in range(dims + 1):
                grad[i] += g * x[i]
                hx = h * x[i]
                row = hess[i]
                for j in range(i, dims + 1):
                    row[j] += hx * x[j]
        for i in range(dims + 1):
            for j in range(i):
                hess[i][j] = hess[j][i]
            if i:
                grad[i] += l2 * beta[i]
                hess[i][i] += l2
        step = _solve(hess, grad)
        beta = [b - s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    coefs = [beta[j + 1] / stds[j] for j in range(dims)]
    bias = beta[0] - sum(c * m for c, m in zip(coefs, means, strict=True))
    return coefs, bias


def main(argv: list[str] | None = None) -> int:
    import argparse

    from knowledge.crossval import collect_rows

    parser = argparse.ArgumentParser(description="Refit the answer/abstain gate on tuning data (never holdout).")
    parser.add_argument("--rejection", type=float, default=0.96, help="off-topic share to refuse (training data)")
    parser.add_argument("--wrong-weight", type=float, default=0.0, help="weight of a misranked in-KB question")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument(
        "--exclude", action="append", default=[], help="leave a source out of the fit (e.g. adjacent2), to check on it"
    )
    parser.add_argument("--write", action="store_true", help=f"write {GATE_FILE}")
    args = parser.parse_args(argv)
    rows = collect_rows()
    fit_rows = [r for r in rows if r.source not in args.exclude]
    gate = fit_gate(fit_rows, rejection=args.rejection, wrong_weight=args.wrong_weight, l2=args.l2)
    report_gate(gate, rows)
    if args.write:
        GATE_FILE.write_text(
            "# Answer/abstain gate (knowledge/gate.py), fitted by `python -m knowledge.gate --write` on\n"
            "# KB examples (3-fold), the tune split and knowledge/calibration/offtopic.yaml.\n"
            + _yaml_dump(gate.to_dict()),
            encoding="utf-8",
        )
        print(f"wrote {GATE_FILE}")
    return 0


def fit_gate(rows: list[GateRow], *, rejection: float, wrong_weight: float, l2: float) -> Gate:
    """`rows` are `crossval.GateRow`s. Misranked in-KB questions count as "do not answer" at
    `wrong_weight`: refusing them costs nothing in top-1 and spares the customer a wrong reply."""
    usable = [r for r in rows if r.x is not None]
    labels = [1 if r.right else 0 for r in usable]
    weights = [1.0 if r.topic is None or r.right else wrong_weight for r in usable]
    coefs, bias = fit_logistic([r.x for r in usable], labels, weights, l2=l2)
    gate = Gate(weights=tuple(coefs), bias=bias, cut=0.5)
    off = sorted(gate_probability(gate, r) for r in rows if r.topic is None)
    index = min(len(off) - 1, int(math.ceil(rejection * len(off))) - 1) if off else 0
    cut = off[index] + 1e-6 if off else 0.5
    # Confidence: every question counts fully, a misranked one as "wrong".
    conf_coefs, conf_bias = fit_logistic([r.x for r in usable], labels, [1.0] * len(usable), l2=l2)
    return Gate(
        weights=tuple(coefs), bias=bias, cut=cut, confidence_weights=tuple(conf_coefs), confidence_bias=conf_bias
    )


def gate_probability(gate: Gate, row: GateRow) -> float:
    return 0.0 if row.x is None else _logistic(gate.weights, gate.bias, row.x)


def report_gate(gate: Gate, rows: list[GateRow]) -> None:
    from collections import defaultdict

    tally: defaultdict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        answered = gate_probability(gate, r) >= gate.cut
        ok = (not answered) if r.topic is None else (answered and r.right)
        keys = [(r.source, r.lang), (r.source, "all")]
        if r.source.startswith("adjacent"):
            keys.append((f"{r.source}:{r.workspace}", "all"))
        for key in keys:
            tally[key][0] += ok
            tally[key][1] += 1
    for (source, lang), (ok, n) in sorted(tally.items()):
        print(f"{source:14} {lang:3} {100 * ok / n:5.1f}%  ({n})")
    # Reliability of the confidence among answered questions.
    bins = [[0, 0] for _ in range(5)]
    for r in rows:
        if r.x is not None and gate_probability(gate, r) >= gate.cut:
            p = _logistic(gate.confidence_weights, gate.confidence_bias, r.x)
            b = bins[min(4, int(p * 5))]
            b[0] += r.right
            b[1] += 1
    print(
        "confidence bins (answered):",
        [(f"{i / 5:.1f}", round(a / n, 2) if n else None, n) for i, (a, n) in enumerate(bins)],
    )


# --- refit after a knowledge edit (the console's save) ---------------------------------------

# The options of the shipped fit (`python -m knowledge.gate --write` with its defaults), so a refit is the
# same procedure on the knowledge as it is now.
REFIT = {"rejection": 0.96, "wrong_weight": 0.0, "l2": 3.0}
SHIPPED_BASES = Path(__file__).with_name("bases")
_refitted: Gate | None = None
_rows_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], list[GateRow]]] = {}
_refit_state = threading.Lock()
_refit_running = False
_refit_again = False
log = logging.getLogger("knowledge.gate")


def use_gate(gate: Gate | None) -> None:
    """Answer with `gate` from now on in this process (None: the shipped one again)."""
    global _refitted
    _refitted = gate


def _signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    from knowledge.kb import kb_files

    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in kb_files(folder))


def _workspace_rows(folder: Path) -> list[GateRow]:
    """One workspace's tuning rows (the KB with its tune split and the off-topic questions, then each
    k-fold), as `knowledge.crossval` builds them; kept until the folder's files change."""
    from knowledge import crossval
    from knowledge.kb import load_knowledge_base
    from knowledge.language import detect_language
    from knowledge.retrieval import RetrievalConfig, build_index, score_question

    signature = _signature(folder)
    cached = _rows_cache.get(folder)
    if cached is not None and cached[0] == signature:
        return cached[1]
    config, workspace = RetrievalConfig(), folder.name
    kb = load_knowledge_base(folder)
    kb._index = build_index(kb, config)
    offtopic = [crossval.Case("offtopic", workspace, lang, q, None)
                for lang, q in crossval.load_offtopic(batches=("",))]
    offtopic += [crossval.Case("offtopic2", workspace, lang, q, None)
                 for lang, q in crossval.load_offtopic(batches=("_more",))]
    tune = crossval.tune_cases(workspace) if (crossval.ROOT / "eval" / f"{workspace}.yaml").is_file() else []
    sets = [(kb, tune + offtopic + crossval.load_adjacent(workspace, crossval.OFFTOPIC_FILE))]
    for f in range(crossval.FOLDS):
        reduced, held = crossval.fold(kb, f)
        reduced._index = build_index(reduced, config)
        sets.append((reduced, held))
    rows = []
    for index_kb, cases in sets:
        for case in cases:
            scores = score_question(index_kb._index, case.text, detect_language(case.text), config)
            top = scores.ranked[0].topic if scores.ranked else None
            rows.append(crossval.GateRow(case.source, case.lang, case.topic, workspace,
                                         case.topic is not None and top == case.topic, features(scores)))
    _rows_cache[folder] = (signature, rows)
    return rows


def fit_on(bases: Path) -> Gate:
    """A gate fitted on every knowledge base under `bases` as it is now (nothing else changes).

    Only the workspaces whose files changed since the last fit in this process are scored again (about
    6 s of CPU each, all five about 32 s; the fit itself about 2 s).
    """
    rows = [row for folder in sorted(p for p in bases.iterdir() if p.is_dir() and not p.name.startswith("."))
            for row in _workspace_rows(folder)]
    gate = fit_gate(rows, **REFIT)  # type: ignore[arg-type]
    log.info("answer gate fitted on %d questions: cut %.4f", len(rows), gate.cut)
    return gate


def install(gate: Gate, bases: Path, *, write: bool | None = None) -> None:
    """Answer with `gate` from now on; written to the shipped gate file when `bases` is the shipped folder
    (the YAML edited in place and its gate stay together), else kept for this process."""
    use_gate(gate)
    if write if write is not None else bases.resolve() == SHIPPED_BASES.resolve():
        GATE_FILE.write_text("# Answer/abstain gate (knowledge/gate.py), refitted after a knowledge edit on\n"
                             "# KB examples (3-fold), the tune split and knowledge/calibration/offtopic.yaml.\n"
                             + _yaml_dump(gate.to_dict()), encoding="utf-8")


def refit(bases: Path, *, write: bool | None = None) -> Gate:
    """Fit on the knowledge as it is now (in this process) and answer with the result at once."""
    gate = fit_on(bases)
    install(gate, bases, write=write)
    return gate


_worker: ProcessPoolExecutor | None = None  # imported when a refit needs it, not by every answer


def _fit_elsewhere(bases: Path) -> Gate:
    """Fit in a separate process (one, kept, so its per-workspace rows stay cached between edits): scoring
    thousands of questions holds the interpreter lock for seconds, which the web process's turns must not
    wait behind."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _worker
    if _worker is None:
        _worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    return _worker.submit(fit_on, bases).result()


def refit_in_background(bases: Path) -> None:
    """Refit in a thread after an edit; edits made meanwhile are folded into one more refit after it."""
    global _refit_running, _refit_again
    with _refit_state:
        if _refit_running:
            _refit_again = True
            return
        _refit_running = True
    threading.Thread(target=_refit_until_current, args=(bases,), name="gate-refit", daemon=True).start()


def _refit_until_current(bases: Path) -> None:
    global _refit_running, _refit_again
    while True:
        try:
            install(_fit_elsewhere(bases), bases)
        except Exception:  # a refit is an improvement, never a reason to stop answering
            log.exception("answer gate refit failed; the previous gate stays")
        with _refit_state:
            if not _refit_again:
                _refit_running = False
                return
            _refit_again = False


def refit_running() -> bool:
    with _refit_state:
        return _refit_running


if __name__ == "__main__":
    raise SystemExit(main())
