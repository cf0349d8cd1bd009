"""The SQLite triggers that keep the inbox search's FTS5 tables in step with `message` and `contact`, for
migrations that rebuild one of those tables.

On SQLite, `op.batch_alter_table` (any change SQLite cannot ALTER in place: a type, a constraint, a
dropped column) copies the table into a new one and drops the old, and the triggers go with the old
table, silently: every message stored after that migration would be missing from search. Such a
migration ends with `recreate_search_triggers(op.get_bind(), "message")` (or "contact"). The statements
are those of migration 1402_inbox_search (tests/bot/test_search_triggers.py keeps the two equal and fails
at the head if a trigger is missing). PostgreSQL keeps its trigram indexes through ALTER TABLE: a no-op there.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

# The phone's digits, as 1402 writes them (SQLite has no regexp)
_DIGITS = (
    "replace(replace(replace(replace(replace(replace(replace({p}, 'whatsapp:', ''), 'sms:', ''), "
    "'+', ''), ' ', ''), '-', ''), '(', ''), ')', '')"
)

TRIGGERS: dict[str, dict[str, str]] = {
    "message": {
        "message_search_insert": "CREATE TRIGGER message_search_insert AFTER INSERT ON message BEGIN "
        "INSERT INTO message_search(rowid, body) VALUES (new.id, new.body); END",
        "message_search_delete": "CREATE TRIGGER message_search_delete AFTER DELETE ON message BEGIN "
        "INSERT INTO message_search(message_search, rowid, body) VALUES ('delete', old.id, old.body); END",
        "message_search_update": "CREATE TRIGGER message_search_update AFTER UPDATE OF body ON message BEGIN "
        "INSERT INTO message_search(message_search, rowid, body) VALUES ('delete', old.id, old.body); "
        "INSERT INTO message_search(rowid, body) VALUES (new.id, new.body); END",
    },
    "contact": {
        "contact_search_insert": "CREATE TRIGGER contact_search_insert AFTER INSERT ON contact BEGIN "
        f"INSERT INTO contact_search(rowid, name, digits) VALUES (new.id, coalesce(new.name, ''), "
        f"{_DIGITS.format(p='new.phone')}); END",
        "contact_search_delete": "CREATE TRIGGER contact_search_delete AFTER DELETE ON contact BEGIN "
        "DELETE FROM contact_search WHERE rowid = old.id; END",
        "contact_search_update": "CREATE TRIGGER contact_search_update AFTER UPDATE OF name, phone ON contact BEGIN "
        f"UPDATE contact_search SET name = coalesce(new.name, ''), digits = {_DIGITS.format(p='new.phone')} "
        "WHERE rowid = new.id; END",
    },
}
# Filling each search table again from its table, after the copy (rows changed while the triggers were
# missing are counted in again)
REFILL = {
    "message": ["INSERT INTO message_search(message_search) VALUES ('rebuild')"],
    "contact": [
        "DELETE FROM contact_search",
        f"INSERT INTO contact_search(rowid, name, digits) SELECT id, coalesce(name, ''), "
        f"{_DIGITS.format(p='phone')} FROM contact",
    ],
}


def missing_search_triggers(bind: Connection) -> list[str]:
    """The search triggers a SQLite database lacks (none on PostgreSQL, which has none)."""
    if bind.dialect.name != "sqlite":
        return []
    present = set(bind.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
    return [name for triggers in TRIGGERS.values() for name in triggers if name not in present]


def recreate_search_triggers(bind: Connection, *tables: str, refill: bool = True) -> None:
    """Create the search triggers of `tables` ("message", "contact"; both when none is named) again, and
    (`refill`) fill their search tables from the rows as they are now. Call it at the end of a migration's
    upgrade that rebuilt one of them with batch_alter_table: `recreate_search_triggers(op.get_bind(), "message")`."""
    if bind.dialect.name != "sqlite":
        return
    for table in tables or tuple(TRIGGERS):
        for name, statement in TRIGGERS[table].items():
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            bind.exec_driver_sql(statement)
        if refill:
            for statement in REFILL[table]:
                bind.exec_driver_sql(statement)
