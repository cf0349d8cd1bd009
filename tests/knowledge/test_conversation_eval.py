"""`bot kb eval-conversations`: pass rates per language and category, opt-out recall, false opt-outs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces
from bot.story_eval import evaluate_conversations
from knowledge.registry import KnowledgeRegistry

STORIES = """\
workspace: msg-software
now: "2026-11-22T10:00:00+02:00"
category: opt-out in a sentence
stories:
  - name: caught
    from: "+972502347001"
    steps:
      - user: "pls stop texting me"
        expect: {intent: opt_out, lang: en}
  - name: missed on purpose (the story expects an opt-out where there is none)
    from: "+972502347002"
    steps:
      - user: "what are the support hours?"
        expect: {intent: opt_out}
  - name: a false opt-out (the story expects a question)
    category: no false opt-out
    from: "+972502347003"
    steps:
      - user: "STOP"
        expect: {intent: faq}
  - name: thanks in Hebrew
    category: thanks
    from: "+972502347004"
    steps:
      - user: "תודה רבה!"
        expect: {intent: greeting}
  - name: Russian in Latin letters counts as Russian
    category: transliteration
    from: "+972502347005"
    steps:
      - user: "privet, mozhno operatora"
"""


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "stories.yaml"
    path.write_text(STORIES, encoding="utf-8")
    return path


def test_figures_per_language_and_category(tmp_path: Path) -> None:
    report = evaluate_conversations([_write(tmp_path)], load_workspaces(ROOT / "workspaces"),
                                    KnowledgeRegistry(ROOT / "knowledge" / "bases"))
    assert (report.stories.passed, report.stories.total) == (3, 5)
    assert {k: (t.passed, t.total) for k, t in report.by_category.items()} == {
        "opt-out in a sentence": (1, 2), "no false opt-out": (0, 1), "thanks": (1, 1), "transliteration": (1, 1)}
    assert report.by_lang["en"].total == 3 and report.by_lang["he"].total == 1 and report.by_lang["ru"].total == 1
    assert (report.opt_out_caught, report.opt_out_expected) == (1, 2)
    assert report.opt_out_recall == 0.5
    assert len(report.false_opt_outs) == 1 and "'STOP'" in report.false_opt_outs[0]


UNASKED = """\
workspace: msg-software
now: "2026-11-22T10:00:00+02:00"
category: opt_out_sentence
stories:
  - name: the step expects only a language, the bot opts out
    from: "+972502347011"
    steps:
      - user: "pls stop texting me"
        expect: {lang: en}
  - name: near miss, the same sentence where the story says it is none
    from: "+972502347012"
    steps:
      - user: "pls stop texting me"
        expect: {lang: en}
  - name: another intent expected
    from: "+972502347013"
    steps:
      - user: "pls stop texting me"
        expect: {intent: faq}
  - name: the category says so
    category: no false opt-out
    from: "+972502347014"
    steps:
      - user: "pls stop texting me"
"""


def test_an_opt_out_the_step_did_not_ask_about_is_listed_apart(tmp_path: Path) -> None:
    """A step expecting no intent is not blamed; a near miss (by name or category) or another intent is."""
    path = tmp_path / "unasked.yaml"
    path.write_text(UNASKED, encoding="utf-8")
    report = evaluate_conversations([path], load_workspaces(ROOT / "workspaces"),
                                    KnowledgeRegistry(ROOT / "knowledge" / "bases"))
    assert len(report.unasked_opt_outs) == 1 and "only a language" in report.unasked_opt_outs[0]
    assert sorted(line.split(" :: ")[1].split(":")[0] for line in report.false_opt_outs) == [
        "another intent expected", "near miss, the same sentence where the story says it is none",
        "the category says so"]
    assert report.as_dict()["opt_out"] == {"expected": 0, "caught": 0, "recall": 1.0, "false": 3, "unasked": 1}

    from bot.cli.main import app

    printed = CliRunner().invoke(app, ["kb", "eval-conversations", str(path)])
    assert printed.exit_code == 0, printed.output
    assert "false opt-outs: 3" in printed.output and "opt-outs the story did not ask about: 1" in printed.output


def test_a_file_that_does_not_load_is_counted_and_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(STORIES.replace('"+972502347001"', '"+972541300001"'), encoding="utf-8")
    report = evaluate_conversations([bad], load_workspaces(ROOT / "workspaces"),
                                    KnowledgeRegistry(ROOT / "knowledge" / "bases"))
    assert (report.stories.passed, report.stories.total) == (0, 1)
    assert len(report.unloaded) == 1 and "bad.yaml" in report.unloaded[0] and "valid number" in report.unloaded[0]


def test_the_command_prints_json_and_refuses_a_missing_path(tmp_path: Path) -> None:
    from bot.cli.main import app

    result = CliRunner().invoke(app, ["kb", "eval-conversations", str(_write(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert figures["stories"] == {"passed": 3, "total": 5, "rate": 0.6}
    assert figures["opt_out"]["false"] == 1
    missing = CliRunner().invoke(app, ["kb", "eval-conversations", str(tmp_path / "nope")])
    assert missing.exit_code == 2


NAMELESS_GUESTS = """\
workspace: event-rsvp
now: "2027-02-16T11:00:00+02:00"
events:
  - id: w1
    type: wedding
    date: "2027-05-20T19:30:00+03:00"
    venue: "Hall"
    guests:
      - {phone: "+972522345601", status: message_sent, invited: 2}
stories:
  - name: one
    from: "+972522345601"
    steps:
      - user: "מגיעים שניים"
        expect: {lang: he}
  - name: two
    from: "+972522345601"
    steps:
      - user: "לא נגיע"
        expect: {lang: he}
"""


def test_stories_whose_file_data_is_refused_are_named_once_and_keep_their_language(tmp_path: Path) -> None:
    """A guest with no name makes every story of the file fail before its first step: a file problem,
    said once with the count, and the stories still count under the language they expect (not "en")."""
    path = tmp_path / "nameless.yaml"
    path.write_text(NAMELESS_GUESTS, encoding="utf-8")
    report = evaluate_conversations([path], load_workspaces(ROOT / "workspaces"),
                                    KnowledgeRegistry(ROOT / "knowledge" / "bases"))
    assert (report.stories.passed, report.stories.total) == (0, 2)
    assert len(report.unloaded) == 1 and "nameless.yaml: 2 stories not set up" in report.unloaded[0]
    assert set(report.by_lang) == {"he"}
