"""Cancelling a scheduled round asks first: the red button sat right under 'pause' on a phone and one tap
cancelled the invitation for good (a cancelled round cannot be resumed). The button now opens a question
with the consequence and a 'yes, cancel' inside a <details>, so no script is needed and a form still posts."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.test_pages import create_event, import_guests


def test_the_cancel_button_asks_before_it_cancels(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    report = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": "invitation", "channel": "sms", "template": "", "date": "2026-11-24", "time": "11:00"})
    assert report.status_code == 200
    box = re.search(r'<details class="confirm" id="cancel-box">(.*?)</details>', report.text, re.S)
    assert box, "the cancel form is not behind a question"
    assert text("campaigns.cancel_confirm", "he") in box.group(1)
    assert 'id="cancel-campaign"' in box.group(1) and "/cancel" in box.group(1)
    assert report.text.count('id="cancel-campaign"') == 1
