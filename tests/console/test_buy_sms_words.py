"""Where the balance is short, the page says where to get more SMS: a new owner saw 'the balance is not
enough ... sending stops when it runs out' on the compose form, the round's page and 'SMS balance: 0' on the
dashboard, and nothing said who sells a package (the operator records payments). The workspace's contact
(contact_email, else its number) now follows each of them."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.test_pages import create_event, import_guests

CONTACT = "support@example.com"  # workspaces/event-rsvp.yaml contact_email


def test_a_short_balance_says_where_to_buy(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    words = text("counter.buy_sms", "he")
    counter = client.post(f"/app/events/{event_id}/campaigns/count",
                          data={"csrf": token, "kind": "invitation", "channel": "sms", "template": ""}).text
    assert 'id="balance-warning"' in counter and words in counter and CONTACT in counter
    report = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": "invitation", "channel": "sms", "template": "", "date": "2026-11-24", "time": "11:00"})
    assert words in report.text and CONTACT in report.text
    dashboard = client.get(f"/app/events/{event_id}").text
    assert words in dashboard and CONTACT in dashboard
