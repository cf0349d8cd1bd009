"""Importing a guest list from CSV or XLSX: a preview that names every bad row, then an idempotent apply.

The policy's flow (seed 003, "העלאה מרוכזת בקובץ אקסל"): download the template, fill it, upload;
the system checks the file and shows every row, with the kind of problem on each bad one, so the
owner can fix the spreadsheet and upload it again. Re-uploading is safe: rows are matched by phone
number, so a second upload updates the guests it already created instead of duplicating them
(the most reported failure of comparable tools). Good rows are imported, bad rows are skipped and
listed; nothing is guessed.

Files come from outside, so reading them is bounded (bot/core/limits.py): the upload size, the
unpacked size of an XLSX (zip bombs), the rows read (empty ones included) and the cells read per
row. An XLSX is streamed (openpyxl read-only) and its declared dimension is ignored: a 1.5 KB file
declaring A1:XFD20000 used to be padded out to 327 million empty cells.

An XLSX is XML, and XML may declare entities: nested ones ("billion laughs") expand a few KB into
gigabytes, external ones read files. openpyxl parses sheets and shared strings with iterparse, which is
the standard library's unless defusedxml is installed; with it (a dependency) every entity declaration
is refused at the parser, in any encoding, before anything is expanded or fetched.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Literal

from sqlalchemy import insert
from sqlmodel import Session, col, select

from bot.core import limits
from bot.core.models import Event, Guest, GuestStatus
from bot.core.phones import InvalidPhone, is_israeli_mobile, normalize_phone
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import ImportFileError
from scheduler.rsvp.events import account_of
from scheduler.rsvp.links import new_token_id
from scheduler.rsvp.messages import owner_text, phone_refusal
from scheduler.rsvp.quota import ensure_editable, quota_info

GuestField = Literal["name", "phone", "invited", "group", "table", "language"]
FIELDS: tuple[GuestField, ...] = ("name", "phone", "invited", "group", "table", "language")
REQUIRED: tuple[GuestField, ...] = ("name", "phone")
MAX_LENGTH = {"name": 200, "group": 100, "table": 16}
Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Template headers first (Hebrew), then accepted spellings in English and Russian.
HEADERS: dict[str, dict[GuestField, str]] = {
    "he": {"name": "שם", "phone": "טלפון", "invited": "כמות מוזמנים", "group": "קבוצה", "table": "שולחן",
           "language": "שפה"},
    "en": {"name": "name", "phone": "phone", "invited": "invited", "group": "group", "table": "table",
           "language": "language"},
    "ru": {"name": "имя", "phone": "телефон", "invited": "приглашено", "group": "группа", "table": "стол",
           "language": "язык"},
}
_ALIASES: dict[GuestField, tuple[str, ...]] = {
    "name": ("שם מלא", "שם פרטי", "שם האורח", "full name", "guest", "guest name", "фио", "имя гостя"),
    "phone": ("טלפון נייד", "נייד", "מספר טלפון", "מספר נייד", "mobile", "phone number", "cell", "tel",
              "номер", "номер телефона", "мобильный"),
    "invited": ("כמות", "מספר מוזמנים", "כמות אורחים", "מוזמנים", "guests", "party size", "count",
                "invited count", "количество", "гостей", "количество гостей"),
    "group": ("שיוך", "קטגוריה", "category", "категория"),
    "table": ("מספר שולחן", "table number", "номер стола"),
    "language": ("lang", "שפת הודעות", "язык сообщений"),
}
# Columns our own export adds; they are read-only facts, ignored on re-import without a warning.
# Read from the export's own header sentences (messages.yaml), so a column added there is known here too.
EXPORT_COLUMNS = ("export_status", "export_coming", "export_link", "export_answered_at", "export_over_invited")
EXPORT_OLD_HEADERS = ("party size coming",)  # written by earlier versions of the export
_LANGUAGES = {"he": "he", "עברית": "he", "hebrew": "he", "иврит": "he", "en": "en", "english": "en",
              "אנגלית": "en", "английский": "en", "ru": "ru", "русский": "ru", "russian": "ru", "רוסית": "ru"}
_SPACES = re.compile(r"[\s_*:]+")


def _norm_header(value: Any) -> str:
    return _SPACES.sub(" ", str(value or "")).strip().casefold()


@cache
def export_only() -> frozenset[str]:
    """Headers of the export's answer columns, in every language, as `_norm_header` reads them."""
    said = (owner_text(key, lang) for key in EXPORT_COLUMNS for lang in ("he", "en", "ru"))
    return frozenset(_norm_header(h) for h in (*said, *EXPORT_OLD_HEADERS))


