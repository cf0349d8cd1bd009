"""A broad reading of "stop messaging me": a stop cue and a word for what is sent, in one clause.

The opt-out lists of `handlers/intents.yaml` are exact phrases, and every blind story set found new ways to
say it outside them (recall 15/24 and 26/32 on two fresh sets). Missing an opt-out breaks the law; so beside
the phrases this layer reads the shape: a clause that asks the business to stop, or to take the writer off
("please exclude us from the mailing", "אני לא רוצה לקבל מכם יותר הודעות שיווקיות", "можно мне больше не
получать ваши рассылки?"), and names messages, the list or this number. It speaks only where the phrases
found nothing, and `handlers.intents.is_opt_out` applies its guards after it (the customer's own mailing, a
move to another channel, someone else's messages). Its own guards: a clause that tells what failed to arrive
("no more messages are arriving since yesterday"), that is about guests or customers, that negates the
removal ("please don't remove me from the list"), or that asks how, is not a stop request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("stop_request.yaml")
_CLAUSES = re.compile(r"[^.!?;\n]+[.!?;]*|\n")
_SOFT_BREAK = re.compile(r"\s+[-–—]\s+|,\s*(?=(?:but|only|just|רק|אבל|но|только)\b)")


@dataclass(frozen=True, slots=True)
class _Patterns:
    cues: tuple[re.Pattern[str], ...]
    objects: re.Pattern[str]
    fault: re.Pattern[str]
    others: re.Pattern[str]
    negated: re.Pattern[str]
    how: re.Pattern[str]
    not_arriving: re.Pattern[str]
    stops_told: re.Pattern[str]
    stop_said: re.Pattern[str]
    reminders: re.Pattern[str]
    answered: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    cues = tuple(re.compile(p) for lang in ("en", "he", "ru") for p in raw["cues"][lang])
    objects = re.compile("|".join(raw["objects"][lang] for lang in ("en", "he", "ru")))
    return _Patterns(cues, objects, re.compile(raw["fault"]), re.compile(raw["others"]),
                     re.compile(raw["negated"]), re.compile(raw["how"]), re.compile(raw["not_arriving"]),
                     re.compile(raw["stops_told"]), re.compile(raw["stop_said"]),
                     re.compile(raw["reminders"]), re.compile(raw["answered"]))


def _clauses(text: str) -> list[str]:
    """Sentences, and within them the parts a dash or a "but only" sets apart ("no thanks - please exclude us")."""
    parts: list[str] = []
    for sentence in _CLAUSES.findall(text.lower().replace("’", "'")):
        parts.extend(p for p in _SOFT_BREAK.split(sentence) if p.strip())
    return parts


def _asks_to_stop(clause: str, p: _Patterns) -> bool:
    if not p.objects.search(clause) or p.others.search(clause):
        return False
    if "?" in clause and p.how.search(clause):
        return False  # "how do I stop receiving the newsletter?" asks how; the phrases decide it
    for cue in p.cues:
        for match in cue.finditer(clause):
            if p.negated.search(clause[max(0, match.start() - 16) : match.start()]):
                continue
            # a fault told in the cue's own comma part ("the messages stop arriving"), not in one that keeps
            # something ("не надо больше присылать акции, счета пусть приходят")
            start = clause.rfind(",", 0, match.start()) + 1
            end = clause.find(",", match.end())
            if not p.fault.search(clause[start : end if end >= 0 else len(clause)]):
                return True
    return False


def says_stop(text: str) -> bool:
    """Whether one clause of the message asks to stop the messages or to be taken off the list. Reminders alone,
    from a writer who says they already answered, are moot to them, not refused ("no more reminders please, I
    already confirmed"): the exact phrases decide those."""
    p = _patterns()
    answered = p.answered.search(text.lower())
    return any(_asks_to_stop(clause, p) for clause in _clauses(text)
               if not (answered and _only_reminders(clause, p)))


def _only_reminders(clause: str, p: _Patterns) -> bool:
    return bool(p.reminders.search(clause)) and not p.objects.search(p.reminders.sub(" ", clause))


def _negated_cue(clause: str, p: _Patterns) -> bool:
    """Some cue in the clause, and every one of them negated ("please don't remove me from the list")."""
    starts = [m.start() for cue in p.cues for m in cue.finditer(clause)]
    return bool(starts) and all(p.negated.search(clause[max(0, at - 16) : at]) for at in starts)


def told_not_asked(text: str) -> bool:
    """The exact phrases ("no more messages", "remove me from the list") matched words of a story, not a
    request: a clause that names what is sent tells that it did not arrive or keeps it ("please don't remove
    me from the list, I still want the updates"). Asked by `handlers.intents.is_opt_out` only where
    `says_stop` found no stop."""
    p = _patterns()
    return any(p.not_arriving.search(clause) or _negated_cue(clause, p)
               for clause in _clauses(text) if p.objects.search(clause))


def software_stopped(text: str) -> bool:
    """ "stops sending" told of the software ("it freezes at 40 contacts and stops sending"), which the intent
    lists read by stems as "stop sending"; not when the same message also says the command."""
    p = _patterns()
    lowered = text.lower()
    return bool(p.stops_told.search(lowered)) and not p.stop_said.search(lowered)
