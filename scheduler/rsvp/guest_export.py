"""The guest-list template and exports, as CSV (UTF-8 with BOM, so Excel shows Hebrew) or XLSX.

Exports use the import headers first, so an exported file can be edited and imported again; the
answer columns after them are facts the import ignores. Answers hidden by the free quota stay
hidden here too (an export must not be a way around the quota).

Every cell is written as text: a guest named `=HYPERLINK(...)` must never become a live formula in
the owner's spreadsheet (formula injection, OWASP "CSV injection"). CSV cells that a spreadsheet
would read as a formula get a leading `'`; XLSX cells are string cells, never formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.core.models import Event, Guest, GuestStatus
from scheduler.rsvp.guest_import import FIELDS, HEADERS, ImportRow
from scheduler.rsvp.messages import owner_text
from scheduler.rsvp.status_words import status_word

Format = Literal["csv", "xlsx"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _lang(lang: str) -> str:
    return lang if lang in HEADERS else "he"


def template_headers(lang: str = "he") -> list[str]:
    return [HEADERS[_lang(lang)][f] for f in FIELDS]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> str:
    """The cell as text; one a spreadsheet would run as a formula starts with `'` (shown, never run)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    """Rows as a CSV Excel opens (UTF-8 with BOM, CRLF), every cell through `csv_cell`; public because
    the console's campaign report exports through it too."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheet_title: str, rows: Sequence[Sequence[Any]], lang: str, help_text: str | None = None) -> bytes:
    """Written in openpyxl's write-only mode (rows streamed: about half the time of building the sheet in
    memory for 1,000 guests); each cell is styled as it is written: bold header, phones as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    sheet.sheet_view.rightToLeft = lang == "he"
    for index, width in enumerate((24, 16, 14, 14, 10, 8, 16, 10, 50, 22), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    for row_number, row in enumerate(rows, start=1):
        cells: list[Any] = []
        for column, value in enumerate(row, start=1):
            if row_number > 1 and column != 2 and _plain(value):
                cells.append(value)  # a plain value is written as it is: no cell object (most of the cost)
                continue
            cell = WriteOnlyCell(sheet)
            _text_cell(cell, value)
            if row_number == 1:
                cell.font = bold
            if column == 2:
                cell.number_format = "@"  # phone numbers as text: Excel must not drop the leading 0
            cells.append(cell)
        sheet.append(cells)
    if help_text:
        helper = book.create_sheet(owner_text("template_help_sheet", lang))
        helper.sheet_view.rightToLeft = lang == "he"
        helper.column_dimensions["A"].width = 120
        helper.append([help_text])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> bool:
    """Written as it is, the value comes out the same as through `_text_cell`: empty, a number, or a
    string no spreadsheet reads as a formula."""
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and not value.startswith(FORMULA_STARTS)


def _text_cell(cell: Any, value: Any) -> None:
    """A string cell whatever the value looks like: `=...` stays text (openpyxl would make it a formula)."""
    if value is None or value == "":
        return
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value  # counts stay numbers; a number cannot be a formula
        return
    cell.value = str(value)
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # Excel shows it as typed and will not turn it into a formula on edit


def guest_template(fmt: Format = "xlsx", lang: str = "he") -> bytes:
    """An empty guest list with the headers the import reads (Hebrew by default)."""
    lang = _lang(lang)
    rows = [template_headers(lang)]
    if fmt == "csv":
        return csv_bytes(rows)
    return xlsx_bytes(owner_text("template_sheet", lang), rows, lang, owner_text("template_help", lang))


def bad_rows_csv(rows: Sequence[ImportRow], lang: str = "he") -> bytes:
    """The rows an import check refused, as CSV: the import's columns first (so the owner can fix the
    file and upload it again; the phone as typed), then the row number in the uploaded file and why.
    Every cell is text, as in the exports: a bad row is exactly where a `=formula` would hide."""
    lang = _lang(lang)
    header = template_headers(lang) + [owner_text("export_row", lang), owner_text("export_problem", lang)]
    body = [[row.name, row.phone_raw or row.phone or "", "" if row.invited is None else row.invited, row.group or "",
             row.table or "", row.language or "", row.row, "; ".join(issue.message for issue in row.errors)]
            for row in rows]
    return csv_bytes([header, *body])


def coming_count(guest: Guest) -> int:
    """How many this guest brings: only a "coming" answer counts, so the column's SUM is the head count."""
    return guest.party_size if guest.status == GuestStatus.coming else 0


def over_invitation(guest: Guest) -> int:
    """People confirmed beyond the invitation ("אנחנו ארבעה" on an invitation for 1): accepted, shown to the owner."""
    return max(0, coming_count(guest) - guest.invited_count)


def export_rows(event: Event, guests: Sequence[Guest], lang: str,
                link_for: Callable[[Guest], str] | None = None) -> list[list[Any]]:
    lang = _lang(lang)
    header = template_headers(lang) + [owner_text("export_status", lang), owner_text("export_coming", lang),
                                       owner_text("export_answered_at", lang), owner_text("export_over_invited", lang)]
    if link_for:
        header.append(owner_text("export_link", lang))
    tz = ZoneInfo(event.timezone)
    rows: list[list[Any]] = [header]
    for guest in guests:
        answered = guest.answered_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if guest.answered_at else ""
        row: list[Any] = [guest.name, guest.phone, guest.invited_count, guest.group or "", guest.table_number or "",
                          guest.language or "", status_word(guest.status, lang), coming_count(guest),
                          answered, over_invitation(guest) or ""]
        if link_for:
            row.append(link_for(guest))
        rows.append(row)
    return rows


def export_guests(event: Event, guests: Sequence[Guest], fmt: Format = "xlsx", lang: str = "he",
                  link_for: Callable[[Guest], str] | None = None) -> bytes:
    rows = export_rows(event, guests, lang, link_for)
    if fmt == "csv":
        return csv_bytes(rows)
    return xlsx_bytes(owner_text("template_sheet", _lang(lang)), rows, _lang(lang))
