"""The compose form on a right-to-left phone: each {{ field }} under the text is one unbreakable
left-to-right unit (the list wrapped inside "{{ time }}", leaving "{{" at the end of one line and
"time }}" on the next), and the line over one guest's text does not glue the Hebrew prefix ל to a
Latin name ("ההודעה לJohn Smith")."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot.core.models import Guest
from tests.console.test_pages import create_event, import_guests

FIELDS = ["name", "event", "date", "time", "venue", "link", "table"]
CSS = "bot/console/static/console.css"


def test_each_field_is_one_left_to_right_unit(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    page = client.get(f"/app/events/{event_id}/campaigns")
    assert re.findall(r'<code class="field" dir="ltr">\{\{ (\w+) \}\}</code>', page.text) == FIELDS
    css = Path(CSS).read_text(encoding="utf-8")
    assert re.search(r"code\.field\s*\{[^}]*white-space:\s*nowrap", css)


def test_the_guest_text_title_keeps_a_latin_name_apart(logged_in: tuple[TestClient, str], engine: object) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    with Session(engine) as session:  # type: ignore[arg-type]
        gal = session.exec(select(Guest).where(Guest.event_id == event_id, Guest.name == "Gal")).one()
    one = client.post(f"/app/events/{event_id}/campaigns/guest-preview",
                      headers={"X-CSRF-Token": token, "HX-Request": "true"},
                      data={"guest_id": gal.id, "kind": "invitation", "channel": "sms", "template": ""})
    assert one.status_code == 200 and "Gal" in one.text
    assert "לGal" not in one.text
