"""A file past the upload limit sent from a console form (a 6 MB phone photo for the guest page, a huge
guest file) is refused with a page a person can read, in Hebrew, Russian and English with the limit,
not `{"detail": "request body larger than 5242880 bytes"}`; the API keeps its JSON."""

from __future__ import annotations

from fastapi.testclient import TestClient

BIG = b"x" * (6 * 1024 * 1024)


def test_a_console_upload_past_the_limit_gets_a_page(client: TestClient) -> None:
    answer = client.post("/app/events/1/guest-page", files={"image": ("photo.jpg", BIG, "image/jpeg")})
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
    assert "הקובץ גדול מדי" in answer.text and "Файл слишком большой" in answer.text and "5 MB" in answer.text
    assert "request body larger" not in answer.text


def test_a_console_text_past_the_limit_is_called_text(client: TestClient) -> None:
    answer = client.post("/app/events/1/guests/new", data={"name": "A", "notes": "n" * 100_000})
    assert answer.status_code == 413 and "הטקסט ארוך מדי" in answer.text and "MB" not in answer.text


def test_the_api_keeps_json(client: TestClient) -> None:
    answer = client.post("/api/workspaces/event-rsvp/events/x/guests/import",
                         files={"file": ("g.csv", BIG, "text/csv")})
    assert answer.status_code == 413 and answer.headers["content-type"].startswith("application/json")
