"""The free quota as the policy words it: counted statuses, hidden beyond it by order, editing locked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import EditingLocked
from scheduler.rsvp.events import account_of
from scheduler.rsvp.guest_import import import_guests
from scheduler.rsvp.quota import quota_info, visible_guests
from tests.rsvp.conftest import add_guests, csv_bytes, make_event

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def info_of(session: Session, workspace: Workspace, event):  # type: ignore[no-untyped-def]
    return quota_info(session, workspace, event, account_of(session, event))


def test_wedding_at_the_quota_is_not_over(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    add_guests(session, event, 40, "coming")
    add_guests(session, event, 30, "not_coming", start=40)
    add_guests(session, event, 20, "maybe", start=70)
    add_guests(session, event, 10, "no_answer", start=90)
    add_guests(session, event, 50, "message_sent", start=100)
    add_guests(session, event, 5, "interested", start=150)  # not counted for a wedding
    info = info_of(session, workspace, event)
    assert (info.limit, info.used, info.exceeded, info.locked, info.hidden) == (100, 100, False, False, 0)
    assert len(visible_guests(session, event, info)) == 155


def test_beyond_the_quota_answers_are_hidden_in_order_of_addition(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    early = add_guests(session, event, 100, "coming")
    pending = add_guests(session, event, 30, "not_invited", start=100)
    late = add_guests(session, event, 3, "maybe", start=130)
    info = info_of(session, workspace, event)
    assert (info.used, info.exceeded, info.locked, info.hidden) == (103, True, True, 3)
    shown = {g.id for g in visible_guests(session, event, info)}
    assert {g.id for g in early} <= shown and {g.id for g in pending} <= shown  # pending always shown
    assert not {g.id for g in late} & shown


def test_over_quota_the_table_cannot_be_edited_until_a_package(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    add_guests(session, event, 101, "coming")
    data = csv_bytes("name,phone\nNew,0529876543\n")
    preview, _ = import_guests(session, workspace, event, "g.csv", data, now=NOW, dry_run=True)
    assert preview.locked and "100" in (preview.locked_message or "")
    with pytest.raises(EditingLocked):
        import_guests(session, workspace, event, "g.csv", data, now=NOW)
    account_of(session, event).package_bought = True
    info = info_of(session, workspace, event)
    assert (info.locked, info.hidden, info.unlimited) == (False, 0, True)
    _, report = import_guests(session, workspace, event, "g.csv", data, now=NOW)
    assert report is not None and report.created == 1


def test_the_sms_package_includes_unlimited_answers(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    add_guests(session, event, 120, "coming")
    account_of(session, event).plan = "digital"
    assert not info_of(session, workspace, event).locked


@pytest.mark.parametrize(("kind", "limit"), [("private", 50), ("business", 25)])
def test_quota_by_event_type(session: Session, workspace: Workspace, kind: str, limit: int) -> None:
    event = make_event(session, workspace, type=kind)
    add_guests(session, event, limit, "coming")
    add_guests(session, event, 1, "interested", start=limit)
    info = info_of(session, workspace, event)
    assert info.limit == limit
    # "interested" counts only for business events (the policy's list for business includes it)
    assert info.exceeded is (kind == "business")


@pytest.mark.parametrize("kind", ["invitation", "reminder"])
def test_campaign_preview_never_names_a_hidden_guest(session: Session, workspace: Workspace, kind: str) -> None:
    """Neither as a recipient nor as 'wrong_status': either would reveal an answer the quota hides."""
    from scheduler.campaigns.owner import preview

    event = make_event(session, workspace)
    add_guests(session, event, 100, "coming")
    late = add_guests(session, event, 3, "maybe", start=100)
    add_guests(session, event, 2, "not_invited", start=103)
    data = preview(session, workspace, event, kind=kind, channel="sms", template="", links=lambda g: "https://x/r/t",
                   now=NOW)
    listed = {r["guest_id"] for r in data["recipients"]} | {s["guest_id"] for s in data["skipped"]}
    assert not listed & {g.id for g in late}
    assert data["hidden_by_quota"] == 3
    assert sum(data["skipped_reasons"].values()) == data["skipped_count"] == len(data["skipped"])
