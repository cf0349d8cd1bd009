"""Server time of each web-console page for an event of 1,000 guests (target < 100 ms), and of the
dashboard of a 5,000-guest event (target < 300 ms). SQLite in a temp folder, one process.

Server time = from the request entering the app to the last byte of the answer (an ASGI wrapper),
median and worst of several runs after a warm-up; the HTTP client's own time is not counted. The CPU
column is the process's CPU time over the same span: on a machine busy with other work, wall time
includes waiting for a core, CPU time does not.

    python benchmarks/console_pages.py [--runs 15] [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.app import create_app  # noqa: E402
from bot.channels import ConsoleChannel  # noqa: E402
from bot.console.auth.sessions import COOKIE, start_session  # noqa: E402
from bot.console.auth.users import create_user  # noqa: E402
from bot.core.db import make_engine, migrate  # noqa: E402
from bot.core.models import Campaign, Guest, OutboxItem  # noqa: E402
from bot.core.settings import Settings  # noqa: E402
from bot.services import build_services  # noqa: E402
from scheduler.rsvp.events import EventIn, OwnerIn, create_event  # noqa: E402
from scheduler.rsvp.links import new_token_id  # noqa: E402

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
OWNER = OwnerIn(name="Bench owner", phone="+972522000001")
STATUSES = ["coming", "coming", "not_coming", "maybe", "message_sent", "not_invited", "no_answer"]


class ServerTimer:
    """ASGI wrapper: seconds from the request's start to the end of its answer, per path."""

    def __init__(self, app: Any) -> None:
        self.app, self.last, self.cpu = app, 0.0, 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started, cpu = time.perf_counter(), time.process_time()

        async def timed(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.last, self.cpu = time.perf_counter() - started, time.process_time() - cpu

        await self.app(scope, receive, timed)


def add_event(session: Session, workspace: Any, key: str, guests: int, with_campaign: bool) -> int:
    event = create_event(session, workspace, EventIn(key=key, title=f"Bench {guests}", venue=f"Hall {key}",
                                                     starts_at=datetime(2027, 3, 12, 17, 30, tzinfo=UTC), owner=OWNER))
    rng = random.Random(guests)
    rows = []
    for i in range(guests):
        status = rng.choice(STATUSES)
        answered = NOW - timedelta(days=rng.randint(0, 20)) if status in ("coming", "not_coming", "maybe") else None
        rows.append({"workspace": workspace.slug, "event_id": event.id, "name": f"Guest {i:05d}",
                     "phone": f"+9725{key[-1]}{i:07d}", "status": status, "party_size": 1 + i % 4,
                     "invited_count": 1 + i % 4, "group": ["family", "friends", "work", None][i % 4],
                     "table_number": str(1 + i // 10), "token_id": new_token_id(), "answered_at": answered,
                     "answer_source": "link" if answered else None, "created_at": NOW, "updated_at": NOW,
                     "children": 0})
    session.execute(insert(Guest), rows)
    session.flush()
    if with_campaign:
        campaign = Campaign(workspace=workspace.slug, event_id=event.id or 0, kind="invitation", state="done",
                            send_at=NOW, finished_at=NOW)
        session.add(campaign)
        session.flush()
        ids = session.exec(Guest.__table__.select().with_only_columns(Guest.__table__.c.id, Guest.__table__.c.phone)
                           .where(Guest.__table__.c.event_id == event.id)).all()
        session.execute(insert(OutboxItem), [
            {"workspace": workspace.slug, "campaign_id": campaign.id, "guest_id": gid, "phone": phone,
             "body": f"שלום, הוזמנתם לחתונה! אישור הגעה: https://bot.example.com/r/{gid}", "state": "delivered",
             "segments": 2, "charged": 2, "attempts": 1, "sent_at": NOW, "delivered_at": NOW, "created_at": NOW,
             "updated_at": NOW} for gid, phone in ids])
    session.commit()
    assert event.id is not None
    return event.id


def measure(client: TestClient, timer: ServerTimer, method: str, path: str, runs: int,
            **kwargs: Any) -> tuple[list[float], list[float]]:
    times, cpu = [], []
    for run in range(runs + 2):
        answer = client.request(method, path, **kwargs)
        assert answer.status_code < 400, (path, answer.status_code, answer.text[:300])
        if run >= 2:
            times.append(timer.last * 1000)
            cpu.append(timer.cpu * 1000)
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    migrate(url)
    settings = Settings(_env_file=None, database_url=url, environment="test", scheduler_enabled=False,  # type: ignore[call-arg]
                        data_dir=tmp, rate_limits_enabled=False, public_base_url="https://bot.example.com")
    services = build_services(settings, engine=make_engine(url), channel=ConsoleChannel(echo=False),
                              clock=lambda: NOW)
    workspace = services.workspaces.by_slug("event-rsvp")
    with Session(services.engine, expire_on_commit=False) as session:
        user = create_user(session, workspace, phone=OWNER.phone, name=OWNER.name)  # type: ignore[arg-type]
        small = add_event(session, workspace, "bench-1", 1000, with_campaign=True)
        large = add_event(session, workspace, "bench-5", 5000, with_campaign=False)
        token = start_session(session, user, NOW)
        session.commit()
        from sqlmodel import select

        csrf = session.exec(select(__import__("bot.core.models", fromlist=["ConsoleSession"]).ConsoleSession
                                   .csrf_token)).one()
        campaign_id = session.exec(select(Campaign.id)).one()
        guest_id = session.exec(select(Guest.id).where(Guest.event_id == small)).first()
    app = create_app(services=services)
    app.state.services = services  # no lifespan: the console needs no knowledge index
    timer = ServerTimer(app)
    client = TestClient(timer, base_url="https://testserver")  # type: ignore[arg-type]
    client.cookies.set(COOKIE, token)
    hx = {"HX-Request": "true", "X-CSRF-Token": csrf}
    e = f"/app/events/{small}"
    pages: list[tuple[str, str, str, dict[str, Any], float]] = [
        ("events list", "GET", "/app/events", {}, 100),
        ("dashboard (1,000)", "GET", e, {}, 100),
        ("dashboard numbers, polled (1,000)", "GET", f"{e}/stats", {"headers": hx}, 100),
        ("guest list, first page", "GET", f"{e}/guests", {}, 100),
        ("guest list, search (htmx)", "GET", f"{e}/guests?q=Guest%2000%2012&status=coming",
         {"headers": {**hx, "HX-Target": "guest-rows"}}, 100),
        ("guest list, group filter, page 5", "GET", f"{e}/guests?group=family&page=5", {}, 100),
        ("one guest", "GET", f"{e}/guests/{guest_id}", {}, 100),
        ("import page", "GET", f"{e}/import", {}, 100),
        ("campaigns page", "GET", f"{e}/campaigns", {}, 100),
        ("campaign counter (1,000 rendered)", "POST", f"{e}/campaigns/count",
         {"headers": hx, "data": {"kind": "reminder", "channel": "sms", "template": "שלום {{ name }} {{ link }}"}},
         100),
        ("one guest's text", "POST", f"{e}/campaigns/guest-preview",
         {"headers": hx, "data": {"kind": "reminder", "channel": "sms", "guest_id": str(guest_id)}}, 100),
        ("campaign report (1,000 rows)", "GET", f"{e}/campaigns/{campaign_id}", {}, 100),
        ("event settings", "GET", f"{e}/edit", {}, 100),
        ("account", "GET", "/app/account", {}, 100),
        ("dashboard (5,000)", "GET", f"/app/events/{large}", {}, 300),
        ("dashboard numbers, polled (5,000)", "GET", f"/app/events/{large}/stats", {"headers": hx}, 300),
    ]
    print(f"database: {url.split(':')[0]}, runs: {args.runs} (after 2 warm-up)")
    print(f"{'page':40} {'median ms':>10} {'max ms':>8} {'CPU ms':>7} {'target':>7}")
    for name, method, path, kwargs, target in pages:
        times, cpu = measure(client, timer, method, path, args.runs, **kwargs)
        median = statistics.median(times)
        flag = "ok" if median < target else "SLOW"
        print(f"{name:40} {median:10.1f} {max(times):8.1f} {statistics.median(cpu):7.1f} {target:6.0f}  {flag}")


if __name__ == "__main__":
    main()
