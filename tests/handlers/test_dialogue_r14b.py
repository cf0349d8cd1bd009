"""Session 14, tuner B: longer go-aheads and holding off, "send one" after a question about the staff,
bare questions with a nod or a verb of withholding beside them (own wording)."""

from __future__ import annotations

import pytest

from bot.core.settings import ROOT
from bot.core.workspaces import load_workspaces


def _entities(slug: str, text: str):  # type: ignore[no-untyped-def]
    from handlers.dialogue.entities import extract

    found = load_workspaces(ROOT / "workspaces").by_slug(slug)
    assert found is not None
    return extract(text, found)


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("fine then, go ahead and close it for me", False),
        ("ладно, тогда закрывайте аккаунт, он мне больше не нужен", False),  # the "не" is in the reason
        ("ok, I'd rather you not close it for now", True),
        ("thanks, but don't close it yet, I'll decide later", True),
        ("пока не закрывайте аккаунт, я ещё подумаю", True),
        ("אל תסגרו עדיין, אני עוד חושבת על זה", True),
    ],
)
def test_a_longer_go_ahead_holds_off_only_when_it_waits_or_denies_it(text: str, holds: bool) -> None:
    from handlers.dialogue.flow import _holds_off

    assert _holds_off(_entities("remote-support", text)) is holds


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("right, but for how long?", True),
        ("so how much do u keep", True),
        ("כן אבל כמה זמן?", True),
        ("טוב, כמה אתם מנכים?", True),
        ("да, но на сколько?", True),
        ("ладно, сколько вы удерживаете?", True),
        ("ok but how long does a refund take to reach my card?", False),  # names what it asks about
    ],
)
def test_a_nod_or_withholding_beside_a_question_word_is_still_bare(text: str, bare: bool) -> None:
    from handlers.dialogue.flow import _bare_question

    assert _bare_question(_entities("saas-billing", text)) is bare


@pytest.mark.parametrize(
    ("text", "sends"),
    [
        ("send one", True),
        ("תשלחו לי אחד בבקשה", True),
        ("тогда пришлите одного", True),
        ("send me the invoice", False),
    ],
)
def test_send_one_phrases(text: str, sends: bool) -> None:
    from handlers.dialogue.words import lexicon

    assert lexicon().send_one.find(_entities("remote-support", text).words) is sends


def test_person_nouns_found_in_a_question() -> None:
    from handlers.dialogue.words import lexicon, words_of

    assert lexicon().person_nouns.find(words_of("do your agents answer on weekends?"))
    assert not lexicon().person_nouns.find(words_of("do you send invoices by email?"))
