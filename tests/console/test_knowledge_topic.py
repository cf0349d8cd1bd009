"""A new topic from the console: the form counts each answer's SMS segments, a topic that would not lint
is refused with nothing left behind, a good one is written as the same YAML and the bot answers it at
once; the answer gate is refitted on the changed knowledge."""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

import knowledge.gate
from bot.app import create_app
from bot.channels import ConsoleChannel
from bot.services import Services
from knowledge.kb import load_knowledge_base
from knowledge.lint import lint_knowledge_base
from tests.console.conftest import ask, log_in, make_user

TOPIC = {
    "id": "gift-cards",
    "title_he": "כרטיסי מתנה", "title_en": "Gift cards", "title_ru": "Подарочные карты",
    "answer_he": "אפשר לקנות כרטיס מתנה לשנה של מסלול Advanced דרך צוות המכירות: sales@example.com.",
    "answer_en": "A one-year Advanced plan gift card can be bought from our sales team: sales@example.com.",
    "answer_ru": "Подарочную карту на год тарифа Advanced можно купить у отдела продаж: sales@example.com.",
    "examples_he": "יש לכם כרטיסי מתנה?\nאפשר לקנות גיפט קארד?\nאיך קונים שובר מתנה למנוי\nאפשר לתת מנוי במתנה?",
    "examples_en": "Do you sell gift cards?\nCan I buy a gift voucher?\nHow do I gift a subscription\n"
                   "Is there a gift certificate for the plan?",
    "examples_ru": "У вас есть подарочные карты?\nМожно купить подарочный сертификат?\n"
                   "Как подарить подписку\nЕсть ли подарочный ваучер на тариф?",
}


@pytest.fixture
def refits(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The page's background refit, recorded instead of run (test_refit runs one for real)."""
    called: list[Path] = []
    monkeypatch.setattr("bot.console.pages.knowledge.refit_in_background", called.append)
    return called


@pytest.fixture
def kb_client(kb_services: Services, engine: Engine, channel: ConsoleChannel,
              refits: list[Path]) -> Iterator[tuple[TestClient, Services, str]]:
    with TestClient(create_app(services=kb_services), raise_server_exceptions=False) as client:
        make_user(engine, kb_services, phone="+972522000077", name="Yael", role="owner", workspace="msg-software")
        yield client, kb_services, log_in(client, channel, "+972522000077")


def test_the_form_counts_segments_and_is_prefilled(kb_client: tuple[TestClient, Services, str]) -> None:
    client, _, csrf = kb_client
    form = client.get("/app/knowledge/topic", params={"text": "do you sell gift cards", "lang": "en"})
    assert form.status_code == 200 and "do you sell gift cards</textarea>" in form.text
    hebrew = client.post("/app/knowledge/segments", data={"answer_he": "שלום " * 20},
                         headers={"X-CSRF-Token": csrf}).text
    assert '<b class="chars">99</b>' in hebrew and '<b class="segments">2</b>' in hebrew and "UCS-2" in hebrew
    latin = client.post("/app/knowledge/segments", data={"answer_en": "Hello"}, headers={"X-CSRF-Token": csrf}).text
    assert '<b class="segments">1</b>' in latin and "GSM-7" in latin


def test_a_topic_that_would_not_lint_is_refused_and_nothing_stays(kb_client: tuple[TestClient, Services, str],
                                                                  own_bases: Path, refits: list[Path]) -> None:
    client, _, csrf = kb_client
    short = {**TOPIC, "examples_ru": "У вас есть подарочные карты?", "csrf": csrf}
    refused = client.post("/app/knowledge/topic", data=short)
    assert refused.status_code == 422 and "examples.ru: 1 examples, at least 4" in refused.text
    assert "sales@example.com" in refused.text, "what was typed is kept"
    singular = {**TOPIC, "answer_he": "אפשר לקנות כרטיס מתנה; הוא יישלח אליך במייל תוך יום.", "csrf": csrf}
    wrong_form = client.post("/app/knowledge/topic", data=singular)  # msg-software speaks in the plural
    assert wrong_form.status_code == 422 and "'אליך'" in html.unescape(wrong_form.text) and "plural" in wrong_form.text
    taken = client.post("/app/knowledge/topic", data={**TOPIC, "id": "support-hours", "csrf": csrf})
    assert taken.status_code == 422 and "exists already" in taken.text
    assert not (own_bases / "msg-software" / "gift-cards.yaml").exists() and refits == []


def test_a_new_topic_is_written_linted_and_answered_at_once(kb_client: tuple[TestClient, Services, str],
                                                            own_bases: Path, refits: list[Path]) -> None:
    client, services, csrf = kb_client
    assert ask(services, "Do you sell gift cards?").topic != "gift-cards"
    saved = client.post("/app/knowledge/topic", data={**TOPIC, "csrf": csrf}, follow_redirects=False)
    assert saved.status_code == 303 and "done=gift-cards" in saved.headers["location"]
    folder = own_bases / "msg-software"
    written = yaml.safe_load((folder / "gift-cards.yaml").read_text(encoding="utf-8"))
    assert written["answer"]["ru"].strip() == TOPIC["answer_ru"] and len(written["examples"]["he"]) == 4
    assert not [p for p in lint_knowledge_base(folder) if p.severity == "error"]
    assert "gift-cards" in load_knowledge_base(folder).topics
    answer = ask(services, "Do you sell gift cards?")
    assert answer.topic == "gift-cards" and answer.reply and "sales@example.com" in answer.reply
    assert refits == [own_bases], "the gate is refitted on the changed knowledge"


def test_a_refit_in_the_background_answers_with_a_gate_fitted_on_the_new_topic(own_bases: Path) -> None:
    from knowledge.kb_edit import add_topic
    from knowledge.retrieval import retrieve

    def per_lang(prefix: str) -> dict[str, str]:
        return {lang: TOPIC[f"{prefix}_{lang}"] for lang in ("he", "en", "ru")}

    folder = own_bases / "msg-software"
    add_topic(folder, "gift-cards", per_lang("title"), per_lang("answer"),
              {lang: text.splitlines() for lang, text in per_lang("examples").items()})
    shipped = knowledge.gate.default_gate()
    try:
        knowledge.gate.refit_in_background(own_bases)  # the page's own call: fitted in a worker process
        deadline = time.monotonic() + 600
        while knowledge.gate.refit_running() and time.monotonic() < deadline:
            time.sleep(0.2)
        gate = knowledge.gate.default_gate()
        assert gate is not shipped, "the refitted gate answers now"
        assert 0.0 < gate.cut < 1.0 and len(gate.weights) == len(knowledge.gate.FEATURES)
        assert retrieve(load_knowledge_base(folder), "can I buy a gift card for the plan?").topic == "gift-cards"
        assert retrieve(load_knowledge_base(folder), "what's the weather in Haifa tomorrow?").topic is None
    finally:
        knowledge.gate.use_gate(None)
    assert knowledge.gate.default_gate() is shipped