def _header_map() -> dict[str, GuestField]:
    mapping: dict[str, GuestField] = {}
    for names in HEADERS.values():
        for key, header in names.items():
            mapping[_norm_header(header)] = key
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            mapping[_norm_header(alias)] = key
    return mapping


HEADER_MAP = _header_map()


@dataclass
class RowIssue:
    code: str
    message: str


@dataclass
class ImportRow:
    row: int  # row number as the owner sees it in the spreadsheet (header is row 1)
    name: str = ""
    phone_raw: str = ""
    phone: str | None = None
    invited: int | None = None
    group: str | None = None
    table: str | None = None
    language: str | None = None
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    existing_id: int | None = None
    unchanged: bool = False  # on the list already, exactly as in the file: the import changes nothing

    @property
    def action(self) -> str:
        if self.errors:
            return "skip"
        if self.existing_id is not None:
            return "unchanged" if self.unchanged else "update"
        return "create"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "name": self.name, "phone": self.phone or self.phone_raw, "invited": self.invited,
                "group": self.group, "table": self.table, "language": self.language, "action": self.action,
                "errors": [vars(e) for e in self.errors], "warnings": [vars(w) for w in self.warnings]}


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    ignored_columns: list[str] = field(default_factory=list)
    locked: bool = False
    locked_message: str | None = None

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.errors]

    def counts(self) -> dict[str, int]:
        actions = [r.action for r in self.rows]
        return {"rows": len(self.rows), "create": actions.count("create"), "update": actions.count("update"),
                "unchanged": actions.count("unchanged"), "bad": actions.count("skip")}

    def as_dict(self, rows: Literal["all", "bad", "none"] = "all") -> dict[str, Any]:
        chosen = self.rows if rows == "all" else self.bad_rows if rows == "bad" else []
        return {**self.counts(), "ignored_columns": self.ignored_columns, "locked": self.locked,
                "locked_message": self.locked_message, "bad_rows": [r.as_dict() for r in self.bad_rows],
                "rows_detail": [r.as_dict() for r in chosen] if rows == "all" else None}


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int
    skipped: int

    def as_dict(self) -> dict[str, int]:
        return vars(self).copy()


# ---------------------------------------------------------------- reading files

def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value).replace("\x00", "").strip()
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]  # our CSV export's guard against formulas, undone on re-import
    return text


def _bounded(rows: Iterable[Iterable[Any]]) -> Iterator[list[Any]]:
    """At most `import_scanned_rows` rows of at most `import_cells_per_row` cells, else a clear error."""
    bounds = limits.current()
    for count, values in enumerate(rows, start=1):
        if count > bounds.import_scanned_rows:
            raise ImportFileError(f"the file has more than {bounds.import_scanned_rows} rows (empty ones included); "
                                  f"split it or remove the empty rows", "too_many_rows", n=bounds.import_scanned_rows)
        yield list(values)[:bounds.import_cells_per_row]


# A cell element, with or without a namespace prefix: <c>, <c r="A1">, <x:c/>.
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CHUNK = 1 << 20


def _count_cells(archive: zipfile.ZipFile, limit: int) -> None:
    """Refuse a workbook with more than `limit` cells before openpyxl parses any: it parses every cell
    of a row, also those past `import_cells_per_row`, at about 5 us each (a 34 KB file of one
    1,000,000-cell row took 5 s of CPU). Every part is counted (the sheet openpyxl reads is whichever
    the workbook's relations name), streamed, with a regular expression: C speed, no parse."""
    cells = 0
    for info in archive.infolist():
        tail = b""
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                # a tag cut by the chunk's end is counted with the next chunk: keep the last 64 bytes back
                cut = len(window) - 64 if len(chunk) == _CHUNK else len(window)
                cells += len(_CELL_TAG.findall(window)) - len(_CELL_TAG.findall(window, cut))
                tail = window[cut:]
                if cells > limit:
                    raise ImportFileError(f"the workbook has more than {limit} cells; remove empty columns "
                                          f"and rows or split it", "too_many_cells", n=limit)


