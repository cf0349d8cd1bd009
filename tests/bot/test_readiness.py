"""Ready means ready: indexes built before traffic, /healthz (liveness) apart from /readyz (readiness)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from bot import readiness
from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.core.db import make_engine
from bot.services import Services, build_services
from tests.conftest import FixedClock, make_settings


def _workspaces_with_a_kb(services: Services) -> set[str]:
    return {w.slug for w in services.workspaces} & set(services.knowledge.workspaces())


def test_every_index_is_built_before_the_first_request(services: Services) -> None:
    assert services.knowledge.loaded() == []
    ready, details = readiness.check(services)
    assert not ready and details["knowledge"] == "loading"
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        # The lifespan has run, no message has arrived: every KB is loaded with its index.
        wanted = _workspaces_with_a_kb(services)
        assert wanted and set(services.knowledge.loaded()) >= wanted
        assert all(services.knowledge.get(slug)._index is not None for slug in wanted)
        response = client.get("/readyz")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "ready" and body["database"] == "ok" and body["knowledge"] == "ready"
        assert body["indexes"] == len(wanted) and body["spool"] == "empty" and body["spooled"] == 0
        assert client.get("/healthz").json()["status"] == "ok"


def test_prepare_writes_the_index_cache_under_the_data_folder(services: Services) -> None:
    from knowledge import index_cache

    index_cache._memory.clear()  # a new process: nothing in memory
    readiness.prepare(services)
    files = list(readiness.index_cache_dir(services.settings).glob("kb.*.idx"))
    assert {f.name[3:].rsplit("-", 1)[0] for f in files} == _workspaces_with_a_kb(services)
    assert len(files) == len(_workspaces_with_a_kb(services))


def test_database_down_is_not_ready_but_alive(tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path)
    dead = make_engine(f"sqlite:///{tmp_path / 'gone' / 'x.db'}")
    dead.dispose()
    (tmp_path / "gone").rmdir()  # the database folder vanished: every connect fails
    services = build_services(settings, engine=dead, channel=ConsoleChannel(echo=False), clock=clock)
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["database"] == "unreachable" and response.json()["knowledge"] == "ready"


def test_a_spool_that_cannot_take_a_message_is_not_ready(services: Services) -> None:
    """Messages that arrive while the database is down go to the spool: a server that could not
    write one there must not say it is ready."""
    from bot import spool

    folder = spool.spool_dir(services.settings.data_dir)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the spool folder belongs")
    with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["spool"] == "not writable" and response.json()["knowledge"] == "ready"
        folder.unlink()  # the folder can be made again: ready
        assert client.get("/readyz").status_code == 200


def test_prepare_reads_the_sentence_files_the_first_reply_needs(services: Services) -> None:
    from handlers import texts

    book = texts._BOOK
    book.__dict__.pop("entries", None)  # as in a new process: texts.yaml not read yet
    readiness.prepare(services)
    assert "entries" in book.__dict__ and texts.has_text(next(iter(book.entries)))
