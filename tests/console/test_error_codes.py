"""Refusals reach the console by code, not by their English sentence: campaign_errors.py and
import_errors.py read the start of the scheduler's and the importer's sentences, so rewording one
("the file is empty" -> "the file has nothing in it") put English on the Hebrew page without any test
noticing. Each refusal now carries a code where it is raised; these pin that the console's words follow
the code whatever the sentence says, and that the codes are the ones the refusals really raise."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.console.campaign_errors import campaign_error
from bot.console.import_errors import import_error
from scheduler.campaigns.scheduling import CampaignConflict, CampaignError, QuietTimeError
from scheduler.campaigns.templates import TemplateError, check_template
from scheduler.rsvp.errors import ImportFileError
from scheduler.rsvp.guest_import import read_table

HEBREW = re.compile("[א-ת]{3}")
CYRILLIC = re.compile("[а-я]{3}")


@pytest.mark.parametrize(("code", "detail"), [
    ("past", {}), ("before_event", {}), ("after_event", {}), ("bad_date", {}), ("template_empty", {}),
    ("segments", {"segments": 4, "max_segments": 3}), ("template_chars", {"n": 900, "limit": 800}),
    ("unknown_field", {"names": "nme"}), ("nothing_to_resend", {}), ("whatsapp_template", {}),
    ("unknown_kind", {}), ("unknown_channel", {}), ("template_render", {}), ("thank_you_link", {}),
])
def test_a_campaign_refusal_is_worded_by_its_code(code: str, detail: dict) -> None:
    exc = CampaignError("a sentence reworded since", code=code, **detail)
    for lang, letters in (("he", HEBREW), ("ru", CYRILLIC)):
        words = campaign_error(exc, lang)
        assert letters.search(words) and "reworded" not in words, (code, lang, words)
    assert exc.detail["code"] == code  # the API's answer names it too


def test_numbers_and_states_come_from_the_refusal_not_its_sentence() -> None:
    assert "4" in campaign_error(CampaignError("x", code="segments", segments=4, max_segments=3), "he")
    assert "nme" in campaign_error(CampaignError("x", code="unknown_field", names="nme"), "ru")
    conflict = CampaignConflict("campaign 7 is whatever", state="cancelled")
    assert "Отменена" in campaign_error(conflict, "ru")
    quiet = QuietTimeError("shabbat", datetime(2026, 11, 28, 9, tzinfo=UTC), datetime(2026, 11, 28, 17, tzinfo=UTC))
    assert quiet.code == "quiet" and "שבת" in campaign_error(quiet, "he")


def test_an_unknown_code_keeps_the_sentence() -> None:
    assert campaign_error(CampaignError("something new", code="brand_new"), "he") == "something new"


@pytest.mark.parametrize(("source", "kind", "code"), [
    ("", "invitation", "template_empty"), ("{{ nme }}", "invitation", "unknown_field"),
    ("{{ name ", "invitation", "template_syntax"), ("hi", "on_the_way", "on_the_way_text"),
    ("{{ link }}", "thank_you", "thank_you_link"),
])
def test_template_refusals_carry_their_code(source: str, kind: str, code: str) -> None:
    with pytest.raises(TemplateError) as caught:
        check_template(kind, source)
    assert caught.value.code == code


@pytest.mark.parametrize(("name", "body", "reason"), [
    ("g.csv", b"", "empty"), ("g.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old_xls"),
    ("g.xlsx", b"not a zip", "not_xlsx"), ("g.xlsx", b"PK\x03\x04broken", "not_xlsx"),
    ("g.csv", b"\xff\xfe\xfa\x81\x00", "encoding"),
])
def test_file_refusals_carry_their_reason(name: str, body: bytes, reason: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        list(read_table(name, body))
    assert caught.value.reason == reason and caught.value.code == "bad_file"  # the API's code is unchanged


def test_a_file_refusal_is_worded_by_its_reason() -> None:
    exc = ImportFileError("the file has more rows than we like", "too_many_rows", n=5000)
    assert "5000" in import_error(exc, "he") and HEBREW.search(import_error(exc, "he"))
    assert CYRILLIC.search(import_error(ImportFileError("reworded", "empty"), "ru"))
    assert import_error(ImportFileError("כבר בעברית"), "he") == "כבר בעברית"
