"""A picture for the guest page up to the documented 2 MB is accepted: the console's form posted it to
/app/events/{id}/guest-page, which the body-size middleware held to the webhooks' 64 KB, so any phone
photo came back as `413 {"detail": "request body larger than 65536 bytes"}` (JSON, in a browser)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.console.test_pages import create_event
from tests.rsvp.images import png

LOOK = {"accent": "#7a1f5c", "background": "#fff8e7"}


def test_a_phone_photo_of_600_kb_is_saved(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    photo = png(120, 60, extra=((b"tEXt", b"Comment\x00" + b"x" * 600_000),))
    assert 500_000 < len(photo) < 2 * 1024 * 1024
    saved = client.post(f"/app/events/{event_id}/guest-page", data={**LOOK, "csrf": token},
                        files={"image": ("photo.png", photo, "image/png")}, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:300]
    assert 'id="current-image"' in client.get(saved.headers["location"]).text


def test_other_console_forms_keep_the_small_limit(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    big = client.post(f"/app/events/{event_id}/guests/new", data={"csrf": token, "name": "A", "phone": "0522345601",
                                                                   "notes": "n" * 100_000})
    assert big.status_code == 413
