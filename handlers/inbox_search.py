"""Inbox search: the conversations a staff member's words find, by number, name or message text.

Substring matching, so a Hebrew word finds its prefixed forms ("לבטל" finds "ולבטל") and digits find a
number wherever they sit, served by trigram indexes (migration 1402) so 100,000 conversations answer
in milliseconds instead of a scan of every message:
- SQLite: FTS5 tables with the trigram tokenizer, kept in step by triggers: `message_search` over
  message bodies and `contact_search` over names and phone digits; queried with MATCH.
- PostgreSQL: pg_trgm GIN indexes on message.body, contact.name and the phone's digits; queried with
  ILIKE / LIKE, which those indexes serve.
The rules, the same on both:
- every word must appear in the same name or in the same message, in any order, any letter case;
- a Russian word is cut to its Snowball stem, so "подписка" finds "подписку" and "подпиской";
- a query of digits (spaces, + - ( ) . allowed) also searches numbers by their digits, whatever the
  formatting: a leading national 0 stands for +972 and 00 for +, so "050-123-4567", "0501234567" and
  "+972 50 123 4567" find the same customer, and "4567" finds every number containing it;
- a word shorter than 3 letters cannot use a trigram index: it narrows what the longer words found,
  and a query of short words only searches names and numbers (a scan of the workspace's contacts),
  not message texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from sqlalchemy import and_, column, false, literal_column, or_, table, text, union_all
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from bot.core.models import Contact, Conversation, Message

TRIGRAM = 3  # the shortest word a trigram index can look up
BROAD = 1000  # this many matching rows and more: walk the inbox newest first rather than look matches up
# National trunk prefix -> country code: Israeli numbers are written 05x locally, +9725x stored.
NATIONAL_PREFIX = ("0", "972")
_PHONE_SHAPED = re.compile(r"^[\d\s()+.\-]+$")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_EDGE_PUNCTUATION = "\"'.,;:!?()[]{}«»„“”"
# The digits expression PostgreSQL's index is built on (migration 1402): it must match to the letter.
_PG_DIGITS = literal_column("regexp_replace(contact.phone, '[^0-9]', '', 'g')")

# Made by migration 1402 and kept out of the models (SQLite-only tables, PostgreSQL-only index methods):
# the schema-against-models test leaves these names out.
SEARCH_TABLES = ("message_search", "contact_search")  # and their FTS5 shadow tables, message_search_data...
TRIGRAM_INDEXES = ("ix_message_body_trgm", "ix_contact_name_trgm", "ix_contact_digits_trgm")

message_search = table("message_search", column("rowid"))
contact_search = table("contact_search", column("rowid"))


@dataclass(frozen=True)
class Needle:
    """A search box's text read as words to find and, when it looks like a number, digit strings."""

    words: tuple[str, ...]
    digits: tuple[str, ...]

    @property
    def long_words(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if len(w) >= TRIGRAM)

    @property
    def short_words(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if len(w) < TRIGRAM)


def _stem(word: str) -> str:
    """A Russian word's Snowball stem (a new stemmer per call: they keep state, and this is cheap)."""
    if not _CYRILLIC.search(word) or not word.isalpha():
        return word
    stem = snowballstemmer.stemmer("russian").stemWord(word.lower())
    return stem if len(stem) >= TRIGRAM else word


def _digit_variants(q: str) -> tuple[str, ...]:
    if not _PHONE_SHAPED.match(q):
        return ()
    digits = re.sub(r"\D", "", q)
    variants = [digits]
    trunk, country = NATIONAL_PREFIX
    if digits.startswith("00"):
        variants.append(digits[2:])
    elif digits.startswith(trunk):
        variants.append(country + digits[len(trunk):])
    return tuple(dict.fromkeys(v for v in variants if len(v) >= TRIGRAM))


def parse(q: str) -> Needle:
    """Words as typed (edge punctuation off, Russian stemmed, order kept, no repeats) and digit forms."""
    words = (w.strip(_EDGE_PUNCTUATION) for w in q.split())
    return Needle(tuple(dict.fromkeys(_stem(w) for w in words if w)), _digit_variants(q.strip()))


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(word: str, column_name: str | None = None) -> str:
    phrase = '"' + word.replace('"', '""') + '"'
    return f"{column_name} : {phrase}" if column_name else phrase


def _match(fts: Any, expression: str, parameter: str) -> Any:
    return text(f"{fts.name} MATCH :{parameter}").bindparams(**{parameter: expression})


