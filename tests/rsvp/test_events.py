"""Events and the policy's duplicate rule: same date and venue in another account is refused."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session

from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import DuplicateEvent, EventKeyTaken, EventNotFound
from scheduler.rsvp.events import EventIn, create_event, get_event, venue_key
from tests.rsvp.conftest import OTHER_OWNER, OWNER, make_event


def test_venue_key_ignores_case_punctuation_spacing_and_niqqud() -> None:
    assert venue_key("Example  Hall,") == venue_key("example hall") == "example hall"
    assert venue_key("אוּלָם  \"הגן\"") == venue_key("אולם הגן")
    assert venue_key("Hall A") != venue_key("Hall B")


def test_same_date_and_venue_in_another_account_is_refused_with_support(session: Session,
                                                                          workspace: Workspace) -> None:
    make_event(session, workspace, "a", starts_at="2027-03-12T19:30:00+02:00", venue="Example Hall")
    with pytest.raises(DuplicateEvent) as caught:
        make_event(session, workspace, "b", starts_at="2027-03-12T12:00:00+02:00", venue="  example HALL!",
                   owner=OTHER_OWNER)
    assert "support@example.com" in str(caught.value) and "12.03.2027" in str(caught.value)
    assert caught.value.code == "duplicate_event"


def test_date_compared_in_the_event_time_zone(session: Session, workspace: Workspace) -> None:
    make_event(session, workspace, "a", starts_at="2027-03-12T23:30:00+02:00")
    # 2027-03-12 22:00 UTC is already the 13th in Israel: a different date, allowed.
    make_event(session, workspace, "b", starts_at="2027-03-12T22:00:00+00:00", owner=OTHER_OWNER)
    with pytest.raises(DuplicateEvent):  # 21:00 UTC is 23:00 on the 12th in Israel
        make_event(session, workspace, "c", starts_at="2027-03-12T21:00:00+00:00", owner=OTHER_OWNER)


def test_same_owner_and_other_dates_or_venues_are_allowed(session: Session, workspace: Workspace) -> None:
    make_event(session, workspace, "a")
    make_event(session, workspace, "b")  # the same account may hold two events there (e.g. two halls' slots)
    make_event(session, workspace, "c", starts_at="2027-03-13T19:30:00+02:00", owner=OTHER_OWNER)
    make_event(session, workspace, "d", venue="Other Hall", owner=OTHER_OWNER)
    assert get_event(session, workspace, "d").venue == "Other Hall"


def test_taken_key_and_unknown_key(session: Session, workspace: Workspace) -> None:
    make_event(session, workspace, "a")
    with pytest.raises(EventKeyTaken):
        make_event(session, workspace, "a", venue="Elsewhere")
    with pytest.raises(EventNotFound):
        get_event(session, workspace, "nope")


def test_a_past_date_is_refused_where_owners_create_events(session: Session, workspace: Workspace) -> None:
    """A year typed wrong ("2025" for "2027") would take guests and then be deleted by retention."""
    from scheduler.rsvp.errors import EventInPast

    spec = EventIn(key="typo", starts_at=datetime.fromisoformat("2025-03-12T19:30:00+02:00"), venue="Hall",
                   owner=OWNER)
    with pytest.raises(EventInPast, match="12.03.2025"):
        create_event(session, workspace, spec, "en", now=datetime.fromisoformat("2026-12-06T10:00:00+02:00"))
    later = spec.model_copy(update={"starts_at": datetime.fromisoformat("2027-03-12T19:30:00+02:00")})
    assert create_event(session, workspace, later, "en", now=datetime.fromisoformat("2026-12-06T10:00:00+02:00")).id
