"""A value without spaces (a 200-character name, a pasted link, a cell of 5,000 "X"s in a guest file) must
wrap on a phone instead of widening the page: one such cell in an import check made the page 55,000 px
wide, the phone zoomed out to a blank screen and the "import the good rows" button could not be tapped.

The pages come from the real console (TestClient); Chromium lays them out at 390 px with the console's own
stylesheet inlined, so no server has to start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.console.live import PHONE, browser_context, need_browser
from tests.console.test_pages import create_event, import_guests

pytestmark = pytest.mark.browser
CSS = Path(__file__).resolve().parents[2] / "bot" / "console" / "static" / "console.css"
LONG = "X" * 5000
TITLE = "Y" * 200  # the longest title the form takes, one word


def _page_width(html: str) -> int:
    """How wide the page lays out in a 390 px phone window (the document's scroll width)."""
    styled = re.sub(r'<link rel="stylesheet"[^>]*>', f"<style>{CSS.read_text(encoding='utf-8')}</style>", html)
    styled = re.sub(r"<script[^>]*>\s*</script>", "", styled)
    with browser_context(viewport=PHONE, is_mobile=True, has_touch=True) as context:
        page = context.new_page()
        page.set_content(styled)
        return int(page.evaluate("document.documentElement.scrollWidth"))


def test_an_import_check_with_a_huge_cell_stays_phone_wide(logged_in: tuple[TestClient, str]) -> None:
    need_browser()
    client, token = logged_in
    event_id = create_event(client, token)
    body = f"name,phone\n{LONG},0522345601\nAvi,0522345602\n"
    preview = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                          files={"file": ("guests.csv", body.encode("utf-8"), "text/csv")})
    assert preview.status_code == 200 and LONG in preview.text
    assert _page_width(preview.text) <= PHONE["width"]


def test_a_one_word_title_and_guest_name_stay_phone_wide(logged_in: tuple[TestClient, str]) -> None:
    need_browser()
    client, token = logged_in
    event_id = create_event(client, token, title=TITLE)
    import_guests(client, token, event_id, body=f"name,phone\n{'Z' * 200},0522345601\n")
    for path in (f"/app/events/{event_id}", f"/app/events/{event_id}/guests", "/app/events"):
        page = client.get(path)
        assert page.status_code == 200 and "Y" * 200 in page.text
        assert _page_width(page.text) <= PHONE["width"], path


def test_the_guest_page_of_a_one_word_name_stays_phone_wide(logged_in: tuple[TestClient, str]) -> None:
    """The guest's own RSVP page (its styles are inline): a 200-character one-word name made it 4,976 px
    wide, with the answer form off the screen."""
    need_browser()
    client, token = logged_in
    event_id = create_event(client, token, title=TITLE)
    import_guests(client, token, event_id, body=f"name,phone\n{'Z' * 200},0522345601\n")
    guests = client.get(f"/app/events/{event_id}/guests").text
    guest = re.search(rf'href="(/app/events/{event_id}/guests/\d+)"', guests)
    assert guest
    link = re.search(r'href="https?://[^"/]+(/r/[^"]+)"', client.get(guest.group(1)).text)
    assert link
    page = client.get(link.group(1))
    assert page.status_code == 200 and "Z" * 200 in page.text
    assert _page_width(page.text) <= PHONE["width"]
