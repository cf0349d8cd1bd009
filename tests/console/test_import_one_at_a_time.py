"""One account reads one guest file at a time (review N15: a 20,000-row preview costs about a second of CPU, and
an event owner posting previews in a loop kept both cores busy): while one of its files is being read, a second
preview or import is answered 429 at once, in words, and reads nothing; then it goes through."""

from __future__ import annotations

from fastapi.testclient import TestClient

from bot.console.pages.imports import _READING
from bot.core.models import ConsoleUser
from tests.console.test_pages import GUESTS_CSV, create_event, import_guests


def test_a_second_file_of_the_same_account_waits_its_turn(logged_in: tuple[TestClient, str],
                                                          owner: ConsoleUser) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    upload = {"file": ("guests.csv", GUESTS_CSV.encode("utf-8"), "text/csv")}
    with _READING.turn(owner.id) as free:  # a file of this account is being read
        assert free
        busy = client.post(f"/app/events/{event_id}/import", data={"csrf": token}, files=upload)
        assert busy.status_code == 429 and "עדיין בקריאה" in busy.text and "Avi" not in busy.text
    assert "Avi" in import_guests(client, token, event_id)  # its turn came: previewed and imported
