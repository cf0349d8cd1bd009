"""Refuse to serve in production with any default that is only safe on a developer's machine.

Settings are checked by `Settings.validate_for_production`; this module adds what settings
cannot see: demo tokens in workspace files and demo data in the database. Every start path
(`bot serve`, `bot scheduler`, and the app's lifespan, for `uvicorn bot.main:app`) calls
`refuse_unsafe_production`, so there is no way around it by starting the server differently.
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from bot.core.models import ConsoleUser, Customer, Event
from bot.core.settings import Settings
from bot.core.workspaces import WorkspaceRegistry
from scheduler.rsvp.demo import DEMO_EVENT, DEMO_OWNER, DEMO_WORKSPACE


class UnsafeProduction(RuntimeError):
    """ENVIRONMENT=production with defaults left in place; the message lists what to set."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"refusing to start with ENVIRONMENT=production until these are fixed:\n{lines}\n"
                         "(docs/security.md lists every production setting)")


def workspace_problems(registry: WorkspaceRegistry) -> list[str]:
    """Tokens written in workspace files are demo tokens: anyone who read the repository has them."""
    return [f"workspace '{workspace.slug}' has an api_token in its YAML file (a demo token); remove that line "
            f"and create a real token: bot tokens create --workspace {workspace.slug} --name <who>"
            for workspace in registry if workspace.api_token]


DEMO_CUSTOMER_PHONES = "+972509000%"   # bot/cli/demo_customers.py: +972 50 9000 W PP
DEMO_TRAFFIC_PHONES = "+97250999%"     # handlers/demo_traffic.py: +972 50 999 W NNN
FRESH_DATABASE = "use a database never started in development"


def database_problems(engine: Engine) -> list[str]:
    """Demo rows written by a development start must not live in a production database: the demo
    owner's console password and the demo guest's link were printed, so anyone may know them."""
    tables = set(inspect(engine).get_table_names())
    problems = []
    with Session(engine) as session:
        if Event.__tablename__ in tables and session.exec(select(Event.id).where(
                Event.workspace == DEMO_WORKSPACE, Event.key == DEMO_EVENT)).first() is not None:
            problems.append(f"the database holds the demo event '{DEMO_EVENT}' of '{DEMO_WORKSPACE}' and its demo "
                            f"guest, whose link was printed; {FRESH_DATABASE}, or delete that event")
        if ConsoleUser.__tablename__ in tables and session.exec(select(ConsoleUser.id).where(
                ConsoleUser.workspace == DEMO_WORKSPACE, ConsoleUser.phone == DEMO_OWNER.phone)).first() is not None:
            problems.append(f"the database holds the demo owner's console account ({DEMO_WORKSPACE}), whose password "
                            f"is published in the code; {FRESH_DATABASE}, or delete that account")
        if Customer.__tablename__ in tables and session.exec(select(Customer.id).where(
                col(Customer.phone).like(DEMO_CUSTOMER_PHONES), col(Customer.name).like("Demo %"))).first():
            problems.append(f"the database holds the demo customers (+97250900..., 'Demo <plan>'); {FRESH_DATABASE}, "
                            "or delete them")
        if Customer.__tablename__ in tables and session.exec(select(Customer.id).where(
                col(Customer.phone).like(DEMO_TRAFFIC_PHONES), col(Customer.name).like("Demo %"))).first():
            problems.append(f"the database holds demo traffic (+97250999..., 'Demo ...', handlers/demo_traffic.py); "
                            f"{FRESH_DATABASE}")
    return problems


def production_problems(settings: Settings, registry: WorkspaceRegistry, engine: Engine | None = None) -> list[str]:
    if not settings.is_production:
        return []
    problems = settings.validate_for_production() + workspace_problems(registry)
    if engine is not None:
        problems += database_problems(engine)
    return problems


def refuse_unsafe_production(settings: Settings, registry: WorkspaceRegistry, engine: Engine | None = None) -> None:
    """Raise `UnsafeProduction` listing every problem at once (none outside production)."""
    problems = production_problems(settings, registry, engine)
    if problems:
        raise UnsafeProduction(problems)
