"""How long a sentence takes to write with grammar: p50 / p99 per rendered text, and the one-off load.

    .venv/bin/python benchmarks/wording_render.py

Renders the queued hand-over reply (a Russian weekday after "с", a Hebrew prefix before a date) and the
RSVP reply (an event title after "на" / "ל", a counted guest) in the three languages, many times.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from handlers.support_texts import say_when
from handlers.texts import text


def main() -> None:
    started = time.perf_counter()
    text("support_queued", "ru", number="T-1", closed_for="", when=say_when(datetime.now(UTC), "ru", ZoneInfo("UTC")))
    print(f"first sentence (loads pymorphy3 and the text files): {(time.perf_counter() - started) * 1000:.0f} ms")
    times = []
    base = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    for i in range(3000):
        lang = ("he", "en", "ru")[i % 3]
        moment = say_when(base + timedelta(days=i % 7), lang, ZoneInfo("Asia/Jerusalem"))
        t0 = time.perf_counter()
        text("support_queued", lang, number="T-1", closed_for="", when=moment)
        text("rsvp_coming", lang, name="Dana", event=("Золотая свадьба", "החתונה", "Example Hall")[i % 3],
             date="12.03.2027 19:30", party_size=i % 25 + 1)
        times.append((time.perf_counter() - t0) * 1000 / 2)
    times.sort()
    print(f"per sentence: p50 {statistics.median(times):.3f} ms, p99 {times[int(len(times) * 0.99)]:.3f} ms "
          f"({len(times) * 2} sentences)")


if __name__ == "__main__":
    main()
