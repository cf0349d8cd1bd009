"""Dialogue state: stored per conversation (read back by the next turn's own session), expiring after
a silence; follow-ups, corrections, 'more' and yes / no read against it; answers fitted to the question."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.core.models import DialogueState
from handlers.dialogue.entities import extract
from handlers.dialogue.fitting import fit, pick_facts
from scheduler.segments import count_segments
from tests.conftest import FixedClock
from tests.handlers.dialogue_utils import KNOWLEDGE, add_customer, say, workspace

MSG = "msg-software"
DANA = "+972502349901"


@pytest.fixture
def advanced(engine: Engine, clock: FixedClock) -> None:
    add_customer(engine, MSG, DANA, "advanced", clock.now)


def test_state_is_stored_and_read_by_the_next_turn(engine: Engine, clock: FixedClock, advanced: None) -> None:
    say(engine, MSG, DANA, "כמה עולה Essential?", clock.now)
    with Session(engine) as session:
        row = session.exec(select(DialogueState)).one()
        assert row.data["topic"] == "maintenance-plans"
        assert row.data["tags"] == ["plan:essential"]
        assert row.data["pending"] == {"kind": "more", "topic": "maintenance-plans"}
        assert row.expires_at == clock.now + timedelta(minutes=30)
    second = say(engine, MSG, DANA, "ולשלושה חודשים?", clock.now + timedelta(minutes=5))
    assert second.topic == "maintenance-plans"
    assert "297" in (second.reply or "") and "970" not in (second.reply or "")


def test_state_expires_after_the_silence(engine: Engine, clock: FixedClock, advanced: None) -> None:
    say(engine, MSG, DANA, "how much is Essential?", clock.now)
    late = say(engine, MSG, DANA, "and for 3 months?", clock.now + timedelta(minutes=31))
    assert late.data["dialogue_state"]["slots"].get("plan") is None
    reply = late.reply or ""
    # no Essential-only answer: "for 3 months" alone may find the plans' prices, but then of every plan
    assert "Essential – 297" not in reply or "Advanced" in reply


@pytest.mark.parametrize(("first", "follow", "wanted", "unwanted"), [
    ("כמה עולה Essential?", "ולשנה?", "970", "297"),
    ("how much is Essential?", "and a year?", "970", "297"),
    ("сколько стоит эссеншиал?", "а на год?", "970", "297"),
    ("сколько стоит адвансед на год?", "а какой из них дешевле?", "Essential", "1970"),
    ("how much is Advanced for a year?", "which of them is cheaper?", "Essential", "1970"),
    ("כמה עולה אדוונסד לשנה?", "ואיזה מהם יותר זול?", "Essential", "1970"),
])
def test_follow_ups_keep_the_topic_and_the_plan(engine: Engine, clock: FixedClock, advanced: None, first: str,
                                                 follow: str, wanted: str, unwanted: str) -> None:
    say(engine, MSG, DANA, first, clock.now)
    result = say(engine, MSG, DANA, follow, clock.now)
    assert result.topic == "maintenance-plans"
    assert wanted in (result.reply or "") and unwanted not in (result.reply or "")


@pytest.mark.parametrize("more", ["more", "details", "פרטים", "подробнее", "yes", "כן", "да"])
def test_more_or_yes_after_a_short_answer_gives_the_whole_topic(engine: Engine, clock: FixedClock, advanced: None,
                                                                 more: str) -> None:
    short = say(engine, MSG, DANA, "how much is Advanced a year?", clock.now)
    assert "297" not in (short.reply or "")
    full = say(engine, MSG, DANA, more, clock.now)
    assert full.topic == "maintenance-plans" and full.intent == "faq"
    assert all(price in (full.reply or "") for price in ("297", "597", "970", "1970"))


def test_sms_answers_fit_three_segments_unless_more_is_asked(engine: Engine, clock: FixedClock, advanced: None) -> None:
    phone = "+972502349902"
    add_customer(engine, MSG, phone, "advanced", clock.now)
    whole = KNOWLEDGE.get(MSG).topic("maintenance-plans").answer.he.strip()  # type: ignore[union-attr]
    assert count_segments(whole).segments > 3
    short = say(engine, MSG, phone, "מה מסלולי התחזוקה שלכם ומה ההבדלים?", clock.now, channel="sms")
    assert short.topic == "maintenance-plans"
    assert count_segments(short.reply or "").segments <= 3 and "פרטים" in (short.reply or "")
    full = say(engine, MSG, phone, "פרטים", clock.now, channel="sms")
    assert full.reply == whole


def test_whatsapp_has_no_length_budget(engine: Engine, clock: FixedClock, advanced: None) -> None:
    result = say(engine, MSG, DANA, "מה מסלולי התחזוקה שלכם ומה ההבדלים?", clock.now)
    assert result.reply == KNOWLEDGE.get(MSG).topic("maintenance-plans").answer.he.strip()  # type: ignore[union-attr]


def test_offer_of_a_person_is_taken_by_yes_and_dropped_by_no(engine: Engine, clock: FixedClock,
                                                             advanced: None) -> None:
    offer = say(engine, MSG, DANA, "who won the football match yesterday?", clock.now)
    assert offer.intent == "unknown" and offer.data["proposal"] == {"kind": "human"}
    declined = say(engine, MSG, DANA, "no thanks", clock.now)
    assert declined.handoff == "none" and declined.data["dialogue_state"]["pending"] is None
    say(engine, MSG, DANA, "who won the football match yesterday?", clock.now)
    taken = say(engine, MSG, DANA, "да", clock.now)
    assert (taken.intent, taken.handoff, taken.ticket) == ("human", "human", "opened")


@pytest.mark.parametrize(("plan", "status"), [("essential", "active"), ("one-time-license", "active"),
                                              ("advanced", "expired"), (None, None)])
def test_fallback_never_offers_a_person_the_next_turn_refuses(engine: Engine, clock: FixedClock, plan: str | None,
                                                              status: str | None) -> None:
    phone = "+972502349903"
    if plan:
        add_customer(engine, MSG, phone, plan, clock.now, status=status)
    for text, word in [("who won the football match yesterday?", "agent"), ("מה מזג האוויר מחר?", "נציג"),
                       ("посоветуйте рецепт борща", "оператор")]:
        result = say(engine, MSG, phone, text, clock.now)
        assert result.intent == "unknown" and word not in (result.reply or "")
        assert "proposal" not in result.data
    assert say(engine, MSG, phone, "yes", clock.now).handoff != "human"


def test_entities_in_three_languages() -> None:
    ws = workspace(MSG)
    assert extract("כמה עולה אסנשיאל לשנה?", ws).tags() == {"plan:essential", "period:annual"}
    assert extract("how much is Advanced a year?", ws).tags() == {"plan:advanced", "period:annual"}
    assert extract("сколько стоит адвансед на три месяца", ws).tags() == {"plan:advanced", "period:quarterly"}
    assert extract("ולשלושה חודשים?", ws).months == 3 and extract("ולשלושה חודשים?", ws).followup
    assert extract("а какой из них дешевле?", ws).tags() == {"cheapest"}
    rsvp = workspace("event-rsvp")
    assert extract("ולבר מצווה?", rsvp).event == "private"
    assert extract("רגע, בעצם 2", rsvp).correction and extract("רגע, בעצם 2", rsvp).number == 2
    assert extract("להקפיא לחודשיים", workspace("saas-billing")).months == 2
    assert extract("ל-4 חודשים", workspace("saas-billing")).months == 4


def test_facts_share_of_own_tags_beats_carried_ones() -> None:
    topic = KNOWLEDGE.get(MSG).topic("maintenance-plans")  # type: ignore[union-attr]
    assert topic is not None
    cheapest = pick_facts(topic, {"cheapest"}, {"plan:advanced", "period:annual"})
    assert [topic.facts[i].about for i in cheapest] == [["cheapest"]]
    quarterly = pick_facts(topic, {"period:quarterly"}, {"plan:essential"})
    assert [topic.facts[i].about for i in quarterly] == [["plan:essential", "period:quarterly"]]
    assert pick_facts(topic, set(), {"plan:essential"}) == []
    whole = fit(topic, "en", asked=set(), inherited=set(), names=[], channel="whatsapp")
    assert not whole.fitted and whole.reply == topic.answer.en.strip()


def test_lint_reports_unknown_fact_tags(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from knowledge.lint import lint_knowledge_base

    source = (KNOWLEDGE.get(MSG).path / "maintenance-plans.yaml").read_text(encoding="utf-8")  # type: ignore[union-attr]
    (tmp_path / "maintenance-plans.yaml").write_text(source.replace("period:annual]", "period:yearly]", 1),
                                                     encoding="utf-8")
    problems = [str(p) for p in lint_knowledge_base(tmp_path)]
    assert any("unknown tag 'period:yearly'" in p for p in problems)
    (tmp_path / "maintenance-plans.yaml").write_text(source, encoding="utf-8")
    assert not any("facts" in str(p) for p in lint_knowledge_base(tmp_path))


def test_an_overlong_first_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    from handlers.dialogue.fitting import segment_budget, within_budget

    sentence = ("the technician connects only after you open the session yourself and read him the code "
                "shown on your screen so nobody reaches your computer without you ")
    words = set(sentence.split())
    line = (sentence * 8).strip()  # one sentence, far over three SMS segments
    fitted = within_budget(line, "en", "sms")
    budget = segment_budget("sms")
    assert fitted.fitted and budget is not None
    first = fitted.reply.splitlines()[0]
    assert first.endswith("…")
    assert first[:-1].split()[-1] in words  # ends on a whole word, not "(o"
    assert count_segments(fitted.reply).segments <= budget


def test_added_months_and_an_and_after_an_acknowledgement() -> None:
    saas = workspace("saas-billing")
    assert extract("and if I add 2 more months?", saas).added == 2
    assert extract("what if I add 2 more?", saas).added == 2
    assert extract("ואם אוסיף עוד חודשיים?", saas).added == 2
    assert extract("а можно ещё на месяц подольше?", saas).added == 1
    assert extract("so 6 months in total?", saas).added is None  # a total, not an addition
    assert extract("freeze it for 2 months", saas).added is None
    ws = workspace(MSG)
    assert extract("ок, а сколько стоит?", ws).followup and extract("ok, and Advanced?", ws).followup
    assert not extract("ok", ws).followup and not extract("ок, спасибо", ws).followup


@pytest.mark.parametrize(("first", "follow", "topic"), [
    ("כמה עולה אסנשיאל לשנה?", "ואם אני עובר למחשב חדש?", "computer-migration"),
    ("how much is Advanced a year?", "and what if I move to a new computer?", "computer-migration"),
    ("сколько стоит эссеншиал за год?", "а в выходные поддержка работает?", "support-hours"),
])
def test_an_and_question_retrieval_is_sure_of_elsewhere_leaves_the_topic(
        engine: Engine, clock: FixedClock, advanced: None, first: str, follow: str, topic: str) -> None:
    assert say(engine, MSG, DANA, first, clock.now).topic == "maintenance-plans"
    assert say(engine, MSG, DANA, follow, clock.now).topic == topic


@pytest.mark.parametrize(("follow", "kept"), [("ולשנה?", "970"), ("and Advanced?", "597"), ("а на год?", "970"),
                                            ("ולתקופה של שנה?", "970")])
def test_an_and_question_naming_a_plan_or_period_keeps_the_topic(
        engine: Engine, clock: FixedClock, advanced: None, follow: str, kept: str) -> None:
    say(engine, MSG, DANA, "how much is Essential for 3 months?", clock.now)
    result = say(engine, MSG, DANA, follow, clock.now)
    assert result.topic == "maintenance-plans" and kept in (result.reply or "")


def test_the_price_of_the_service_just_asked_for(engine: Engine, clock: FixedClock) -> None:
    slug, phone = "remote-support", "+79151239901"
    add_customer(engine, slug, phone, "occasional", clock.now)
    assert say(engine, slug, phone, "сколько это стоит?", clock.now).topic is None  # alone: out of scope
    assert say(engine, slug, phone, "нужен мастер, ноутбук не подключается к вайфаю", clock.now).intent == "human"
    assert say(engine, slug, phone, "а сколько это стоит?", clock.now).topic == "billing-by-minute"


@pytest.mark.parametrize(("first", "added", "wanted", "unwanted"), [
    ("freeze my plan for one month please", "what if I add 2 more?", "3 months", "not possible"),
    ("please freeze my subscription for 2 months", "and if I add 2 more months?", "4 months", "Freeze your"),
    ("תקפיאו את המנוי לחודש", "אפשר להוסיף עוד חודש?", "חודשיים", "אי אפשר"),
])
def test_months_added_to_the_freeze_in_play(engine: Engine, clock: FixedClock, first: str, added: str,
                                            wanted: str, unwanted: str) -> None:
    slug, phone = "saas-billing", "+972502349902"
    add_customer(engine, slug, phone, "pro", clock.now, billing_period="monthly",
                 paid_from=clock.now.date(), paid_until=clock.now.date() + timedelta(days=30))
    say(engine, slug, phone, first, clock.now)
    result = say(engine, slug, phone, added, clock.now)
    assert result.intent == "freeze_request"
    assert wanted in (result.reply or "") and unwanted not in (result.reply or "")
