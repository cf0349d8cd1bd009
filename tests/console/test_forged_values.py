"""Forged form values (a select's value that is not in its list, a negative number) were silently
replaced or answered in English: kind=spam scheduled an invitation, channel=fax an SMS, an event type
'spam' made a wedding, a guest status 'hacked' said "unknown status 'hacked'" on the Russian page, a
snooze 'zzz' snoozed until the customer writes, ?days=-5 and ?format=pdf showed something else. Each is
now refused in the person's language and nothing is made."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.models import Campaign, Event
from bot.services import Services
from tests.console.conftest import form_csrf, log_in, make_user
from tests.console.test_pages import create_event, import_guests

CYRILLIC = re.compile("[а-яё]{4}", re.IGNORECASE)


def _errors(html: str) -> str:
    return " ".join(re.findall(r'class="error"[^>]*>([^<]*)<', html))


def test_a_forged_kind_or_channel_schedules_nothing(logged_in: tuple[TestClient, str], engine: Engine) -> None:
    client, token = logged_in
    client.get("/app/lang/ru?back=/app/events")
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    base = {"csrf": token, "template": "", "date": "2026-12-01", "time": "11:00"}
    for forged, words in (({"kind": "spam", "channel": "sms"}, "тип"),
                          ({"kind": "reminder", "channel": "fax"}, "канал")):
        answer = client.post(f"/app/events/{event_id}/campaigns", data={**base, **forged}, follow_redirects=False)
        assert answer.status_code == 422, answer.headers.get("location")
        assert words in _errors(answer.text).lower(), _errors(answer.text)
    counter = client.post(f"/app/events/{event_id}/campaigns/count", data={**base, "kind": "spam", "channel": "sms"},
                          headers={"X-CSRF-Token": token})
    assert 'id="counter-error"' in counter.text and CYRILLIC.search(_errors(counter.text))
    with Session(engine) as session:
        assert session.exec(select(Campaign)).all() == []


def test_a_forged_event_type_and_guest_status_are_refused_in_russian(logged_in: tuple[TestClient, str],
                                                                    engine: Engine) -> None:
    client, token = logged_in
    client.get("/app/lang/ru?back=/app/events")
    answer = client.post("/app/events", data={"csrf": token, "title": "x", "type": "spam", "date": "2027-03-12",
                                              "time": "19:30", "venue": "v"}, follow_redirects=False)
    assert answer.status_code == 422 and CYRILLIC.search(_errors(answer.text)), _errors(answer.text)
    with Session(engine) as session:
        assert session.exec(select(Event)).all() == []
    event_id = create_event(client, token)
    guest = {"csrf": token, "name": "A", "phone": "0522345620", "invited": "1"}
    status = client.post(f"/app/events/{event_id}/guests/new", data={**guest, "status": "hacked"})
    assert status.status_code == 422 and "unknown" not in status.text and CYRILLIC.search(_errors(status.text))
    notes = client.post(f"/app/events/{event_id}/guests/new", data={**guest, "notes": "n" * 3000})
    assert notes.status_code == 422 and "notes may" not in notes.text and CYRILLIC.search(_errors(notes.text))
    negative = client.post(f"/app/events/{event_id}/guests/new", data={**guest, "invited": "-2"})
    assert negative.status_code == 422
    assert "детей" not in _errors(negative.text), _errors(negative.text)  # no children typed: not their error


@pytest.mark.parametrize("path", ["/app/events/{id}/guests?status=hacked", "/app/events/{id}/guests/export?format=pdf",
                                  "/app/events/{id}/import/template?format=pdf"])
def test_a_forged_choice_in_a_link_gets_the_error_page(logged_in: tuple[TestClient, str], path: str) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    answer = client.get(path.format(id=event_id))
    assert answer.status_code == 422 and "חלק מהפרטים לא תקינים" in answer.text


def test_staff_forged_period_and_snooze(client: TestClient, engine: Engine, services: Services,
                                        channel: ConsoleChannel) -> None:
    make_user(engine, services, phone="+972522000077", name="Yael", role="staff", workspace="msg-software")
    log_in(client, channel, "+972522000077")
    assert client.get("/app/analytics?days=-5").status_code == 422
    assert client.get("/app/analytics?days=30").status_code == 200
    csrf = form_csrf(client, "/app/inbox")
    snooze = client.post("/app/inbox/1/snooze", data={"csrf": csrf, "until": "zzz"}, follow_redirects=False)
    assert snooze.status_code == 422
