"""Campaign texts: the owner's own text or the standard one, rendered per guest with Jinja2.

The sandbox (sandbox.py) keeps an owner's template from reaching Python internals and bounds what
it may build and how long it may take (limits from settings, docs/limits.md); StrictUndefined turns
a typo such as `{{ nmae }}` into an error naming the variable instead of an empty gap in 500 messages.
Templates are checked when a campaign is created, so a bad one never reaches the send time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.exceptions import SecurityError, UndefinedError

from bot.core import limits
from bot.core.models import Event
from knowledge.grammar import jinja as grammar
from scheduler.campaigns.sandbox import BoundedEnvironment, RenderLimit
from scheduler.rsvp.messages import type_name

VARIABLES = ("name", "event", "date", "time", "venue", "link", "table")
TEXTS_FILE = Path(__file__).with_name("templates.yaml")
KINDS_WITHOUT_LINK = frozenset({"thank_you"})        # policy: every message has the personal link except thank-you
KINDS_WITHOUT_CUSTOM_TEXT = frozenset({"on_the_way"})  # policy: "on the way with table" only from the list



class TemplateError(ValueError):
    """An owner's template that cannot be used; the message says what to fix (in English, for the API and
    the command line). `code` names the problem and `values` its particulars, so the console can say it in
    the planner's language without reading the sentence."""

    def __init__(self, message: str, code: str = "template_render", **values: Any) -> None:
        super().__init__(message)
        self.code, self.values = code, values


@lru_cache(maxsize=1)
def standard_texts() -> dict[str, dict[str, str]]:
    data = yaml.safe_load(TEXTS_FILE.read_text(encoding="utf-8"))
    return {kind: dict(texts) for kind, texts in data.items()}


def standard_text(kind: str, lang: str) -> str:
    texts = standard_texts()[kind]
    return texts.get(lang) or texts["he"]


@lru_cache(maxsize=4)
def _environment(bounds: limits.Limits) -> BoundedEnvironment:
    environment = BoundedEnvironment(max_chars=bounds.rendered_chars, max_seconds=bounds.render_seconds,
                                     max_range=bounds.range_items, undefined=StrictUndefined, autoescape=False,
                                     keep_trailing_newline=False)
    environment.filters.update(grammar.FILTERS)  # {{ event|after('на', 'loct') }}: docs/wording.md
    return environment


@lru_cache(maxsize=512)
def _prepared(source: str, plural: bool) -> str:
    """The source with its form of address and glued prefixes resolved: the same for every guest of a
    party size class, so a campaign of 1,000 guests rewrites it twice, not 1,000 times."""
    return grammar.prepare(source, plural)


@lru_cache(maxsize=256)
def _compiled(source: str, bounds: limits.Limits) -> Any:
    environment = _environment(bounds)
    environment.refuse_unbounded(environment.parse(source))
    return environment.from_string(source)


@lru_cache(maxsize=512)
def used_variables(source: str, plural: bool) -> tuple[str, ...]:
    """The variables a (prepared) template reads, sorted: a guest's text depends on these values only, so
    guests who share them share the text. A source that does not parse reads everything (no grouping)."""
    try:
        parsed = _environment(limits.current()).parse(_prepared(source, plural))
    except TemplateSyntaxError:
        return VARIABLES
    return tuple(sorted(meta.find_undeclared_variables(parsed) & set(VARIABLES)))


def check_template(kind: str, source: str) -> None:
    """Refuse a template that would fail or break the policy, before anything is scheduled."""
    if not source.strip():
        raise TemplateError("the template is empty", "template_empty")
    bounds = limits.current()
    if len(source) > bounds.template_chars:
        raise TemplateError(f"the template is {len(source)} characters; at most {bounds.template_chars}",
                            "template_chars", n=len(source), limit=bounds.template_chars)
    if kind in KINDS_WITHOUT_CUSTOM_TEXT:
        raise TemplateError("'on the way with table number' messages use the standard text only (policy); "
                            "leave the template empty", "on_the_way_text")
    try:
        parsed = _environment(bounds).parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error on line {exc.lineno}: {exc.message}",
                            "template_syntax") from exc
    unknown = sorted(meta.find_undeclared_variables(parsed) - set(VARIABLES))
    if unknown:
        names = ", ".join("{{ " + u + " }}" for u in unknown)
        meant = list(dict.fromkeys("{{ " + m + " }}" for u in unknown if (m := meant_field(u))))
        hint = f"; did you mean {', '.join(meant)}?" if meant else ""
        raise TemplateError(f"unknown variable {', '.join(repr(u) for u in unknown)} in the template; "
                            f"known: {', '.join(VARIABLES)}{hint}", "unknown_field", names=names,
                            known=" ".join("{{ " + v + " }}" for v in VARIABLES), meant=", ".join(meant))
    single = SINGLE_BRACES.search(source)
    if single:  # '{name}' is sent as typed: every guest would get the braces, not their name
        raise TemplateError(f"'{single.group(0)}' needs two braces on each side: {{{{ {single.group(1)} }}}}",
                            "single_braces", typed=single.group(0), fixed="{{ " + single.group(1) + " }}")
    if kind in KINDS_WITHOUT_LINK and "link" in meta.find_undeclared_variables(parsed):
        raise TemplateError("thank-you messages carry no personal link (policy); remove {{ link }}", "thank_you_link")
    render(source, sample_values())  # runtime errors (filters on wrong types, sandbox refusals)


