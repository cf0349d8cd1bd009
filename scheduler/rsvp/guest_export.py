"""The guest-list template and exports, as CSV (UTF-8 with BOM, so Excel shows Hebrew) or XLSX.

Exports use the import headers first, so an exported file can be edited and imported again; the
answer columns after them are facts the import ignores. Answers hidden by the free quota stay
hidden here too (an export must not be a way around the quota).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any, Literal
from zoneinfo import ZoneInfo

from bot.core.models import Event, Guest
from scheduler.rsvp.guest_import import FIELDS, HEADERS
from scheduler.rsvp.messages import owner_text

Format = Literal["csv", "xlsx"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _lang(lang: str) -> str:
    return lang if lang in HEADERS else "he"


def template_headers(lang: str = "he") -> list[str]:
    return [HEADERS[_lang(lang)][f] for f in FIELDS]


def _csv_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_bytes(sheet_title: str, rows: Sequence[Sequence[Any]], lang: str, help_text: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = sheet_title
    sheet.sheet_view.rightToLeft = lang == "he"
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate((24, 16, 14, 14, 10, 8, 16, 10, 50, 22), start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row_cells in sheet.iter_cols(min_col=2, max_col=2):
        for cell in row_cells:
            cell.number_format = "@"  # phone numbers as text: Excel must not drop the leading 0
    if help_text:
        helper = book.create_sheet(owner_text("template_help_sheet", lang))
        helper.sheet_view.rightToLeft = lang == "he"
        helper.append([help_text])
        helper.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def guest_template(fmt: Format = "xlsx", lang: str = "he") -> bytes:
    """An empty guest list with the headers the import reads (Hebrew by default)."""
    lang = _lang(lang)
    rows = [template_headers(lang)]
    if fmt == "csv":
        return _csv_bytes(rows)
    return _xlsx_bytes(owner_text("template_sheet", lang), rows, lang, owner_text("template_help", lang))


def export_rows(event: Event, guests: Sequence[Guest], lang: str,
                link_for: Callable[[Guest], str] | None = None) -> list[list[Any]]:
    lang = _lang(lang)
    header = template_headers(lang) + [owner_text("export_status", lang), owner_text("export_coming", lang),
                                       owner_text("export_answered_at", lang)]
    if link_for:
        header.append(owner_text("export_link", lang))
    tz = ZoneInfo(event.timezone)
    rows: list[list[Any]] = [header]
    for guest in guests:
        answered = guest.answered_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if guest.answered_at else ""
        row: list[Any] = [guest.name, guest.phone, guest.invited_count, guest.group or "", guest.table_number or "",
                          guest.language or "", owner_text(f"status_{guest.status}", lang), guest.party_size, answered]
        if link_for:
            row.append(link_for(guest))
        rows.append(row)
    return rows


def export_guests(event: Event, guests: Sequence[Guest], fmt: Format = "xlsx", lang: str = "he",
                  link_for: Callable[[Guest], str] | None = None) -> bytes:
    rows = export_rows(event, guests, lang, link_for)
    if fmt == "csv":
        return _csv_bytes(rows)
    return _xlsx_bytes(owner_text("template_sheet", _lang(lang)), rows, _lang(lang))
