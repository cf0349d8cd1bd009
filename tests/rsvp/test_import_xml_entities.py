"""A guest XLSX whose XML declares entities (billion laughs, external entities) is refused quickly with a
clear error, never expanded or fetched: openpyxl's read-only reader parses sheets and shared strings with
the standard library's iterparse, which expands internal entities (expat only stops at a factor of 100
after 8 MiB) and answered a malformed part with a ParseError the import did not catch (a 500)."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from fastapi.testclient import TestClient

from scheduler.rsvp.errors import ImportFileError
from scheduler.rsvp.guest_import import read_table
from tests.rsvp.conftest import xlsx

TOKEN = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i > 1 else "&lol;") * 10}">'
                    for i in range(1, 10))
          + "]>")
SECRET = "ENTITY-SECRET-5f2a"


SHARED = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">'
          '<si><t>name</t></si><si><t>phone</t></si><si><t>Dana</t></si><si><t>0522345678</t></si></sst>')
STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _with_part(part: str, change: object, encoding: str = "utf-8") -> bytes:
    """A real two-row workbook whose text is in xl/sharedStrings.xml, as Excel saves it, with one part
    rewritten by `change` (and stored in `encoding`)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([["name", "phone"], ["Dana", "0522345678"]])))
    parts = {info.filename: source.read(info.filename).decode() for info in source.infolist()}
    index = iter(range(4))
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r'<c r="(\w+)" t="inlineStr"><is><t>[^<]*</t></is></c>',
        lambda m: f'<c r="{m.group(1)}" t="s"><v>{next(index)}</v></c>', parts["xl/worksheets/sheet1.xml"])
    parts["xl/sharedStrings.xml"] = SHARED
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/></Types>')
    relation = f'<Relationship Type="{STRINGS_REL}" Target="sharedStrings.xml" Id="rId9"/>'
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        "</Relationships>", f"{relation}</Relationships>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, text in parts.items():
            data = text.encode()
            if name == part:
                data = change(text).encode(encoding)  # type: ignore[operator]
            target.writestr(name, data)
    return out.getvalue()


def test_the_unchanged_workbook_reads() -> None:
    """The shared-strings workbook the attacks below start from is itself a good guest list."""
    rows = list(read_table("guests.xlsx", _with_part("none", str)))
    assert rows == [["name", "phone"], ["Dana", "0522345678"]]


def _laughs(xml: str) -> str:
    """Declare the nested entities after the XML declaration and use the deepest one in the first text."""
    xml = re.sub(r"(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + LAUGHS, xml, count=1)
    return re.sub(r"<t>[^<]*</t>", "<t>&lol9;</t>", xml, count=1)


def _external(path: str) -> object:
    def change(xml: str) -> str:
        declared = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{path}">]>'
        xml = re.sub(r"(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + declared, xml, count=1)
        return re.sub(r"<t>[^<]*</t>", "<t>&xxe;</t>", xml, count=1)
    return change


def _refused_quickly(data: bytes) -> ImportFileError:
    started = time.process_time()
    with pytest.raises(ImportFileError) as refused:
        list(read_table("guests.xlsx", data))
    assert time.process_time() - started < 1.0
    assert "entit" in str(refused.value).lower() or "DTD" in str(refused.value)
    return refused.value


@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_billion_laughs_is_refused_not_expanded(part: str) -> None:
    if part == "xl/worksheets/sheet1.xml":  # an inline string in the sheet itself
        def change(xml: str) -> str:
            xml = re.sub(r'<c r="A2"[^>]*>.*?</c>', '<c r="A2" t="inlineStr"><is><t>x</t></is></c>', xml, count=1)
            return _laughs(xml)
        data = _with_part(part, change)
    else:
        data = _with_part(part, _laughs)
    _refused_quickly(data)


def test_an_external_entity_is_never_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    error = _refused_quickly(_with_part("xl/sharedStrings.xml", _external(str(secret))))
    assert SECRET not in str(error)


def test_a_utf16_part_is_no_way_around() -> None:
    """The same entities in a UTF-16 encoded part (expat reads it; a byte search for '<!DOCTYPE' would not)."""
    def change(xml: str) -> str:
        return _laughs(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'))
    data = _with_part("xl/sharedStrings.xml", change, encoding="utf-16")
    _refused_quickly(data)


def test_the_api_answers_400_with_the_reason(client: TestClient) -> None:
    event = {"key": "wedding-1", "type": "wedding", "title": "Noa & Avi", "starts_at": "2027-03-12T19:30",
             "timezone": "Asia/Jerusalem", "venue": "Example Hall", "owner": {"name": "Noa", "phone": "052-2000001"}}
    assert client.post("/api/workspaces/event-rsvp/events", json=event, headers=TOKEN).status_code == 201
    files = {"file": ("guests.xlsx", _with_part("xl/sharedStrings.xml", _laughs), "application/octet-stream")}
    response = client.post("/api/workspaces/event-rsvp/events/wedding-1/guests/import?dry_run=true",
                           headers=TOKEN, files=files)
    assert response.status_code == 400, response.text
    assert response.json()["detail"]["code"] == "bad_file"


def test_without_defusedxml_xlsx_is_refused_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl falls back to the standard library's parser when defusedxml is missing or switched off
    (OPENPYXL_DEFUSEDXML=False): then no XLSX is read at all, rather than read unprotected."""
    import openpyxl

    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(ImportFileError, match="defusedxml"):
        list(read_table("guests.xlsx", _with_part("none", str)))
