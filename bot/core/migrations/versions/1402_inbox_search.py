"""inbox search and counts: trigram search over message texts, names and phone digits; ticket and
conversation indexes for the state tabs and their counts

SQLite: two FTS5 tables with the trigram tokenizer (substring search in any script, case folded),
kept in step by triggers so every write path (ORM, bulk inserts, raw SQL) updates them in the same
transaction, and filled here from the rows already stored:
- `message_search(body)`: external content over `message` (the text is not stored twice);
- `contact_search(name, digits)`: its own copy, digits being the phone without + and separators.
PostgreSQL: pg_trgm GIN indexes on message.body, contact.name and the phone's digits (the same
expression `handlers.inbox_search` queries). If the extension cannot be created (no right to), the
trigram indexes are skipped with a warning: search still answers, by scanning.
The FTS tables and trigram indexes are not in the models (SQLite-only tables, PostgreSQL-only index
methods); tests/bot/test_migrations.py leaves their names (handlers.inbox_search.SEARCH_TABLES,
TRIGRAM_INDEXES) out of its comparison.
A later migration that rebuilds `message` or `contact` on SQLite (batch_alter_table copies the table)
drops these triggers with the old table: it must create them again with
`bot.core.search_triggers.recreate_search_triggers(op.get_bind(), "message")` (the same statements as
here); tests/bot/test_search_triggers.py fails at the head if a trigger is missing.

Revision ID: 1402_inbox_search
Revises: 1401_event_branding_resend
Create Date: 2026-12-06 23:40:00
"""

import logging
from collections.abc import Sequence

from alembic import op

revision: str = '1402_inbox_search'
down_revision: str | Sequence[str] | None = '1401_event_branding_resend'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

# The phone's digits in SQLite (no regexp there): numbers are stored E.164, this also undoes the
# separators and the channel prefix a number could carry.
_DIGITS = ("replace(replace(replace(replace(replace(replace(replace({p}, 'whatsapp:', ''), 'sms:', ''), "
           "'+', ''), ' ', ''), '-', ''), '(', ''), ')', '')")
# Must be the expression handlers.inbox_search queries, or PostgreSQL will not use the index.
PG_DIGITS = "regexp_replace(phone, '[^0-9]', '', 'g')"

SQLITE_UP = [
    "CREATE VIRTUAL TABLE message_search USING fts5(body, content='message', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER message_search_insert AFTER INSERT ON message BEGIN "
    "INSERT INTO message_search(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER message_search_delete AFTER DELETE ON message BEGIN "
    "INSERT INTO message_search(message_search, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER message_search_update AFTER UPDATE OF body ON message BEGIN "
    "INSERT INTO message_search(message_search, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO message_search(rowid, body) VALUES (new.id, new.body); END",
    "INSERT INTO message_search(message_search) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE contact_search USING fts5(name, digits, tokenize='trigram')",
    "CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN "
    f"INSERT INTO contact_search(rowid, name, digits) VALUES (new.id, coalesce(new.name, ''), "
    f"{_DIGITS.format(p='new.phone')}); END",
    "CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN "
    "DELETE FROM contact_search WHERE rowid = old.id; END",
    "CREATE TRIGGER contact_search_update AFTER UPDATE OF name, phone ON contact BEGIN "
    f"UPDATE contact_search SET name = coalesce(new.name, ''), digits = {_DIGITS.format(p='new.phone')} "
    "WHERE rowid = new.id; END",
    f"INSERT INTO contact_search(rowid, name, digits) SELECT id, coalesce(name, ''), {_DIGITS.format(p='phone')} "
    "FROM contact",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS contact_search_update", "DROP TRIGGER IF EXISTS contact_search_delete",
    "DROP TRIGGER IF EXISTS contact_search_insert", "DROP TABLE IF EXISTS contact_search",
    "DROP TRIGGER IF EXISTS message_search_update", "DROP TRIGGER IF EXISTS message_search_delete",
    "DROP TRIGGER IF EXISTS message_search_insert", "DROP TABLE IF EXISTS message_search",
]
PG_TRIGRAM = [
    "CREATE INDEX ix_message_body_trgm ON message USING gin (body gin_trgm_ops)",
    "CREATE INDEX ix_contact_name_trgm ON contact USING gin (name gin_trgm_ops)",
    f"CREATE INDEX ix_contact_digits_trgm ON contact USING gin (({PG_DIGITS}) gin_trgm_ops)",
]


def _create_pg_trgm() -> bool:
    """CREATE EXTENSION in a savepoint: a role without the right keeps migrating, without the indexes."""
    bind = op.get_bind()
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as exc:  # InsufficientPrivilege, extension not installed on the server
        savepoint.rollback()
        log.warning("pg_trgm unavailable (%s): inbox search will scan instead of using trigram indexes",
                    type(exc).__name__)
        return False
    savepoint.commit()
    return True


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # A state tab and its count read the live tickets by state (then their conversations), and the
    # conversations by state; both indexes answer without touching the tables.
    op.create_index('ix_ticket_status_conversation', 'ticket', ['status', 'conversation_id'], unique=False)
    op.create_index('ix_conversation_workspace_status', 'conversation', ['workspace', 'status'], unique=False)
    if dialect == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql" and _create_pg_trgm():
        for statement in PG_TRIGRAM:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        # The extension stays: other objects of the database may use it, and it costs nothing idle.
        for name in ("ix_contact_digits_trgm", "ix_contact_name_trgm", "ix_message_body_trgm"):
            op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index('ix_conversation_workspace_status', table_name='conversation')
    op.drop_index('ix_ticket_status_conversation', table_name='ticket')