def _unreadable(exc: Exception) -> ImportFileError:
    """The owner's words for a workbook openpyxl could not read; entities are named (the file is hostile
    or broken, and re-saving it from Excel or Google Sheets fixes an honest one)."""
    from defusedxml import DefusedXmlException

    causes: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 5:  # openpyxl wraps the parser's error in a ValueError
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(c, DefusedXmlException) for c in causes):
        return ImportFileError("the workbook's XML declares entities (a DTD), which Excel never writes; "
                               "it was not read. Save it again from Excel or Google Sheets", "not_xlsx")
    if any(isinstance(c, SyntaxError) for c in causes):  # ElementTree's ParseError: not well-formed XML
        return ImportFileError("not a readable .xlsx workbook (broken XML)", "not_xlsx")
    return ImportFileError(f"not a readable .xlsx workbook ({type(exc).__name__})", "not_xlsx")


def _xlsx_rows(data: bytes) -> Iterator[list[Any]]:
    import openpyxl
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not openpyxl.DEFUSEDXML:  # defusedxml missing or OPENPYXL_DEFUSEDXML=False: entities would expand
        raise ImportFileError("XLSX import is off: openpyxl is not using defusedxml (install it); use CSV", "use_csv")
    bounds = limits.current()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > bounds.import_unzipped_bytes:
            raise ImportFileError(f"the workbook unpacks to {unpacked} bytes; at most {bounds.import_unzipped_bytes}",
                                  "too_big")
        _count_cells(archive, bounds.import_cells)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ImportFileError(f"not a readable .xlsx workbook ({type(exc).__name__})", "not_xlsx") from exc
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)  # reads the shared strings
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, SyntaxError) as exc:
        raise _unreadable(exc) from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared A1:XFD20000 is a claim, not a fact: read what is there
        yield from _bounded(sheet.iter_rows(values_only=True))  # no padding: rows are as long as they are
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, SyntaxError) as exc:
        raise _unreadable(exc) from exc
    finally:
        book.close()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1255"):  # Excel in Israel saves "CSV" as Windows-1255
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("the CSV is neither UTF-8 nor Windows-1255 text", "encoding")


