"""The guest's RSVP page follows the browser's language when the guest's own is not known: a guest with no
language on file got the Hebrew page though the event offers Russian and their phone asks for it
(Accept-Language). The guest's own language, or one chosen on the page, still comes first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from bot.core.models import Guest
from scheduler.rsvp.links import make_token
from tests.console.live import LiveConsole, owner_console, phone_browser
from tests.console.owner_browser import OWNER, event_with_guests, shot

pytestmark = pytest.mark.browser
GUESTS = "שם,טלפון\nОльга,052-3400001\nדנה,052-3400002\n"


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


def _links(console: LiveConsole) -> dict[str, str]:
    secret = console.services.settings.secret_key.get_secret_value()
    with Session(console.services.engine) as session:
        guests = session.exec(select(Guest).order_by(col(Guest.id))).all()
        guests[1].language = "he"  # Dana's own language is on file
        session.add(guests[1])
        session.commit()
        assert guests[0].language is None
        return {g.name: f"{console.base}/r/{make_token(secret, g.token_id)}" for g in guests}


def test_the_guest_page_follows_the_browsers_language(console: LiveConsole, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with phone_browser() as owner:
        event_with_guests(owner.new_page(), console, tmp_path, "he", GUESTS)
    links = _links(console)
    with phone_browser("ru-RU") as russian:
        page = russian.new_page()
        page.goto(links["Ольга"])
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.locator("html").get_attribute("dir") == "ltr"
        expect(page.locator("main")).to_contain_text("Ольга")
        shot(page, tmp_path, "guest-page-browser-ru")
        page.check("input[name=status][value=coming]")
        page.locator("button[type=submit]").click()
        expect(page.locator("#saved")).to_be_visible()
        assert page.locator("html").get_attribute("lang") == "ru"
        page.goto(links["דנה"])  # her own language wins over the browser's
        assert page.locator("html").get_attribute("lang") == "he"
        page.goto(links["Ольга"] + "?lang=en")  # and a language chosen on the page over both
        assert page.locator("html").get_attribute("lang") == "en"
    with Session(console.services.engine) as session:
        olga = session.exec(select(Guest).where(Guest.name == "Ольга")).one()
        assert olga.language == "ru"  # answered in Russian: her messages follow


def test_a_browser_in_a_language_the_event_lacks_gets_the_default() -> None:
    from bot.routes.rsvp_page import _language

    assert _language(None, None, None, "fr-FR,fr;q=0.9") == "he"
    assert _language(None, None, None, "fr-FR,ru;q=0.5,en;q=0.4") == "ru"
    assert _language(None, None, None, "iw-IL") == "he"
    assert _language(None, None, None, "ru;q=0, en") == "en"
