"""Knowledge gaps in the console: an unanswered question appears grouped; one click adds it to a topic
(the YAML owners edit) and the bot answers it at once, without a restart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.services import Services
from tests.console.conftest import ask, log_in, make_user

QUESTION = "do you guys work when its chol hamoed"


@pytest.fixture
def kb_client(kb_services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, Services]]:
    # The gate refit after a save is recorded, not run: a real one would change this process's gate for
    # every later test (tests/console/test_knowledge_topic.py runs one and restores it).
    monkeypatch.setattr("bot.console.pages.knowledge.refit_in_background", lambda bases: None)
    with TestClient(create_app(services=kb_services), raise_server_exceptions=False) as client:
        yield client, kb_services


def test_a_gap_is_added_to_a_topic_and_answered_at_once(kb_client: tuple[TestClient, Services], engine: Engine,
                                                         channel: ConsoleChannel, own_bases: Path) -> None:
    client, services = kb_client
    assert ask(services, QUESTION).topic is None
    make_user(engine, services, phone="+972522000077", name="Yael", role="owner", workspace="msg-software")
    csrf = log_in(client, channel, "+972522000077")
    page = client.get("/app/knowledge")
    assert page.status_code == 200 and QUESTION in page.text
    row = page.text[page.text.index(QUESTION):]
    row = row[:row.index("</div>", row.index('class="row muted"'))]
    assert 'class="langs">אנגלית' in row, row  # the question's language named, not "en"
    assert not re.search(r"\(\d\.\d\d\)", row), row  # how sure in words, not "(0.41)"
    added = client.post("/app/knowledge/add", data={"csrf": csrf, "text": QUESTION, "lang": "en",
                                                     "topic": "support-hours"}, follow_redirects=False)
    assert added.status_code == 303 and "done=" in added.headers["location"]
    topic = yaml.safe_load((own_bases / "msg-software" / "support-hours.yaml").read_text())
    assert QUESTION in topic["examples"]["en"]
    assert ask(services, QUESTION).topic == "support-hours"
    refused = client.post("/app/knowledge/add", data={"csrf": csrf, "text": "x", "lang": "en", "topic": "nope"},
                          follow_redirects=False)
    assert "error=" in refused.headers["location"]
