"""The handover card in the staff chat says the customer's subscription state, channel and language in the
chat's language, not as codes ("(active)", "whatsapp", "ru")."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Contact, Conversation, Customer, Ticket
from bot.services import Services
from handlers.human import alert_card

WORDS = {  # workspace (its first language is the staff chat's) -> what the card must say
    "msg-software": ("פעיל", "WhatsApp", "רוסית"),
    "web-agency": ("активна", "WhatsApp", "русский"),
}


@pytest.mark.parametrize("slug", sorted(WORDS))
def test_the_card_says_state_channel_and_language_in_words(slug: str, engine: Engine, services: Services) -> None:
    workspace = services.workspaces.by_slug(slug)
    assert workspace is not None
    with Session(engine) as session:
        contact = Contact(workspace=slug, phone="+972502345678", name="Dana")
        session.add(contact)
        session.flush()
        conversation = Conversation(workspace=slug, contact_id=contact.id or 0, channel="whatsapp")
        session.add(conversation)
        session.flush()
        plan = next(iter(workspace.plans))
        customer = Customer(workspace=slug, phone=contact.phone, plan=plan, status="active")
        ticket = Ticket(workspace=slug, seq=1, number="T-00001", contact_id=contact.id or 0)
        card = alert_card(session, workspace, ticket=ticket, contact=contact, customer=customer,
                          conversation=conversation, reason="in_hours", customer_lang="ru")
    status, channel, language = WORDS[slug]
    assert f"({status})" in card and "(active)" not in card
    assert channel in card and "whatsapp" not in card
    assert language in card and ": ru" not in card and "язык: ru" not in card
