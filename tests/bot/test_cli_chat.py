"""`bot chat --plan/--status/--now` and the demo customers `bot serve` seeds in development."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli.demo_customers import ensure_demo_customers
from bot.cli.main import app
from bot.cli.serve import _demo_customer_lines, _demo_traffic_lines
from bot.core.models import Customer, Ticket
from bot.core.settings import ROOT, get_settings
from bot.core.workspaces import load_workspaces
from handlers.billing.charges import charges_of
from tests.conftest import FixedClock, make_settings

PHONE = "+972502349801"


@pytest.fixture
def cli_database(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    yield engine
    get_settings.cache_clear()


def chat(*args: str, lines: list[str]) -> str:
    result = CliRunner().invoke(app, ["chat", "--workspace", "msg-software", "--from", PHONE, *args],
                                input="\n".join([*lines, "", ""]))
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_and_clock_decide_who_reaches_a_person(cli_database: Engine) -> None:
    sunday_morning = "2026-11-22T10:00:00+02:00"
    out = chat("--plan", "essential", "--now", sunday_morning, lines=["אני רוצה לדבר עם נציג"])
    assert "plan essential, active" in out and "handoff=denied" in out
    out = chat("--plan", "advanced", "--now", sunday_morning, lines=["אני רוצה לדבר עם נציג"])
    assert "handoff=human" in out
    out = chat("--status", "expired", "--now", "2026-11-22T21:00:00+02:00", lines=["agent please"])
    assert "plan advanced, expired" in out and "handoff=denied" in out
    with Session(cli_database) as session:
        customer = session.exec(select(Customer).where(Customer.phone == PHONE)).one()
        assert (customer.plan, customer.status, customer.billing_period) == ("advanced", "expired", "quarterly")
        assert len(session.exec(select(Ticket)).all()) == 1


def test_after_hours_clock_queues_an_entitled_customer(cli_database: Engine) -> None:
    out = chat("--plan", "advanced", "--now", "2026-11-22T20:00:00+02:00", lines=["נציג"])
    assert "handoff=queued" in out


def test_follow_up_in_chat(cli_database: Engine) -> None:
    out = chat("--plan", "advanced", lines=["how much is Essential?", "and for a year?"])
    first, second = out.split("bot>")[1:]
    assert "297" in first and "970" in first
    assert "970" in second and "297" not in second


@pytest.mark.parametrize(("args", "message"), [
    (["--plan", "gold"], "not a plan of msg-software"),
    (["--status", "sleeping", "--plan", "cloud"], "is not one of"),
    (["--status", "expired"], "give --plan too"),
    (["--now", "yesterday"], "not an ISO date-time"),
    (["--now", "2026-11-22T10:00:00"], "needs a UTC offset"),
])
def test_bad_options_are_clear_errors(cli_database: Engine, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["chat", "--workspace", "msg-software", "--from", "+972502349802", *args],
                                input="\n")
    assert result.exit_code == 2 and message in " ".join(result.output.split())


def test_demo_customers_one_per_plan_once(engine: Engine, clock: FixedClock) -> None:
    registry = load_workspaces(ROOT / "workspaces")
    with Session(engine) as session:
        listed = ensure_demo_customers(session, registry, clock.now)
        session.commit()
        session.exec(select(Customer).where(Customer.phone == listed["msg-software"][2][1])).one().status = "expired"
        session.commit()
        again = ensure_demo_customers(session, registry, clock.now)
        session.commit()
        rows = session.exec(select(Customer)).all()
    assert again == listed
    assert {slug: [plan for plan, _ in plans] for slug, plans in listed.items()} == {
        ws.slug: list(ws.plans) for ws in registry}
    assert len(rows) == sum(len(ws.plans) for ws in registry)  # created once
    assert [r.status for r in rows if r.phone == listed["msg-software"][2][1]] == ["expired"]  # never overwritten
    prepaid = next(r for r in rows if r.plan == "prepaid")
    assert prepaid.balance > 0


def test_demo_customers_have_payments_at_the_yaml_prices(cli_database: Engine) -> None:
    """A newcomer's "I want a refund" from a demo number is quoted from a payment at the plan's price."""
    registry = load_workspaces(ROOT / "workspaces")
    sunday = "2026-11-22T10:00:00+02:00"
    with Session(cli_database) as session:
        listed = ensure_demo_customers(session, registry, datetime.fromisoformat(sunday))
        session.commit()
        saas = registry.by_slug("saas-billing")
        assert saas is not None and saas.billing.refund is not None
        today = datetime.fromisoformat(sunday).date()
        for plan_id, phone in listed["saas-billing"]:
            customer = session.exec(select(Customer).where(Customer.phone == phone)).one()
            charges = charges_of(session, customer)
            trial = saas.billing.trial
            price = trial.fee if trial and plan_id == trial.plan else \
                saas.billing.price(plan_id, customer.billing_period)
            assert charges and {c.amount for c in charges} == {price}, plan_id
            assert (today - charges[0].charged_on).days <= saas.billing.refund.window_days
            assert customer.paid_from == charges[0].charged_on and customer.paid_until and customer.paid_until > today
        for _, phone in listed["remote-support"]:  # its YAML names no prices: no made-up charge
            customer = session.exec(select(Customer).where(Customer.phone == phone)).one()
            assert charges_of(session, customer) == []
    pro = dict(listed["saas-billing"])["pro"]
    result = CliRunner().invoke(app, ["chat", "--workspace", "saas-billing", "--from", pro, "--now", sunday],
                                input="I want a refund please\n\n")
    out = " ".join(result.output.split())
    assert "intent=refund_request" in out and f"{saas.billing.price('pro', 'monthly'):.2f}" in out
    assert "couldn't find a charge" not in out


def test_demo_customers_seeded_before_payments_get_them_once(engine: Engine, clock: FixedClock) -> None:
    """A database seeded before demo payments existed: its demo customers get their payments once."""
    registry = load_workspaces(ROOT / "workspaces")
    saas = registry.by_slug("saas-billing")
    assert saas is not None
    with Session(engine) as session:
        listed = ensure_demo_customers(session, registry, clock.now)
        pro = dict(listed["saas-billing"])["pro"]
        customer = session.exec(select(Customer).where(Customer.phone == pro)).one()
        for charge in charges_of(session, customer):  # as it was before: no payments, no paid dates
            session.delete(charge)
        customer.paid_from = customer.paid_until = None
        session.commit()
        ensure_demo_customers(session, registry, clock.now)
        ensure_demo_customers(session, registry, clock.now)
        session.commit()
        charges = charges_of(session, customer)
        assert charges and len(charges) == len({c.charged_on for c in charges})  # once, not twice
        assert customer.paid_until is not None


def test_a_new_chat_customer_has_payments(cli_database: Engine) -> None:
    out = CliRunner().invoke(app, ["chat", "--workspace", "saas-billing", "--from", "+972502349803", "--plan",
                                   "starter", "--now", "2026-11-22T10:00:00+02:00"],
                             input="I want my money back\n\n").output
    assert "intent=refund_request" in out and "couldn't find a charge" not in " ".join(out.split())


def test_banner_lists_demo_numbers_in_development_only(tmp_path, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    url = engine.url.render_as_string(hide_password=False)
    registry = load_workspaces(ROOT / "workspaces")
    development = make_settings(tmp_path, database_url=url, environment="development")
    lines = _demo_customer_lines(development, registry)
    assert any("+972509000103" in line and "advanced" in line for line in lines)
    # the week of traffic is written after ready (bot serve runs it in the background), once
    traffic = _demo_traffic_lines(development, registry)
    assert any("Demo traffic" in line and "msg-software" in line for line in traffic)
    assert any("already there" in line for line in _demo_traffic_lines(development, registry))
    production = development.model_copy(update={"environment": "production"})
    assert _demo_customer_lines(production, registry) == [] and _demo_traffic_lines(production, registry) == []
