"""The staff inbox over 100,000 conversations: the first page, a search by number and a search by
text (issue 16's target: under 150 ms server time each). Measures the query functions the page
calls (`handlers.inbox`), on SQLite in a temp folder or on PostgreSQL with --database-url.

    python benchmarks/inbox_queries.py [--conversations 100000] [--runs 7] [--database-url URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.core.db import make_engine, migrate  # noqa: E402
from bot.core.models import Contact, Conversation, Message  # noqa: E402
from handlers.inbox import counts_by_state, list_conversations  # noqa: E402

WS = "msg-software"
T0 = datetime(2026, 11, 1, tzinfo=UTC)
BATCH = 5000


def fill(url: str, count: int) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        session.execute(text("DELETE FROM message WHERE workspace = :w"), {"w": WS})
        session.execute(text("DELETE FROM conversation WHERE workspace = :w"), {"w": WS})
        session.execute(text("DELETE FROM contact WHERE workspace = :w"), {"w": WS})
        session.commit()
        for start in range(0, count, BATCH):
            rows = range(start, min(count, start + BATCH))
            session.execute(insert(Contact), [{"workspace": WS, "phone": f"+97250{i:07d}", "name": f"Customer {i}",
                                               "created_at": T0} for i in rows])
            ids = dict(session.execute(text("SELECT phone, id FROM contact WHERE workspace = :w AND phone >= :a "
                                            "AND phone <= :b"), {"w": WS, "a": f"+97250{start:07d}",
                                                                 "b": f"+97250{rows[-1]:07d}"}).all())
            at = [T0 + timedelta(seconds=37 * i) for i in rows]
            session.execute(insert(Conversation), [
                {"workspace": WS, "contact_id": ids[f"+97250{i:07d}"], "status": "pending", "channel": "whatsapp",
                 "state": {}, "created_at": at[k], "updated_at": at[k]} for k, i in enumerate(rows)])
            conv = dict(session.execute(text("SELECT contact_id, id FROM conversation WHERE workspace = :w AND "
                                             "contact_id >= :a AND contact_id <= :b"),
                                        {"w": WS, "a": min(ids.values()), "b": max(ids.values())}).all())
            messages = []
            for k, i in enumerate(rows):
                cid, conv_id = ids[f"+97250{i:07d}"], conv[ids[f"+97250{i:07d}"]]
                messages.append({"workspace": WS, "conversation_id": conv_id, "contact_id": cid, "direction": "inbound",
                                 "body": f"question number {i} about the plan", "created_at": at[k],
                                 "updated_at": at[k]})
                messages.append({"workspace": WS, "conversation_id": conv_id, "contact_id": cid,
                                 "direction": "outbound", "body": "an answer from the knowledge base",
                                 "created_at": at[k], "updated_at": at[k]})
            session.execute(insert(Message), messages)
            session.commit()
    engine.dispose()


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'inbox.db'}"
        migrate(url)
        started = time.perf_counter()
        fill(url, args.conversations)
        print(f"filled {args.conversations} conversations, {2 * args.conversations} messages "
              f"in {time.perf_counter() - started:.0f} s ({url.split(':')[0]})")
        engine = make_engine(url)
        with Session(engine) as session:
            cases = {
                "first page (50 newest)": lambda: list_conversations(session, WS),
                "waiting tab (state filter)": lambda: list_conversations(session, WS, state="waiting"),
                "search by number": lambda: list_conversations(session, WS, q="0001234"),
                "search by name": lambda: list_conversations(session, WS, q="Customer 99999"),
                "search by message text": lambda: list_conversations(session, WS, q="number 4242 about"),
                "counts by state": lambda: counts_by_state(session, WS),
            }
            for name, fn in cases.items():
                median, worst = timed(fn, args.runs)
                print(f"{name:28s} median {median:8.1f} ms  worst {worst:8.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
