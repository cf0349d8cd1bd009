"""The import preview promised what the import then did not do: a file uploaded a second time (or with
one name corrected) showed "3 to update" and "Import 3 good rows", and the guests page then said 0 (or 1)
imported, because rows already on the list exactly as in the file change nothing. The preview now counts
new, updated, unchanged and skipped rows as the import will, and the done notice says the same number."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.console.test_pages import GUESTS_CSV, create_event, import_guests


def _preview(client: TestClient, token: str, event_id: int, body: str) -> str:
    answer = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                         files={"file": ("guests.csv", body.encode(), "text/csv")})
    assert answer.status_code == 200, answer.text[:500]
    return answer.text


def _count(html: str, name: str) -> int:
    found = re.search(rf'id="count-{name}">(\d+)<', html)
    assert found, (name, html[:3000])
    return int(found.group(1))


def test_the_preview_counts_what_the_import_does(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)  # Avi, Gal, Noa imported; 3 bad rows
    again = GUESTS_CSV.replace("Gal,", "Gal Levi,") + "Tom,0522345604,1,,\n"
    html = _preview(client, token, event_id, again)
    assert (_count(html, "create"), _count(html, "update"), _count(html, "unchanged"), _count(html, "bad")) == (
        1, 1, 2, 3)
    assert re.search(r'id="import-confirm"[^>]*>[^<]*\b2\b', html), html
    upload = re.search(r'name="upload_id" value="([^"]+)"', html)
    assert upload
    done = client.post(f"/app/events/{event_id}/import/confirm", data={"csrf": token, "upload_id": upload.group(1),
                                                                      "suffix": ".csv"}, follow_redirects=False)
    assert done.status_code == 303 and "imported=2" in done.headers["location"], done.headers["location"]


def test_a_file_with_nothing_new_offers_no_import(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    html = _preview(client, token, event_id, GUESTS_CSV)
    assert _count(html, "unchanged") == 3 and 'id="import-confirm"' not in html
