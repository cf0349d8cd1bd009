"""The dashboard says the unit of each figure: 'coming' counted people (5) beside tiles that count
invitations (1 not coming), and the planner added them up as if alike. Each tile and each column of the
by-group table now names people or invitations, on a phone, in each language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, col

from bot.console.i18n import text
from bot.core.models import Guest
from tests.console.live import LiveConsole, owner_console, phone_browser
from tests.console.owner_browser import OWNER, event_with_guests, shot

pytestmark = pytest.mark.browser
GUESTS = ("שם,טלפון,כמות מוזמנים,קבוצה\nאבי,052-3400001,3,משפחה\nנועה,052-3400002,2,משפחה\n"
          "דן,052-3400003,1,עבודה\nרות,052-3400004,4,עבודה\n")


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


@pytest.mark.parametrize("lang", ["he", "en"])
def test_every_dashboard_figure_names_its_unit(console: LiveConsole, tmp_path: Path, lang: str) -> None:
    from playwright.sync_api import expect

    with phone_browser() as context:
        page = context.new_page()
        event_path = event_with_guests(page, console, tmp_path, lang, GUESTS)
        with Session(console.services.engine) as session:
            for name, status, size in (("אבי", "coming", 3), ("נועה", "coming", 2), ("דן", "not_coming", 1)):
                session.execute(update(Guest).where(col(Guest.name) == name)  # type: ignore[arg-type]
                                .values(status=status, party_size=size))
            session.commit()
        page.goto(console.base + event_path)
        coming = page.locator("#tile-coming")
        expect(coming).to_contain_text(text("stats.coming_people", lang))  # 5 people
        expect(coming).to_contain_text(text("stats.coming_guests", lang, n=2))  # from 2 invitations
        expect(page.locator("#tile-invited")).to_contain_text(text("stats.people", lang, n=10))
        for tile in ("not-coming", "maybe", "waiting"):
            expect(page.locator(f"#tile-{tile}")).to_contain_text(text("stats.unit_invitations", lang))
        headers = page.locator("#by-group thead th").all_inner_texts()
        assert headers[2] == text("stats.coming_people", lang)
        assert all(text("stats.unit_invitations", lang) in h for h in headers[3:])
        shot(page, tmp_path, f"dashboard-units-{lang}")