SINGLE_BRACES = re.compile(r"(?<!\{)\{\s*(" + "|".join(VARIABLES) + r")\s*\}(?!\})")
# A field typed in the planner's own words: {{ שם }} or {{ имя }} is surely {{ name }}.
_FIELD_WORDS = {"שם": "name", "השם": "name", "имя": "name", "אירוע": "event", "האירוע": "event",
                "событие": "event", "תאריך": "date", "дата": "date", "שעה": "time", "время": "time",
                "מקום": "venue", "אולם": "venue", "место": "venue", "קישור": "link", "ссылка": "link",
                "שולחן": "table", "стол": "table"}


def meant_field(typed: str) -> str | None:
    """The known field an unknown one most likely meant ('nmae', 'Name', 'שם' -> 'name'), or None."""
    import difflib

    word = typed.strip().casefold()
    if word in VARIABLES:
        return word
    if word in _FIELD_WORDS:
        return _FIELD_WORDS[word]
    close = difflib.get_close_matches(word, VARIABLES, n=1, cutoff=0.6)
    return close[0] if close else None


def _undefined_name(message: str | None) -> str:
    """The variable Jinja names in "'nme' is undefined" (the whole message when it names none)."""
    quoted = re.search(r"'([^']{1,40})'", message or "")
    return quoted.group(1) if quoted else (message or "?")


def render(source: str, values: dict[str, str], *, plural: bool = True) -> str:
    """The message for one guest; TemplateError when the template fails or passes a render limit.

    `plural`: the form of address for Hebrew `[singular|plural]` (plural for a party of several).
    """
    bounds = limits.current()
    try:
        compiled = _compiled(_prepared(source, plural), bounds)
        return grammar.finish(_environment(bounds).render_bounded(compiled, values).strip())
    except UndefinedError as exc:
        raise TemplateError(f"unknown variable in the template: {exc.message}", "unknown_field",
                            names=_undefined_name(exc.message)) from exc
    except RenderLimit as exc:
        raise TemplateError(f"the template passes a limit: {exc}", "template_limit") from exc
    except SecurityError as exc:
        raise TemplateError(f"the template does something not allowed: {exc}", "template_limit") from exc
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template syntax error on line {exc.lineno}: {exc.message}",
                            "template_syntax") from exc
    except Exception as exc:  # a filter applied to the wrong kind of value
        raise TemplateError(f"the template cannot be rendered: {exc}", "template_render") from exc


@dataclass(frozen=True)
class EventValues:
    """The per-event part of the variables, computed once per campaign rather than per guest."""

    event: str  # the owner's title; empty when untitled (then the event type names it, never its key)
    date: str
    time: str
    venue: str
    type: str = "wedding"
    # the owner's title and venue per language, {"en": {"title": ..., "venue": ...}} (scheduler/rsvp/event_texts.py)
    localized: tuple[tuple[str, str, str], ...] = ()

    @classmethod
    def of(cls, event: Event) -> EventValues:
        local: datetime = event.starts_at.astimezone(ZoneInfo(event.timezone))
        versions = tuple((lang, field, str(value).strip()) for lang, fields in (event.localized or {}).items()
                         for field, value in (fields or {}).items() if str(value).strip())
        return cls(event=event.title.strip(), date=local.strftime("%d.%m.%Y"), time=local.strftime("%H:%M"),
                   venue=event.venue, type=event.type, localized=versions)

    def _in(self, lang: str, field: str, default: str) -> str:
        return next((v for code, f, v in self.localized if code == lang and f == field), default)

    def name(self, lang: str) -> str:
        return self._in(lang, "title", self.event) or type_name(self.type, lang)

    def venue_in(self, lang: str) -> str:
        return self._in(lang, "venue", self.venue)


def values_for(event: EventValues, name: str, link: str, table: str | None, lang: str = "he") -> dict[str, str]:
    return {"name": name, "event": event.name(lang), "date": event.date, "time": event.time,
            "venue": event.venue_in(lang), "link": link, "table": table or ""}


def sample_values() -> dict[str, str]:
    return {"name": "Dana", "event": "Wedding", "date": "12.03.2027", "time": "19:30", "venue": "Example Hall",
            "link": "https://example.com/r/token", "table": "7"}


def source_for(kind: str, custom: str, lang: str) -> str:
    """The owner's text when given, else the standard text in the guest's language."""
    return custom if custom.strip() else standard_text(kind, lang)
