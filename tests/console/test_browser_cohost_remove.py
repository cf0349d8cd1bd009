"""Removing a co-host in Chromium on a phone: 'Remove' opens a question saying what it does, and only
'yes, remove' takes them off (no script: a <details> box with its own form)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.console.live import LiveConsole, owner_console, phone_browser
from tests.console.owner_browser import OWNER, event_with_guests, shot_of

pytestmark = pytest.mark.browser


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


def test_the_owner_removes_a_cohost_on_a_phone(console: LiveConsole, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with phone_browser() as context:
        page = context.new_page()
        event_path = event_with_guests(page, console, tmp_path, "he", "שם,טלפון\nדנה,052-3400001\n")
        page.goto(console.base + event_path + "/edit")
        page.fill("#co_name", "יואב")
        page.fill("#co_phone", "052-2000003")
        page.locator("#cohosts form button[type=submit]").click()
        expect(page.locator("#cohost-list")).to_contain_text("יואב")
        remove = page.locator("#cohost-list summary")
        yes = page.locator("#cohost-list button.danger")
        assert not yes.is_visible()  # one tap does not remove
        remove.click()
        expect(yes).to_be_visible()
        expect(page.locator("#cohost-list")).to_contain_text("לא יוכלו יותר לראות את האירוע")
        shot_of(page.locator("#cohosts"), tmp_path, "cohost-remove-confirm-he")
        yes.click()
        expect(page.locator("#cohost-removed")).to_be_visible()
        assert page.locator("#cohost-list").count() == 0
