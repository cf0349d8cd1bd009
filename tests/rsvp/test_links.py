"""Personal links: signed, unguessable, checked in constant time; answers are idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.core.workspaces import Workspace
from scheduler.rsvp.answers import record_answer
from scheduler.rsvp.errors import InvalidAnswer
from scheduler.rsvp.links import guest_for_token, guest_link, link_open, make_token, new_token_id, verify_token
from tests.rsvp.conftest import add_guests, make_event

SECRET = "test-secret-key-0123456789"


def test_token_round_trip_and_tampering() -> None:
    token_id = new_token_id()
    token = make_token(SECRET, token_id)
    assert verify_token(SECRET, token) == token_id
    assert verify_token("another-secret", token) is None
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert verify_token(SECRET, flipped) is None
    for bad in ("", ".", token_id, token + ".x", "x" * 200, f"{new_token_id()}.{token.split('.')[1]}"):
        assert verify_token(SECRET, bad) is None
    assert len({new_token_id() for _ in range(1000)}) == 1000 and len(token_id) >= 22


def test_guest_found_by_link(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    link = guest_link("https://rsvp.example.com/", SECRET, guest)
    assert link.startswith("https://rsvp.example.com/r/")
    found = guest_for_token(session, SECRET, link.rsplit("/", 1)[1])
    assert found is not None and found.id == guest.id
    assert guest_for_token(session, SECRET, make_token(SECRET, "unknown-token-id")) is None


def test_link_closes_after_the_event(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace, starts_at="2027-03-12T19:30:00+02:00")
    assert link_open(event, event.starts_at + timedelta(hours=2))
    assert not link_open(event, event.starts_at + timedelta(days=1))


def test_same_answer_twice_is_one_change(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    guest.invited_count = 3
    first = datetime(2026, 12, 1, tzinfo=UTC)
    outcome = record_answer(guest, workspace, "coming", None, "link", first)
    assert (outcome.changed, outcome.party_size, guest.answered_at) == (True, 3, first)
    again = record_answer(guest, workspace, "coming", 3, "sms", first + timedelta(minutes=1))
    assert not again.changed and guest.answered_at == first and guest.answer_source == "link"
    no = record_answer(guest, workspace, "not_coming", 5, "sms", first + timedelta(hours=1))
    assert (no.changed, guest.status, guest.party_size) == (True, "not_coming", 0)


@pytest.mark.parametrize(("status", "size"), [("attending", 1), ("coming", 0), ("coming", 21), ("maybe", -1)])
def test_invalid_answers_are_refused(session: Session, workspace: Workspace, status: str, size: int) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    with pytest.raises(InvalidAnswer):
        record_answer(guest, workspace, status, size, "link", datetime(2026, 12, 1, tzinfo=UTC))
    assert guest.status == "message_sent" and guest.answered_at is None
