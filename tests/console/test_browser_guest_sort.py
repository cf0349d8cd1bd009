"""The guest list in Chromium on a phone: names in the order people read them (Hebrew final letters with
their plain forms, Russian 'ё' with 'е', the page's own script first), tables and party sizes as numbers.
The database ordered them as text: table 10 came before table 9, 'Bob' before 'adam'."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, col

from bot.core.models import Guest
from tests.console.live import LiveConsole, owner_console, phone_browser
from tests.console.owner_browser import OWNER, event_with_guests, shot

pytestmark = pytest.mark.browser
GUESTS = """שם,טלפון,כמות מוזמנים,קבוצה,שולחן
כהן,052-3400001,1,,10
ךב,052-3400002,1,,9
כא,052-3400003,1,,2
ёлка,052-3400004,1,,
Жанна,052-3400005,1,,1
елена,052-3400006,1,,VIP 10
Bob,052-3400007,1,,VIP 2
adam,052-3400008,1,,
"""
SIZES = {"כהן": 10, "ךב": 9, "כא": 2, "Жанна": 12}


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


def _names(page: object) -> list[str]:
    return page.locator("#guest-list .guest .title").all_inner_texts()  # type: ignore[attr-defined]


def test_the_guest_list_sorts_names_tables_and_counts_as_people_expect(console: LiveConsole, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with phone_browser() as context:
        page = context.new_page()
        event_path = event_with_guests(page, console, tmp_path, "he", GUESTS)
        with Session(console.services.engine) as session:
            for name, size in SIZES.items():
                status = "not_coming" if name == "Жанна" else "coming"  # a declined 12 shows no count
                session.execute(update(Guest).where(col(Guest.name) == name)  # type: ignore[arg-type]
                                .values(status=status, party_size=size))
            session.commit()
        page.goto(console.base + event_path + "/guests")
        assert _names(page) == ["כא", "ךב", "כהן", "adam", "Bob", "елена", "ёлка", "Жанна"]
        page.select_option("#sort", "table")
        expect(page.locator("#guest-list .guest .title").first).to_have_text("Жанна")  # table 1
        assert _names(page) == ["Жанна", "כא", "ךב", "כהן", "Bob", "елена", "adam", "ёлка"]
        assert "sort=table" in page.url  # the choice stays in the address (and the pager's links)
        expect(page.locator("#export-links a").first).to_have_attribute("href", re.compile(r"sort=table$"))
        shot(page, tmp_path, "guests-sorted-by-table-he")
        page.select_option("#sort", "party_size")
        expect(page.locator("#guest-list .guest .title").first).to_have_text("כהן")  # 10 before 9
        assert _names(page)[:3] == ["כהן", "ךב", "כא"]
        page.goto(f"{console.base}/app/lang/ru?back={event_path}/guests")
        assert _names(page)[:4] == ["елена", "ёлка", "Жанна", "adam"]  # Cyrillic first on a Russian page
        shot(page, tmp_path, "guests-sorted-by-name-ru")
