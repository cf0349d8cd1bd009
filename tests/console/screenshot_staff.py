"""Screenshots of the staff pages (inbox, a conversation, resolved tab, users, new topic) on a phone and
a desktop, in Hebrew (right to left) and English, for looking at them.

    PYTHONPATH=. .venv/bin/python -m tests.console.screenshot_staff OUT_DIR

Data: two days of msg-software traffic through the real pipeline and staff actions (tickets taken,
answered, closed and rated; one snoozed until tomorrow morning; one waiting for a person).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from bot.console.auth.users import create_user
from bot.core.db import session_scope
from bot.core.models import Conversation, Ticket
from bot.staff import actions
from handlers import inbox
from handlers.snooze_times import tomorrow_morning
from tests.console.live import CHROMIUM_ARGS, NOW, PHONE, chromium_path, live_console, log_in_with_password
from tests.console.screenshot_analytics import QUESTIONS, WS, Agent, say

OWNER = "+972522000001"
DESKTOP = {"width": 1280, "height": 860}


def _traffic(live: Any) -> int:
    """Returns the id of a conversation held by a person (the one to show whole)."""
    s, door, n = live.services, actions.Door(workspace=WS), 0
    held = 0
    for day in (1, 0):
        for k in range(4):
            n += 1
            live.clock.set(NOW - timedelta(days=day) + timedelta(minutes=17 * k))
            say(s, f"+9725020{n:05d}", QUESTIONS[(n + k) % len(QUESTIONS)])
        for closing in (True, False):
            n += 1
            live.clock.set(NOW - timedelta(days=day) + timedelta(hours=2, minutes=n))
            r = say(s, f"+9725020{n:05d}", "אני רוצה לדבר עם נציג, התוכנה לא שולחת הודעות")
            with Session(s.engine) as session:
                tid = session.exec(select(Ticket.id).where(Ticket.number == r.ticket_number)).one()
            actions.take(s, tid, door, Agent())
            actions.reply_to_ticket(s, tid, door, Agent(), "שלום, אני בודקת את זה עכשיו")
            if closing:
                actions.close(s, tid, door, Agent())
                say(s, f"+9725020{n:05d}", "5")
            else:
                say(s, f"+9725020{n:05d}", "תודה, מחכה")
                with Session(s.engine) as session:
                    held = session.exec(select(Conversation.id).join(Ticket, Ticket.conversation_id == Conversation.id)
                                        .where(Ticket.id == tid)).one()
    n += 1
    say(s, f"+9725020{n:05d}", "אני צריך נציג בבקשה")  # waiting
    n += 1
    say(s, f"+9725020{n:05d}", "אפשר לקבל חשבונית על התשלום האחרון?")
    with session_scope(s.engine) as session:
        conversation = session.exec(select(Conversation).order_by(Conversation.id.desc())).first()  # type: ignore[union-attr]
        assert conversation is not None
        inbox.snooze(conversation, s.now(), tomorrow_morning(s.workspaces.by_slug(WS), s.now()))
    return held


def main(out_dir: str) -> None:
    from playwright.sync_api import sync_playwright

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, live_console(Path(tmp)) as live:
        with Session(live.services.engine) as session:
            create_user(session, live.services.workspaces.by_slug(WS), phone=OWNER, name="דנה כהן", role="owner",
                        password="correct horse battery")
            session.commit()
        held = _traffic(live)
        pages = {"inbox": "/app/inbox", "conversation": f"/app/inbox/{held}", "resolved": "/app/inbox?state=resolved",
                 "users": "/app/users", "topic": "/app/knowledge/topic?text=do+you+sell+gift+cards&lang=en",
                 "knowledge": "/app/knowledge"}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for size_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                context = browser.new_context(viewport=viewport, device_scale_factor=1, locale="he-IL",
                                              timezone_id="Asia/Jerusalem")
                page = context.new_page()
                log_in_with_password(page, live.base, OWNER, "correct horse battery")
                page.wait_for_url("**/app/**")
                for lang in ("he", "en"):
                    for name, path in pages.items():
                        page.goto(f"{live.base}/app/lang/{lang}?back={path.split('?')[0]}")
                        page.goto(live.base + path)
                        page.screenshot(path=str(out / f"{name}-{lang}-{size_name}.png"), full_page=True)
                context.close()
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