def _fts_ids(fts: Any, expression: str, parameter: str) -> Any:
    return select(fts.c.rowid).where(_match(fts, expression, parameter))


def _ilike_all(field: Any, words: tuple[str, ...]) -> list[ColumnElement[bool]]:
    return [field.ilike(_like(w), escape="\\") for w in words]


class _Postgres:
    """Conditions pg_trgm's GIN indexes serve (ILIKE on name and body, LIKE on the digits expression)."""

    def __init__(self, needle: Needle, workspace: str) -> None:
        self.workspace = workspace
        by_name = and_(*_ilike_all(col(Contact.name), needle.words)) if needle.words else None
        by_number = or_(*[_PG_DIGITS.like(_like(d), escape="\\") for d in needle.digits]) if needle.digits else None
        either = [c for c in (by_name, by_number) if c is not None]
        self.contact = or_(*either) if either else None
        # Short words alone would match most texts and no index can serve them: names and numbers only.
        self.message = and_(*_ilike_all(col(Message.body), needle.words)) if needle.long_words else None

    def candidates(self) -> list[Any]:
        parts = []
        if self.contact is not None:
            parts.append(select(Conversation.id).join(Contact, col(Contact.id) == col(Conversation.contact_id))
                         .where(Contact.workspace == self.workspace, self.contact))
        if self.message is not None:
            parts.append(select(Message.conversation_id).where(Message.workspace == self.workspace, self.message))
        return parts

    def walk(self) -> ColumnElement[bool]:
        """Tested on each conversation down the newest-first index. OFFSET 0 keeps the EXISTS per row: without
        it PostgreSQL first gathers every matching message of the database into a hash."""
        found = [self.contact] if self.contact is not None else []
        if self.message is not None:
            found.append(select(Message.id).where(Message.conversation_id == Conversation.id, self.message)
                         .offset(literal_column("0")).exists())
        return or_(*found)


class _Sqlite:
    """MATCH on the FTS5 trigram tables; short words as LIKE on the rows found."""

    def __init__(self, needle: Needle, workspace: str) -> None:
        self.needle, self.workspace = needle, workspace
        contacts = [ids for ids in (self._by_name(needle), self._by_number(needle)) if ids is not None]
        self.contact_ids = contacts[0] if len(contacts) == 1 else union_all(*contacts) if contacts else None
        self.message_ids = self._by_text(needle)

    @staticmethod
    def _by_name(needle: Needle) -> Any | None:
        name = col(Contact.name)
        short = [name.like(_like(w), escape="\\") for w in needle.short_words]  # ASCII case folding only
        if not needle.long_words:
            return select(Contact.id).where(*short) if short else None
        found = _fts_ids(contact_search, " AND ".join(_fts_phrase(w, "name") for w in needle.long_words), "name_q")
        return select(Contact.id).where(col(Contact.id).in_(found), *short) if short else found

    @staticmethod
    def _by_number(needle: Needle) -> Any | None:
        if not needle.digits:
            return None
        return _fts_ids(contact_search, " OR ".join(_fts_phrase(d, "digits") for d in needle.digits), "digits_q")

    @staticmethod
    def _by_text(needle: Needle) -> Any | None:
        if not needle.long_words:
            return None
        found = _fts_ids(message_search, " AND ".join(_fts_phrase(w) for w in needle.long_words), "text_q")
        body = col(Message.body)
        short = [body.like(_like(w), escape="\\") for w in needle.short_words]
        return select(Message.id).where(col(Message.id).in_(found), *short) if short else found

    def candidates(self) -> list[Any]:
        """Joins driven by the FTS5 cursor, so reading stops after BROAD + 1 rows however common the word."""
        needle, parts = self.needle, []
        in_workspace = _unindexed(Conversation.workspace, self.workspace)
        short_names = [col(Contact.name).like(_like(w), escape="\\") for w in needle.short_words]
        if needle.long_words:
            expression = " AND ".join(_fts_phrase(w, "name") for w in needle.long_words)
            parts.append(select(Conversation.id).select_from(contact_search)
                         .join(Contact, col(Contact.id) == contact_search.c.rowid)
                         .join(Conversation, col(Conversation.contact_id) == col(Contact.id))
                         .where(_match(contact_search, expression, "name_q"), in_workspace, *short_names))
            expression = " AND ".join(_fts_phrase(w) for w in needle.long_words)
            parts.append(select(Message.conversation_id).select_from(message_search)
                         .join(Message, col(Message.id) == message_search.c.rowid)
                         .where(_match(message_search, expression, "text_q"),
                                _unindexed(Message.workspace, self.workspace),
                                *[col(Message.body).like(_like(w), escape="\\") for w in needle.short_words]))
        elif short_names:
            parts.append(select(Conversation.id).join(Contact, col(Contact.id) == col(Conversation.contact_id))
                         .where(in_workspace, *short_names))
        if needle.digits:
            expression = " OR ".join(_fts_phrase(d, "digits") for d in needle.digits)
            parts.append(select(Conversation.id).select_from(contact_search)
                         .join(Conversation, col(Conversation.contact_id) == contact_search.c.rowid)
                         .where(_match(contact_search, expression, "digits_q"), in_workspace))
        return parts

    def walk(self) -> ColumnElement[bool]:
        if all(_like_folds(w) for w in self.needle.words):
            return self._walk_by_like()
        found = [col(Conversation.contact_id).in_(self.contact_ids)] if self.contact_ids is not None else []
        if self.message_ids is not None:
            # `id + 0`: a membership test on the conversation's few messages, not a probe per match.
            found.append(select(Message.id).where(Message.conversation_id == Conversation.id,
                                                  (col(Message.id) + 0).in_(self.message_ids)).exists())
        return or_(*found)


    def _walk_by_like(self) -> ColumnElement[bool]:
        """Each conversation on the walk tested with LIKE on its own contact and few messages: no index
        read at all, where gathering every match of a common word from FTS5 costs tens of milliseconds.
        Only for words LIKE compares as FTS5 does (ASCII letters, caseless scripts such as Hebrew)."""
        needle = self.needle
        found = [and_(*[col(Contact.name).like(_like(w), escape="\\") for w in needle.words])] if needle.words else []
        found += [col(Contact.phone).like(_like(d), escape="\\") for d in needle.digits]  # E.164: + then digits
        if needle.long_words:
            found.append(select(Message.id).where(Message.conversation_id == Conversation.id,
                                                  *[col(Message.body).like(_like(w), escape="\\")
                                                    for w in needle.words]).exists())
        return or_(*found)


