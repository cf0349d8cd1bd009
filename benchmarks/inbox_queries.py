"""The staff inbox over 100,000 conversations: the first page, the state tabs, the searches (number,
name, text in English, Hebrew and Russian, a word found everywhere) and the state counts; issue 16's
target is under 150 ms server time each. Measures the query functions the page calls
(`handlers.inbox`), on SQLite in a temp folder or on PostgreSQL with --database-url (use a scratch
database: the benchmark deletes and refills one workspace's rows).

Every 10th conversation is in Hebrew and every 10th (offset 5) in Russian; 1% wait for a person,
0.5% are held, 1% snoozed and 5% resolved. PostgreSQL is ANALYZEd after the fill, as autovacuum
would do within a minute of such a load; SQLite is left without statistics, as the service runs it.
Each line: median and 95th percentile of wall time, the median CPU time of this process, and on a
local PostgreSQL the mean CPU time of the server's backend (read from /proc): on a loaded machine
the CPU times are the figures to compare, wall time includes waiting for a core.

    python benchmarks/inbox_queries.py [--conversations 100000] [--runs 21] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.core.db import make_engine, migrate  # noqa: E402
from bot.core.models import Contact, Conversation, Message, Ticket  # noqa: E402
from handlers.inbox import counts_by_state, list_conversations  # noqa: E402

WS = "msg-software"
T0 = datetime(2026, 11, 1, tzinfo=UTC)
BATCH = 5000


def _question(i: int) -> str:
    if i % 10 == 0:
        return f"שלום, אני רוצה לבטל את המנוי, מספר לקוח {i}"
    if i % 10 == 5:
        return f"Здравствуйте, хочу продлить подписку, номер {i}"
    return f"question number {i} about the plan"


def _status(i: int) -> tuple[str, str | None]:
    """The conversation's status and its live ticket's, spread over the inbox's states."""
    if i % 100 == 7:
        return "open", "open"          # waiting
    if i % 200 == 13:
        return "open", "assigned"      # held
    if i % 100 == 21:
        return "snoozed", None
    if i % 20 == 3:
        return "resolved", None
    return "pending", None              # the bot


def _clear(session: Session) -> None:
    for table in ("ticket", "message", "conversation", "contact"):
        session.execute(text(f"DELETE FROM {table} WHERE workspace = :w"), {"w": WS})
    session.commit()


def fill(url: str, count: int) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        _clear(session)
        for start in range(0, count, BATCH):
            rows = range(start, min(count, start + BATCH))
            session.execute(insert(Contact), [{"workspace": WS, "phone": f"+97250{i:07d}", "name": f"Customer {i}",
                                               "created_at": T0} for i in rows])
            ids = dict(session.execute(text("SELECT phone, id FROM contact WHERE workspace = :w AND phone >= :a "
                                            "AND phone <= :b"), {"w": WS, "a": f"+97250{start:07d}",
                                                                 "b": f"+97250{rows[-1]:07d}"}).all())
            at = [T0 + timedelta(seconds=37 * i) for i in rows]
            session.execute(insert(Conversation), [
                {"workspace": WS, "contact_id": ids[f"+97250{i:07d}"], "status": _status(i)[0], "channel": "whatsapp",
                 "state": {}, "created_at": at[k], "updated_at": at[k]} for k, i in enumerate(rows)])
            conv = dict(session.execute(text("SELECT contact_id, id FROM conversation WHERE workspace = :w AND "
                                             "contact_id >= :a AND contact_id <= :b"),
                                        {"w": WS, "a": min(ids.values()), "b": max(ids.values())}).all())
            messages, tickets = [], []
            for k, i in enumerate(rows):
                cid, conv_id = ids[f"+97250{i:07d}"], conv[ids[f"+97250{i:07d}"]]
                messages.append({"workspace": WS, "conversation_id": conv_id, "contact_id": cid, "direction": "inbound",
                                 "body": _question(i), "created_at": at[k], "updated_at": at[k]})
                messages.append({"workspace": WS, "conversation_id": conv_id, "contact_id": cid,
                                 "direction": "outbound", "body": "an answer from the knowledge base",
                                 "created_at": at[k], "updated_at": at[k]})
                ticket = _status(i)[1]
                if ticket:
                    tickets.append({"workspace": WS, "seq": i + 1, "number": f"MS-{i + 1:06d}", "contact_id": cid,
                                    "conversation_id": conv_id, "status": ticket, "created_at": at[k]})
            session.execute(insert(Message), messages)
            if tickets:
                session.execute(insert(Ticket), tickets)
            session.commit()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def server_cpu_reader(session: Session) -> Callable[[], float]:
    """CPU seconds of this session's PostgreSQL backend (same machine: /proc), or 0.0 (SQLite, elsewhere)."""
    if session.get_bind().dialect.name != "postgresql":
        return lambda: 0.0
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return lambda: 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return lambda: sum(int(v) for v in stat.read_text().rsplit(")", 1)[1].split()[11:13]) / tick


def timed(fn, runs: int, server_cpu: Callable[[], float]) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    """Median and 95th percentile of wall ms, median CPU ms of this process, mean CPU ms of the database
    server's backend (its clock ticks are 10 ms, so the mean over the runs)."""
    fn()  # warm: the first run pays for connecting and for the statement cache
    walls, cpus = [], []
    server_started = server_cpu()
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    server = (server_cpu() - server_started) * 1000 / runs
    return statistics.median(walls), statistics.quantiles(walls, n=20)[-1], statistics.median(cpus), server


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
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
                "waiting tab": lambda: list_conversations(session, WS, state="waiting"),
                "held tab": lambda: list_conversations(session, WS, state="held"),
                "search number, last 4 digits": lambda: list_conversations(session, WS, q="1234"),
                "search number 050-000-1234": lambda: list_conversations(session, WS, q="050-000-1234"),
                "search name": lambda: list_conversations(session, WS, q="Customer 99999"),
                "search text": lambda: list_conversations(session, WS, q="number 4242 about"),
                "search Hebrew word (10%)": lambda: list_conversations(session, WS, q="לבטל"),
                "search Russian other case": lambda: list_conversations(session, WS, q="подписка 99995"),
                "search Russian word (10%)": lambda: list_conversations(session, WS, q="подписка"),
                "search word in every conv.": lambda: list_conversations(session, WS, q="knowledge"),
                "search, no match": lambda: list_conversations(session, WS, q="refund please"),
                "counts by state": lambda: counts_by_state(session, WS),
            }
            server_cpu = server_cpu_reader(session)
            print(f"{'query':30s} {'median':>9s} {'p95':>9s} {'cpu':>9s} {'db cpu':>9s}")
            for name, fn in cases.items():
                median, p95, cpu, server = timed(fn, args.runs, server_cpu)
                print(f"{name:30s} {median:6.1f} ms {p95:6.1f} ms {cpu:6.1f} ms {server:6.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
