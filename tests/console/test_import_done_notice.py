"""After "import the good rows" the guest list says how many guests were imported: the redirect carried
`?imported=2` but no page read it, so a planner saw the list and could not tell whether the click did
anything. The count is a signed notice (bot/console/notices.py): a link from outside shows nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.console.test_pages import create_event

GUESTS = "name,phone\nAvi,0522345601\nGal,0522345602\nBad,123\n"


def test_the_guest_list_says_how_many_were_imported(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    preview = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                          files={"file": ("guests.csv", GUESTS.encode("utf-8"), "text/csv")})
    upload = re.search(r'name="upload_id" value="([^"]+)"', preview.text)
    assert upload
    done = client.post(f"/app/events/{event_id}/import/confirm",
                       data={"csrf": token, "upload_id": upload.group(1), "suffix": ".csv"})
    assert done.status_code == 200
    assert re.search(r'id="imported"[^>]*>[^<]*אורחים שיובאו: 2<', done.text), done.text[:2000]


def test_a_forged_count_shows_nothing(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    page = client.get(f"/app/events/{event_id}/guests?imported=999")
    assert page.status_code == 200 and 'id="imported"' not in page.text
