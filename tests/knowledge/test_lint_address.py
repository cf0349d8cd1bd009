"""`bot kb lint` and the workspace's Hebrew form of address: an answer or fact that says "you" in the
other form than its workspace's is reported, since the bot's own sentences in the same conversation
use the workspace's form (issue 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from knowledge.grammar.address import words_of
from knowledge.lint import lint_knowledge_base
from tests.knowledge.conftest import REPO, TOPICS, write_kb, write_topic

PLURAL_ANSWER = "אם קיבלתם קופון, תמצאו אותו באזור האישי שלכם."
SINGULAR_ANSWER = "אם קיבלת קופון, הוא יופיע באזור האישי שלך."


def _kb(folder: Path, hebrew_answer: str, *, fact: str | None = None) -> Path:
    write_kb(folder)
    body = dict(TOPICS["refund"])
    body["answer"] = {**body["answer"], "he": hebrew_answer}
    if fact is not None:
        body["facts"] = [{"about": ["cheapest"], "text": {"he": fact, "en": "The cheapest.", "ru": "Дешевле всех."}}]
    write_topic(folder, "refund", body)
    return folder


def _address_messages(folder: Path, form: str) -> list[str]:
    return [
        f"{Path(p.path).name}: {p.message}"
        for p in lint_knowledge_base(folder, form_of_address=form)  # type: ignore[arg-type]
        if "form_of_address" in p.message
    ]


def test_a_plural_answer_in_a_singular_workspace_is_reported(tmp_path: Path) -> None:
    folder = _kb(tmp_path / "ws", PLURAL_ANSWER)
    messages = _address_messages(folder, "singular")
    assert len(messages) == 1 and messages[0].startswith("refund.yaml: answer.he: says 'you' in the plural")
    assert all(w in messages[0] for w in ("'קיבלתם'", "'תמצאו'", "'שלכם'"))
    assert _address_messages(folder, "plural") == []


def test_a_singular_answer_in_a_plural_workspace_is_reported(tmp_path: Path) -> None:
    folder = _kb(tmp_path / "ws", SINGULAR_ANSWER)
    messages = _address_messages(folder, "plural")
    assert len(messages) == 1 and "answer.he: says 'you' in the singular ('קיבלת', 'שלך')" in messages[0]
    assert _address_messages(folder, "singular") == []


def test_a_fact_is_checked_too(tmp_path: Path) -> None:
    folder = _kb(tmp_path / "ws", SINGULAR_ANSWER, fact="החבילה הזולה ביותר בשבילכם היא Basic.")
    assert [m.split(":")[1].strip() for m in _address_messages(folder, "singular")] == ["facts[0].text.he"]


def test_without_a_form_nothing_is_checked(tmp_path: Path) -> None:
    assert lint_knowledge_base(_kb(tmp_path / "ws", PLURAL_ANSWER)) == []


@pytest.mark.parametrize(
    ("form", "text"),
    [
        ("plural", 'לקוחות כותבים לנו "אתם פתוחים בשבת?" – ולכן הוספנו את השעות לאתר.'),  # a customer's words
        ("plural", "אותם תנאים חלים לפי ההסכם, סתם כך, ולכן אין חיוב."),  # end like תם / כם, לכן "therefore"
        ("plural", "לקוחות שבחרו בחבילה ופתחו בה קריאה מקבלים הנחה."),  # past tense after ש, not an imperative
        ("singular", 'החלפת חבילה והזמנת אורחים נרשמות בחשבון; הזיכוי "לא תיקנו – לא שילמת" לא חל.'),
        ("singular", 'המערכת תוכל לשלוח תזכורת, והתקנת התוכנה נרשמת בחשבון; מע"מ כלול.'),  # "she can", nouns
    ],
)
def test_words_that_only_look_like_address_are_not_reported(form: str, text: str) -> None:
    assert words_of(form, text) == []  # type: ignore[arg-type]


def test_prefixed_forms_and_imperatives_are_found() -> None:
    found = words_of("plural", "ושלכם, כשאתם מוכנים – ובקשו ממנו, ושימו לב: תארו את התקלה.")
    assert found == ["ושלכם", "כשאתם", "ובקשו", "ושימו לב", "תארו"]
    assert words_of("singular", "כשקיבלת את החשבונית שלך תוכל/י לשלם.") == ["כשקיבלת", "שלך", "תוכל/י"]


def test_the_lint_command_checks_against_the_workspace_form(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.cli.main import app
    from bot.core.settings import get_settings

    workspaces = tmp_path / "workspaces"
    workspaces.mkdir()
    shutil.copy(REPO / "workspaces" / "web-agency.yaml", workspaces / "web-agency.yaml")  # singular
    _kb(tmp_path / "bases" / "web-agency", PLURAL_ANSWER)
    monkeypatch.setenv("WORKSPACES_DIR", str(workspaces))
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "bases"))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["kb", "lint", "--workspace", "web-agency"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1, result.output
    assert "answer.he: says 'you' in the plural" in result.output and "singular" in result.output
