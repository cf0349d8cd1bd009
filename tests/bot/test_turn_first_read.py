"""The webhook turn's first read (bot.inbound._CONTACT_AT_ONCE) also says whether the contact has a
live ticket, an open satisfaction question, guest rows of upcoming events or a customer record, and
the handlers' own reads of what it found absent are answered from the session's read memo instead of
a query each.
These turns go through `bot.inbound.respond` (the webhook's path; the stories call the pipeline
directly) with the row there, and with it just out of reach (the answer window, the event's date),
so a first read that disagreed with the handler's own query would change an answer here."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot import inbound
from bot.core.db import session_scope
from bot.core.models import Guest, SatisfactionSurvey, Ticket
from bot.services import Services
from handlers.customers import CustomerIn, upsert_customer
from handlers.texts import text
from handlers.turn import Inbound, TurnResult
from tests.conftest import FixedClock
from tests.handlers.test_satisfaction import CUSTOMER, handled_and_closed
from tests.rsvp.conftest import add_guests, make_event
from tests.utils.twilio import new_sid


def respond(services: Services, workspace: str, sender: str, body: str) -> TurnResult:
    stored = inbound.respond(services, Inbound(workspace=workspace, sender=sender, text=body, channel="whatsapp",
                                               provider_sid=new_sid(), recipient="+972500000001"), fast=True)
    assert stored.result is not None, "answered in the transaction that stored it"
    return stored.result


def _guest(engine: Engine, services: Services, starts_at: str) -> Guest:
    workspace = services.workspaces.by_slug("event-rsvp")
    assert workspace is not None
    with Session(engine, expire_on_commit=False) as session:
        guest = add_guests(session, make_event(session, workspace, starts_at=starts_at), 1)[0]
        session.commit()
        return guest


def test_a_known_guest_of_an_upcoming_event_is_answered_as_one(engine: Engine, services: Services) -> None:
    guest = _guest(engine, services, "2027-03-12T19:30:00+02:00")
    respond(services, "event-rsvp", guest.phone, "שלום")  # the contact exists from here on
    result = respond(services, "event-rsvp", guest.phone, "yes, 4 of us")
    assert (result.intent, result.rsvp_status, result.party_size) == ("rsvp_reply", "coming", 4)
    with Session(engine) as session:
        assert session.get(Guest, guest.id).status == "coming"  # type: ignore[union-attr]


def test_a_guest_of_an_event_long_over_is_not(engine: Engine, services: Services, clock: FixedClock) -> None:
    guest = _guest(engine, services, "2027-03-12T19:30:00+02:00")
    clock.set(clock.now.replace(year=2027, month=4))
    respond(services, "event-rsvp", guest.phone, "שלום")
    result = respond(services, "event-rsvp", guest.phone, "yes, 4 of us")
    assert result.intent != "rsvp_reply" and result.rsvp_status is None
    with Session(engine) as session:
        assert session.get(Guest, guest.id).status == "message_sent"  # type: ignore[union-attr]


def test_a_rating_answers_the_open_question(engine: Engine, services: Services, clock: FixedClock) -> None:
    ticket_id = handled_and_closed(services, clock, "אני רוצה לדבר עם נציג", timedelta(hours=2))
    result = respond(services, "msg-software", CUSTOMER, "5")
    assert (result.intent, result.reply) == ("satisfaction", text("csat_thanks", "he"))
    with Session(engine) as session:
        survey = session.exec(select(SatisfactionSurvey)).one()
    assert (survey.rating, survey.ticket_id) == (5, ticket_id)


def test_past_the_answer_window_a_five_is_no_rating(engine: Engine, services: Services, clock: FixedClock) -> None:
    handled_and_closed(services, clock, "אני רוצה לדבר עם נציג", timedelta(hours=2))
    clock.set(clock.now + timedelta(days=3))
    assert respond(services, "msg-software", CUSTOMER, "5").intent != "satisfaction"
    with Session(engine) as session:
        assert session.exec(select(SatisfactionSurvey)).one().rating is None


def test_a_customer_record_lets_a_request_for_a_person_through_and_a_second_joins_the_live_ticket(
        engine: Engine, services: Services, clock: FixedClock) -> None:
    workspace = services.workspaces.by_slug("msg-software")
    assert workspace is not None
    respond(services, "msg-software", CUSTOMER, "שלום")
    asked = "אני רוצה לדבר עם נציג"
    assert respond(services, "msg-software", CUSTOMER, asked).handoff == "denied", "no customer record"
    with session_scope(engine) as session:
        upsert_customer(session, workspace, CustomerIn(phone=CUSTOMER, name="Dana", plan="advanced"), clock.now)
    assert respond(services, "msg-software", CUSTOMER, asked).handoff == "human"
    clock.set(clock.now + timedelta(minutes=5))
    respond(services, "msg-software", CUSTOMER, asked)
    with Session(engine) as session:
        ticket = session.exec(select(Ticket)).one()  # joined, not a second one
    assert ticket.last_customer_message_at is not None
    assert ticket.last_customer_message_at.replace(tzinfo=None) == clock.now.replace(tzinfo=None)
