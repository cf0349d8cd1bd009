"""How long a 5,000-row XLSX guest list with 5% bad rows takes to import (target: under 5 s), and a
hostile 1.5 KB workbook declaring A1:XFD20000 (issue 13: it took 23 s; target: well under a second).

Measures the whole owner path: read the workbook, check every row, insert, commit; then the
same file again (every good row is now an update-or-unchanged). SQLite by default; pass a
database URL (e.g. PostgreSQL) as the first argument to measure there.

Run: .venv/bin/python benchmarks/import_guests.py [DATABASE_URL]
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from bot.core.db import make_engine, migrate, session_scope  # noqa: E402
from bot.core.settings import ROOT  # noqa: E402
from bot.core.workspaces import load_workspaces  # noqa: E402
from scheduler.rsvp.events import EventIn, OwnerIn, create_event, get_event  # noqa: E402
from scheduler.rsvp.guest_import import import_guests  # noqa: E402

ROWS = 5000
BAD_EVERY = 20  # 5%
BAD_KINDS = (["", "0523456789", 1], ["Bad phone", "12345", 1], ["Landline", "03-1234567", 1],
             ["Zero", "0524444444", 0], ["Dup", "+972523400000", 1])


def workbook() -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("אורחים")
    sheet.append(["שם", "טלפון", "כמות מוזמנים", "קבוצה", "שולחן", "שפה"])
    for i in range(ROWS):
        if i % BAD_EVERY == BAD_EVERY - 1:
            sheet.append([*BAD_KINDS[(i // BAD_EVERY) % len(BAD_KINDS)], "", "", ""])
        else:
            sheet.append([f"אורח {i}", f"05234{i:05d}", 1 + i % 4, ["משפחה", "עבודה", "חברים"][i % 3],
                          str(1 + i % 50), ["he", "en", "ru", ""][i % 4]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def hostile_workbook() -> bytes:
    """Two guests in a sheet whose <dimension> claims 20,000 rows of 16,384 columns."""
    book = Workbook()
    book.active.append(["name", "phone"])
    book.active.append(["Avi", "0522345678"])
    book.active.append(["Noa", "0522345679"])
    plain = io.BytesIO()
    book.save(plain)
    source, out = zipfile.ZipFile(plain), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD20000"', data)
            target.writestr(info, data)
    return out.getvalue()


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{tempfile.mkdtemp(prefix='import-bench-')}/bench.db"
    migrate(url)
    engine = make_engine(url)
    workspace = load_workspaces(ROOT / "workspaces").by_slug("event-rsvp")
    assert workspace is not None
    now = datetime(2026, 11, 22, 8, tzinfo=UTC)
    data = workbook()
    key = f"bench-{int(time.time())}"
    with session_scope(engine) as session:
        start = datetime(2027, 3, 12, 17, 30, tzinfo=UTC)
        create_event(session, workspace, EventIn(key=key, starts_at=start, venue=key,
                                                 owner=OwnerIn(name="Bench", phone="+972522000097")))
    print(f"database: {engine.dialect.name}; file: {ROWS} rows, {len(data) / 1024:.0f} KiB, "
          f"{ROWS // BAD_EVERY} bad rows")
    for label in ("first import", "re-import (updates)"):
        started = time.perf_counter()
        with session_scope(engine) as session:
            event = get_event(session, workspace, key)
            preview, report = import_guests(session, workspace, event, "guests.xlsx", data, now=now)
        elapsed = time.perf_counter() - started
        assert report is not None
        print(f"{label}: {elapsed:.2f} s — created {report.created}, updated {report.updated}, "
              f"unchanged {report.unchanged}, bad rows reported {len(preview.bad_rows)}")
    started = time.perf_counter()
    with session_scope(engine) as session:
        preview, _ = import_guests(session, workspace, get_event(session, workspace, key), "guests.xlsx", data,
                                   now=now, dry_run=True)
    print(f"preview only (dry run): {time.perf_counter() - started:.2f} s")
    hostile = hostile_workbook()
    started = time.perf_counter()
    with session_scope(engine) as session:
        preview, _ = import_guests(session, workspace, get_event(session, workspace, key), "hostile.xlsx", hostile,
                                   now=now, dry_run=True)
    print(f"hostile {len(hostile) / 1024:.1f} KiB workbook declaring A1:XFD20000: "
          f"{time.perf_counter() - started:.3f} s, {len(preview.rows)} rows read")
    engine.dispose()


if __name__ == "__main__":
    main()
