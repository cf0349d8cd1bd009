"""The import check lists the first 50 bad rows, counts the rest and offers all of them as CSV (issue 15):
a planner's file of hundreds of bad rows must not make a page of hundreds, and the download keeps the
import's columns (fix the file, upload it again) with every cell as text, as the exports write them."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from tests.console.test_pages import create_event

BAD = 63


def _file() -> str:
    lines = ["name,phone,invited,group,table", "Avi,0522345601,2,family,1", "Gal,0522345602,1,friends,2"]
    lines.append('"=HYPERLINK(""http://x"")",123,1,,')  # bad and a formula: must come back as text
    lines += [f"Bad {i},12{i:03d},1,," for i in range(BAD - 1)]
    return "\n".join(lines) + "\n"


def test_the_check_shows_fifty_bad_rows_and_downloads_them_all(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    preview = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                          files={"file": ("guests.csv", _file().encode("utf-8"), "text/csv")})
    assert preview.status_code == 200, preview.text
    assert re.search(r'id="count-bad">(\d+)<', preview.text).group(1) == str(BAD)  # type: ignore[union-attr]
    assert preview.text.count('class="bad-row"') == 50
    assert re.search(r'id="bad-more">[^<]*\b13\b', preview.text), "the rows not shown are counted"
    link = re.search(r'id="bad-download" href="([^"]+)"', preview.text)
    assert link and f"({BAD})" in preview.text

    download = client.get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "bad-rows.csv" in download.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["שם", "טלפון"] and len(rows[0]) == 8  # the import's columns, then row and problem
    assert len(rows) == 1 + BAD
    first = rows[1]
    assert first[0] == "'=HYPERLINK(\"http://x\")" and first[1] == "123" and first[6] == "4" and first[7]
    assert {r[0] for r in rows[1:]} >= {"Bad 0", f"Bad {BAD - 2}"}
    assert all(r[7] for r in rows[1:]), "every row says why"


def test_the_download_needs_an_upload_the_check_gave(logged_in: tuple[TestClient, str]) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    assert client.get(f"/app/events/{event_id}/import/bad-rows?upload_id=../../etc&suffix=.csv").status_code == 404
    gone = client.get(f"/app/events/{event_id}/import/bad-rows?upload_id={'a' * 32}&suffix=.csv")
    assert gone.status_code == 410
