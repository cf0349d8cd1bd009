"""Phone-sized screenshots of every console page, for looking at them and for the README.

    .venv/bin/python -m tests.console.screenshots OUT_DIR [he ru en] [--viewport]

`--viewport` keeps only what a phone shows at once (the README's pictures); default: whole pages.

Starts a live console (temp SQLite database), logs in as an owner, makes an event with 40 guests and
some answers and a campaign, and saves one PNG per page and language.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from bot.console.auth.users import create_user
from bot.core.models import Guest
from scheduler.rsvp.answers import record_answer
from tests.console.live import guest_csv, live_console, log_in_with_code, phone_browser

OWNER = "+972522000001"


def _answers(live: object, engine: object, workspace: object) -> None:
    """A week of answers so the dashboard has something to show."""
    from tests.console.live import NOW

    with Session(engine) as session:  # type: ignore[arg-type]
        guests = session.exec(select(Guest).order_by(col(Guest.id))).all()
        for index, guest in enumerate(guests[:30]):
            status = ("coming", "coming", "not_coming", "maybe")[index % 4]
            record_answer(guest, workspace, status, guest.invited_count if status == "coming" else None,  # type: ignore[arg-type]
                          "link", NOW - timedelta(days=6 - index % 7))
            session.add(guest)
        session.commit()


def take(out: Path, languages: list[str], full_page: bool = True) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, live_console(Path(tmp)) as live:
        workspace = live.services.workspaces.by_slug("event-rsvp")
        with Session(live.services.engine) as session:
            create_user(session, workspace, phone=OWNER, name="דנה")  # type: ignore[arg-type]
            session.commit()
        csv_file = Path(tmp) / "guests.csv"
        csv_file.write_text(guest_csv(40), encoding="utf-8")
        with phone_browser() as context:
            page = context.new_page()

            def shot(name: str, lang: str) -> None:
                path = out / f"console-{name}-{lang}.png"
                page.screenshot(path=str(path), full_page=full_page)
                saved.append(path)

            page.goto(f"{live.base}/app/login")
            log_in_with_code(page, live, OWNER)
            page.goto(f"{live.base}/app/events/new")
            page.fill("#title", "החתונה של דנה ויואב")
            page.fill("#date", "2027-03-12")
            page.fill("#venue", "אולם הים, חיפה")
            page.locator("form button[type=submit]").first.click()
            event = page.url.removeprefix(live.base)
            page.goto(live.base + event + "/import")
            page.set_input_files("#file", str(csv_file))
            page.locator("form[enctype] button").click()
            page.wait_for_selector("#count-create")
            preview_html = page.content()
            page.click("#import-confirm")
            _answers(live, live.services.engine, workspace)
            for lang in languages:
                page.goto(f"{live.base}/app/lang/{lang}?back=/app/events")
                shot("events", lang)
                page.goto(live.base + event)
                page.wait_for_selector("#tile-coming")
                shot("dashboard", lang)
                page.goto(live.base + event + "/guests")
                shot("guests", lang)
                page.goto(live.base + event + "/guests/" + page.locator("#guest-list a.title").first.get_attribute(
                    "href").rsplit("/", 1)[1])
                shot("guest", lang)
                page.goto(live.base + event + "/campaigns")
                page.fill("#template", "שלום {{ name }}, נשמח לראותך! אישור הגעה: {{ link }}")
                page.wait_for_selector("#count-chars")
                page.locator("button[hx-post$='guest-preview']").click()
                page.wait_for_selector("#guest-text")
                shot("campaigns", lang)
                page.goto(live.base + event + "/import")
                page.set_input_files("#file", str(csv_file))
                page.locator("form[enctype] button").click()
                page.wait_for_selector("#bad-rows")
                shot("import", lang)
                page.goto(live.base + event + "/edit")
                shot("settings", lang)
            logout = context.new_page()
            for lang in languages:
                logout.goto(f"{live.base}/app/lang/{lang}?back=/app/account")
                logout.context.clear_cookies()
                logout.goto(f"{live.base}/app/login?lang={lang}")
                logout.screenshot(path=str(out / f"console-login-{lang}.png"), full_page=True)
                saved.append(out / f"console-login-{lang}.png")
            assert "count-bad" in preview_html
    return saved


if __name__ == "__main__":
    words = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = Path(words[0] if words else "screenshots")
    for path in take(target, words[1:] or ["he", "ru"], full_page="--viewport" not in sys.argv):
        print(path)
