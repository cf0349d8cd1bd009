"""Inviting the event's own owner as a co-host is refused in words: the owner typed their own number and
the settings then listed them among the co-hosts of their own event, as if someone else ran it too."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.console.i18n import text
from bot.core.models import ConsoleUser
from tests.console.conftest import OWNER_PHONE, form_csrf
from tests.console.test_pages import create_event


def test_the_owner_cannot_be_their_own_cohost(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    answer = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": OWNER_PHONE, "name": "Me"})
    assert answer.status_code == 422
    assert text("events.cohost_is_owner", "he") in answer.text
    settings = client.get(f"/app/events/{event_id}/edit").text
    cohosts = re.search(r"<h2>שותפים לניהול</h2>(.*?)<form", settings, re.S)
    assert cohosts and OWNER_PHONE not in cohosts.group(1)


def test_a_cohost_is_a_number_a_login_code_may_go_to(logged_in: tuple[TestClient, str], engine: Engine,
                                                     channel: ConsoleChannel) -> None:
    """Security review T9: every co-host invitation makes an account, and anyone may then ask for its login
    code by SMS (20 an hour a number). An event owner must not be able to fill the workspace with satellite
    or foreign numbers for that (SMS pumping); a co-host's number follows the guests' rule (event-rsvp:
    Israeli mobiles only), and a non-geographic number (+881 satellite, +882/+883 networks) is never one."""
    client, token = logged_in
    event_id = create_event(client, token)
    for number in ("+881612345678", "+37120000000", "+97236000000"):  # satellite, Latvian mobile, a landline
        answer = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": number, "name": "X"})
        assert answer.status_code == 422, number
        assert text("events.cohost_not_mobile", "he") in answer.text
        with Session(engine) as session:
            assert session.exec(select(ConsoleUser).where(ConsoleUser.phone == number)).first() is None, number
        form = form_csrf(client, "/app/login")
        client.post("/app/login/code", data={"phone": number, "csrf": form})
        assert not [sent for sent in channel.sent if sent.to == number], number
