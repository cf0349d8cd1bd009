from pathlib import Path

import yaml
from rich.console import Console

from knowledge.evaluate import evaluate, main, print_report, render_report
from tests.knowledge.conftest import write_kb


def _root(tmp_path: Path) -> Path:
    write_kb(tmp_path / "bases" / "demo")
    (tmp_path / "eval").mkdir()
    spec = {
        "workspace": "demo",
        "tune": [{"q": "refund please", "lang": "en", "topic": "refund"}],
        "holdout": [
            {"q": "how do I get my money back", "lang": "en", "topic": "refund"},
            {"q": "מתי התמיכה פתוחה", "lang": "he", "topic": "support-hours"},
            {"q": "можно заморозить подписку?", "lang": "ru", "topic": "subscription-freeze"},
            {"q": "who won the football game", "lang": "en", "topic": None},
            {"q": "what's the capital of Australia", "lang": "en", "topic": "refund"},  # a planted miss
        ],
    }
    (tmp_path / "eval" / "demo.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    (tmp_path / "eval" / "broken.yaml").write_text("workspace: [", encoding="utf-8")
    return tmp_path


def test_counts_accuracy_and_rejection(tmp_path: Path) -> None:
    report = evaluate(_root(tmp_path), "holdout")
    total = report.tally()
    assert (total.in_kb, total.top1, total.off_topic, total.rejected) == (4, 3, 1, 1)
    assert report.tally("demo", "en").accuracy == 0.5
    assert report.tally(lang="he").accuracy == 1.0
    assert [o.question.q for o in report.failures] == ["what's the capital of Australia"]
    assert any("broken.yaml" in p for p in report.problems)


def test_tune_split_is_separate(tmp_path: Path) -> None:
    assert evaluate(_root(tmp_path), "tune").tally().in_kb == 1


def test_renders_a_table(tmp_path: Path) -> None:
    report = evaluate(_root(tmp_path), "holdout")
    console = Console(record=True, width=120)
    console.print(render_report(report))
    print_report(report, show_failures=True, console=console)
    text = console.export_text()
    assert "demo" in text and "ALL" in text and "75.0%" in text
    assert "expected=refund got=None" in text


def test_module_entry_point(tmp_path: Path, capsys) -> None:
    assert main(["--root", str(_root(tmp_path)), "--split", "holdout"]) == 0
    assert "Knowledge-base evaluation" in capsys.readouterr().out
