"""Inviting the event's own owner as a co-host is refused in words: the owner typed their own number and
the settings then listed them among the co-hosts of their own event, as if someone else ran it too."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.conftest import OWNER_PHONE
from tests.console.test_pages import create_event


def test_the_owner_cannot_be_their_own_cohost(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    answer = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": OWNER_PHONE, "name": "Me"})
    assert answer.status_code == 422
    assert text("events.cohost_is_owner", "he") in answer.text
    settings = client.get(f"/app/events/{event_id}/edit").text
    cohosts = re.search(r"<h2>שותפים לניהול</h2>(.*?)<form", settings, re.S)
    assert cohosts and OWNER_PHONE not in cohosts.group(1)
