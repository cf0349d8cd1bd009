"""The RSVP page in headless Chromium: rendered right to left, answered with JavaScript switched off."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Guest
from bot.services import Services
from scheduler.rsvp.links import make_token
from tests.browser.cdp import browser_page, chromium_or_skip, run_chromium
from tests.rsvp.conftest import couple_guest

pytestmark = pytest.mark.browser


@pytest.fixture
def guest_path(engine: Engine, services: Services) -> tuple[int, str]:
    guest = couple_guest(engine, services, "החתונה של נועה ואבי")
    token = make_token(services.settings.secret_key.get_secret_value(), guest.token_id)
    assert guest.id is not None
    return guest.id, f"/r/{token}"


def load(engine: Engine, guest_id: int) -> Guest:
    with Session(engine) as session:
        guest = session.get(Guest, guest_id)
        assert guest is not None
        return guest


def test_page_renders_rtl_hebrew(live_server: str, guest_path: tuple[int, str]) -> None:
    binary = chromium_or_skip()
    dom = run_chromium(binary, "--dump-dom", live_server + guest_path[1])
    assert 'dir="rtl"' in dom and 'lang="he"' in dom
    assert "החתונה של נועה ואבי" in dom and "האם תגיעו?" in dom
    english = run_chromium(binary, "--dump-dom", live_server + guest_path[1] + "?lang=en")
    assert 'dir="ltr"' in english and "Will you come?" in english


def test_bad_link_shows_the_friendly_page(live_server: str) -> None:
    dom = run_chromium(chromium_or_skip(), "--dump-dom", live_server + "/r/not-a-real-token")
    assert "הקישור לא נמצא" in dom and "Traceback" not in dom


def test_guest_answers_with_mouse_and_keyboard_without_javascript(live_server: str, guest_path: tuple[int, str],
                                                                  engine: Engine, tmp_path: Path) -> None:
    binary = chromium_or_skip()
    guest_id, path = guest_path
    with browser_page(binary, tmp_path / "profile") as page:
        page.navigate(live_server + path)
        assert 'dir="rtl"' in page.html()
        page.click('input[name="status"][value="coming"]')
        page.type_into("#party_size", "4")
        page.click('button[type="submit"]')
        page.wait_event("Page.loadEventFired")
        assert page.node("#saved"), page.html()
        guest = load(engine, guest_id)
        assert (guest.status, guest.party_size, guest.answer_source) == ("coming", 4, "link")
        answered_at = guest.answered_at

        # Submitting the same answer again (a double click, a reload of the form) changes nothing.
        page.click('button[type="submit"]')
        page.wait_event("Page.loadEventFired")
        assert page.node("#saved")
        assert load(engine, guest_id).answered_at == answered_at

        page.click('input[name="status"][value="not_coming"]')
        page.click('button[type="submit"]')
        page.wait_event("Page.loadEventFired")
        guest = load(engine, guest_id)
        assert (guest.status, guest.party_size) == ("not_coming", 0)
        assert "לא מגיעים" in page.html("#current")
