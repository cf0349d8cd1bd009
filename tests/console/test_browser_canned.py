"""Canned replies in a phone-sized Chromium, in Hebrew and English: the button shows a readable label
(whole words or the first clause, never a word cut in two) and the full reply goes into the box, in the
customer's language, and to the customer when sent. The inbox and the conversation page (messages in
words, the canned buttons) are screenshotted at 390x844 to $CONSOLE_SCREENSHOTS when set (docs/screenshots/ was
made that way), else to tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.console.auth.users import create_user
from bot.console.config import config
from bot.core.models import Conversation, Message
from tests.console.live import LiveConsole, live_console, log_in_with_password, need_browser, phone_browser
from tests.console.screenshot_analytics import WS, say

pytestmark = pytest.mark.browser
STAFF_PHONE = "+972522000077"
PASSWORD = "correct horse battery"
ASKS = {"he": ("+972502345001", "אני רוצה לדבר עם נציג, התוכנה לא שולחת הודעות"),
        "en": ("+972502345002", "I want to talk to a person please, the software sends nothing")}


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    need_browser()
    with live_console(tmp_path) as live:
        workspace = live.services.workspaces.by_slug(WS)
        assert workspace is not None
        with Session(live.services.engine) as session:
            create_user(session, workspace, phone=STAFF_PHONE, name="Yael Cohen", role="staff", password=PASSWORD)
            session.commit()
        yield live


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("lang", ["he", "en"])
def test_a_canned_button_shows_a_label_and_sends_the_whole_reply(lang: str, console: LiveConsole,
                                                                 tmp_path: Path) -> None:
    from playwright.sync_api import expect

    customer, question = ASKS[lang]
    say(console.services, customer, question)
    say(console.services, customer, "מה שעות הפעילות של התמיכה?" if lang == "he" else "What are your support hours?")
    workspace = console.services.workspaces.by_slug(WS)
    assert workspace is not None
    with Session(console.services.engine) as session:
        conv = session.exec(select(Conversation.id)).one()
    limit = config().canned_label_chars
    with phone_browser(locale="he-IL" if lang == "he" else "en-GB") as context:
        page = context.new_page()
        page.goto(f"{console.base}/app/lang/{lang}?back=/app")
        log_in_with_password(page, console.base, STAFF_PHONE, PASSWORD)
        page.goto(f"{console.base}/app/inbox")
        expect(page.locator(f'#conversations li[data-id="{conv}"]')).to_have_count(1)
        page.screenshot(path=str(_shots(tmp_path) / f"console-inbox-{lang}.png"))
        page.goto(f"{console.base}/app/inbox/{conv}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "he" else "ltr")
        page.click("#take")
        for name, texts in workspace.support.canned_replies.items():
            full = texts[lang]  # the customer wrote in `lang`, the staff member reads `lang`
            assert len(full) > limit, "the workspace's replies are long enough to need a label"
            button = page.locator(f"#canned-{name}")
            label = button.inner_text().strip()
            assert label.endswith("…") and len(label) <= limit + 1
            assert full.startswith(label.removesuffix("…"))
            assert full[len(label) - 1] in " ,.!?;:", f"a word cut in two: {label!r}"
            assert button.get_attribute("title") == full
            button.click()
            expect(page.locator("#reply-body")).to_have_value(full)
        page.screenshot(path=str(_shots(tmp_path) / f"console-conversation-{lang}.png"), full_page=True)
        page.locator("#canned-checking").click()
        full = workspace.support.canned_replies["checking"][lang]
        expect(page.locator("#reply-body")).to_have_value(full)
        page.click("#send")
        expect(page.locator("#messages")).to_contain_text(full)
    with Session(console.services.engine) as session:
        sent = session.exec(select(Message.body).where(Message.direction == "outbound", Message.intent == "staff")
                            ).all()
    assert full in sent
    assert full in [r.body for r in console.channel.sent if r.to.endswith(customer)]
