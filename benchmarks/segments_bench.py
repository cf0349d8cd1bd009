"""How fast segment counting is, since a campaign counts every guest's personalised message.

Run: .venv/bin/python benchmarks/segments_bench.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduler.segments import count_segments  # noqa: E402

TEXTS: dict[str, str] = {
    "gsm-160": "Hi Dana, your table is 12. Reply YES to confirm or NO to cancel. " * 2 + "a" * 26,
    "gsm-1600-ext": ("Price: 100€ [VAT incl.] {code} ~ " * 50)[:1600],
    "hebrew-134": ("שלום דנה, האירוע יתקיים ביום חמישי. נא לאשר הגעה: " * 3)[:134],
    "hebrew-niqqud-1600": ("שָׁלוֹם " * 300)[:1600],
    "emoji-mixed-600": ("מזל טוב 🎉👍🏽🇮🇱 👨\u200d👩\u200d👧\u200d👦 " * 40)[:600],
}


def main(repeat: int = 2000) -> None:
    for name, text in TEXTS.items():
        start = time.perf_counter()
        for _ in range(repeat):
            result = count_segments(text)
        per_call = (time.perf_counter() - start) / repeat
        print(f"{name:22} {result.encoding:6} {result.segments:3} segs {per_call * 1e6:9.1f} µs/call")


if __name__ == "__main__":
    main()
