"""The compose counter and a scheduled campaign's page say who gets the message and that the list is
counted when it goes out: a second round scheduled before the invitation went out showed '0 recipients'
and 'status does not fit this kind', and the planner could not tell whether it would ever reach anyone."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.console.i18n import text
from tests.console.test_pages import create_event, import_guests


def test_the_counter_and_the_report_say_who_gets_it(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    for kind in ("invitation", "second_round", "reminder", "on_the_way", "thank_you"):
        counter = client.post(f"/app/events/{event_id}/campaigns/count",
                              data={"csrf": token, "kind": kind, "channel": "sms", "template": ""})
        assert counter.status_code == 200
        assert text(f"audience.{kind}", "he") in counter.text, kind
    report = client.post(f"/app/events/{event_id}/campaigns", data={
        "csrf": token, "kind": "second_round", "channel": "sms", "template": "", "date": "2026-11-29", "time": "11:00"})
    assert report.status_code == 200 and 'id="planned"' in report.text
    assert text("audience.second_round", "he") in report.text
