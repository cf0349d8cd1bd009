"""Cost of whole conversation turns offline: `handle_message` with the dialogue layer (state read
and written in SQLite, follow-ups, fitted answers), on one core, and of the dialogue layer alone
(entities + fitting, no database).

The conversations are the customer lines of tests/stories/dialogue-*.yaml, each story replayed
as one conversation (a fresh number per replay). Prints ms per turn: p50 / p90 / p99 / max.
Target: intent + reply p99 < 20 ms.

    python benchmarks/dialogue_turns.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import ms_summary, pin_to_one_core  # noqa: E402
from bot.core.db import make_engine, migrate, session_scope  # noqa: E402
from bot.core.workspaces import load_workspaces  # noqa: E402
from handlers import pipeline  # noqa: E402
from handlers.customers import CustomerIn, upsert_customer  # noqa: E402
from handlers.dialogue import flow  # noqa: E402
from handlers.dialogue.entities import extract  # noqa: E402
from handlers.dialogue.fitting import fit  # noqa: E402
from handlers.turn import Inbound, TurnContext  # noqa: E402
from knowledge.registry import KnowledgeRegistry  # noqa: E402


def conversations() -> list[tuple[str, str, list[str]]]:
    """(workspace, plan of the speaker, customer lines) per story."""
    out = []
    for path in sorted((ROOT / "tests" / "stories").glob("dialogue-*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        plans = {c["phone"]: c["plan"] for c in spec.get("customers", [])}
        for story in spec["stories"]:
            lines = [step["user"] for step in story["steps"]]
            out.append((story.get("workspace", spec["workspace"]), plans.get(story["from"], ""), lines))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pin_to_one_core()
    workspaces = load_workspaces(ROOT / "workspaces")
    knowledge = KnowledgeRegistry(ROOT / "knowledge" / "bases", check_interval=3600)
    for ws in workspaces:
        knowledge.get(ws.slug)
    now = datetime.fromisoformat("2026-11-22T10:00:00+02:00")
    stories = conversations()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate(url)
        engine = make_engine(url)
        turns: list[float] = []
        layer: list[float] = []
        stored: list[float] = []
        spent = _time_state_io(stored)
        number = 0
        for round_ in range(args.repeat + 1):  # round 0 warms the caches
            for slug, plan, lines in stories:
                ws = workspaces.by_slug(slug)
                assert ws is not None
                number += 1
                phone = f"+97250{number:07d}"
                if plan:
                    with session_scope(engine) as session:
                        upsert_customer(session, ws, CustomerIn(phone=phone, plan=plan), now)
                for line in lines:
                    t0 = time.perf_counter()
                    with session_scope(engine) as session:
                        ctx = TurnContext(session=session, workspace=ws, now=now, knowledge=knowledge)
                        pipeline.handle_message(ctx, Inbound(workspace=slug, sender=phone, text=line))
                    elapsed = (time.perf_counter() - t0) * 1000
                    t1 = time.perf_counter()
                    found = extract(line, ws)
                    kb = knowledge.get(slug)
                    topic = next(iter(kb.topics.values())) if kb else None
                    if topic is not None:
                        fit(topic, "he", asked=found.tags(), inherited=set(), names=[], channel="sms")
                    if not round_:
                        stored.clear()
                    if round_:
                        turns.append(elapsed)
                        layer.append((time.perf_counter() - t1) * 1000)
        engine.dispose()
    print(f"conversations: {len(stories)}, turns: {len(turns)} ({args.repeat} runs) on one core, SQLite file")
    print(f"whole turn (store, understand, dialogue state, answer, commit): {ms_summary(turns)}")
    print(f"dialogue state read + written inside the turn (begin + finish): {ms_summary(stored)}")
    print(f"dialogue layer alone (entities + fitting): {ms_summary(layer)}")
    del spent


def _time_state_io(into: list[float]) -> object:
    """Wrap the pipeline's dialogue begin / finish to time them (one figure per turn)."""
    begin, finish = flow.begin, flow.finish

    def timed_begin(turn):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        found = begin(turn)
        into.append((time.perf_counter() - t0) * 1000)
        return found

    def timed_finish(turn, result):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        state = finish(turn, result)
        into[-1] += (time.perf_counter() - t0) * 1000
        return state

    pipeline.dialogue.begin, pipeline.dialogue.finish = timed_begin, timed_finish  # type: ignore[assignment]
    return (begin, finish)


if __name__ == "__main__":
    main()
