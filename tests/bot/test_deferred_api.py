"""The owners' API is built after ready or by its first request (bot.route_table.DeferredRoutes), not
on the way to ready: until then one route stands for /api, the first API request is answered as
before, the OpenAPI lists the API whenever it is asked for, and the lifespan builds it in the
background."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from bot import app as app_module
from bot.app import OWNERS_API, create_app
from bot.core.settings import Settings
from bot.route_table import DeferredRoutes

API = "/api/workspaces/msg-software/customers"


def _api_routes(app: FastAPI) -> list[APIRoute]:
    return [r for r in app.router.routes if isinstance(r, APIRoute) and r.path.startswith("/api/")]


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'bot.db'}", environment="test", scheduler_enabled=False
    )


def test_the_first_api_request_builds_the_api_and_is_answered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DeferredRoutes, "build_later", lambda self: None)  # the first request comes before it
    app = create_app(_settings(tmp_path))
    assert _api_routes(app) == []
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200 and _api_routes(app) == []
        assert client.get(API).status_code == 401  # no token: refused by the API itself
        assert len(_api_routes(app)) >= 20
        assert client.get("/api/no-such-thing").status_code == 404


def test_the_openapi_lists_the_api_before_it_is_built(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path))
    assert _api_routes(app) == []
    paths = app.openapi()["paths"]
    assert "/api/workspaces/{slug}/customers" in paths and len([p for p in paths if p.startswith("/api/")]) >= 15


def test_the_lifespan_builds_the_api_in_the_background(tmp_path: Path) -> None:
    app = create_app(_settings(tmp_path))
    with TestClient(app):
        pending = app_module.deferred(app, OWNERS_API)
        assert pending is not None
        for _ in range(200):
            if pending.built:
                break
            threading.Event().wait(0.05)
        assert pending.built and len(_api_routes(app)) >= 20
