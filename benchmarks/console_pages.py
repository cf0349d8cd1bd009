"""Server time of every web-console page for an event of 1,000 guests (target < 100 ms), and of the
dashboard of a 5,000-guest event (target < 300 ms); SQLite in a temp folder, or a scratch database on the
PostgreSQL server `--database-url` names (created, then dropped). One process, no HTTP socket.

Server time = from the request entering the app to the last byte of the answer (an ASGI wrapper); the
HTTP client's own time is not counted. Each page: median and 95th percentile of `--runs` runs after two
warm-up runs. The CPU column is the process's CPU time over the same span (median): on a machine busy
with other work, wall time includes waiting for a core, CPU time does not, so read both.

The owner's pages run as the event's owner; the staff pages (inbox, tickets, analytics, knowledge gaps)
as the workspace owner of msg-software, over a week of demo traffic plus `--conversations` bulk ones.

    python benchmarks/console_pages.py [--runs 15] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
                                       [--only SUBSTRING]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bot.app import create_app  # noqa: E402
from bot.channels import ConsoleChannel  # noqa: E402
from bot.console.auth.sessions import COOKIE, start_session  # noqa: E402
from bot.console.auth.users import create_user  # noqa: E402
from bot.core.db import make_engine, migrate  # noqa: E402
from bot.core.models import Campaign, ConsoleSession, Contact, Conversation, Guest, Message, OutboxItem, Role  # noqa: E402
from bot.core.settings import Settings  # noqa: E402
from bot.services import build_services  # noqa: E402
from scheduler.rsvp.events import EventIn, OwnerIn, create_event  # noqa: E402
from scheduler.rsvp.links import new_token_id  # noqa: E402

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
OWNER = OwnerIn(name="Bench owner", phone="+972522000001")
STAFF_PHONE = "+972522000009"
STAFF_WS = "msg-software"
STATUSES = ["coming", "coming", "not_coming", "maybe", "message_sent", "not_invited", "no_answer"]
GROUPS = ["family", "friends", "work", None]


class ServerTimer:
    """ASGI wrapper: wall and CPU seconds from a request's start to the end of its answer."""

    def __init__(self, app: Any) -> None:
        self.app, self.last, self.cpu = app, 0.0, 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started, cpu = time.perf_counter(), time.process_time()

        async def timed(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.last, self.cpu = time.perf_counter() - started, time.process_time() - cpu

        await self.app(scope, receive, timed)


def scratch_database(url: str) -> tuple[str, Callable[[], None]]:
    """(url, cleanup): a SQLite file in a new temp folder, or a new database on the PostgreSQL server `url`."""
    if not url:
        return f"sqlite:///{Path(tempfile.mkdtemp(prefix='console-bench-')) / 'bench.db'}", lambda: None
    from tests.utils.databases import drop_postgres, postgres_or_skip

    os.environ["TEST_DATABASE_URL"] = url
    made = postgres_or_skip()
    return made, lambda: drop_postgres(made)


def add_event(session: Session, workspace: Any, key: str, guests: int, with_campaign: bool) -> int:
    """An event of `guests` guests with every status, groups, tables, answers over 20 days; optionally a
    finished invitation with one delivered message per guest (the report's rows)."""
    event = create_event(session, workspace, EventIn(key=key, title=f"Bench {guests}", venue=f"Hall {key}",
                                                     starts_at=datetime(2027, 3, 12, 17, 30, tzinfo=UTC), owner=OWNER),
                         now=NOW)
    rng = random.Random(guests)
    rows = []
    for i in range(guests):
        status = rng.choice(STATUSES)
        answered = NOW - timedelta(days=rng.randint(0, 20)) if status in ("coming", "not_coming", "maybe") else None
        rows.append({"workspace": workspace.slug, "event_id": event.id, "name": f"Guest {i:05d}",
                     "phone": f"+9725{key[-1]}{i:07d}", "status": status, "party_size": 1 + i % 4,
                     "invited_count": 1 + i % 4, "group": GROUPS[i % 4], "language": ["he", "he", "en", "ru"][i % 4],
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
        ids = session.exec(select(Guest.id, Guest.phone).where(Guest.event_id == event.id)).all()
        session.execute(insert(OutboxItem), [
            {"workspace": workspace.slug, "campaign_id": campaign.id, "guest_id": gid, "phone": phone,
             "body": f"שלום, הוזמנתם לחתונה! אישור הגעה: https://bot.example.com/r/{gid}", "state": "delivered",
             "segments": 2, "charged": 2, "attempts": 1, "sent_at": NOW, "delivered_at": NOW, "created_at": NOW,
             "updated_at": NOW} for gid, phone in ids])
    session.commit()
    assert event.id is not None
    return event.id


def add_conversations(session: Session, workspace: str, count: int) -> None:
    """`count` customers who each asked one question and got one answer over the last week (bulk rows)."""
    at = [NOW - timedelta(seconds=600 * i) for i in range(count)]
    session.execute(insert(Contact), [{"workspace": workspace, "phone": f"+97254{i:07d}", "name": f"Customer {i}",
                                       "created_at": at[i]} for i in range(count)])
    contacts = dict(session.execute(text("SELECT phone, id FROM contact WHERE workspace = :w AND phone LIKE '+97254%'"),
                                    {"w": workspace}).all())
    session.execute(insert(Conversation), [
        {"workspace": workspace, "contact_id": contacts[f"+97254{i:07d}"], "status": "pending", "channel": "whatsapp",
         "state": {}, "created_at": at[i], "updated_at": at[i]} for i in range(count)])
    conversations = dict(session.execute(text("SELECT contact_id, id FROM conversation WHERE workspace = :w"),
                                         {"w": workspace}).all())
    messages = []
    for i in range(count):
        contact = contacts[f"+97254{i:07d}"]
        for direction, body in (("inbound", f"question {i} about the price of the plan"),
                                ("outbound", "The plans and their prices are on the site.")):
            messages.append({"workspace": workspace, "conversation_id": conversations[contact], "contact_id": contact,
                             "direction": direction, "body": body, "created_at": at[i], "updated_at": at[i]})
    session.execute(insert(Message), messages)
    session.commit()


def guest_xlsx(count: int) -> bytes:
    """A planner's XLSX: `count` guests and three bad rows (wrong number, no name, a repeated number)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["שם", "טלפון", "כמות מוזמנים", "קבוצה", "שולחן"])
    for i in range(count):
        sheet.append([f"אורח {i + 1}", f"052-77{i:05d}", 1 + i % 3, ["משפחה", "חברים", "עבודה"][i % 3], 1 + i // 8])
    sheet.append(["מספר שגוי", "123", 1, None, None])
    sheet.append([None, "0527799999", 1, None, None])
    sheet.append(["כפול", "052-7700000", 1, None, None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class Page:
    name: str
    method: str
    path: str
    target: float = 100
    kwargs: dict[str, Any] = field(default_factory=dict)
    staff: bool = False


def measure(client: TestClient, timer: ServerTimer, page: Page, runs: int) -> tuple[list[float], list[float]]:
    times, cpu = [], []
    for run in range(runs + 2):
        answer = client.request(page.method, page.path, **page.kwargs)
        assert answer.status_code < 400, (page.path, answer.status_code, answer.text[:300])
        if run >= 2:
            times.append(timer.last * 1000)
            cpu.append(timer.cpu * 1000)
    return times, cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (a scratch database is made on it)")
    parser.add_argument("--conversations", type=int, default=1000, help="bulk conversations for the staff pages")
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    args = parser.parse_args()
    url, cleanup = scratch_database(args.database_url)
    try:
        run(url, args)
    finally:
        cleanup()


def run(url: str, args: argparse.Namespace) -> None:
    migrate(url)
    tmp = Path(tempfile.mkdtemp(prefix="console-bench-data-"))
    settings = Settings(_env_file=None, database_url=url, environment="test", scheduler_enabled=False,  # type: ignore[call-arg]
                        data_dir=tmp, rate_limits_enabled=False, public_base_url="https://bot.example.com")
    services = build_services(settings, engine=make_engine(url), channel=ConsoleChannel(echo=False),
                              clock=lambda: NOW)
    workspace = services.workspaces.by_slug("event-rsvp")
    staff_ws = services.workspaces.by_slug(STAFF_WS)
    assert workspace is not None and staff_ws is not None
    with Session(services.engine, expire_on_commit=False) as session:
        user = create_user(session, workspace, phone=OWNER.phone, name=OWNER.name)
        staff = create_user(session, staff_ws, phone=STAFF_PHONE, name="Bench staff", role=Role.owner)
        small = add_event(session, workspace, "bench-1", 1000, with_campaign=True)
        large = add_event(session, workspace, "bench-5", 5000, with_campaign=False)
        token, staff_token = start_session(session, user, NOW), start_session(session, staff, NOW)
        session.commit()
        csrf = session.exec(select(ConsoleSession.csrf_token).where(ConsoleSession.user_id == user.id)).one()
        campaign_id = session.exec(select(Campaign.id)).one()
        guest_id = session.exec(select(Guest.id).where(Guest.event_id == small)).first()
    from handlers.demo_traffic import generate

    generate(services.engine, [staff_ws], environment="test", now=NOW, knowledge=services.knowledge,
             channel=ConsoleChannel(echo=False))
    with Session(services.engine) as session:
        add_conversations(session, STAFF_WS, args.conversations)
        conversation_id = session.exec(select(Conversation.id).where(Conversation.workspace == STAFF_WS)
                                       .order_by(Conversation.id)).first()  # type: ignore[arg-type]
    app = create_app(services=services)
    app.state.services = services  # no lifespan: the console builds a knowledge index only when a page asks
    timer = ServerTimer(app)
    client = TestClient(timer, base_url="https://testserver")  # type: ignore[arg-type]
    hx = {"HX-Request": "true", "X-CSRF-Token": csrf}
    e = f"/app/events/{small}"
    counter_form = {"kind": "reminder", "channel": "sms", "template": "שלום {{ name }}, מחכים לכם ב{{ event }} "
                    "ב-{{ date }} בשעה {{ time }}. שולחן {{ table }}. {{ link }}"}
    upload = {"headers": {"X-CSRF-Token": csrf}, "files": {"file": ("guests.xlsx", guest_xlsx(40),
                                                                     "application/vnd.ms-excel")}}
    upload_1000 = {"headers": {"X-CSRF-Token": csrf}, "files": {"file": ("guests.xlsx", guest_xlsx(1000),
                                                                          "application/vnd.ms-excel")}}
    pages = [
        Page("events list", "GET", "/app/events"),
        Page("new event form", "GET", "/app/events/new"),
        Page("dashboard (1,000)", "GET", e),
        Page("dashboard numbers, polled (1,000)", "GET", f"{e}/stats", kwargs={"headers": hx}),
        Page("guest list, first page", "GET", f"{e}/guests"),
        Page("guest list, search (htmx)", "GET", f"{e}/guests?q=Guest%2000%2012&status=coming",
             kwargs={"headers": {**hx, "HX-Target": "guest-rows"}}),
        Page("guest list, group filter, page 5", "GET", f"{e}/guests?group=family&page=5"),
        Page("guest edit form", "GET", f"{e}/guests/{guest_id}"),
        Page("new guest form", "GET", f"{e}/guests/new"),
        Page("guest export XLSX (1,000)", "GET", f"{e}/guests/export?format=xlsx"),
        Page("guest export CSV (1,000)", "GET", f"{e}/guests/export?format=csv"),
        Page("import page", "GET", f"{e}/import"),
        Page("import preview, 40-row XLSX", "POST", f"{e}/import", kwargs=upload),
        Page("import preview, 1,000-row XLSX", "POST", f"{e}/import", kwargs=upload_1000),
        Page("campaigns list + composer", "GET", f"{e}/campaigns"),
        Page("campaign counter (1,000)", "POST", f"{e}/campaigns/count", kwargs={"headers": hx, "data": counter_form}),
        Page("campaign counter, standard text", "POST", f"{e}/campaigns/count",
             kwargs={"headers": hx, "data": {"kind": "reminder", "channel": "sms", "template": ""}}),
        Page("one guest's text", "POST", f"{e}/campaigns/guest-preview",
             kwargs={"headers": hx, "data": {**counter_form, "guest_id": str(guest_id)}}),
        Page("campaign report (1,000 rows)", "GET", f"{e}/campaigns/{campaign_id}"),
        Page("report export XLSX (1,000)", "GET", f"{e}/campaigns/{campaign_id}/export?format=xlsx"),
        Page("report export CSV (1,000)", "GET", f"{e}/campaigns/{campaign_id}/export?format=csv"),
        Page("event settings", "GET", f"{e}/edit"),
        Page("delete confirmation", "GET", f"{e}/delete"),
        Page("account", "GET", "/app/account"),
        Page("inbox", "GET", "/app/inbox", staff=True),
        Page("inbox list, search (htmx)", "GET", "/app/inbox/list?q=price", staff=True,
             kwargs={"headers": {"HX-Request": "true"}}),
        Page("one conversation", "GET", f"/app/inbox/{conversation_id}", staff=True),
        Page("tickets board", "GET", "/app/tickets", staff=True),
        Page("analytics", "GET", "/app/analytics", staff=True),
        Page("knowledge gaps", "GET", "/app/knowledge", staff=True),
        Page("dashboard (5,000)", "GET", f"/app/events/{large}", target=300),
        Page("dashboard numbers, polled (5,000)", "GET", f"/app/events/{large}/stats", target=300,
             kwargs={"headers": hx}),
    ]
    with Session(services.engine) as session:
        guests = session.exec(select(Guest.id).where(Guest.event_id == small)).all()
    print(f"database: {url.split(':')[0].split('+')[0]}, event guests: {len(guests)}, runs: {args.runs} "
          f"(after 2 warm-up), load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'page':40} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'target':>7}")
    slow = 0
    for page in pages:
        if args.only and args.only not in page.name:
            continue
        client.cookies.set(COOKIE, staff_token if page.staff else token)
        times, cpu = measure(client, timer, page, args.runs)
        median, cpu_median = statistics.median(times), statistics.median(cpu)
        # "ok": the wall time is under the target; "ok CPU": only the CPU time is (the rest was waiting for a core)
        flag = "ok" if median < page.target else "ok CPU" if cpu_median < page.target else "SLOW"
        slow += flag == "SLOW"
        print(f"{page.name:40} {median:10.1f} {p95(times):8.1f} {cpu_median:7.1f} "
              f"{page.target:6.0f}  {flag}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{slow} page(s) over target in CPU time")


if __name__ == "__main__":
    main()
