"""The migrations and the models agree: after `upgrade heads` autogenerate finds nothing to do."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from bot.core.db import alembic_config, make_engine
from bot.core.models import Campaign, Event, Guest, OutboxItem, RsvpAccount, UTCDateTime
from handlers.inbox_search import SEARCH_TABLES, TRIGRAM_INDEXES
from tests.utils.databases import drop_postgres, postgres_or_skip


def test_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"several Alembic heads, add a merge revision: {heads}"


def _not_search_index(name: str | None, type_: str, _parents: object) -> bool:
    """The inbox search's FTS5 tables and trigram indexes live in migration 1402 only."""
    if type_ == "table":
        return not (name or "").startswith(SEARCH_TABLES)
    return name not in TRIGRAM_INDEXES


def test_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False,
                                                               "include_name": _not_search_index})
        # APScheduler's own table (and its index), made by the job store when a test before this one scheduled
        diff = [d for d in compare_metadata(context, SQLModel.metadata)
                if not (isinstance(d, tuple) and d[0] in ("remove_table", "remove_index")
                        and getattr(d[1], "name", "") in ("apscheduler_jobs", "ix_apscheduler_jobs_next_run_time"))]
    assert diff == []


def _insert(session: Session, table: str, columns: dict[str, object]) -> int:
    """One row written with the given columns only (an older schema's); its id."""
    names = ", ".join(f'"{k}"' for k in columns)
    stamps = [bindparam(k, type_=UTCDateTime()) for k, v in columns.items() if isinstance(v, datetime)]
    statement = text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in columns)}) RETURNING id")
    return int(session.execute(statement.bindparams(*stamps), columns).scalar_one())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_open_campaigns_get_excluded_rows_for_the_guests_they_had_already_judged(kind: str, tmp_path: Path) -> None:
    """0501: a campaign mid-send when the service is upgraded keeps its verdict on the guests it had seen
    (an `excluded` row for those outside its audience); guests added after its rows were made get none
    (the dispatcher judges them), and finished campaigns are left alone."""
    url = f"sqlite:///{tmp_path / 'upgrade.db'}" if kind == "sqlite" else postgres_or_skip()
    try:
        command.upgrade(alembic_config(url), "0500_merge")
        engine = make_engine(url)
        made = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
        with Session(engine, expire_on_commit=False) as session:
            account = RsvpAccount(workspace="event-rsvp", owner_name="Dana", owner_phone="+972502999999")
            session.add(account)
            session.commit()
            assert account.id is not None
            # events and campaigns as the 0500 schema has them (the models have columns added later)
            event = Event(id=_insert(session, "event", {
                "workspace": "event-rsvp", "account_id": account.id, "key": "w", "type": "wedding", "title": "",
                "starts_at": made + timedelta(days=90), "timezone": "Asia/Jerusalem", "venue": "Hall",
                "venue_key": "hall", "created_at": made}), workspace="event-rsvp", account_id=account.id, key="w",
                starts_at=made + timedelta(days=90), venue="Hall")

            def guest(phone: str, status: str, created: datetime) -> Guest:
                """A guest row as the 0500 schema has it (the model has columns added by later revisions)."""
                columns = {"workspace": "event-rsvp", "event_id": event.id, "name": phone, "phone": phone,
                           "status": status, "party_size": 1, "invited_count": 1,
                           "token_id": secrets.token_urlsafe(16), "created_at": created, "updated_at": created}
                names = ", ".join(columns)
                session.execute(text(f"INSERT INTO guest ({names}) VALUES ({', '.join(':' + k for k in columns)})")
                                .bindparams(bindparam("created_at", type_=UTCDateTime()),
                                            bindparam("updated_at", type_=UTCDateTime())), columns)
                found = session.execute(text("SELECT id FROM guest WHERE phone = :p"), {"p": phone}).scalar_one()
                return Guest(id=found, phone=phone, **{k: v for k, v in columns.items() if k != "phone"})

            invited = guest("+972502000001", "message_sent", made - timedelta(days=1))
            answered = guest("+972502000002", "coming", made - timedelta(days=1))
            guest("+972502000003", "message_sent", made + timedelta(hours=1))  # added after the rows: not judged
            campaign_columns = {"workspace": "event-rsvp", "event_id": event.id, "kind": "second_round",
                                "channel": "sms", "template": "", "materialized_at": made, "created_at": made,
                                "updated_at": made}
            open_ = Campaign(id=_insert(session, "campaign", {**campaign_columns, "state": "sending"}))
            finished = Campaign(id=_insert(session, "campaign", {**campaign_columns, "state": "done"}))
            session.commit()
            for campaign in (open_, finished):
                session.add(OutboxItem(workspace="event-rsvp", campaign_id=campaign.id, guest_id=invited.id,  # type: ignore[arg-type]
                                       phone=invited.phone, state="sent"))
            session.commit()
            ids = {"open": open_.id, "finished": finished.id, "invited": invited.id, "answered": answered.id}

        command.upgrade(alembic_config(url), "heads")

        with Session(engine) as session:
            got = {(r.campaign_id, r.guest_id, r.state, r.reason) for r in session.exec(select(OutboxItem)).all()}
        assert got == {(ids["open"], ids["invited"], "sent", None),
                       (ids["open"], ids["answered"], "excluded", "wrong_status"),
                       (ids["finished"], ids["invited"], "sent", None)}
        command.downgrade(alembic_config(url), "0500_merge")
        with Session(engine) as session:
            assert [r.state for r in session.exec(select(OutboxItem)).all()] == ["sent", "sent"]
        engine.dispose()
    finally:
        if kind == "postgresql":
            drop_postgres(url)
