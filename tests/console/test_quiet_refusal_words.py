"""A quiet-hours refusal in one sentence with local times in words, for the command line: it printed the
scheduler's ISO times with offsets ('2027-01-02T20:00:00+02:00') where the console says '02.01.2027 20:00,
Israel time'."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.console.campaign_errors import quiet_refusal
from scheduler.campaigns.scheduling import QuietTimeError

TZ = ZoneInfo("Asia/Jerusalem")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "No messages go out at 01.01.2027 23:00, Israel time (Shabbat). The next allowed time is 02.01.2027 "
           "20:00, Israel time."),
    ("he", "לא שולחים הודעות ב־01.01.2027 23:00, שעון ישראל (שבת). הזמן הפנוי הקרוב: 02.01.2027 20:00, שעון ישראל."),
    ("ru", "В 01.01.2027 23:00, израильское время сообщения не отправляются (шаббат)."),
])
def test_the_refusal_says_both_times_locally_in_words(lang: str, words: str) -> None:
    refused = QuietTimeError("shabbat", datetime(2027, 1, 1, 23, 0, tzinfo=TZ), datetime(2027, 1, 2, 18, 0,
                                                                                         tzinfo=ZoneInfo("UTC")))
    said = quiet_refusal(refused, TZ, lang)
    assert words in said
    assert "T2" not in said and "+02:00" not in said
