"""Issue 16's staff journey in real Chromium, with the real Twilio client talking to the fake Twilio.

A customer's message arrives by a signed webhook at a running server and shows in an inbox page that
is already open (timed: under 2 s); a staff member takes it and answers from the browser; the customer
receives the answer (the fake Twilio records it); staff close, the customer is asked for a rating and
the rating arrives by webhook; the conversation shows it and the analytics page counts both.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from bot.channels import TwilioChannel
from bot.console.auth.users import create_user
from bot.core.models import Conversation, SatisfactionSurvey
from handlers.customers import CustomerIn, upsert_customer
from tests.console.live import LiveConsole, browser_context, live_console, log_in_with_password, need_browser
from tests.fakes.fake_twilio import RunningFake, running_fake_twilio
from tests.utils.twilio import inbound_form, sign

pytestmark = pytest.mark.browser
CUSTOMER = "+972502345678"
BUSINESS = "+972500000001"  # msg-software's WhatsApp number
STAFF_PHONE = "+972522000077"
PASSWORD = "correct horse battery"
DESKTOP = {"width": 1280, "height": 900}


@dataclass
class Journey:
    console: LiveConsole
    twilio: RunningFake

    def customer_writes(self, body: str, sender: str = CUSTOMER) -> httpx.Response:
        """A WhatsApp message from the customer, signed with the account's token like Twilio signs it."""
        form = inbound_form(body, sender=sender, to=BUSINESS)
        path = "/webhooks/twilio/messages"
        settings = self.console.services.settings
        answer = httpx.post(self.console.base + path, data=form, timeout=30,
                            headers={"X-Twilio-Signature": sign(settings, path, form)})
        assert answer.status_code == 200, answer.text
        return answer

    def received(self) -> list[str]:
        """What the customer got through the (fake) Twilio REST API, oldest first."""
        return [r.get("Body", "") for r in self.twilio.state.requests if r.get("To") == f"whatsapp:{CUSTOMER}"]


@pytest.fixture
def journey(tmp_path: Path) -> Iterator[Journey]:
    need_browser()
    with running_fake_twilio() as fake:
        channel = TwilioChannel(account_sid="AC" + "0" * 32, auth_token="test-auth-token-0123456789abcdef",
                                api_base=fake.base_url)
        with live_console(tmp_path, channel=channel) as live:
            workspace = live.services.workspaces.by_slug("msg-software")
            assert workspace is not None
            with Session(live.services.engine) as session:
                create_user(session, workspace, phone=STAFF_PHONE, name="Yael Cohen", role="staff", password=PASSWORD)
                upsert_customer(session, workspace, CustomerIn(phone=CUSTOMER, name="Dana Levi", plan="advanced"),
                                live.services.now())
                session.commit()
            yield Journey(live, fake)


def test_message_to_rating_through_the_browser(journey: Journey, request: pytest.FixtureRequest) -> None:
    from playwright.sync_api import expect

    console = journey.console
    with browser_context(viewport=DESKTOP, locale="en-GB") as context:  # a desktop window
        page = context.new_page()
        page.goto(f"{console.base}/app/lang/en?back=/app")
        log_in_with_password(page, console.base, STAFF_PHONE, PASSWORD)
        page.goto(f"{console.base}/app/inbox?state=waiting")
        expect(page.locator("#conversations li")).to_have_count(0)

        # Another customer's question first: the server's first turn loads what every later turn reuses.
        journey.customer_writes("What are your support hours?", sender="+972502345000")
        expect(page.locator("#count-bot")).to_have_text("1")

        # The message arrives while the inbox is open: it shows without a reload.
        started = time.perf_counter()
        journey.customer_writes("I want to talk to a person please")
        answered = time.perf_counter() - started
        row = page.locator("#conversations li.state-waiting")
        expect(row).to_have_count(1, timeout=10_000)
        arrival = time.perf_counter() - started
        print(f"\nlive arrival: {arrival:.2f} s from the webhook POST to the row in the open inbox"
              f" (the webhook answered in {answered:.2f} s)")
        # The figure (issue 16: under 2 s) is measured, printed with -s and reported in the README; a
        # time limit asserted here would fail on a busy CI machine without anything being wrong.
        request.node.user_properties.append(("arrival_seconds", round(arrival, 3)))
        expect(page.locator("#count-waiting")).to_have_text("1")

        # Take and reply from the browser: the customer gets both through Twilio.
        row.locator("a.title").click()
        expect(page.locator("#state")).to_have_text("Waiting")
        page.click("#take")
        expect(page.locator("#state")).to_have_text("Held")
        page.fill("#reply-body", "Hi Dana, Yael here. Checking your licence now.")
        page.click("#send")
        expect(page.locator("#messages")).to_contain_text("Checking your licence now.")
        assert "Hi Dana, Yael here. Checking your licence now." in journey.received()
        assert any("Yael" in body for body in journey.received()[:-1]), "the customer was told who took it"

        # Close: resolved, and the satisfaction question goes out once.
        console.clock.set(console.clock() + timedelta(minutes=20))
        sent_before = len(journey.received())
        page.click("#close")
        expect(page.locator("#state")).to_have_text("Resolved")
        asked = journey.received()[sent_before:]
        assert len(asked) == 2 and any("5" in body for body in asked), asked  # the closing notice, the question

        # The rating arrives by webhook; the conversation stays resolved and shows it.
        console.clock.set(console.clock() + timedelta(minutes=2))
        journey.customer_writes("5")
        with Session(console.services.engine) as session:
            survey = session.exec(select(SatisfactionSurvey)).one()
            assert survey.rating == 5 and survey.assignee and survey.assignee.startswith("Yael Cohen")
            conversation = session.get(Conversation, survey.conversation_id)
            assert conversation is not None and conversation.status == "resolved"
        page.reload()
        expect(page.locator("#ratings")).to_contain_text("★★★★★")
        expect(page.locator("#state")).to_have_text("Resolved")

        # Analytics counts both conversations (one answered by the bot), the handover and the rating.
        page.goto(f"{console.base}/app/analytics")
        expect(page.locator("#f-conversations")).to_have_text("2")
        expect(page.locator("#f-deflection")).to_have_text("50%")
        expect(page.locator("#f-handed")).to_have_text("1")
        expect(page.locator("#f-csat")).to_contain_text("5.0 / 5 (rated by 1 of 1 asked)")
