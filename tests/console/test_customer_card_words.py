"""The inbox's customer card speaks the staff member's language: why a person may answer, the plan and
its state, who holds a ticket and the canned replies are words, not codes ("(in_hours)", "(web:1)",
"active", the canned reply's key)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from bot.channels import ConsoleChannel
from bot.services import Services
from tests.console.test_inbox import conversation_id, customer_asks_for_a_person, staff_client

WORDS = {
    "he": ("בשעות הפעילות", "פעיל", "תודה על הסבלנות"),
    "ru": ("в рабочее время", "активна", "Спасибо за терпение"),
    "en": ("in business hours", "active", "Thanks for your patience"),
}


@pytest.mark.parametrize("lang", ["he", "ru", "en"])
def test_the_customer_card_shows_words_in_the_staff_members_language(
        lang: str, client: TestClient, engine: Engine, services: Services, channel: ConsoleChannel) -> None:
    customer_asks_for_a_person(engine, services)
    csrf = staff_client(client, engine, services, channel)
    client.get(f"/app/lang/{lang}?back=/app/inbox")
    conv = conversation_id(client)
    assert client.post(f"/app/inbox/{conv}/take", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    page = client.get(f"/app/inbox/{conv}").text
    card = page[page.index('id="customer"'):page.index('id="messages"')]
    reason, status, canned = WORDS[lang]
    assert "in_hours" not in card and reason in card
    assert "web:" not in card and "Yael Cohen" in card
    assert "(active)" not in card and "· active" not in card or lang == "en"
    assert status in card
    assert "Advanced" in card or "מתקדם" in card or "Расширенный" in card  # the plan's name, not its id
    buttons = re.findall(r'hx-get="/app/inbox/\d+/canned/(\w+)"[^>]*>([^<]*)</button>', page)
    assert buttons and all(label.strip() != name for name, label in buttons)
    assert any(canned in label for _, label in buttons)
