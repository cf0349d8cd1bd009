"""Quiet hours (nights, Shabbat, holidays) and owner templates (sandboxed, strict, policy rules)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler.campaigns.quiet_hours import next_allowed, quiet_reason
from scheduler.campaigns.rules import rules_for
from scheduler.campaigns.templates import TemplateError, check_template, render, sample_values
from tests.campaigns.factories import event_rsvp

IL = ZoneInfo("Asia/Jerusalem")


def il(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=IL)


@pytest.mark.parametrize(("at", "reason", "allowed"), [
    ("2026-11-22T10:00", None, "2026-11-22T10:00"),                      # Sunday morning
    ("2026-11-22T22:00", "night", "2026-11-23T08:00"),
    ("2026-11-23T07:59", "night", "2026-11-23T08:00"),
    ("2026-11-27T13:59", None, "2026-11-27T13:59"),                      # Friday before Shabbat
    ("2026-11-27T14:00", "shabbat", "2026-11-28T20:00"),
    ("2026-11-28T19:00", "shabbat", "2026-11-28T20:00"),
    ("2026-11-28T21:00", None, "2026-11-28T21:00"),                      # Saturday night after Shabbat
    ("2026-09-20T15:00", "holiday eve: Yom Kippur", "2026-09-21T20:00"),
    ("2026-09-21T12:00", "holiday: Yom Kippur", "2026-09-21T20:00"),
    ("2026-09-11T15:00", "shabbat", "2026-09-13T20:00"),                 # Shabbat, then Rosh Hashanah day 2
])
def test_quiet_periods_and_the_next_allowed_time(at: str, reason: str | None, allowed: str) -> None:
    rules = rules_for(event_rsvp())
    assert quiet_reason(rules, il(at)) == reason
    assert next_allowed(rules, il(at)) == il(allowed)
    assert quiet_reason(rules, next_allowed(rules, il(at))) is None


def test_a_workspace_without_quiet_hours_never_waits() -> None:
    rules = rules_for(event_rsvp())
    from dataclasses import replace

    open_rules = replace(rules, quiet_start=None, quiet_end=None, shabbat=False, holidays_country=None)
    assert quiet_reason(open_rules, il("2026-11-27T23:00")) is None


def test_templates_render_all_variables() -> None:
    text = "{{ name }}|{{ event }}|{{ date }}|{{ time }}|{{ venue }}|{{ link }}|{{ table }}"
    check_template("invitation", text)
    assert render(text, sample_values()) == "Dana|Wedding|12.03.2027|19:30|Example Hall|https://example.com/r/token|7"


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("invitation", "Hi {{ nmae }}", "unknown variable 'nmae'"),
    ("invitation", "Hi {{ name }", "syntax error"),
    ("invitation", "{{ name.__class__.__mro__ }}", "not allowed"),
    ("thank_you", "Thanks {{ name }} {{ link }}", "no personal link"),
    ("on_the_way", "Table {{ table }}", "standard text only"),
    ("reminder", "   ", "empty"),
])
def test_bad_templates_are_refused_with_a_clear_reason(kind: str, text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        check_template(kind, text)
