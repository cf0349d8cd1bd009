"""Helpers for the console helper's browser tests: an owner logged in on a phone with one event and its
guests, and a phone-sized screenshot of each page a test looks at ($CONSOLE_SCREENSHOTS, else tmp_path)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.console.live import LiveConsole, log_in_with_code

OWNER = "+972522000001"


def shot(page: Any, tmp_path: Path, name: str) -> Path:
    """The whole page as the phone shows it, saved as `name`.png."""
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def event_with_guests(page: Any, console: LiveConsole, tmp_path: Path, lang: str, guests_csv: str) -> str:
    """Logs in in `lang`, creates an event through the pages and imports `guests_csv`; its path."""
    from playwright.sync_api import expect

    page.goto(f"{console.base}/app/lang/{lang}?back=/app")
    log_in_with_code(page, console, OWNER)
    page.click("a[href='/app/events/new']")
    page.fill("#title", "החתונה של דנה")
    page.fill("#date", "2027-03-12")
    page.fill("#venue", "Example Hall")
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("החתונה של דנה")
    event_path: str = page.url.removeprefix(console.base)
    csv_file = tmp_path / "guests.csv"
    csv_file.write_text(guests_csv, encoding="utf-8")
    page.goto(console.base + event_path + "/import")
    page.set_input_files("#file", str(csv_file))
    page.locator("form[enctype] button").click()
    page.click("#import-confirm")
    expect(page.locator("#guest-total")).to_be_visible()
    return event_path


def shot_of(locator: Any, tmp_path: Path, name: str) -> Path:
    """One part of the page (a long page's full shot is too small to read), saved as `name`.png."""
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    locator.screenshot(path=str(path))
    return path
