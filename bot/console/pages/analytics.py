"""Analytics (/app/analytics): how the bot and the people did per day, for owners and staff.

The numbers come from handlers/analytics.py (SQL aggregates); this page only draws them as small
inline SVG bar charts (the Chart/Bar shapes of bot/console/chart.py) so it works without scripts.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import HTTPException, Query, Request
from fastapi.responses import Response

from bot.console.chart import HEIGHT, PAD, WIDTH, Bar, Chart
from bot.console.deps import STAFF_ROLES, DbDep, StaffDep, WorkspaceDep, lang_of
from bot.console.i18n import text
from bot.console.nav import NavEntry, register
from bot.console.routing import page_router
from bot.core.workspaces import Workspace
from bot.deps import ServicesDep
from bot.services import Services
from handlers import analytics
from knowledge.kb import KnowledgeBaseError

router = page_router("/analytics")
register(NavEntry("analytics", "/app/analytics", STAFF_ROLES, order=7))
CHARTS = (("inbound", "#2456a6"), ("outbound", "#6b8fd4"), ("conversations", "#1c7c3c"),
          ("deflected", "#2e9e58"), ("handed", "#b26a00"), ("queued", "#8a5a00"), ("unanswered", "#b3261e"),
          ("opt_outs", "#6d6d6d"), ("ratings", "#7b3fa0"))


def bars(days: list[date], values: list[int], colour: str, name: str) -> Chart | None:
    """One bar a day on a shared scale; None when the whole period is empty."""
    peak = max(values, default=0)
    if not peak:
        return None
    step = (WIDTH - 2) / len(days)
    width, usable = max(2.0, step * 0.7), HEIGHT - PAD
    out, ticks = [], []
    for index, (day, value) in enumerate(zip(days, values, strict=True)):
        x = 1 + index * step + (step - width) / 2
        height = value / peak * (usable - 4)
        if value:
            out.append(Bar(round(x, 1), round(usable - height, 1), round(width, 1), round(height, 1), colour,
                           f"{day.isoformat()} {name} {value}"))
        if len(days) <= 7 or index % max(1, len(days) // 6) == 0:
            ticks.append((round(x + width / 2, 1), day.strftime("%d.%m")))
    return Chart(bars=out, ticks=ticks, peak=peak)


@router.get("", summary="Analytics per day")
def page(request: Request, logged: StaffDep, workspace: WorkspaceDep, session: DbDep, services: ServicesDep,
         days: Annotated[int, Query()] = 7) -> Response:
    from bot.console.templating import render
    if days not in analytics.PERIODS:  # the period links' choices; a forged one is refused, not replaced
        raise HTTPException(422, "not one of the periods")
    period = days
    report = analytics.build(session, workspace, services.now(), period)
    charts = [(name, bars(report.days, report.series[name], colour, name)) for name, colour in CHARTS]
    lang = lang_of(request)
    return render(request, "analytics/page.html", {"report": report, "charts": charts, "period": period,
                                                   "periods": analytics.PERIODS,
                                                   "topic_titles": _topic_titles(services, workspace, report, lang),
                                                   "duration": lambda minutes: duration(minutes, lang)})


def duration(minutes: float, lang: str) -> str:
    """A median time as an owner reads it: "12 min" under an hour, "6 h 58 min" over (not "417.5 min")."""
    whole = int(minutes + 0.5)
    if whole < 60:
        return text("analytics.minutes", lang, n=whole)
    return text("analytics.hours_minutes", lang, h=whole // 60, m=whole % 60)


def _topic_titles(services: Services, workspace: Workspace, report: analytics.Report, lang: str) -> dict[str, str]:
    """Each top topic's title from the knowledge base in the reader's language (the id for one gone since)."""
    try:
        kb = services.knowledge.get(workspace.slug) if services.knowledge else None
    except KnowledgeBaseError:  # a workspace without a knowledge base has no topics
        kb = None
    titles: dict[str, str] = {}
    for name, _ in report.topics:
        topic = kb.topics.get(name) if kb is not None else None
        titles[name] = (topic.title.get(lang) or name) if topic is not None else name
    return titles
