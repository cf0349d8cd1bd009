"""Answers over time as a small stacked-bar SVG drawn on the server (no chart library needed)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

SERIES = (("coming", "#1c7c3c"), ("maybe", "#b26a00"), ("not_coming", "#b3261e"))
WIDTH, HEIGHT, PAD = 320, 120, 18
MAX_DAYS = 30


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    ticks: list[tuple[float, str]]   # x, day label
    peak: int
    width: int = WIDTH
    height: int = HEIGHT


def answers_chart(by_day: dict[date, Counter[str]]) -> Chart | None:
    """The last 30 days that had answers, one stacked bar each; None when nobody answered yet."""
    days = list(by_day.items())[-MAX_DAYS:]
    if not days:
        return None
    peak = max(sum(c[s] for s, _ in SERIES) for _, c in days) or 1
    step = (WIDTH - 2) / len(days)
    width = max(2.0, step * 0.7)
    usable = HEIGHT - PAD
    bars: list[Bar] = []
    ticks: list[tuple[float, str]] = []
    for index, (day, counts) in enumerate(days):
        x, base = 1 + index * step + (step - width) / 2, float(usable)
        for status, colour in SERIES:
            if counts[status]:
                height = counts[status] / peak * (usable - 4)
                base -= height
                bars.append(Bar(round(x, 1), round(base, 1), round(width, 1), round(height, 1), colour,
                                f"{day.isoformat()} {status} {counts[status]}"))
        if len(days) <= 7 or index % max(1, len(days) // 6) == 0:
            ticks.append((round(x + width / 2, 1), day.strftime("%d.%m")))
    return Chart(bars=bars, ticks=ticks, peak=peak)
