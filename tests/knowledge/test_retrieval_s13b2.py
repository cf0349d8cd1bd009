"""Session 13, round 2 (room B): paraphrase families written here in other words than the KB's examples.

The refund rule follows the period the question names (what comes off a yearly refund is the annual
rule; how refunds go on a month-to-month plan the monthly one); card storage and leaks, invoices kept
after cancelling, who is entitled to support, deals on SMS bundles, recorded sessions ("сеанс" and
"сессия" are one word) and the Hebrew spelling "גיפט כארד" of the gift card.
"""

import pytest

from knowledge.answer import answer_question
from knowledge.kb import load_knowledge_base
from tests.knowledge.conftest import BASES


@pytest.mark.parametrize(
    ("workspace", "question", "topic"),
    [
        ("saas-billing", "what do you knock off a refund for the yearly subscription?", "refund-annual"),
        ("saas-billing", "how are refunds handled for a monthly subscriber?", "refund-monthly"),
        ("saas-billing", "как работает возврат денег, если у меня помесячный тариф?", "refund-monthly"),
        ("saas-billing", "сколько вычтут из возврата за годовую подписку?", "refund-annual"),
        ("saas-billing", "мою карту вы где держите, её не сольют?", "payment-processing"),
        ("saas-billing", "do the invoices stay in the account after we cancel?", "data-after-cancel"),
        ("saas-billing", "החשבוניות שלנו יישארו זמינות אחרי ביטול?", "data-after-cancel"),
        ("web-agency", "who exactly is eligible for your support?", "eligibility"),
        ("web-agency", "кто у вас вообще получает поддержку?", "eligibility"),
        ("event-rsvp", "any special offer on sms bundles?", "sms-packages"),
        ("event-rsvp", "יש מבצע על חבילת סמסים?", "sms-packages"),
        ("remote-support", "а удалённые сессии у вас записываются?", "privacy"),
        ("remote-support", "are remote sessions recorded?", "privacy"),
        ("remote-support", "אפשר לקבל כסף על מה שנשאר בגיפט כארד?", "gift-cards"),
    ],
)
def test_paraphrase_families_find_their_topic(workspace: str, question: str, topic: str) -> None:
    kb = load_knowledge_base(BASES / workspace)
    assert answer_question(kb, question).topic == topic


def test_a_refund_fee_question_with_no_period_stays_the_monthly_rule() -> None:
    kb = load_knowledge_base(BASES / "saas-billing")
    assert answer_question(kb, "how much do you deduct if I cancel now").topic == "refund-monthly"
