"""Fifth look, co-hosts: an event owner could invite any number of co-hosts, and each invitation makes an
account whose login code anyone may ask for by SMS (harassment of strangers, SMS cost). The workspace's
`rsvp.max_cohosts` bounds an event's co-hosts and `rsvp.cohost_invites_per_day` the new ones one event
owner invites in 24 hours (removing and inviting again included); the code-request throttle per number
and per address still holds for such numbers."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.console.auth.users import find_user
from bot.core.models import ConsoleUser, EventMember
from bot.services import Services
from tests.console.conftest import CSRF, log_in, make_user
from tests.console.test_pages import create_event

INVITE = re.compile(r"/cohosts/(\d+)/remove")


def _number(n: int) -> str:
    return f"+97252310{n:04d}"


def _invite(client: TestClient, token: str, event_id: int, phone: str) -> int:
    return client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": phone, "name": "X"},
                       follow_redirects=False).status_code


def _members(engine: Engine, event_id: int) -> int:
    with Session(engine) as session:
        return len(session.exec(select(EventMember).where(EventMember.event_id == event_id)).all())


def test_an_event_has_at_most_the_workspaces_number_of_cohosts(logged_in: tuple[TestClient, str],
                                                               services: Services, engine: Engine) -> None:
    client, token = logged_in
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    limit = workspace.rsvp.max_cohosts
    assert 0 < limit < workspace.rsvp.cohost_invites_per_day  # the shipped policy: a full event before a full day
    event_id = create_event(client, token)
    for n in range(limit):
        assert _invite(client, token, event_id, _number(n)) == 303
    refused = client.post(f"/app/events/{event_id}/cohosts", data={"csrf": token, "phone": _number(99), "name": "X"})
    assert refused.status_code == 422 and f"עד {limit} שותפים לניהול" in refused.text
    english = client.post(f"/app/events/{event_id}/cohosts?lang=en",
                          data={"csrf": token, "phone": _number(99), "name": "X"})
    assert english.status_code == 422
    assert f"An event can have at most {limit} co-hosts. To invite someone else, first remove one" in english.text
    assert _members(engine, event_id) == limit
    with Session(engine) as session:
        assert find_user(session, "event-rsvp", _number(99)) is None  # no account was made for the refused number
    assert _invite(client, token, event_id, _number(0)) == 303  # inviting a co-host again is still fine
    assert _members(engine, event_id) == limit


def test_one_event_owner_invites_a_bounded_number_of_strangers_a_day(logged_in: tuple[TestClient, str],
                                                                      services: Services, engine: Engine,
                                                                      channel: ConsoleChannel) -> None:
    client, token = logged_in
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    per_day = workspace.rsvp.cohost_invites_per_day
    events = [create_event(client, token, title=f"Event {n}") for n in range(2)]
    made = 0
    while made < per_day:  # invite, remove, invite again: each new number counts, over every event
        event_id = events[made % 2]
        assert _invite(client, token, event_id, _number(made)) == 303
        made += 1
        if made % 3 == 0:
            for user_id in set(INVITE.findall(client.get(f"/app/events/{event_id}/edit").text)):
                assert client.post(f"/app/events/{event_id}/cohosts/{user_id}/remove", data={"csrf": token},
                                   follow_redirects=False).status_code == 303
    refused = client.post(f"/app/events/{events[0]}/cohosts?lang=en",
                          data={"csrf": token, "phone": _number(500), "name": "X"})
    assert refused.status_code == 429
    assert f"You have invited {per_day} new co-hosts in the last 24 hours" in refused.text
    assert "You can invite again from" in refused.text
    with Session(engine) as session:
        assert find_user(session, "event-rsvp", _number(500)) is None
        accounts = session.exec(select(ConsoleUser).where(ConsoleUser.role == "event_owner")).all()
        assert len(accounts) == per_day + 1  # the owner and the numbers invited, no more
    # The business's own owner is not held by the daily count (the per-event one still holds).
    make_user(engine, services, phone="+972522000077", name="Boss", role="owner")
    boss = TestClient(client.app)
    boss_token = log_in(boss, channel, "+972522000077")
    assert _invite(boss, boss_token, events[1], _number(501)) == 303


def test_code_requests_for_a_cohost_number_stay_throttled(logged_in: tuple[TestClient, str], services: Services,
                                                          channel: ConsoleChannel) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    target = _number(1)
    assert _invite(client, token, event_id, target) == 303
    app = create_app(services=services)

    def ask(address: str, phone: str) -> int:
        with TestClient(app, client=(address, 40000)) as stranger:
            csrf = CSRF.search(stranger.get("/app/login").text)
            assert csrf
            return stranger.post("/app/login/code", data={"phone": phone, "csrf": csrf.group(1)}).status_code

    sent = lambda: len([r for r in channel.sent if r.to == target])  # noqa: E731
    # Per number from one address: 5 an hour.
    answers = [ask("203.0.113.1", target) for _ in range(7)]
    assert answers == [200] * 5 + [429] * 2 and sent() == 5
    # Per number from everywhere: 20 an hour, whatever the addresses.
    answers = [ask(f"203.0.113.{n}", target) for n in range(2, 20)]
    assert answers.count(200) == 15 and answers[-1] == 429 and sent() == 20
    # Per address, over many numbers: 20 an hour (one new address asking for 25 numbers).
    answers = [ask("198.51.100.9", _number(n)) for n in range(2, 27)]
    assert answers.count(200) == 20 and answers[-1] == 429
