"""The report's "send again" card: it counts the guests whose message failed, a double click makes one
follow-up, a quiet time is refused with the next allowed time filled in (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.core.models import Campaign, Guest, RsvpAccount
from tests.campaigns.helpers import Refusing, dispatcher
from tests.conftest import FixedClock
from tests.console.test_pages import create_event, import_guests, schedule_invitation


def _sent_with_one_refused(client: TestClient, token: str, engine: Engine, clock: FixedClock) -> tuple[int, str]:
    event_id = create_event(client, token)
    import_guests(client, token, event_id)
    report_path = schedule_invitation(client, token, event_id)
    with Session(engine, expire_on_commit=False) as session:
        gal = session.exec(select(Guest).where(Guest.event_id == event_id, Guest.name == "Gal")).one()
        campaign = session.exec(select(Campaign)).one()
        session.execute(update(RsvpAccount).values(sms_balance=100))  # type: ignore[arg-type]
        session.commit()
    assert dispatcher(engine, Refusing(echo=False, refuse={gal.phone}), clock).dispatch(campaign.id or 0).outcome \
        == "done"
    return event_id, report_path


def test_resend_card_makes_one_follow_up_for_two_clicks(logged_in: tuple[TestClient, str], engine: Engine,
                                                        clock: FixedClock) -> None:
    client, token = logged_in
    event_id, report_path = _sent_with_one_refused(client, token, engine, clock)
    report = client.get(report_path)
    assert 'id="resend"' in report.text and re.search(r"\b1 אורחים לא קיבלו", report.text), report.text

    first = client.post(report_path + "/resend", data={"csrf": token}, follow_redirects=False)
    second = client.post(report_path + "/resend", data={"csrf": token}, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"] != report_path
    with Session(engine) as session:
        follow_ups = session.exec(select(Campaign).where(col(Campaign.resend_of).is_not(None))).all()
    assert len(follow_ups) == 1
    assert 'id="resend-open"' in client.get(report_path).text        # the original links to it
    listing = client.get(f"/app/events/{event_id}/campaigns").text
    assert listing.count("שליחה חוזרת") == 1                             # the list tells the follow-up apart
    follow_up = client.get(first.headers["location"]).text
    assert 'id="resend-of"' in follow_up and re.search(r'id="planned">[^<]*\b1\b', follow_up), follow_up


def test_resend_in_quiet_hours_offers_the_next_allowed_time(logged_in: tuple[TestClient, str], engine: Engine,
                                                            clock: FixedClock) -> None:
    client, token = logged_in
    _, report_path = _sent_with_one_refused(client, token, engine, clock)
    quiet = client.post(report_path + "/resend", data={"csrf": token, "date": "2026-11-27", "time": "21:00"})
    assert quiet.status_code == 422 and 'id="resend-error"' in quiet.text
    assert 'value="2026-11-28"' in quiet.text  # after Shabbat, filled in
    with Session(engine) as session:
        assert session.exec(select(Campaign).where(col(Campaign.resend_of).is_not(None))).all() == []
