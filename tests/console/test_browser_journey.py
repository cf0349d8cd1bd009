"""A new owner's whole journey in real Chromium on a phone-sized window, in Hebrew, Russian and English:
log in with the code, create an event, import a guest file with bad rows, watch the dashboard move when
guests answer by link and by message (signed webhook), schedule a campaign, read the report, export."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, select

from bot.console import config as console_config
from bot.core.models import Campaign, Guest, RsvpAccount
from scheduler.campaigns.scheduling import CampaignRuntime, start_campaign
from scheduler.rsvp.links import make_token
from tests.console.live import LiveConsole, guest_csv, log_in_with_code, owner_console, phone_browser
from tests.utils.twilio import inbound_form, sign

pytestmark = pytest.mark.browser
OWNER = "+972522000001"


@pytest.fixture
def console(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveConsole]:
    fast = dataclasses.replace(console_config.config(), dashboard_poll_seconds=1)
    monkeypatch.setattr("bot.console.pages.events.config", lambda: fast)
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


def _tile(page: object, name: str) -> str:
    return page.locator(f"#tile-{name} b").inner_text()  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["he", "ru", "en"])
def test_owner_journey_on_a_phone(console: LiveConsole, tmp_path: Path, lang: str) -> None:
    from playwright.sync_api import expect

    with phone_browser() as context:
        page = context.new_page()
        page.goto(f"{console.base}/app/lang/{lang}?back=/app")
        expect(page).to_have_url(f"{console.base}/app/login")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "he" else "ltr")

        # Log in with the code the console channel "sent".
        log_in_with_code(page, console, OWNER, typed="052-200-0001")
        expect(page).to_have_url(f"{console.base}/app/events")

        # Create an event (a past year is refused first).
        page.click("a[href='/app/events/new']")
        page.fill("#title", "החתונה של דנה ויואב")
        page.fill("#date", "2025-03-12")
        page.fill("#time", "19:30")
        page.fill("#venue", "אולם הים, חיפה")
        page.locator("form button[type=submit]").first.click()
        expect(page.locator("[role=alert]")).to_be_visible()
        page.fill("#date", "2027-03-12")
        page.locator("form button[type=submit]").first.click()
        expect(page.locator("h1")).to_have_text("החתונה של דנה ויואב")
        event_path = page.url.removeprefix(console.base)

        # Import 40 guests with three bad rows: the preview names them, the good rows go in.
        csv_file = tmp_path / "guests.csv"
        csv_file.write_text(guest_csv(40), encoding="utf-8")
        page.goto(console.base + event_path + "/import")
        page.set_input_files("#file", str(csv_file))
        page.locator("form[enctype] button").click()
        expect(page.locator("#count-create")).to_have_text("40")
        expect(page.locator("#count-bad")).to_have_text("3")
        expect(page.locator("#bad-rows li.bad-row")).to_have_count(3)
        page.click("#import-confirm")
        expect(page.locator("#guest-total")).to_contain_text("40")

        # Search narrows the list without a reload (htmx). On a loaded machine the page may show before htmx has
        # bound its triggers, and a value typed then fires no search: wait for the page to finish loading.
        page.wait_for_function("() => document.readyState === 'complete' && window.htmx !== undefined")
        page.fill("#q", "אורח 12")
        expect(page.locator("#guest-list li.guest")).to_have_count(1)

        # The dashboard moves when a guest answers by link...
        page.goto(console.base + event_path)
        expect(page.locator("#tile-invited b")).to_have_text("40")
        expect(page.locator("#tile-coming b")).to_have_text("0")
        with Session(console.services.engine) as session:
            guests = session.exec(select(Guest).order_by(col(Guest.id))).all()
            first, second = guests[0], guests[1]
        secret = console.services.settings.secret_key.get_secret_value()
        guest_page = context.new_page()
        guest_page.goto(f"{console.base}/r/{make_token(secret, first.token_id)}")
        guest_page.check("input[name=status][value=coming]")
        guest_page.fill("#party_size", "1")
        guest_page.locator("button[type=submit]").click()
        expect(guest_page.locator("#saved")).to_be_visible()
        expect(page.locator("#tile-coming b")).to_have_text("1", timeout=15_000)

        # ... and by message (a Twilio webhook signed like Twilio signs it).
        form = inbound_form("כן, נגיע 2", sender=second.phone, to="+972500000004", whatsapp=False)
        path = "/webhooks/twilio/messages"
        answer = httpx.post(console.base + path, data=form,
                            headers={"X-Twilio-Signature": sign(console.services.settings, path, form)})
        assert answer.status_code == 200, answer.text
        expect(page.locator("#tile-coming b")).to_have_text("3", timeout=15_000)
        expect(page.locator("#tile-waiting b")).to_have_text("38")

        # A campaign: the counter follows the text, one guest's exact text, then schedule in local time.
        page.goto(console.base + event_path + "/campaigns")
        page.fill("#template", "שלום {{ name }}, אישור הגעה: {{ link }}")
        expect(page.locator("#count-recipients")).to_have_text("38")
        expect(page.locator("#balance-warning")).to_be_visible()  # a new account has no SMS balance
        page.locator("#preview-guest").select_option(label="אורח 3")
        page.locator("button[hx-post$='guest-preview']").click()
        expect(page.locator("#guest-text")).to_contain_text("שלום אורח 3")
        page.fill("#date", "2026-11-24")
        page.fill("#time", "11:00")
        page.click("#schedule")
        expect(page.locator("#planned")).to_contain_text("38")

        # The operator records a payment, the send time comes, the campaign goes out: the report says so.
        report_url = page.url
        with Session(console.services.engine) as session:
            account = session.exec(select(RsvpAccount)).one()
            account.sms_balance = 500
            session.add(account)
            session.commit()
            campaign_id = session.exec(select(Campaign.id)).one()
        console.clock.set("2026-11-24T09:00:30+00:00")
        start_campaign(CampaignRuntime(engine=console.services.engine, workspaces=console.services.workspaces,
                                       channel=console.channel, clock=console.clock, public_base_url=console.base,
                                       secret=secret, rate=None), campaign_id)
        page.goto(report_url)
        expect(page.locator("#report-words")).to_contain_text("38")
        expect(page.locator("#report-rows li")).to_have_count(38)

        # Export the guest list.
        page.goto(console.base + event_path)
        with page.expect_download() as download:
            page.locator(f"a[href^='{event_path}/guests/export?format=xlsx']").first.click()
        assert download.value.suggested_filename.endswith(".xlsx")
        saved = tmp_path / "export.xlsx"
        download.value.save_as(saved)
        assert saved.stat().st_size > 1000
