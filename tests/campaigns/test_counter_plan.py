"""The live counter's plan (count_only: stand-in links, each distinct text rendered and counted once) gives
every guest the same segments, billed segments and encoding as the plan dispatch sends from; the preview's
samples still carry the guest's real link; and the segment counter's one-cluster-per-character fast path
agrees with full grapheme segmentation (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import regex
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.core.models import Event, RsvpAccount
from scheduler import segments
from scheduler.campaigns import audiences
from scheduler.campaigns.audiences import LinkMaker, plan_recipients
from scheduler.campaigns.preview import build_preview
from scheduler.campaigns.rules import rules_for
from scheduler.rsvp.links import verify_token
from tests.campaigns.factories import BASE_URL, SECRET, add_guests, event_rsvp, make_event, mobile

NAMES = ["דנה", "Avi", "Ольга", "José", "Zoë e\u0301", "👍🏽 Noa", "משפחת כהן-לוי הגדולה מאוד מאוד מרחוב הרצל",
         "A" * 60, "נועה", "Dana"]
TEMPLATES = [
    "",                                                                   # the standard texts, per language
    "שלום {{ name }}, [הוזמנת|הוזמנתם] ל{{ event }} ב-{{ date }}. שולחן {{ table }}. {{ link }}",
    "You are invited to {{ event }} on {{ date }} at {{ time }}, {{ venue }}: {{ link }}",  # GSM-7, no name
    "{{ name|upper }} {{ name|length }} — {{ link }}",                   # filters on the name
    "הוזמנתם ל{{ event }} 🎉 {{ link }}",                                  # an emoji, no name
]


def _guests(engine: Engine, event_id: int) -> None:
    add_guests(engine, event_id, [
        {"name": NAMES[i % len(NAMES)], "phone": mobile(i), "status": "not_invited",
         "language": [None, "he", "en", "ru"][i % 4], "table_number": str(i % 3 or "")} for i in range(40)])


@pytest.mark.parametrize("template", TEMPLATES)
def test_count_only_plan_counts_every_guest_like_the_real_plan(engine: Engine, template: str) -> None:
    _, event_id = make_event(engine)
    _guests(engine, event_id)
    links = LinkMaker(BASE_URL, SECRET)
    for chars in (None, 134):  # network segments and the event-rsvp per-character billing
        rules = replace(rules_for(event_rsvp()), chars_per_segment=chars)
        with Session(engine) as session:
            event = session.get(Event, event_id)
            assert event is not None
            real = plan_recipients(session, event=event, kind="invitation", channel="sms", template=template,
                                   rules=rules, links=links)
            counted = plan_recipients(session, event=event, kind="invitation", channel="sms", template=template,
                                      rules=rules, links=links, count_only=True)
        assert len(real.recipients) == 40
        assert [(m.guest_id, m.segments, m.billed, m.encoding, len(m.body)) for m in counted.recipients] == \
               [(m.guest_id, m.segments, m.billed, m.encoding, len(m.body)) for m in real.recipients]
        assert len({m.segments for m in real.recipients}) > 1 or "name" not in template  # the names do matter


def test_a_text_without_the_name_is_rendered_once_per_language_and_form(engine: Engine,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _, event_id = make_event(engine)
    _guests(engine, event_id)
    calls: list[str] = []
    real_render = audiences.render

    def counting(source: str, values: dict[str, str], **kwargs: Any) -> str:
        calls.append(source)
        return real_render(source, values, **kwargs)

    monkeypatch.setattr(audiences, "render", counting)
    with Session(engine) as session:
        event = session.get(Event, event_id)
        assert event is not None
        plan = plan_recipients(session, event=event, kind="invitation", channel="sms", template=TEMPLATES[2],
                               rules=rules_for(event_rsvp()), links=LinkMaker(BASE_URL, SECRET), count_only=True)
    assert len(plan.recipients) == 40
    assert len(calls) <= 2  # one text, at most a singular and a plural form (none in this template)


def test_preview_samples_carry_the_real_link(engine: Engine) -> None:
    account_id, event_id = make_event(engine)
    _guests(engine, event_id)
    with Session(engine) as session:
        event, account = session.get(Event, event_id), session.get(RsvpAccount, account_id)
        assert event is not None and account is not None
        summary = build_preview(session, event=event, account=account, kind="invitation", channel="sms",
                                template=TEMPLATES[1], rules=rules_for(event_rsvp()),
                                links=LinkMaker(BASE_URL, SECRET))
    assert set(summary["samples"]) == {"he", "en", "ru"}
    for text in summary["samples"].values():
        token = text.rsplit("/r/", 1)[1]
        assert verify_token(SECRET, token) is not None, text


@pytest.mark.parametrize("text", [
    "שלום דנה, הוזמנתם", "plain ascii", "e\u0301 combining", "👍🏽 modifier", "👨\u200d👩\u200d👧 family",
    "🇮🇱 flag", "line\r\nbreak", "cr\ronly", "한국어 \u1100\u1161\u11a8 jamo", "क्षि devanagari", "בְּרֵאשִׁית niqqud",
    "\U0001F600 astral", "",
])
def test_cluster_fast_path_agrees_with_grapheme_segmentation(text: str) -> None:
    slow: list[str] = []
    for cluster in regex.findall(r"\X", text):
        slow.extend(("\r", "\n") if cluster == "\r\n" else (cluster,))
    assert segments._clusters(text) == slow
    assert segments.count_characters(text) == len(regex.findall(r"\X", text))
    for size in (1, 69, 70, 71, 134, 160, 161, 400):
        long = (text or "x") * (size // max(1, len(text)) + 1)
        assert segments.count_segments(long) == _reference_count(long)


def _reference_count(text: str) -> segments.SegmentCount:
    """The count through the general greedy fill, never the fast paths."""
    if segments.is_gsm7(text):
        encoding: segments.Encoding = "GSM-7"
        costs = [segments._SEPTETS[c] for c in text]
    else:
        encoding = "UCS-2"
        costs = []
        for cluster in regex.findall(r"\X", text):
            costs.extend([1, 1] if cluster == "\r\n" else [segments._utf16_units(cluster)])
    single, multi = segments._CAPACITY[encoding]
    parts: list[list[int]] = [[]]
    header, used = False, 0
    for cost in costs:
        if (multi if header else single) - used < cost:
            carried: list[int] = []
            if not header:
                header = True
                while sum(parts[0]) > multi:
                    carried.insert(0, parts[0].pop())
            parts.append(carried)
            used = sum(carried)
        parts[-1].append(cost)
        used += cost
    units = tuple(sum(p) for p in parts)
    return segments.SegmentCount(encoding=encoding, segments=len(units), units=sum(units), segment_units=units)


def test_the_live_counter_parses_each_number_once(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """The counter plans every guest on each keystroke; libphonenumber runs once per number, not per keystroke."""
    _, event_id = make_event(engine)
    _guests(engine, event_id)
    parsed: list[str] = []
    real_normalize = audiences.normalize_phone
    monkeypatch.setattr(audiences, "normalize_phone", lambda raw: parsed.append(raw) or real_normalize(raw))
    audiences._parsed.cache_clear()
    with Session(engine) as session:
        event = session.get(Event, event_id)
        assert event is not None
        for typed in ("שלום {{ name }}", "שלום {{ name }}, {{ link }}"):
            plan_recipients(session, event=event, kind="invitation", channel="sms", template=typed,
                            rules=rules_for(event_rsvp()), links=LinkMaker(BASE_URL, SECRET), count_only=True)
    assert sorted(parsed) == sorted({mobile(i) for i in range(40)})
