"""Fixtures: a small hand-written KB in a temp folder, and the shipped demo KBs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge import index_cache
from knowledge.kb import KnowledgeBase, load_knowledge_base

REPO = Path(__file__).resolve().parents[2]
BASES = REPO / "knowledge" / "bases"

TOPICS: dict[str, dict[str, Any]] = {
    "support-hours": {
        "title": {"he": "שעות התמיכה", "en": "Support hours", "ru": "Часы поддержки"},
        "answer": {
            "he": "התמיכה זמינה בימים א'-ה' בין 09:00 ל-17:00.",
            "en": "Support works Sunday to Thursday, 09:00-17:00.",
            "ru": "Поддержка работает с воскресенья по четверг, 09:00-17:00.",
        },
        "examples": {
            "he": ["מה שעות הפעילות של התמיכה?", "מתי אתם פתוחים", "באיזה ימים התמיכה עובדת", "עד איזו שעה אפשר לפנות"],
            "en": [
                "What are your support hours?",
                "when are you open",
                "which days does support work",
                "until what time can I contact you",
            ],
            "ru": [
                "Какие часы работы поддержки?",
                "когда вы открыты",
                "в какие дни работает поддержка",
                "до которого часа можно обратиться",
            ],
        },
        "keywords": {"he": ["שעות פעילות", "שעות"], "en": ["opening hours", "schedule"], "ru": ["график", "часы"]},
    },
    "refund": {
        "title": {"he": "החזר כספי", "en": "Refunds", "ru": "Возврат денег"},
        "answer": {
            "he": "אפשר לקבל החזר כספי תוך 14 יום מהחיוב.",
            "en": "You can get a refund within 14 days of the charge.",
            "ru": "Вернуть деньги можно в течение 14 дней после списания.",
        },
        "examples": {
            "he": ["איך מקבלים החזר כספי?", "אפשר לקבל את הכסף בחזרה", "תוך כמה ימים מגיע החזר", "מדיניות ההחזרים"],
            "en": ["How do I get a refund?", "can I get my money back", "refund policy", "how many days for a refund"],
            "ru": [
                "Как получить возврат денег?",
                "можно вернуть деньги",
                "политика возврата",
                "сколько дней на возврат",
            ],
        },
        "keywords": {"he": ["זיכוי", "החזר"], "en": ["reimbursement", "money back"], "ru": ["возврат", "компенсация"]},
    },
    "subscription-freeze": {
        "title": {"he": "הקפאת מנוי", "en": "Freezing a subscription", "ru": "Заморозка подписки"},
        "answer": {
            "he": "אפשר להקפיא את המנוי עד שלושה חודשים בשנה.",
            "en": "You can freeze the subscription for up to three months a year.",
            "ru": "Подписку можно заморозить до трёх месяцев в году.",
        },
        "examples": {
            "he": [
                "אפשר להקפיא את המנוי?",
                "איך משהים את המנוי",
                "הקפאה של החשבון לכמה חודשים",
                "לעצור זמנית את המנוי",
            ],
            "en": [
                "Can I freeze my subscription?",
                "how do I pause my plan",
                "put my account on hold for a few months",
                "temporarily stop the subscription",
            ],
            "ru": [
                "Можно заморозить подписку?",
                "как приостановить тариф",
                "поставить аккаунт на паузу на пару месяцев",
                "временно остановить подписку",
            ],
        },
        "keywords": {"he": ["הקפאה", "השהיה"], "en": ["freeze", "pause", "hold"], "ru": ["заморозка", "пауза"]},
    },
    "whatsapp-number": {
        "title": {"he": "מספר הוואטסאפ", "en": "Our WhatsApp number", "ru": "Номер WhatsApp"},
        "answer": {
            "he": "אפשר לכתוב לנו בוואטסאפ למספר +972500000001.",
            "en": "You can write to us on WhatsApp at +972500000001.",
            "ru": "Напишите нам в WhatsApp на номер +972500000001.",
        },
        "examples": {
            "he": ["מה מספר הוואטסאפ שלכם?", "איך כותבים לכם בוואטסאפ", "יש לכם ווטסאפ", "לאן שולחים הודעה"],
            "en": [
                "What is your WhatsApp number?",
                "how do I message you on WhatsApp",
                "do you have WhatsApp",
                "where do I send a message",
            ],
            "ru": [
                "Какой у вас номер WhatsApp?",
                "как написать вам в WhatsApp",
                "у вас есть ватсап",
                "куда отправить сообщение",
            ],
        },
    },
}


def write_topic(folder: Path, topic_id: str, body: dict[str, Any] | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{topic_id}.yaml"
    if isinstance(body, str):
        path.write_text(body, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump({"id": topic_id, **body}, allow_unicode=True), encoding="utf-8")
    return path


def write_kb(folder: Path, topics: dict[str, dict[str, Any]] = TOPICS) -> Path:
    for topic_id, body in topics.items():
        write_topic(folder, topic_id, body)
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path) -> Iterator[Path]:
    """A fresh cache folder and an empty in-process memory, restored afterwards."""
    before = index_cache.directory()
    folder = tmp_path / "cache"
    index_cache.configure(folder)
    index_cache._memory.clear()
    yield folder
    index_cache.configure(before)
    index_cache._memory.clear()


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return write_kb(tmp_path / "bases" / "demo")


@pytest.fixture
def small_kb(kb_dir: Path) -> KnowledgeBase:
    return load_knowledge_base(kb_dir)


def demo_workspaces() -> list[str]:
    if not BASES.is_dir():
        return []
    return sorted(p.name for p in BASES.iterdir() if p.is_dir() and any(p.glob("*.yaml")))
