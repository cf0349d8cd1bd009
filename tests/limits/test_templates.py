"""Issue 13, item 1: an owner's campaign template cannot take the server's memory or time.

`{{ name * 1000000 }}` returned 52 MB after 21 s and `{{ (name ~ 'x') * 10000000 }}` took 6.4 GB;
scheduling accepted templates of hundreds of segments. Each is now a 422 that names the limit.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from jinja2 import StrictUndefined
from sqlalchemy.engine import Engine

from bot.core import limits
from scheduler.campaigns.rules import rules_for
from scheduler.campaigns.sandbox import BoundedEnvironment, RenderLimit
from scheduler.campaigns.scheduling import CampaignError, check_segments
from scheduler.campaigns.templates import TemplateError, render, sample_values
from tests.campaigns.factories import add_guests, event_rsvp, make_event, mobile

TOKEN = {"Authorization": "Bearer demo-token-event-rsvp-00004"}
BASE = "/api/workspaces/event-rsvp/events/wedding-1/campaigns"


def _event_with_guests(engine: Engine) -> None:
    _, event_id = make_event(engine)
    add_guests(engine, event_id, [{"name": "Avi", "phone": mobile(1)}, {"name": "Noa", "phone": mobile(2)}])


@pytest.mark.parametrize("template", ["{{ name * 1000000 }}", "{{ (name ~ 'xxxxxxxxxx') * 10000000 }}"])
def test_repeating_a_text_in_a_preview_is_a_clear_422(api: TestClient, engine: Engine, template: str) -> None:
    _event_with_guests(engine)
    response = api.post(f"{BASE}/preview", json={"kind": "invitation", "template": template}, headers=TOKEN)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["field"] == "template"
    assert "at most 4000" in detail["message"]
    assert len(response.content) < 2000


@pytest.mark.parametrize(("template", "words"), [
    ("{% set a = name * 900 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c }}", "joining texts with ~"),
    ("{% for i in range(10) %}{{ name }}{% endfor %}", "loops are not allowed"),
    ("{{ '{:>999999999}'.format(name) }}", "format() is not allowed"),
    ("{{ '%999999999s' % name }}", "'%' formatting"),
    ("{{ name|center(1000000000) }}", "too large"),
    ("{{ name.replace('', name * 500) }}", "replace() would make"),
    ("{{ name|replace('', 'abcdefghij' * 100) }}", "replace() would make"),
    ("{{ (name * 400)|list|join(name * 900) }}", "join would make"),
    ("{{ range(100000)|list }}", "too large"),
    ("{{ name.expandtabs(10) }}", "expandtabs() is not allowed"),
    ("{{ name|indent(1000) }}", "No filter named 'indent'"),
])
def test_every_way_to_grow_a_text_is_refused(template: str, words: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(words)):
        render(template, sample_values())


def test_ordinary_templates_still_render() -> None:
    out = render("Hi {{ name|upper }}, {{ event }} {% if table %}table {{ table }}{% endif %} {{ link }}",
                 sample_values())
    assert out == "Hi DANA, Wedding table 7 https://example.com/r/token"
    assert render("{{ name * 3 }} {{ range(3)|join('-') }}", sample_values()) == "DanaDanaDana 0-1-2"


def test_the_rendered_size_and_render_time_are_bounded() -> None:
    environment = BoundedEnvironment(max_chars=50, max_seconds=5, max_range=10, undefined=StrictUndefined)
    with pytest.raises(RenderLimit, match="the message would make"):
        environment.render_bounded(environment.from_string("{{ name }}" * 20), {"name": "abcd"})
    slow = BoundedEnvironment(max_chars=50, max_seconds=1e-9, max_range=10, undefined=StrictUndefined)
    with pytest.raises(RenderLimit, match="longer than"):
        slow.render_bounded(slow.from_string("{{ name ~ name }}"), {"name": "abcd"})


def test_the_template_length_limit_comes_from_settings(tmp_path) -> None:
    from tests.conftest import make_settings

    try:
        limits.configure(make_settings(tmp_path, template_max_chars=100))
        with pytest.raises(CampaignError, match="at most 100"):
            from scheduler.campaigns.scheduling import check_spec

            check_spec("invitation", "sms", "x" * 101 + "{{ link }}")
    finally:
        limits.configure(make_settings(tmp_path))


def test_scheduling_refuses_a_message_past_the_segment_limit(api: TestClient, engine: Engine) -> None:
    _event_with_guests(engine)
    long_hebrew = "ש" * 800 + " {{ link }}"  # UCS-2: 12+ segments
    body = {"kind": "invitation", "template": long_hebrew, "send_at": "2026-11-23T11:00:00+02:00"}
    preview = api.post(f"{BASE}/preview", json=body | {"send_at": None}, headers=TOKEN)
    assert preview.status_code == 422  # send_at is not a preview field
    refused = api.post(BASE, json=body, headers=TOKEN)
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail["max_segments"] == 10 and detail["segments"] > 10
    assert api.get(BASE, headers=TOKEN).json() == []
    short = api.post(BASE, json=body | {"template": "שלום {{ name }} {{ link }}"}, headers=TOKEN)
    assert short.status_code == 201


def test_the_workspace_file_may_lower_the_segment_limit() -> None:
    rules = rules_for(event_rsvp())
    check_segments(rules, "sms", 10)
    with pytest.raises(CampaignError, match="at most 2"):
        check_segments(type(rules)(**{**vars(rules), "max_segments": 2}), "sms", 3)
    check_segments(rules, "whatsapp", 50)  # the SMS segment limit is about SMS


# Found by the review of 2026-12 (docs/security-review-2026-12.md): size checks that counted a list's
# items, not what it prints, and producers the sandbox did not see, let a short template take gigabytes.
@pytest.mark.parametrize(("template", "words"), [
    ("{{ [[name * 1000] * 1000] * 1000 }}", "would make"),              # printed: 4 GB from 40 characters
    ("{{ ([[name * 1000] * 1000] * 1000)|string|length }}", "would make"),
    ("{% set a = [name * 1000] %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}{{ [b, b, b, b, b, b, b, b, b, b] }}",
     "would make"),                                                    # list literals multiply too
    ("{% set l = name.split() %}{{ l.extend(l) or l|length }}", "unsafe"),  # mutating a list in place
    ("{% set a0 = name * 1000 %}{% set a1 %}{{ a0 }}{{ a0 }}{% endset %}{{ a1|length }}", "set blocks"),
    ("{% block b %}{{ name }}{% endblock %}{{ self.b() }}", "blocks"),
])
def test_containers_and_blocks_cannot_multiply_a_text(template: str, words: str) -> None:
    with pytest.raises(TemplateError, match=re.escape(words)):
        render(template, sample_values())


@pytest.mark.parametrize("template", ["{{ name|attr('__class__') }}", "{{ name|indent(4) }}",
                                      "{% if name is nonesuch %}x{% endif %}"])
def test_an_unknown_filter_or_test_in_a_preview_is_a_422_not_a_500(api: TestClient, engine: Engine,
                                                                  template: str) -> None:
    _event_with_guests(engine)
    response = api.post(f"{BASE}/preview", json={"kind": "invitation", "template": template}, headers=TOKEN)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]["field"] == "template"


def test_small_lists_in_templates_still_work() -> None:
    values = sample_values() | {"name": "Dana Levi"}
    assert render("{{ name.split()|first }} {{ [event, venue]|join(', ') }} {{ (1, 2)|last }}", values) == \
        "Dana Wedding, Example Hall 2"


def test_the_render_time_limit_counts_the_renders_own_work_not_waiting() -> None:
    """A loaded machine (waiting for a core) must not refuse a normal template; work past the limit must."""
    import time

    def slow_filter(value: str) -> str:
        time.sleep(0.05)  # waiting, like a render that waits for a core: no CPU of its own
        return value

    env = BoundedEnvironment(max_chars=4000, max_seconds=0.02, max_range=100, undefined=StrictUndefined)
    env.filters["wait"] = env._bounded_filter(slow_filter)  # noqa: SLF001 (the environment's own wrapping)
    waiting = env.from_string("{{ name | wait }} {{ name | wait }} {{ name }}")
    assert env.render_bounded(waiting, {"name": "Avi"}) == "Avi Avi Avi"
    busy = BoundedEnvironment(max_chars=4000, max_seconds=0.0, max_range=100, undefined=StrictUndefined)
    heavy = busy.from_string("{{ name }}" + " {{ name }}" * 50)
    with pytest.raises(RenderLimit, match="took longer"):
        busy.render_bounded(heavy, {"name": "Avi"})
