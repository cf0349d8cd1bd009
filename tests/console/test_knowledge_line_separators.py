"""Review note N12 (fifth look): a customer's question holding a Unicode line separator (U+2028, U+2029) or
NEL, added from the knowledge page, was stored folded to a space: the page's text went through
`" ".join(text.split())`, and any such character written raw would be a line break to PyYAML. Now the
question is stored exactly (written as YAML escapes, one line of the file), control characters are
refused in words, the file's other lines are never split at such characters, and it still loads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.services import Services
from knowledge.lint import lint_knowledge_base
from tests.console.conftest import log_in, make_user

ODD = ["is it open\u2028on friday?", "do you work\x85on holidays", "hours\u2029please", "two\nlines\tand a tab"]


@pytest.fixture
def staff(kb_services: Services, engine: Engine, channel: ConsoleChannel,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, str]]:
    monkeypatch.setattr("bot.console.pages.knowledge.refit_in_background", lambda bases: None)
    make_user(engine, kb_services, phone="+972522000077", name="Yael", role="owner", workspace="msg-software")
    with TestClient(create_app(services=kb_services), raise_server_exceptions=False) as client:
        yield client, log_in(client, channel, "+972522000077")


def _errors(folder: Path) -> list[str]:
    return [str(p) for p in lint_knowledge_base(folder) if p.severity == "error"]


def test_a_question_with_line_separators_is_stored_exactly(staff: tuple[TestClient, str], own_bases: Path) -> None:
    client, csrf = staff
    folder = own_bases / "msg-software"
    path = folder / "support-hours.yaml"
    # A hand-written comment of the same file holding a raw U+2028 (PyYAML reads two comments): kept as written.
    path.write_text(path.read_text(encoding="utf-8").replace("examples:", "# note\u2028# kept\nexamples:", 1),
                    encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    for text in ODD:
        added = client.post("/app/knowledge/add", data={"csrf": csrf, "text": text, "lang": "en",
                                                         "topic": "support-hours"}, follow_redirects=False)
        assert added.status_code == 303 and "done=" in added.headers["location"], added.headers["location"]
    after = path.read_text(encoding="utf-8")
    old_lines = set(before.split("\n"))
    assert [line for line in after.split("\n") if line in old_lines] == before.split("\n")  # all kept, in order
    assert len([line for line in after.split("\n") if line not in old_lines]) == len(ODD)  # one line of the file each
    assert yaml.safe_load(after)["examples"]["en"][-len(ODD):] == ODD
    assert _errors(folder) == []


def test_control_characters_are_refused_in_words(staff: tuple[TestClient, str], own_bases: Path) -> None:
    client, csrf = staff
    path = own_bases / "msg-software" / "support-hours.yaml"
    before = path.read_text(encoding="utf-8")
    refused = client.post("/app/knowledge/add", data={"csrf": csrf, "text": "open\x80today?", "lang": "en",
                                                       "topic": "support-hours"}, follow_redirects=False)
    error = parse_qs(urlsplit(refused.headers["location"]).query)["error"][0]
    assert "U+0080" in error and "control character" in error and "cannot parse" not in error
    assert path.read_text(encoding="utf-8") == before


def test_a_new_topic_keeps_its_examples_and_answer_exactly(staff: tuple[TestClient, str], own_bases: Path) -> None:
    client, csrf = staff
    form = {"csrf": csrf, "id": "gift-cards"}
    for lang, words in (("en", "gift card"), ("he", "כרטיס מתנה"), ("ru", "подарочная карта")):
        form[f"title_{lang}"] = words
        form[f"answer_{lang}"] = f"{words}: yes\u2028from the site"
        form[f"examples_{lang}"] = "\r\n".join(f"{words} {n}\u2028{words} number {n}?" for n in range(5))
    made = client.post("/app/knowledge/topic", data=form, follow_redirects=False)
    assert made.status_code == 303, made.text[:500]
    topic = yaml.safe_load((own_bases / "msg-software" / "gift-cards.yaml").read_text(encoding="utf-8"))
    assert topic["examples"]["en"] == [f"gift card {n}\u2028gift card number {n}?" for n in range(5)]
    assert topic["answer"]["ru"] == "подарочная карта: yes\u2028from the site"
    assert _errors(own_bases / "msg-software") == []
