"""A guest's status has one set of words: the export's status column said 'message sent' / 'נשלחה הודעה'
where the console's list, filter and dashboard say 'Invited' / 'הוזמנו', so the owner could not match the
file to the page. Every status in every language: the exported cell is the word of the list's badge."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col

from bot.console.i18n import text
from bot.core.models import Guest
from bot.services import Services
from tests.console.test_pages import create_event, import_guests

STATUSES = ("not_invited", "message_sent", "coming", "not_coming", "maybe", "no_answer")
GUESTS = "name,phone\n" + "".join(f"{s},052-34000{i:02d}\n" for i, s in enumerate(STATUSES, start=1))


@pytest.mark.parametrize("lang", ["he", "ru", "en"])
def test_the_export_names_statuses_as_the_guest_list_does(logged_in: tuple[TestClient, str], services: Services,
                                                          lang: str) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id, GUESTS)
    with Session(services.engine) as session:
        for status in STATUSES:
            session.execute(update(Guest).where(col(Guest.name) == status).values(status=status))  # type: ignore[arg-type]
        session.commit()
    page = client.get(f"/app/events/{event_id}/guests", params={"lang": lang}).text
    badges = dict(re.findall(r'dir="auto" href="[^"]+">([a-z_]+)</a>\s*<span class="badge [a-z_]+">([^<]+)</span>',
                             page))
    exported = client.get(f"/app/events/{event_id}/guests/export", params={"format": "csv", "lang": lang})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    column = 6  # name, phone, invited, group, table, language, then the status
    cells = {row[0]: row[column] for row in rows[1:]}
    assert set(cells) == set(STATUSES) == set(badges)
    for status in STATUSES:
        assert cells[status] == badges[status] == text(f"status.{status}", lang), status
