"""A phone-sized screenshot of /app/analytics after a generated week of msg-software traffic.

    PYTHONPATH=. .venv/bin/python -m tests.console.screenshot_analytics docs/screenshots/analytics.png \
        [docs/screenshots/inbox.png]

Each day: a few FAQ questions and one unknown, one request for a person (taken, answered, closed,
rated 3-5 by the customer), an opt-out every third day; all through the real pipeline and staff actions.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from bot.console.auth.users import create_user
from bot.core.db import session_scope
from bot.core.models import Ticket
from bot.services import Services
from bot.staff import actions
from handlers.customers import CustomerIn, upsert_customer
from handlers.pipeline import handle_message
from handlers.turn import Inbound, TurnContext, TurnResult
from tests.console.live import NOW, live_console, log_in_with_code, phone_browser

OWNER = "+972522000001"
WS = "msg-software"


class Agent:
    first_name, full_name, assignee = "Yael", "Yael Cohen", "Yael Cohen (web:1)"


def say(services: Services, phone: str, body: str) -> TurnResult:
    ws = services.workspaces.by_slug(WS)
    with session_scope(services.engine) as session:
        upsert_customer(session, ws, CustomerIn(phone=phone, name="C" + phone[-3:], plan="advanced"), services.now())
        ctx = TurnContext(session=session, workspace=ws, now=services.now(), knowledge=services.knowledge)
        return handle_message(ctx, Inbound(workspace=WS, sender=phone, text=body))


QUESTIONS = ["היי, ובכמה עולה המסלול המתקדם לשלושה חודשים?", "Good morning! how much is the essential plan for a year?",
             "התמיכה שלכם עובדת גם בשישי?", "כשאני עובר למחשב חדש אתם מעבירים לי את התוכנה?", "asdkjh qwpoe"]


def main(out: str, inbox_out: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp, live_console(Path(tmp)) as live:
        s = live.services
        with Session(s.engine) as session:
            create_user(session, s.workspaces.by_slug(WS), phone=OWNER, name="דנה", role="owner")
            session.commit()
        door = actions.Door(workspace=WS)
        n = 0
        for day in range(6, -1, -1):
            for k in range(2 + day % 3 + 2):
                n += 1
                live.clock.set(NOW - timedelta(days=day) + timedelta(minutes=17 * k))
                say(s, f"+9725020{n:05d}", QUESTIONS[(n + k) % len(QUESTIONS)])
            n += 1
            live.clock.set(NOW - timedelta(days=day) + timedelta(hours=2))
            r = say(s, f"+9725020{n:05d}", "אני רוצה לדבר עם נציג")
            with Session(s.engine) as session:
                tid = session.exec(select(Ticket.id).where(Ticket.number == r.ticket_number)).one()
            live.clock.set(s.now() + timedelta(minutes=5 + day * 4))
            actions.take(s, tid, door, Agent())
            actions.reply_to_ticket(s, tid, door, Agent(), "בודקת")
            live.clock.set(s.now() + timedelta(minutes=25))
            actions.close(s, tid, door, Agent())
            say(s, f"+9725020{n:05d}", str(3 + day % 3))
            if day % 3 == 0:
                n += 1
                say(s, f"+9725020{n:05d}", "STOP")
        live.clock.set(NOW + timedelta(hours=4))
        say(s, "+972502099991", "המחשב החדש לא מזהה את התוכנה, אני צריך נציג דחוף")  # waiting for a person
        with phone_browser() as context:
            page = context.new_page()
            page.goto(f"{live.base}/app/login")
            log_in_with_code(page, live, OWNER)
            page.goto(f"{live.base}/app/lang/he?back=/app/analytics")
            page.screenshot(path=out, full_page=False)
            if inbox_out:
                page.goto(f"{live.base}/app/inbox")
                page.screenshot(path=inbox_out, full_page=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
