"""The compose preview in Chromium on a phone: with nobody to send to yet (a new event, or a reminder before
anyone said yes) it showed the template itself, '{{ name }}' and all. It now shows the text with a sample
guest's values and says whose; an unknown field is refused with the field it most likely meant, and a field
in single braces (sent as typed) with the two-brace form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.console.live import LiveConsole, owner_console, phone_browser
from tests.console.owner_browser import OWNER, event_with_guests, shot

pytestmark = pytest.mark.browser
GUESTS = "שם,טלפון,כמות מוזמנים,קבוצה,שולחן\nיוסי לוי,052-3400001,2,,12\n"


@pytest.fixture
def console(tmp_path: Path) -> Iterator[LiveConsole]:
    with owner_console(tmp_path, OWNER, "Dana") as live:
        yield live


def test_the_compose_preview_fills_in_a_sample_guest(console: LiveConsole, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with phone_browser() as context:
        page = context.new_page()
        event_path = event_with_guests(page, console, tmp_path, "he", GUESTS)
        page.goto(console.base + event_path + "/campaigns")
        page.select_option("#kind", "reminder")  # nobody has said yes: no recipient to show
        page.fill("#template", "שלום {{ name }}, מחכים לך ב{{ venue }}, שולחן {{ table }}")
        sample = page.locator("#sample")
        expect(sample).to_contain_text("מחכים לך")  # the typed text's counter, not the standard text's before it
        expect(sample).to_contain_text("יוסי לוי")
        expect(sample).to_contain_text("Example Hall")
        expect(sample).to_contain_text("שולחן 12")
        assert "{{" not in sample.inner_text()
        expect(page.locator("#sample-example")).to_contain_text("יוסי לוי")
        assert page.locator("#count-segments").inner_text() == "1"
        shot(page, tmp_path, "compose-example-he")

        page.fill("#template", "שלום {{ nmae }}")
        error = page.locator("#counter-error")
        expect(error).to_contain_text("{{ nmae }}")
        expect(error).to_contain_text("{{ name }}")
        assert _fields_read_left_to_right(page, "#counter-error") >= 8  # nmae, name, and the known fields
        shot(page, tmp_path, "compose-unknown-field-he")
        page.fill("#template", "שלום {name}")
        expect(error).to_contain_text("{name}")  # the single-brace refusal (the one before named {{ name }} too)
        expect(error).to_contain_text("{{ name }}")
        page.fill("#date", "2026-11-24")
        page.fill("#time", "11:00")
        page.click("#schedule")  # refused on scheduling too, in words
        expect(page.locator("#schedule-error")).to_contain_text("{{ name }}")


_FIELD_BOXES = """(selector) => {
  const node = document.querySelector(selector).firstChild;
  const text = node.textContent, boxes = [];
  const box = (at) => { const r = document.createRange(); r.setStart(node, at); r.setEnd(node, at + 1);
                        return r.getBoundingClientRect(); };
  for (let at = text.indexOf("{{"); at >= 0; at = text.indexOf("{{", at + 2)) {
    const end = text.indexOf("}}", at);
    const open = box(at), close = box(end + 1);
    boxes.push({open: open.left, close: close.left, openTop: open.top, closeTop: close.top});
  }
  return boxes;
}"""


def _fields_read_left_to_right(page: object, selector: str) -> int:
    """Each {{ field }} of a Hebrew sentence shows "{{" left of "}}" and on one line (a field broken across lines,
    or mirrored, reads "}} name {{"); the number of fields checked."""
    boxes = page.evaluate(_FIELD_BOXES, selector)  # type: ignore[attr-defined]
    for field in boxes:
        assert field["open"] < field["close"], field
        assert abs(field["openTop"] - field["closeTop"]) < 2, field
    return len(boxes)

