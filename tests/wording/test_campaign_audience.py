"""What each guest actually gets from a campaign: the untitled event by its type, in the guest's language,
Hebrew plural for a party and the workspace's form for one guest (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Event, Guest
from scheduler.campaigns.audiences import LinkMaker, plan_recipients
from scheduler.campaigns.rules import rules_for
from tests.campaigns.factories import BASE_URL, SECRET, add_guests, event_rsvp, make_event, mobile


def _bodies(engine: Engine, event_id: int, kind: str, form: str) -> dict[str, str]:
    rules = replace(rules_for(event_rsvp()), form_of_address=form)
    with Session(engine) as session:
        event = session.get(Event, event_id)
        assert event is not None
        plan = plan_recipients(session, event=event, kind=kind, channel="sms", template="", rules=rules,
                               links=LinkMaker(BASE_URL, SECRET))
    return {m.name: m.body for m in plan.recipients}


def _set_party(engine: Engine, ids: list[int], sizes: list[int]) -> None:
    with Session(engine) as session:
        for guest_id, size in zip(ids, sizes, strict=True):
            guest = session.get(Guest, guest_id)
            assert guest is not None
            guest.invited_count = guest.party_size = size
            session.add(guest)
        session.commit()


def test_untitled_event_party_size_and_form_of_address(engine: Engine) -> None:
    _, event_id = make_event(engine, key="quota-wed", title="", venue="Example Hall")
    ids = add_guests(engine, event_id, [
        {"name": "Dana", "phone": mobile(1), "status": "coming"},
        {"name": "Yossi", "phone": mobile(2), "status": "coming"},
        {"name": "Anna", "phone": mobile(3), "status": "coming", "language": "ru"},
    ])
    _set_party(engine, ids, [1, 5, 2])
    singular = _bodies(engine, event_id, "thank_you", "singular")
    assert singular["Dana"] == "Dana, תודה שהגעת לחתונה! שמחנו לחגוג איתך."
    assert singular["Yossi"] == "Yossi, תודה שהגעתם לחתונה! שמחנו לחגוג איתכם."
    assert singular["Anna"].startswith("Anna, спасибо, что пришли на свадьбу!")
    plural = _bodies(engine, event_id, "thank_you", "plural")
    assert plural["Dana"] == "Dana, תודה שהגעתם לחתונה! שמחנו לחגוג איתכם."
    _, second = make_event(engine, key="quota-wed-2", title="", venue="Example Hall")
    add_guests(engine, second, [{"name": "Dana", "phone": mobile(4)}])
    invitation = _bodies(engine, second, "invitation", "plural")
    assert all("quota-wed" not in body for body in invitation.values())
    assert "הוזמנתם לחתונה ב\u05be12.03.2027" in invitation["Dana"]
