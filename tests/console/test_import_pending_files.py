"""Fifth look: a guest file waits on disk between its preview and its import, for up to an hour. Nothing
bounded how many: one event owner posting previews of a 5 MB file in a loop wrote about 10 MB a second
(36 GB an hour before the hourly clean-up). Now an event keeps its newest PENDING_PER_EVENT files and the
folder its newest PENDING_FILES; an older preview's import answers 'expired' and the newest still imports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.console.pages import imports
from bot.services import Services
from tests.console.test_pages import GUESTS_CSV, create_event

UPLOAD = re.compile(r'name="upload_id" value="([^"]+)"')


def _preview(client: TestClient, token: str, event_id: int) -> str:
    page = client.post(f"/app/events/{event_id}/import", data={"csrf": token},
                       files={"file": ("guests.csv", GUESTS_CSV.encode("utf-8"), "text/csv")})
    assert page.status_code == 200, page.text[:300]
    found = UPLOAD.search(page.text)
    assert found
    return found.group(1)


def _waiting(services: Services) -> list[Path]:
    return list((Path(services.settings.data_dir) / "console-imports").glob("*.upload"))


def _confirm(client: TestClient, token: str, event_id: int, upload_id: str) -> int:
    return client.post(f"/app/events/{event_id}/import/confirm", data={"csrf": token, "upload_id": upload_id,
                                                                      "suffix": ".csv"},
                       follow_redirects=False).status_code


def test_previews_in_a_loop_leave_a_bounded_number_of_files(logged_in: tuple[TestClient, str],
                                                            services: Services,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    client, token = logged_in
    event_id = create_event(client, token)
    ids = [_preview(client, token, event_id) for _ in range(imports.PENDING_PER_EVENT + 4)]
    assert len(_waiting(services)) == imports.PENDING_PER_EVENT
    assert _confirm(client, token, event_id, ids[0]) == 410  # an old preview: upload the file again
    assert _confirm(client, token, event_id, ids[-1]) == 303  # the one on the owner's screen imports

    monkeypatch.setattr(imports, "PENDING_FILES", 3)  # every event's files together
    events = [create_event(client, token, title=f"Event {n}") for n in range(4)]
    for other in events:
        _preview(client, token, other)
    assert len(_waiting(services)) == 3
