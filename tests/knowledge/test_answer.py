import pytest

from knowledge.answer import Answer, answer_question, fallback_message


@pytest.mark.parametrize(
    ("question", "lang", "needle"),
    [
        ("איך מקבלים החזר כספי?", "he", "14 יום"),
        ("How do I get a refund?", "en", "14 days"),
        ("Как получить возврат денег?", "ru", "14 дней"),
    ],
)
def test_answers_in_the_question_language(small_kb, question: str, lang: str, needle: str) -> None:
    answer = answer_question(small_kb, question)
    assert answer.topic == "refund"
    assert answer.lang == lang
    assert needle in answer.answer
    assert answer.workspace == "demo"


@pytest.mark.parametrize(
    ("question", "lang", "way_out"),
    [
        ("מה מזג האוויר מחר בחיפה?", "he", "נציג"),
        ("what's the weather in Haifa tomorrow?", "en", "agent"),
        ("какая завтра погода в Хайфе?", "ru", "оператор"),
    ],
)
def test_honest_dont_know_offers_a_way_forward(small_kb, question: str, lang: str, way_out: str) -> None:
    answer = answer_question(small_kb, question)
    assert answer.topic is None
    assert answer.lang == lang
    assert answer.answer == fallback_message(lang)
    assert way_out in answer.answer


def test_given_language_is_used(small_kb) -> None:
    assert answer_question(small_kb, "refund", lang="ru").lang == "ru"


def test_json_shape_matches_the_bot_ask_contract(small_kb) -> None:
    data = answer_question(small_kb, "refund policy").model_dump(mode="json")
    assert set(data) == {"workspace", "topic", "lang", "confidence", "answer"}
    assert Answer.model_validate(data).topic == "refund"