def _like_folds(word: str) -> bool:
    """Whether SQLite's LIKE matches `word` in any letter case, as FTS5 does: it folds ASCII only."""
    return all(ch.isascii() or ch.lower() == ch.upper() for ch in word)


def _few(session: Session, parts: list[Any]) -> list[int] | None:
    """The matching conversations' ids when there are at most BROAD of them, else None.

    A few matches are best looked up by key and sorted; thousands are best met on a walk down the
    newest-first index, which stops at the page's end instead of looking every match up.
    """
    found = set(session.execute(union_all(*parts).limit(BROAD + 1)).scalars())
    return None if len(found) > BROAD else [i for i in found if i is not None]


def scope(session: Session, workspace: str, q: str, *, by_key: bool = False) -> ColumnElement[bool]:
    """The conversations of `workspace` the inbox lists: all of them for a blank `q`, else those whose
    customer's number or name, or one of whose messages, holds what `q` asks for (module docstring).
    The query it narrows must join the conversation's Contact (PostgreSQL tests the name on it).
    `by_key`: the caller narrows to a few conversation ids itself (a ticket state), so the workspace test
    must not lure SQLite into walking the whole inbox instead (`_unindexed`)."""
    in_workspace = col(Conversation.workspace) == workspace
    if by_key and session.get_bind().dialect.name != "postgresql":
        in_workspace = _unindexed(Conversation.workspace, workspace)
    if not q.strip():
        return in_workspace
    needle = parse(q)
    postgres = session.get_bind().dialect.name == "postgresql"
    finder = _Postgres(needle, workspace) if postgres else _Sqlite(needle, workspace)
    parts = finder.candidates()
    if not parts:
        return false()
    if needle.long_words or needle.digits:
        few = _few(session, parts)
        if few is not None:
            lookup = in_workspace if postgres else _unindexed(Conversation.workspace, workspace)
            return and_(lookup, col(Conversation.id).in_(few)) if few else false()
    return and_(in_workspace, finder.walk())


def _unindexed(column_: Any, workspace: str) -> ColumnElement[bool]:
    """The workspace test written so SQLite cannot use it as an index: without table statistics SQLite
    believes a workspace holds ten rows and would walk them all to test each against the few matches,
    instead of looking the matches up by key."""
    return (col(column_) + "") == workspace
