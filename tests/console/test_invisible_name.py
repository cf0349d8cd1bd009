"""A guest name made only of invisible characters (zero-width space, joiners, direction marks, the
Hangul filler people paste to look "blank") passed `name.strip()` and became a guest nobody can see in
the list, greet by name or find. The import (console and API share its row check) and the add-a-guest
form refuse it with a message that says what is wrong, in the owner's language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.core.workspaces.loader import load_workspace
from scheduler.rsvp.guest_import import validate_record
from tests.console.test_pages import create_event

WORKSPACE = Path(__file__).resolve().parents[2] / "workspaces" / "event-rsvp.yaml"
INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\u2060\ufeff", "\u200f\u200e", " \u200b \u3164", "\u00ad", "\u2800"]


@pytest.mark.parametrize("name", INVISIBLE)
def test_an_invisible_name_is_refused_by_the_row_check(name: str) -> None:
    workspace = load_workspace(WORKSPACE)
    row = validate_record(2, {"name": name, "phone": "0522345611"}, workspace, "ru", False)
    assert [issue.code for issue in row.errors] == ["invisible_name"], row.errors
    assert "невидим" in row.errors[0].message


def test_a_name_with_a_direction_mark_is_kept() -> None:
    workspace = load_workspace(WORKSPACE)
    row = validate_record(2, {"name": "\u200fדנה כהן", "phone": "0522345611"}, workspace, "he", False)
    assert not row.errors


def test_the_console_refuses_an_invisible_name(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    answer = client.post(f"/app/events/{event_id}/guests/new",
                         data={"csrf": token, "name": "\u200b\u200b", "phone": "0522345611", "invited": "1"})
    assert answer.status_code == 422
    assert re.search("בלתי נראים", answer.text), answer.text[:3000]
    preview = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                          files={"file": ("g.csv", "שם,טלפון\n\u200b,0522345611\nדנה,0522345612\n".encode(),
                                          "text/csv")})
    assert preview.status_code == 200 and "בלתי נראים" in preview.text
