"""Guest import: the preview names every bad row and why; re-import updates instead of duplicating."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from bot.core.workspaces import Workspace
from scheduler.rsvp.errors import ImportFileError
from scheduler.rsvp.guest_export import export_guests, guest_template, template_headers
from scheduler.rsvp.guest_import import import_guests, preview_import
from tests.rsvp.conftest import csv_bytes, guests_by_phone, make_event, xlsx

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
HEADER_HE = ["שם", "טלפון", "כמות מוזמנים", "קבוצה", "שולחן", "שפה"]


def codes(preview, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.code for r in preview.rows if r.row == row for e in r.errors]


def test_preview_reports_every_bad_row_with_its_reason(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    data = xlsx([HEADER_HE,
                 ["Avi", "052-234-5678", 2, "family", "4", "he"],       # 2: good
                 ["", "0523456789", 1, None, None, None],                # 3: missing name
                 ["Bob", "12345", 1, None, None, None],                  # 4: invalid number
                 ["Carl", "03-1234567", 1, None, None, None],            # 5: landline
                 ["Dina", "+447911123456", 1, None, None, None],         # 6: UK mobile, Israeli-only workspace
                 ["Eve", "0524567890", 0, None, None, None],             # 7: party size under 1
                 ["Fay", "0524567891", "two", None, None, None],         # 8: not a number
                 ["Gil", "+972522345678", 1, None, None, None],          # 9: duplicate of row 2
                 ["Hen", "0525678901", 1, None, None, "fr"],             # 10: unknown language
                 ])
    preview = preview_import(session, workspace, event, "guests.xlsx", data, "en")
    assert codes(preview, 2) == []
    assert codes(preview, 3) == ["missing_name"]
    assert codes(preview, 4) == ["invalid_phone"]
    assert codes(preview, 5) == ["not_israeli_mobile"]
    assert codes(preview, 6) == ["not_israeli_mobile"]
    assert codes(preview, 7) == ["party_size_too_small"]
    assert codes(preview, 8) == ["party_size_not_number"]
    assert codes(preview, 9) == ["duplicate_in_file"]
    assert "row 2" in preview.rows[7].errors[0].message
    assert codes(preview, 10) == ["unknown_language"]
    assert preview.counts() == {"rows": 9, "create": 1, "update": 0, "unchanged": 0, "bad": 8}
    assert guests_by_phone(session, event) == {}  # a preview writes nothing


def test_messages_in_the_owners_language(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    data = csv_bytes("שם,טלפון\n,0523456789\n")
    assert preview_import(session, workspace, event, "g.csv", data, "he").rows[0].errors[0].message == "חסר שם"
    assert preview_import(session, workspace, event, "g.csv", data, "ru").rows[0].errors[0].message == "не указано имя"


def test_import_then_fix_and_reimport_updates_by_phone(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    first = csv_bytes("name,phone,invited,group\nAvi,0522345678,2,family\nBob,0523456789,x,\n")
    preview, report = import_guests(session, workspace, event, "g.csv", first, now=NOW)
    assert report is not None and (report.created, report.skipped) == (1, 1)
    avi = guests_by_phone(session, event)["+972522345678"]
    avi.status, avi.party_size = "coming", 2  # the guest answered meanwhile
    token = avi.token_id

    fixed = csv_bytes("name,phone,invited,group\nAvi Cohen,+972 52-234-5678,3,family\nBob,0523456789,1,\n")
    preview, report = import_guests(session, workspace, event, "g.csv", fixed, now=NOW)
    assert [r.action for r in preview.rows] == ["update", "create"]
    assert preview.rows[0].warnings[0].code == "already_in_event"
    assert report is not None and (report.created, report.updated, report.skipped) == (1, 1, 0)
    guests = guests_by_phone(session, event)
    assert len(guests) == 2
    avi = guests["+972522345678"]
    assert (avi.name, avi.invited_count, avi.status, avi.party_size, avi.token_id) == ("Avi Cohen", 3, "coming", 2,
                                                                                      token)
    preview, again = import_guests(session, workspace, event, "g.csv", fixed, now=NOW)
    assert [r.action for r in preview.rows] == ["unchanged", "unchanged"]  # the preview says what the import does
    assert again is not None and (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_dry_run_changes_nothing(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    preview, report = import_guests(session, workspace, event, "g.csv", csv_bytes("name,phone\nA,0522345678\n"),
                                    now=NOW, dry_run=True)
    assert report is None and preview.counts()["create"] == 1
    assert guests_by_phone(session, event) == {}


@pytest.mark.parametrize(("data", "name"), [
    (csv_bytes("שם;טלפון;כמות מוזמנים\nאבי;0522345678;2\n", "cp1255"), "excel-hebrew.csv"),
    (b"\xef\xbb\xbf" + csv_bytes("Name,Phone Number,Party size\nAvi,0522345678,2\n"), "bom.csv"),
    (csv_bytes("имя\tтелефон\tколичество\nАви\t0522345678\t2\n"), "tabs.txt"),
    (xlsx([["שם", "טלפון", "כמות מוזמנים"], ["אבי", 522345678, 2.0]]), "numbers.xlsx"),
    (xlsx([[None], ["name", "phone", "invited"], ["Avi", 972522345678, 2]]), "late-header.xlsx"),
])
def test_header_spellings_encodings_and_excel_numbers(session: Session, workspace: Workspace, data: bytes,
                                                      name: str) -> None:
    event = make_event(session, workspace)
    preview = preview_import(session, workspace, event, name, data, "en")
    assert [(r.phone, r.invited, r.errors) for r in preview.rows] == [("+972522345678", 2, [])]


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"", "g.csv", "empty"),
    (csv_bytes("foo,bar\n1,2\n"), "g.csv", "name, phone"),
    (b"PK\x03\x04garbage", "g.xlsx", "not a readable .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old.xls", ".xls"),
    (b"\xff\xfe\x00\xd8broken", "g.csv", "not a readable"),
])
def test_unreadable_files_are_clear_errors(session: Session, workspace: Workspace, data: bytes, name: str,
                                           words: str) -> None:
    event = make_event(session, workspace)
    with pytest.raises(ImportFileError) as caught:
        preview_import(session, workspace, event, name, data, "en")
    assert words in str(caught.value) or caught.value.code == "bad_file"


def test_too_many_rows_is_refused(session: Session, workspace: Workspace) -> None:
    small = workspace.model_copy(update={"rsvp": workspace.rsvp.model_copy(update={"max_import_rows": 2})})
    event = make_event(session, workspace)
    body = "name,phone\n" + "".join(f"G{i},05234{i:05d}\n" for i in range(3))
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        preview_import(session, small, event, "g.csv", csv_bytes(body), "en")


def test_any_mobile_allowed_when_not_israeli_only(session: Session, workspace: Workspace) -> None:
    relaxed = workspace.model_copy(update={"sms": {**workspace.sms, "israeli_mobile_only": False}})
    event = make_event(session, workspace)
    data = csv_bytes("name,phone\nUK,+447911123456\nLandline,03-1234567\n")
    preview = preview_import(session, relaxed, event, "g.csv", data, "en")
    assert [[e.code for e in r.errors] for r in preview.rows] == [[], ["not_mobile"]]


def test_template_headers_are_read_back_and_export_reimports(session: Session, workspace: Workspace) -> None:
    event = make_event(session, workspace)
    template = load_workbook(__import__("io").BytesIO(guest_template("xlsx", "he")))
    assert [c.value for c in template.worksheets[0][1]] == HEADER_HE == template_headers("he")
    assert template.worksheets[0].sheet_view.rightToLeft
    assert guest_template("csv", "he").startswith(b"\xef\xbb\xbf")

    import_guests(session, workspace, event, "g.csv",
                  csv_bytes("שם,טלפון,כמות מוזמנים,שפה\nאבי,0522345678,2,ru\nדנה,0523456789,1,\n"), now=NOW)
    guests = list(guests_by_phone(session, event).values())
    for fmt in ("xlsx", "csv"):
        body = export_guests(event, guests, fmt, "he", lambda g: f"https://x/r/{g.token_id}")
        preview = preview_import(session, workspace, event, f"export.{fmt}", body, "he")
        assert preview.ignored_columns == []
        # re-importing the export changes nothing, and the preview says so
        assert [(r.action, r.language) for r in preview.rows] == [("unchanged", "ru"), ("unchanged", None)]
    rows = list(load_workbook(__import__("io").BytesIO(export_guests(event, guests, "xlsx", "en"))).active.values)
    assert rows[0][:7] == ("name", "phone", "invited", "group", "table", "language", "status")
    assert rows[1][:3] == ("אבי", "+972522345678", 2) and rows[1][6] == "Not invited yet"
