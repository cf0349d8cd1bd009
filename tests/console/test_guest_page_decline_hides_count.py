"""On the guest's page, 'how many of you?' is hidden while 'not coming' is chosen: after a guest declined,
the page still asked the count with their old 3 in it, and a guest read it as still counted as three. Plain
CSS (:has), so the page keeps working without scripts; the count comes back when 'coming' is chosen."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.console.live import browser_context, need_browser
from tests.console.test_pages import create_event, import_guests

pytestmark = pytest.mark.browser


def test_declining_hides_the_count(logged_in: tuple[TestClient, str]) -> None:
    need_browser()
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    link = re.search(r"/r/[A-Za-z0-9_.-]+", client.get(f"/app/events/{event_id}/guests/1").text)
    assert link
    html = client.get(link.group(0)).text
    with browser_context(viewport={"width": 390, "height": 844}) as context:
        page = context.new_page()
        page.set_content(html)
        assert page.locator("#party_size").is_visible()
        page.check("input[name=status][value=not_coming]")
        assert not page.locator("#party_size").is_visible()
        page.check("input[name=status][value=coming]")
        assert page.locator("#party_size").is_visible()
