"""The dashboard's table by group (group, invited, coming, not coming, maybe, waiting) is six columns:
on a 390 px phone in Russian or Hebrew the last ones were cut off inside a card that scrolled sideways
with nothing saying so, and planners read "waiting" as missing. On a phone each group is now a small
block of labelled figures, nothing hidden to the side; on a wide screen it stays a table.

Chromium lays the real page out at 390 px with the console's stylesheet inlined (as test_long_values_layout)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.console.live import PHONE, browser_context, need_browser
from tests.console.test_pages import create_event, import_guests

pytestmark = pytest.mark.browser
CSS = Path(__file__).resolve().parents[2] / "bot" / "console" / "static" / "console.css"
GROUPS = ("name,phone,invited,group\nAvi,0522345601,2,משפחה קרובה של הכלה\nGal,0522345602,1,חברים מהצבא\n"
          "Noa,0522345603,3,עבודה\n")


def _layout(html: str, width: int) -> dict:
    styled = re.sub(r'<link rel="stylesheet"[^>]*>', f"<style>{CSS.read_text(encoding='utf-8')}</style>", html)
    styled = re.sub(r"<script[^>]*>\s*</script>", "", styled)
    with browser_context(viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True) as context:
        page = context.new_page()
        page.set_content(styled)
        return page.evaluate("""() => {
            const table = document.querySelector('#by-group');
            const box = table.closest('section');
            const cells = [...table.querySelectorAll('tbody td')];
            return {overflow: box.scrollWidth - box.clientWidth, page: document.documentElement.scrollWidth,
                    outside: cells.filter(c => { const r = c.getBoundingClientRect();
                                                 return r.left < 0 || r.right > window.innerWidth; }).length,
                    labels: cells.filter(c => !['none', 'normal'].includes(
                        getComputedStyle(c, '::before').content)).length,
                    cells: cells.length, header: getComputedStyle(table.querySelector('thead')).position};
        }""")


@pytest.mark.parametrize("lang", ["ru", "he"])
def test_the_group_table_fits_a_phone_with_every_figure_labelled(logged_in: tuple[TestClient, str],
                                                                 lang: str) -> None:
    need_browser()
    client, token = logged_in
    event_id = create_event(client, token)
    import_guests(client, token, event_id, body=GROUPS)
    client.get(f"/app/lang/{lang}?back=/app/events")
    html = client.get(f"/app/events/{event_id}").text
    assert 'id="by-group"' in html
    phone = _layout(html, PHONE["width"])
    assert phone["overflow"] <= 0 and phone["outside"] == 0 and phone["page"] <= PHONE["width"], phone
    assert phone["labels"] >= phone["cells"] - 3, phone  # each figure says what it counts (not the group names)
    wide = _layout(html, 1000)
    assert wide["labels"] == 0 and wide["header"] != "absolute", wide  # a real table on a wide screen
