"""Answers that fit the question: the named plan, period or event first, the whole topic on request.

A topic may list `facts:` (knowledge-format.md), each tagged with what it is about. A question's
own tags pick the facts that share the most of them; tags carried over from the previous turn
("ולשלושה חודשים?" after "כמה עולה Essential?") only break ties, so "which of them is cheaper?"
is answered by the `cheapest` fact, not by the plan asked about before. A topic without facts
falls back to its lines that name what was asked. Either way the reply says how to get the rest.

On a channel with a length budget (SMS: words.yaml `reply_budget`), a whole answer that does
not fit is cut at a line that does, with the same hint, unless the customer asked for everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from handlers.dialogue.texts import text
from handlers.dialogue.words import lexicon
from knowledge.kb import Topic
from knowledge.types import Lang
from scheduler.segments import count_segments


@dataclass(frozen=True, slots=True)
class Fitted:
    reply: str
    fitted: bool  # a part of the topic was given; "more" gets the rest
    tags: tuple[str, ...] = ()


def pick_facts(topic: Topic, asked: set[str], inherited: set[str]) -> list[int]:
    """Indexes of the facts the question is about, best first; empty when none shares a tag."""
    if not topic.facts or not asked:
        return []
    scored = [(len(asked & set(f.about)), len(inherited & set(f.about)), i) for i, f in enumerate(topic.facts)]
    best = max((own, carried) for own, carried, _ in scored)
    if best[0] == 0:
        return []
    return [i for own, carried, i in scored if (own, carried) == best]


def _lines_naming(answer: str, names: list[str]) -> list[str]:
    lowered = [n.lower() for n in names if n]
    return [line for line in answer.splitlines() if line.strip() and any(n in line.lower() for n in lowered)]


def fit(topic: Topic, lang: Lang, *, asked: set[str], inherited: set[str], names: list[str],
        channel: str, everything: bool = False) -> Fitted:
    """The reply for `topic`: its facts about `asked`, else its lines naming `names`, else all of it."""
    full = topic.answer.get(lang).strip()
    if everything:
        return Fitted(full, False)
    chosen = pick_facts(topic, asked, inherited)
    if chosen:
        facts = [topic.facts[i] for i in chosen]
        lines = [f.text.get(lang).strip() for f in facts]
        tags = tuple(sorted({t for f in facts for t in f.about}))
        return Fitted(_with_hint("\n".join(lines), lang), True, tags)
    if names:
        lines = _lines_naming(full, names)
        if lines and len(lines) < len([x for x in full.splitlines() if x.strip()]):
            return Fitted(_with_hint("\n".join(lines), lang), True, tuple(sorted(asked)))
    return within_budget(full, lang, channel)


def _with_hint(reply: str, lang: Lang) -> str:
    return f"{reply}\n{text('more_hint', lang)}"


def segment_budget(channel: str) -> int | None:
    budget = lexicon().reply_budget.get(channel) or {}
    value = budget.get("segments")
    return int(value) if value else None


@lru_cache(maxsize=1024)  # the same topic text is cut the same way every time: count its segments once
def within_budget(full: str, lang: Lang, channel: str) -> Fitted:
    """The whole answer, or as many of its first lines as fit the channel's budget with the hint."""
    budget = segment_budget(channel)
    if budget is None or count_segments(full).segments <= budget:
        return Fitted(full, False)
    hint = text("more_hint", lang)
    kept: list[str] = []
    for line in full.splitlines():
        trial = "\n".join([*kept, line, hint])
        if count_segments(trial).segments > budget:
            break
        kept.append(line)
    if not kept:  # one very long first line: cut it at a sentence that fits
        kept = [_sentences_within(full.splitlines()[0], hint, budget)]
    return Fitted(_with_hint("\n".join(kept).strip(), lang), True)


def _sentences_within(line: str, hint: str, budget: int) -> str:
    """Whole sentences that fit; when not even the first one does, its first words and an ellipsis
    (a cut mid-word, "after you (o", reads as a broken message)."""
    out = ""
    for sentence in line.replace(". ", ".\n").splitlines():
        trial = (out + " " + sentence).strip()
        if count_segments(f"{trial}\n{hint}").segments > budget:
            break
        out = trial
    if out:
        return out
    words: list[str] = []
    for word in line.split():
        if count_segments(f"{' '.join([*words, word])}…\n{hint}").segments > budget:
            break
        words.append(word)
    return f"{' '.join(words).rstrip(',;:(')}…" if words else line[:60]