def _csv_rows(data: bytes) -> Iterator[list[Any]]:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count) if any(d in first for d in ",;\t") else ","
    try:
        yield from _bounded(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFileError(f"broken CSV ({exc})", "broken_csv") from exc


def read_table(filename: str, data: bytes) -> Iterator[list[Any]]:
    """Rows of the first sheet (XLSX, recognised by content) or of a CSV file."""
    if not data:
        raise ImportFileError("the file is empty", "empty")
    if len(data) > limits.current().upload_bytes:
        raise ImportFileError(f"the file is {len(data)} bytes; at most {limits.current().upload_bytes}", "too_big")
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportFileError("the file is named .xlsx but is not an Excel workbook", "not_xlsx")
    if filename.lower().endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("old .xls workbooks are not supported; save as .xlsx or CSV", "old_xls")
    return _csv_rows(data)


def _records(rows: Iterator[list[Any]], lang: str, limit: int) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """(ignored headers, iterator of (row number, {field: raw value})) after the header row."""
    number = 0
    header: list[Any] | None = None
    for number, values in enumerate(rows, start=1):  # noqa: B007  (header search)
        if any(_cell_text(v) for v in values):
            header = values
            break
    names = HEADERS[lang if lang in HEADERS else "en"]
    if header is None:
        raise ImportFileError(owner_text("missing_columns", lang, columns=", ".join(names[f] for f in REQUIRED)))
    positions: dict[GuestField, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        key = HEADER_MAP.get(_norm_header(title))
        if key is not None and key not in positions:
            positions[key] = index
        elif _cell_text(title) and _norm_header(title) not in export_only():
            ignored.append(_cell_text(title))
    missing = [names[f] for f in REQUIRED if f not in positions]
    if missing:
        raise ImportFileError(owner_text("missing_columns", lang, columns=", ".join(missing)))
    header_row = number

    def body() -> Iterator[tuple[int, dict]]:
        count = 0
        for row_number, values in enumerate(rows, start=header_row + 1):
            record = {key: (values[i] if i < len(values) else None) for key, i in positions.items()}
            if not any(_cell_text(v) for v in record.values()):
                continue
            count += 1
            if count > limit:
                raise ImportFileError(owner_text("too_many_rows", lang, limit=limit))
            yield row_number, record

    return ignored, body()


# ---------------------------------------------------------------- validating rows

def _phone_text(value: Any) -> str:
    text = _cell_text(value)
    digits = re.sub(r"\D", "", text)
    # Excel turns +972521234567 into the number 972521234567 (and drops leading zeros).
    if text == digits and digits.startswith("972") and len(digits) >= 11:
        return "+" + digits
    return text


def _israeli_mobile_only(workspace: Workspace) -> bool:
    sms = workspace.sms
    value = sms.get("israeli_mobile_only", False) if isinstance(sms, dict) else getattr(sms, "israeli_mobile_only",
                                                                                       False)
    return bool(value)


# Letters that draw nothing although Unicode files them as letters or symbols: the Hangul fillers and
# the blank Braille cell, which people paste to make a "blank" name.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Format (zero-width space, joiners, direction marks, BOM, soft hyphen), controls, spaces, lone accents.
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn", "Me"})


def has_visible_character(value: str) -> bool:
    """Whether `value` draws anything: a name of zero-width characters passes `strip()`, yet nobody can
    see, read or find that guest in the list, so the row check refuses it."""
    return any(ch not in _BLANK_LETTERS and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES for ch in value)


def validate_record(number: int, record: dict[str, Any], workspace: Workspace, lang: str,
                    israeli_only: bool) -> ImportRow:
    row = ImportRow(row=number)
    row.name = _cell_text(record.get("name"))
    row.phone_raw = _phone_text(record.get("phone"))
    if not row.name:
        row.errors.append(RowIssue("missing_name", owner_text("missing_name", lang)))
    elif not has_visible_character(row.name):
        row.errors.append(RowIssue("invisible_name", owner_text("invisible_name", lang)))
    if not row.phone_raw:
        row.errors.append(RowIssue("missing_phone", owner_text("missing_phone", lang)))
    else:
        try:
            phone = normalize_phone(row.phone_raw)
        except InvalidPhone as exc:
            row.errors.append(RowIssue("invalid_phone", phone_refusal(exc, row.phone_raw, lang)))
        else:
            if israeli_only and not is_israeli_mobile(phone):
                row.errors.append(RowIssue("not_israeli_mobile", owner_text("not_israeli_mobile", lang)))
            elif not phone.mobile:
                row.errors.append(RowIssue("not_mobile", owner_text("not_mobile", lang)))
            else:
                row.phone = phone.e164
    invited_text = _cell_text(record.get("invited"))
    if not invited_text:
        row.invited = 1
    elif not re.fullmatch(r"-?\d+(\.0+)?", invited_text):
        row.errors.append(RowIssue("party_size_not_number", owner_text("party_size_not_number", lang)))
    else:
        row.invited = int(float(invited_text))
        limit = workspace.rsvp.max_party_size
        if row.invited < 1:
            row.errors.append(RowIssue("party_size_too_small", owner_text("party_size_too_small", lang)))
        elif row.invited > limit:
            row.errors.append(RowIssue("party_size_too_large", owner_text("party_size_too_large", lang, limit=limit)))
    row.group = _cell_text(record.get("group")) or None
    row.table = _cell_text(record.get("table")) or None
    language = _cell_text(record.get("language"))
    if language:
        row.language = _LANGUAGES.get(language.casefold())
        if row.language is None:
            row.errors.append(RowIssue("unknown_language", owner_text("unknown_language", lang, value=language)))
    for key, limit in MAX_LENGTH.items():
        value = getattr(row, key)
        if value and len(value) > limit:
            header = HEADERS[lang if lang in HEADERS else "en"][key]  # type: ignore[index]
            row.errors.append(RowIssue("field_too_long", owner_text("field_too_long", lang, column=header)))
    return row


def validate_records(session: Session, workspace: Workspace, event: Event, records: Iterable[tuple[int, dict]],
                     lang: str, progress: Progress | None = None, total: int = 0) -> list[ImportRow]:
    """Check every row; duplicates within the file are errors, numbers already invited are updates (or
    unchanged: judged here by the same fields the import writes, so the preview counts what it will do)."""
    existing = {phone: (gid, name, {"name": name, "invited_count": invited, "group": group, "table_number": table,
                                    "language": language})
                for gid, phone, name, invited, group, table, language in session.exec(
                    select(Guest.id, Guest.phone, Guest.name, Guest.invited_count, Guest.group, Guest.table_number,
                           Guest.language).where(Guest.event_id == event.id)).all()}
    israeli_only = _israeli_mobile_only(workspace)
    seen: dict[str, int] = {}
    out: list[ImportRow] = []
    for done, (number, record) in enumerate(records, start=1):
        row = validate_record(number, record, workspace, lang, israeli_only)
        if row.phone is not None:
            if row.phone in seen:
                row.errors.append(RowIssue("duplicate_in_file", owner_text("duplicate_in_file", lang,
                                                                           row=seen[row.phone])))
            else:
                seen[row.phone] = number
                if row.phone in existing and not row.errors:
                    row.existing_id, name, current = existing[row.phone]
                    row.unchanged = all(current.get(key) == value for key, value in _wanted(row).items())
                    row.warnings.append(RowIssue("already_in_event", owner_text("already_in_event", lang, name=name)))
        out.append(row)
        if progress and done % 250 == 0:
            progress("check", done, total)
    return out


def preview_import(session: Session, workspace: Workspace, event: Event, filename: str, data: bytes,
                   lang: str | None = None, progress: Progress | None = None) -> ImportPreview:
    """Read and check the file without changing anything."""
    lang = lang or workspace.default_language
    ignored, records = _records(read_table(filename, data), lang, workspace.rsvp.max_import_rows)
    rows = validate_records(session, workspace, event, records, lang, progress)
    info = quota_info(session, workspace, event, account_of(session, event))
    locked_message = owner_text("editing_locked", lang, limit=info.limit) if info.locked else None
    return ImportPreview(rows=rows, ignored_columns=ignored, locked=info.locked, locked_message=locked_message)


# ---------------------------------------------------------------- applying

def apply_import(session: Session, workspace: Workspace, event: Event, preview: ImportPreview, now: datetime,
                 lang: str | None = None, progress: Progress | None = None) -> ImportReport:
    """Create new guests and update known ones (by phone); bad rows are skipped. Refused while locked."""
    lang = lang or workspace.default_language
    ensure_editable(quota_info(session, workspace, event, account_of(session, event)), lang)
    good = [r for r in preview.rows if not r.errors]
    by_id = {g.id: g for g in session.exec(select(Guest).where(
        col(Guest.id).in_([r.existing_id for r in good if r.existing_id is not None]))).all()} if any(
        r.existing_id for r in good) else {}
    new_rows: list[dict[str, Any]] = []
    updated = unchanged = 0
    for done, row in enumerate(good, start=1):
        guest = by_id.get(row.existing_id) if row.existing_id is not None else None
        if guest is not None:
            if _update_guest(guest, row, now):
                updated += 1
            else:
                unchanged += 1
        else:
            new_rows.append({
                "workspace": workspace.slug, "event_id": event.id, "name": row.name, "phone": row.phone,
                "language": row.language, "status": GuestStatus.not_invited.value, "party_size": row.invited or 1,
                "invited_count": row.invited or 1, "table_number": row.table, "group": row.group,
                "token_id": new_token_id(), "created_at": now, "updated_at": now,
            })
        if progress and done % 500 == 0:
            progress("save", done, len(good))
    if new_rows:
        session.execute(insert(Guest), new_rows)
    session.flush()
    if progress:
        progress("save", len(good), len(good))
    return ImportReport(created=len(new_rows), updated=updated, unchanged=unchanged, skipped=len(preview.bad_rows))


def _wanted(row: ImportRow) -> dict[str, Any]:
    """The guest's fields a row sets: owner-maintained only (an empty language keeps the guest's)."""
    wanted: dict[str, Any] = {"name": row.name, "invited_count": row.invited or 1, "group": row.group,
                              "table_number": row.table}
    if row.language:
        wanted["language"] = row.language
    return wanted


def _update_guest(guest: Guest, row: ImportRow, now: datetime) -> bool:
    """Owner-maintained fields only; the guest's answer (status, party size) is never overwritten."""
    changed = False
    for key, value in _wanted(row).items():
        if getattr(guest, key) != value:
            setattr(guest, key, value)
            changed = True
    if changed:
        guest.updated_at = now
    return changed


def import_guests(session: Session, workspace: Workspace, event: Event, filename: str, data: bytes, *,
                  now: datetime, dry_run: bool = False, lang: str | None = None,
                  progress: Progress | None = None) -> tuple[ImportPreview, ImportReport | None]:
    """Preview, and unless `dry_run`, apply. The API, the CLI and the benchmark all call this."""
    preview = preview_import(session, workspace, event, filename, data, lang, progress)
    if dry_run:
        return preview, None
    return preview, apply_import(session, workspace, event, preview, now, lang, progress)
