"""/app/lang/xx redirected as if the language had been switched and silently kept the old one: the owner
thought the link worked. An unknown code now answers 404 with a page saying the language was not changed
and offering the three the console speaks, each keeping where they were going."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.console.live import LiveConsole, log_in_with_code, owner_console, phone_browser
from tests.console.owner_browser import OWNER, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


def test_an_unknown_language_says_so_and_offers_the_known_ones(console: LiveConsole, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with phone_browser() as context:
        page = context.new_page()
        page.goto(f"{console.base}/app/lang/ru?back=/app/login")
        log_in_with_code(page, console, OWNER)
        answer = page.goto(f"{console.base}/app/lang/fr?back=/app/account")
        assert answer is not None and answer.status == 404
        expect(page.locator("#lang-unknown")).to_contain_text("«fr»")  # said in the language still in use
        assert page.locator("html").get_attribute("lang") == "ru"
        shot(page, tmp_path, "lang-unknown-ru")
        header = page.locator("header .langs a[lang=he]")  # the top bar's switch goes where they were going too
        assert header.get_attribute("href") == "/app/lang/he?back=/app/account"
        page.locator("#lang-unknown a[lang=en]").click()
        assert page.url.endswith("/app/account")
        assert page.locator("html").get_attribute("lang") == "en"
