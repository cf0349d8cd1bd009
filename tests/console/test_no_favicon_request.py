"""Browsers ask for /favicon.ico on every console and guest page; the service has no icon, and each
visit left a 404 in the access log and an error in the browser's console. It answers an empty,
cacheable 204 (outside the API's documentation)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_icon_is_an_empty_cacheable_answer(client: TestClient) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 204 and not answer.content
    assert "max-age" in answer.headers.get("cache-control", "")
    assert "/favicon.ico" not in client.get("/openapi.json").json()["paths"]
