"""Analytics: conversations generated through the real pipeline and the staff actions are counted per day
(messages, deflection, hand-offs, queued, response times, topics, unanswered, languages, opt-outs, ratings)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.channels import ConsoleChannel
from bot.core.db import session_scope
from bot.core.models import Ticket
from bot.services import Services
from bot.staff import actions
from handlers import analytics
from handlers.customers import CustomerIn, upsert_customer
from handlers.pipeline import handle_message
from handlers.turn import Inbound, TurnContext, TurnResult
from tests.conftest import FixedClock
from tests.console.conftest import log_in, make_user

WS = "msg-software"
DOOR = actions.Door(workspace=WS)


class Agent:
    first_name, full_name, assignee = "Yael", "Yael Cohen", "Yael Cohen (web:1)"


def say(services: Services, phone: str, body: str) -> TurnResult:
    workspace = services.workspaces.by_slug(WS)
    assert workspace is not None
    with session_scope(services.engine) as session:
        upsert_customer(session, workspace, CustomerIn(phone=phone, name="C " + phone[-3:], plan="advanced"),
                        services.now())
        return handle_message(TurnContext(session=session, workspace=workspace, now=services.now(),
                                         knowledge=services.knowledge),
                              Inbound(workspace=WS, sender=phone, text=body))


def ticket_of(engine: Engine, number: str) -> int:
    with Session(engine) as session:
        found = session.exec(select(Ticket.id).where(Ticket.number == number)).one()
        assert found is not None
        return found


def traffic(services: Services, clock: FixedClock) -> dict[str, TurnResult]:
    """Sunday: one FAQ answered, one for a person (answered in 12 min, closed at 40, rated 4), one unknown,
    one opt-out; that night one more for a person, queued until the morning."""
    out = {"faq": say(services, "+972502000001", "היי, ובכמה עולה המסלול המתקדם לשלושה חודשים?"),
           "person": say(services, "+972502000002", "אני רוצה לדבר עם נציג"),
           "unknown": say(services, "+972502000003", "asdkjh qwpoe zzxv"),
           "stop": say(services, "+972502000004", "STOP")}
    ticket_id = ticket_of(services.engine, out["person"].ticket_number or "")
    clock.set(clock.now + timedelta(minutes=12))
    assert actions.take(services, ticket_id, DOOR, Agent()).ok
    assert actions.reply_to_ticket(services, ticket_id, DOOR, Agent(), "בודקת עכשיו").ok
    clock.set(clock.now + timedelta(minutes=28))
    assert actions.close(services, ticket_id, DOOR, Agent()).ok
    assert say(services, "+972502000002", "4").intent == "satisfaction"
    clock.set("2026-11-22T21:30:00+00:00")  # 23:30 in Israel: closed
    out["night"] = say(services, "+972502000005", "I need a human agent please")
    return out


def test_a_day_of_traffic_is_counted(services: Services, clock: FixedClock, engine: Engine) -> None:
    out = traffic(services, clock)
    assert out["person"].handoff == "human" and out["night"].handoff == "queued"
    workspace = services.workspaces.by_slug(WS)
    assert workspace is not None
    with Session(engine) as session:
        report = analytics.build(session, workspace, clock.now + timedelta(days=1), days=7)
    day = report.days.index(clock.now.date())
    assert len(report.days) == 7 and report.days[-1] == (clock.now + timedelta(days=1)).date()
    assert report.series["conversations"][day] == 5 and report.totals["conversations"] == 5
    assert report.totals["inbound"] == 6  # five customers and one rating
    assert report.totals["outbound"] >= 6 + 3  # a reply each, plus joined, staff reply, closed, the question
    assert report.totals["handed"] == 2 and report.totals["queued"] == 1
    assert report.totals["deflected"] == 3
    assert report.rate("deflected", "conversations") == 3 / 5
    assert (report.first_response_minutes, report.resolution_minutes) == (12, 40)  # the queued one is unanswered
    assert report.totals["opt_outs"] == 1
    assert report.totals["unanswered"] == sum(1 for r in out.values() if r.intent == "unknown") >= 1
    assert (report.csat_average, report.totals["ratings"], report.csat_asked) == (4, 1, 1)
    assert dict(report.languages)["he"] >= 3 and dict(report.languages).get("en", 0) >= 1
    assert out["faq"].topic and (out["faq"].topic, 1) in report.topics
    with Session(engine) as session:  # a week later the day has left the 7-day window but not the 30-day one
        later = clock.now + timedelta(days=8)
        assert analytics.build(session, workspace, later, days=7).totals["conversations"] == 0
        assert analytics.build(session, workspace, later, days=30).totals["conversations"] == 5


def test_the_page_shows_the_figures_to_staff_only(client: TestClient, engine: Engine, services: Services,
                                                  channel: ConsoleChannel, clock: FixedClock) -> None:
    traffic(services, clock)
    make_user(engine, services, phone="+972522000077", name="Yael Cohen", role="staff", workspace=WS)
    log_in(client, channel, "+972522000077")
    page = client.get("/app/analytics")
    assert page.status_code == 200
    assert 'id="f-conversations">5<' in page.text and 'id="f-deflection">60%<' in page.text
    assert 'id="f-csat"><span dir="ltr">4.0 / 5</span>' in page.text and 'id="f-queued">1<' in page.text
    # the count of ratings says what it counts, not a bare "1/1" (staff read Hebrew, Russian or English)
    assert 'id="csat-rated">(דירגו 1 מתוך 1 שנשאלו)<' in page.text
    client.get("/app/lang/ru?back=/app/analytics")
    assert "оценили 1 из 1 опрошенных" in client.get("/app/analytics").text
    client.get("/app/lang/he?back=/app/analytics")
    assert page.text.count("<svg") >= 8 and "<rect" in page.text
    assert client.get("/app/analytics?days=30").status_code == 200
    assert client.get("/app/analytics?days=abc").status_code == 422
    client.cookies.clear()
    make_user(engine, services, phone="+972522000088", name="Owner", role="event_owner", workspace=WS)
    log_in(client, channel, "+972522000088")
    assert client.get("/app/analytics").status_code == 404
