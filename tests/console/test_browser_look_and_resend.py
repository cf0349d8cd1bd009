"""In real Chromium on a phone-sized window: the owner gives the guest page a picture, colours and a Russian
title and venue; guests see it in Hebrew, Russian and English; a campaign's report sends again to the
guest whose message failed, once even when the button is clicked twice.

Screenshots go to $CONSOLE_SCREENSHOTS when set (docs/screenshots/ was made that way), else to tmp_path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.core.models import Campaign, Event, Guest, RsvpAccount
from scheduler.campaigns.audiences import LinkMaker
from scheduler.campaigns.dispatch import Dispatcher
from scheduler.campaigns.rules import rules_for
from scheduler.rsvp.links import make_token
from tests.campaigns.helpers import Refusing
from tests.console.live import LiveConsole, guest_csv, log_in_with_code, owner_console, phone_browser
from tests.rsvp.images import png

pytestmark = pytest.mark.browser
OWNER = "+972522000001"


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _log_in_and_create(page: object, console: LiveConsole, tmp_path: Path, lang: str) -> str:
    from playwright.sync_api import expect

    page.goto(f"{console.base}/app/lang/{lang}?back=/app")  # type: ignore[attr-defined]
    log_in_with_code(page, console, OWNER, typed="052-200-0001")
    page.click("a[href='/app/events/new']")  # type: ignore[attr-defined]
    page.fill("#title", "החתונה של דנה ויואב")  # type: ignore[attr-defined]
    page.fill("#date", "2027-03-12")  # type: ignore[attr-defined]
    page.fill("#venue", "אולם הים, חיפה")  # type: ignore[attr-defined]
    page.locator("form button[type=submit]").first.click()  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("החתונה של דנה ויואב")  # type: ignore[attr-defined]
    event_path: str = page.url.removeprefix(console.base)  # type: ignore[attr-defined]
    csv_file = tmp_path / "guests.csv"
    csv_file.write_text(guest_csv(6), encoding="utf-8")
    page.goto(console.base + event_path + "/import")  # type: ignore[attr-defined]
    page.set_input_files("#file", str(csv_file))  # type: ignore[attr-defined]
    page.locator("form[enctype] button").click()  # type: ignore[attr-defined]
    page.click("#import-confirm")  # type: ignore[attr-defined]
    expect(page.locator("#guest-total")).to_contain_text("6")  # type: ignore[attr-defined]
    return event_path


def test_branded_guest_page_in_three_languages(console: LiveConsole, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    shots = _shots(tmp_path)
    picture = tmp_path / "wedding.png"
    picture.write_bytes(png(600, 240, extra=((b"tEXt", b"GPS\x0032.08N 34.78E"),)))
    with phone_browser() as context:
        page = context.new_page()
        event_path = _log_in_and_create(page, console, tmp_path, "he")
        page.goto(console.base + event_path + "/edit")
        page.fill("#title_ru", "Свадьба Даны и Йоава")
        page.fill("#venue_ru", "Зал «Ям», Хайфа")
        page.fill("#title_en", "Dana & Yoav's wedding")
        page.fill("#accent", "#f0c0d0")  # too pale for white text: refused in words
        page.click("#save-look")
        expect(page.locator("#look-error")).to_contain_text("1.6:1")
        page.fill("#accent", "#7a1f5c")
        page.fill("#background", "#fff4e6")
        page.set_input_files("#image", str(picture))
        page.click("#save-look")
        expect(page.locator("#look-saved")).to_be_visible()
        assert page.eval_on_selector("#current-image", "img => img.naturalWidth") == 600
        page.locator("#guest-page").screenshot(path=str(shots / "console-guest-page-settings-he.png"))

        event_id = int(event_path.rsplit("/", 1)[1])
        secret = console.services.settings.secret_key.get_secret_value()
        with Session(console.services.engine) as session:
            guests = session.exec(select(Guest).where(Guest.event_id == event_id).order_by(col(Guest.id))).all()
            links = {}
            for guest, lang in zip(guests, ("he", "ru", "en"), strict=False):
                guest.language = lang
                session.add(guest)
                links[lang] = f"{console.base}/r/{make_token(secret, guest.token_id)}"
            session.commit()
        expected = {"he": ("החתונה של דנה ויואב", "אולם הים, חיפה", "rtl"),
                    "ru": ("Свадьба Даны и Йоава", "Зал «Ям», Хайфа", "ltr"),
                    "en": ("Dana & Yoav's wedding", "אולם הים, חיפה", "ltr")}  # no English venue: the default
        guest_page = context.new_page()
        for lang, (title, venue, direction) in expected.items():
            guest_page.goto(links[lang])
            assert guest_page.locator("html").get_attribute("dir") == direction
            expect(guest_page.locator("main")).to_contain_text(title)
            expect(guest_page.locator("main dl")).to_contain_text(venue)
            assert guest_page.eval_on_selector("#event-image", "img => img.naturalWidth") == 600
            assert guest_page.eval_on_selector("h1", "h => getComputedStyle(h).color") == "rgb(122, 31, 92)"
            assert guest_page.eval_on_selector("button[type=submit]",
                                               "b => getComputedStyle(b).backgroundColor") == "rgb(122, 31, 92)"
            guest_page.screenshot(path=str(shots / f"guest-page-branded-{lang}.png"), full_page=True)
        guest_page.check("input[name=status][value=coming]")  # the branded page still answers
        guest_page.locator("button[type=submit]").click()
        expect(guest_page.locator("#saved")).to_be_visible()


def test_resend_from_the_report_on_a_phone(console: LiveConsole, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    shots = _shots(tmp_path)
    with phone_browser("ru-RU") as context:
        page = context.new_page()
        event_path = _log_in_and_create(page, console, tmp_path, "ru")
        engine = console.services.engine
        with Session(engine) as session:
            session.execute(update(RsvpAccount).values(sms_balance=100))  # type: ignore[arg-type]
            session.commit()
        page.goto(console.base + event_path + "/campaigns")
        page.fill("#date", "2026-11-22")
        page.fill("#time", "11:00")
        page.click("#schedule")
        report_path = page.url.removeprefix(console.base)
        with Session(engine) as session:
            campaign = session.exec(select(Campaign)).one()
            event = session.get(Event, campaign.event_id)
            phones = [g.phone for g in session.exec(select(Guest).order_by(col(Guest.id))).all()]
        assert event is not None
        workspace = console.services.workspaces.by_slug("event-rsvp")
        assert workspace is not None
        secret = console.services.settings.secret_key.get_secret_value()
        Dispatcher(engine=engine, channel=Refusing(echo=False, refuse=set(phones[:2])), rules=rules_for(workspace),
                   links=LinkMaker(console.base, secret), clock=console.clock, rate=1000.0,
                   sleep=lambda _: None).dispatch(campaign.id or 0)
        page.goto(console.base + report_path)
        expect(page.locator("#resend")).to_contain_text("2")
        page.locator("#resend").screenshot(path=str(shots / "console-report-resend-ru.png"))
        page.dblclick("#resend-button")  # a double click: one follow-up
        expect(page.locator("#resend-of")).to_be_visible()
        with Session(engine) as session:
            assert len(session.exec(select(Campaign).where(col(Campaign.resend_of).is_not(None))).all()) == 1
