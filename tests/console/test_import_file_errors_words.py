"""A guest file the console cannot read is explained in the page's language: an empty CSV, an old .xls
workbook (common among planners), a CSV saved as "Unicode text" (UTF-16) or a picture renamed .xlsx
showed the importer's English sentence ("the file is empty") on the Hebrew page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.console.test_pages import create_event

XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512


@pytest.mark.parametrize(("name", "body", "words"), [
    ("guests.csv", b"", "הקובץ ריק"),
    ("guests.xls", XLS, ".xls"),
    ("guests.csv", "שם,טלפון\nדנה,0521234567\n".encode("utf-16"), "UTF-8"),
    ("guests.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Excel"),
    ("guests.xlsx", b"PK\x03\x04broken", "Excel"),
])
def test_an_unreadable_file_is_explained_in_hebrew(logged_in: tuple[TestClient, str], name: str, body: bytes,
                                                   words: str) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    answer = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                         files={"file": (name, body, "application/octet-stream")})
    assert answer.status_code == 422
    found = re.search(r'<p class="error" role="alert">([^<]*)</p>', answer.text)
    assert found, answer.text[:2000]
    message = found.group(1)
    assert words in message and re.search("[א-ת]{3}", message), message
    assert not re.search(r"\b(the|file|workbook|not)\b", message), message
