"""Party sizes that add people, answers above the invitation, and the export's head count."""

from __future__ import annotations

import csv
import io

import pytest
from sqlmodel import Session

from bot.core.workspaces import Workspace
from handlers.party_size import additive_party_size
from scheduler.rsvp.guest_export import export_guests
from tests.rsvp.conftest import add_guests, make_event
from tests.rsvp.test_reply import say


@pytest.mark.parametrize(("text", "size"), [
    ("נגיע עם עוד שניים", 3),
    ("נהיה 2 מבוגרים ו-2 ילדים", 4),
    ("נגיע שניים ועוד ילד", 3),
    ("we'll be there! 2 adults and 2 kids", 4),
    ("coming, me and 2 kids", 3),
    ("coming +2", 3),
    ("я с женой и двумя детьми", 4),
    ("придём вдвоём плюс ребёнок", 3),
    ("מגיעים 3 ועוד 2", 5),
])
def test_parts_are_added(text: str, size: int) -> None:
    assert additive_party_size(text) == size


@pytest.mark.parametrize("text", ["מגיעים 3", "yes, 4 of us", "we are 5 including 2 kids", "אנחנו ארבעה",
                                  "17.12 מגיעים", "לא נוכל להגיע"])
def test_a_single_count_is_left_to_the_ordinary_reading(text: str) -> None:
    assert additive_party_size(text) is None


@pytest.mark.parametrize(("text", "size"), [
    ("נגיע עם עוד שניים", 3), ("נהיה 2 מבוגרים ו-2 ילדים", 4), ("נגיע שניים ועוד ילד", 3),
    ("we'll be there! 2 adults and 2 kids", 4),
])
def test_a_guest_reply_records_the_sum(session: Session, workspace: Workspace, text: str, size: int) -> None:
    guest = add_guests(session, make_event(session, workspace), 1)[0]
    guest.invited_count = 4
    result = say(session, workspace, guest.phone, text)
    assert (result.rsvp_status, result.party_size) == ("coming", size)
    session.refresh(guest)
    assert guest.party_size == size


def test_more_than_invited_is_accepted_and_flagged(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    guest = add_guests(session, event, 1)[0]
    assert guest.invited_count == 1
    result = say(session, workspace, guest.phone, "אנחנו ארבעה, מגיעים")
    assert (result.rsvp_status, result.party_size) == ("coming", 4)
    assert result.data["over_invitation"] == 3
    rows = list(csv.reader(io.StringIO(export_guests(event, [guest], "csv", "en").decode("utf-8-sig"))))
    assert rows[0][-1] == "above invitation" and rows[1][-1] == "3"


def test_export_coming_column_sums_to_the_head_count(session: Session, workspace: Workspace) -> None:
    """Guests who have not answered (or said no/maybe) bring nobody: SUM(coming) is who is coming."""
    event = make_event(session, workspace)
    guests = add_guests(session, event, 4)
    for guest in guests:
        guest.invited_count = 3
    say(session, workspace, guests[0].phone, "מגיעים 2")
    say(session, workspace, guests[1].phone, "לא נוכל להגיע")
    say(session, workspace, guests[2].phone, "אולי")
    rows = list(csv.reader(io.StringIO(export_guests(event, guests, "csv", "en").decode("utf-8-sig"))))
    coming = rows[0].index("coming")
    assert [int(r[coming]) for r in rows[1:]] == [2, 0, 0, 0]
