"""The `bot` command line per the contract: segments, ask, test-conversations."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app

runner = CliRunner()


def test_segments_json() -> None:
    result = runner.invoke(app, ["segments", "--json", "a" * 161])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"encoding": "GSM-7", "segments": 2, "units": 161}


def test_segments_stdin_keeps_order_and_reports_bad_lines() -> None:
    lines = "\n".join([json.dumps("שלום"), "not json", json.dumps("€")]) + "\n"
    result = runner.invoke(app, ["segments", "--json", "--stdin"], input=lines)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0] == {"encoding": "UCS-2", "segments": 1, "units": 4}
    assert "error" in rows[1]
    assert rows[2] == {"encoding": "GSM-7", "segments": 1, "units": 2}


def test_ask_json_has_the_contract_keys() -> None:
    result = runner.invoke(app, ["ask", "--workspace", "saas-billing", "--json", "how long is the free trial?"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"workspace", "topic", "lang", "confidence", "answer"}
    assert out["workspace"] == "saas-billing" and out["lang"] == "en" and out["topic"] == "trial"


def test_ask_stdin_answers_each_line_in_its_language() -> None:
    questions = ["מה שעות התמיכה?", "Какие часы работы поддержки?", "what is the capital of France?"]
    result = runner.invoke(app, ["ask", "--workspace", "msg-software", "--json", "--stdin"],
                           input="\n".join(json.dumps(q, ensure_ascii=False) for q in questions) + "\n")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["lang"] for r in rows] == ["he", "ru", "en"]
    assert rows[0]["topic"] == rows[1]["topic"] == "support-hours"
    assert rows[2]["topic"] is None


def test_ask_unknown_workspace_is_a_clear_error() -> None:
    result = runner.invoke(app, ["ask", "--workspace", "nope", "hi"])
    assert result.exit_code == 2
    assert "unknown workspace 'nope'" in result.output


def test_test_conversations_prints_summary_and_exit_code(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text('workspace: msg-software\nnow: "2026-11-22T10:00:00+02:00"\nstories:\n'
                    '  - name: hello\n    from: "+972502345678"\n    steps:\n'
                    '      - user: "hello"\n        expect: {intent: greeting, lang: en}\n', encoding="utf-8")
    result = runner.invoke(app, ["test-conversations", str(good)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("1 passed, 0 failed")
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("lang: en", "lang: he"), encoding="utf-8")
    result = runner.invoke(app, ["test-conversations", str(good), str(bad)])
    assert result.exit_code == 1
    assert "1 passed, 1 failed" in result.stdout
