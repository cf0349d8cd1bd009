"""Structural check of a held-out story set, without the bot: the code the holdout folders share.

Why: a held-out set is blind, so it is never run while it is written; its check only says that every
file is well formed against shared/CONTRACT.md and shared/kb-topics.md, so that a failure on the
lead's single run means the bot and not a typo. It does not import or run anything of the bot.
Each holdout folder kept a near-copy of this (holdout4/check_structure.py, adapted for holdout5 by
the Hebrew writer with the `holidays` package, the valid-number check and `--dir`, copied for
holdout6 and holdout7 by the lead with one more range forbidden). From holdout5 on they differed
only in the phone ranges; holdout4's also had February 2027's closing days by hand, no valid-number
check, no --dir and a missing file as an error, and now runs these checks (the same output on its
own folder). Each folder's check_structure.py calls `main` here with its `SetSettings` and keeps its
command line: python holdoutN/check_structure.py [--kb-topics PATH] [--counts] [--dir FOLDER].
A new set adds its own range to PHONE_RANGES and passes `ranges_before(its name)` as `forbidden`.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import pathlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

WORKSPACES = ("event-rsvp", "msg-software", "remote-support", "saas-billing", "web-agency")
LANGS = ("he", "en", "ru")
# From shared/CONTRACT.md ("Plans of the demo workspaces").
PLANS = {
    "msg-software": {"one-time-license", "essential", "advanced", "cloud"},
    "remote-support": {"prepaid", "occasional", "monthly"},
    "saas-billing": {"trial", "starter", "pro", "business"},
    "event-rsvp": {"free", "digital", "full-service"},
    "web-agency": {"standard", "priority"},
}
STATUSES = {"active", "expired", "cancelled", "frozen", "suspended"}
# From shared/CONTRACT.md ("expect keys").
INTENTS = {
    "greeting",
    "faq",
    "human",
    "ticket_status",
    "subscription_status",
    "cancel_subscription",
    "refund_request",
    "freeze_request",
    "rsvp_reply",
    "opt_out",
    "abuse",
    "unknown",
}
ENUMS = {
    "intent": INTENTS,
    "lang": {"he", "en", "ru"},
    "handoff": {"human", "queued", "denied", "none"},
    "ticket": {"opened", "none", "closed"},
    "rsvp_status": {
        "not_invited",
        "message_sent",
        "coming",
        "not_coming",
        "maybe",
        "interested",
        "no_answer",
    },
}
LIST_KEYS = {"reply_contains", "reply_not_contains"}
EXPECT_KEYS = set(ENUMS) | LIST_KEYS | {"topic", "party_size"}
STORY_KEYS = {"name", "from", "channel", "now", "steps", "category"}
EVENT_TYPES = {"wedding", "private", "business"}
CATEGORIES = {
    "indirect_request",
    "request_vs_question",
    "follow_up",
    "correction",
    "yes_no",
    "opt_out_sentence",
    "human_request",
    "ticket_status",
    "insult",
    "thanks",
    "slang_typos",
    "wrong_layout",
    "transliteration",
    "rsvp_guest",
    "workspace_words",
    "faq_paraphrase",
    "billing",
}
# The phone ranges each set used, in the order the sets were written: a set must not reuse an
# earlier one's (a story of a retired set could otherwise share a customer's history with a blind one).
PHONE_RANGES: dict[str, tuple[str, ...]] = {
    "holdout3": ("+972586", "+972559", "+7915", "+7926"),
    "holdout4": ("+972587", "+972548", "+972558", "+7916530"),
    "holdout5": ("+972538", "+972584"),
    "holdout6": ("+972532",),
    "holdout7": ("+972536",),
    "holdout8": ("+972539",),
    "holdout9": ("+972535",),
    "holdout10": ("+972537",),
    "holdout11": ("+972534",),
    "holdout12": ("+972530",),
    "holdout13": ("+972531",),
}
WS_DIGIT = {"msg-software": "1", "remote-support": "2", "saas-billing": "3", "event-rsvp": "4", "web-agency": "5"}
LANG_DIGIT = {"he": "1", "en": "2", "ru": "3"}
# Human hours from the CONTRACT table (weekday numbers: Monday=0 ... Sunday=6), local time.
HOURS = {
    "msg-software": ({6, 0, 1, 2, 3}, (8, 30), (16, 30), "Asia/Jerusalem"),
    "saas-billing": ({6, 0, 1, 2, 3}, (9, 0), (17, 0), "Asia/Jerusalem"),
    "event-rsvp": ({6, 0, 1, 2, 3}, (9, 0), (18, 0), "Asia/Jerusalem"),
    "web-agency": ({0, 1, 2, 3, 4}, (11, 0), (18, 0), "Europe/Moscow"),
}
# Closing days from the `holidays` package (workspace YAML: IL "closed: all", remote-support only
# Yom Kippur, web-agency RU "closed: all"). Israeli holiday eves close at 13:00 (workspace YAML
# `holiday_eve`); web-agency's holiday eve is a regular day.
EVE_CLOSE = {"msg-software": (13, 0), "saas-billing": (13, 0), "event-rsvp": (13, 0)}


def closed_day(ws: str, d: dt.date) -> bool:
    """True when the workspace's human support is closed all day on d for a holiday."""
    import holidays

    if ws == "web-agency":
        return d in holidays.Russia(years=d.year)
    il = holidays.Israel(years=d.year)
    if ws == "remote-support":
        return "Yom Kippur" in (il.get(d) or "")
    return d in il


def holiday_eve(ws: str, d: dt.date) -> bool:
    """True when d is the eve of a closing Israeli holiday (shorter hours)."""
    return ws in EVE_CLOSE and not closed_day(ws, d) and closed_day(ws, d + dt.timedelta(days=1))


def ranges_before(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The ranges of the sets written before `name` (which must be in PHONE_RANGES), for `forbidden`."""
    names = list(PHONE_RANGES)
    return tuple((earlier, PHONE_RANGES[earlier]) for earlier in names[: names.index(name)])


@dataclass(frozen=True)
class SetSettings:
    """What one held-out set's check differs in: its name, the ranges it must not use and its own.

    `forbidden` pairs each earlier set's name with its prefixes (the names make the error message;
    `ranges_before` gives them).
    `phone_prefix`: every phone follows <phone_prefix><workspace digit><language digit>nnnn; None
    checks no numbering (holdout4). `prefix_required` False checks the numbering only on phones that
    use the prefix (holdout5, whose writers also used other ranges).
    """

    name: str
    forbidden: tuple[tuple[str, tuple[str, ...]], ...]
    phone_prefix: str | None = None
    prefix_required: bool = True

    @property
    def forbidden_prefixes(self) -> tuple[str, ...]:
        return tuple(prefix for _, prefixes in self.forbidden for prefix in prefixes)

    @property
    def forbidden_names(self) -> str:
        return "/".join(name for name, _ in self.forbidden)


HUMAN_PLANS = {
    "msg-software": {"advanced", "cloud"},
    "remote-support": {"occasional", "monthly"},  # prepaid depends on a balance: never expected
    "saas-billing": {"trial", "starter", "pro", "business"},
    "event-rsvp": {"digital", "full-service"},
    "web-agency": {"standard", "priority"},
}


def kb_topics(path: pathlib.Path) -> dict[str, set[str]]:
    """Topic ids per workspace, read from the tables of kb-topics.md."""
    topics: dict[str, set[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## (\S+)", line)
        if m:
            current = m.group(1)
            topics[current] = set()
            continue
        m = re.match(r"^\| ([a-z0-9-]+) \|", line)
        if m and current and m.group(1) != "id":
            topics[current].add(m.group(1))
    return topics


def iso(value: object) -> bool:
    try:
        d = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return False
    return d.tzinfo is not None


def expected_handoff(ws: str, customer: dict, now: dt.datetime) -> tuple[str, str | None]:
    """The CONTRACT's answer for a person request: (handoff, next opening 'H:MM' or None)."""
    if customer.get("status") != "active" or customer.get("plan") not in HUMAN_PLANS[ws]:
        return "denied", None
    if ws == "msg-software" and "abusive" in (customer.get("flags") or []):
        return "denied", None
    if ws == "remote-support":
        from zoneinfo import ZoneInfo

        local_day = now.astimezone(ZoneInfo("Asia/Jerusalem")).date()
        return ("queued", None) if closed_day(ws, local_day) else ("human", None)
    if ws == "web-agency" and customer["plan"] == "priority":
        return "human", None
    from zoneinfo import ZoneInfo

    days, (oh, om), (ch, cm), tz = HOURS[ws]
    local = now.astimezone(ZoneInfo(tz))

    def open_on(d: dt.date) -> bool:
        return d.weekday() in days and not closed_day(ws, d)

    t = (local.hour, local.minute)
    if holiday_eve(ws, local.date()):
        ch, cm = EVE_CLOSE[ws]
    if open_on(local.date()) and (oh, om) <= t < (ch, cm):
        return "human", None
    return "queued", f"{oh}:{om:02d}"


def check_file(
    path: pathlib.Path, topics: dict[str, set[str]], phones_seen: dict[str, str], settings: SetSettings
) -> list[str]:
    errors: list[str] = []
    err = errors.append
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    ws = doc.get("workspace")
    expected_ws, lang = path.name.split(".")[0], path.name.split(".")[1]
    if ws != expected_ws or ws not in WORKSPACES or lang not in LANGS:
        err(f"{path.name}: workspace {ws!r} does not match the file name")
        return errors
    if "now" in doc and not iso(doc["now"]):
        err(f"{path.name}: file clock {doc['now']!r} is not ISO with an offset")
    declared: set[str] = set()
    for c in doc.get("customers") or []:
        if c.get("plan") not in PLANS[ws]:
            err(f"{path.name}: customer {c.get('phone')} has plan {c.get('plan')!r}, not one of {ws}")
        if c.get("status") not in STATUSES:
            err(f"{path.name}: customer {c.get('phone')} has status {c.get('status')!r}")
        if c["phone"] in declared:
            err(f"{path.name}: customer {c['phone']} declared twice")
        declared.add(c["phone"])
    for ev in doc.get("events") or []:
        if ev.get("type") not in EVENT_TYPES or not iso(ev.get("date")):
            err(f"{path.name}: event {ev.get('id')} has a bad type or date")
        for g in ev.get("guests") or []:
            if not str(g.get("name") or "").strip():  # the story runner refuses the whole file without it
                err(f"{path.name}: guest {g.get('phone')} has no name")
            if g.get("status") and g["status"] not in ENUMS["rsvp_status"]:
                err(f"{path.name}: guest {g['phone']} has status {g['status']!r}")
            if g["phone"] in declared:
                err(f"{path.name}: guest {g['phone']} declared twice")
            declared.add(g["phone"])
    people = {c["phone"]: c for c in doc.get("customers") or []}
    names: set[str] = set()
    for s in doc.get("stories") or []:
        where = f"{path.name}: story {s.get('name')!r}"
        extra = set(s) - STORY_KEYS
        if extra:
            err(f"{where}: unknown story keys {sorted(extra)}")
        if s.get("category") not in CATEGORIES:
            err(f"{where}: category {s.get('category')!r} is not listed")
        if s["name"] in names:
            err(f"{where}: duplicate story name")
        names.add(s["name"])
        phone = s.get("from")
        if phone not in declared:
            err(f"{where}: from {phone} is not declared as a customer or guest")
        if phone in phones_seen:
            err(f"{where}: phone {phone} already used by {phones_seen[phone]}")
        phones_seen[phone] = where
        if str(phone).startswith(settings.forbidden_prefixes):
            err(f"{where}: phone {phone} is in a {settings.forbidden_names} range")
        prefix = settings.phone_prefix
        if prefix and (settings.prefix_required or str(phone).startswith(prefix)):
            digits = str(phone)[len(prefix) : len(prefix) + 2]
            if not str(phone).startswith(prefix) or digits != WS_DIGIT[ws] + LANG_DIGIT[lang]:
                err(f"{where}: phone {phone} does not follow {prefix}<workspace><language>nnnn")
        try:
            import phonenumbers

            if not phonenumbers.is_valid_number(phonenumbers.parse(str(phone))):
                err(f"{where}: phone {phone} is not a valid number")
        except ImportError:
            pass
        except Exception:
            err(f"{where}: phone {phone} cannot be parsed")
        if s.get("channel", "whatsapp") not in {"whatsapp", "sms"}:
            err(f"{where}: channel {s.get('channel')!r}")
        if "now" in s and not iso(s["now"]):
            err(f"{where}: clock {s['now']!r} is not ISO with an offset")
        steps = s.get("steps") or []
        if not 1 <= len(steps) <= 3:
            err(f"{where}: {len(steps)} steps")
        for i, step in enumerate(steps, 1):
            if not isinstance(step.get("user"), str) or not step["user"].strip():
                err(f"{where} step {i}: no user text")
            exp = step.get("expect") or {}
            if not exp:
                err(f"{where} step {i}: no expectation")
            for k, v in exp.items():
                if k not in EXPECT_KEYS:
                    err(f"{where} step {i}: unknown expect key {k!r}")
                elif k in ENUMS and v not in ENUMS[k]:
                    err(f"{where} step {i}: {k}={v!r} is not a CONTRACT value")
                elif k == "topic" and v not in topics.get(ws, set()):
                    err(f"{where} step {i}: topic {v!r} is not a kb-topics id of {ws}")
                elif k == "party_size" and (not isinstance(v, int) or isinstance(v, bool) or v < 1):
                    err(f"{where} step {i}: party_size {v!r} is not a positive integer")
                elif k in LIST_KEYS and (not isinstance(v, list) or not all(isinstance(x, str) and x for x in v)):
                    err(f"{where} step {i}: {k} must be a list of non-empty strings")
            if exp.get("handoff") in {"human", "queued", "denied"}:
                cust = people.get(phone)
                if cust is None:
                    err(f"{where} step {i}: handoff expected for a guest")
                elif ws == "remote-support" and cust.get("plan") == "prepaid":
                    err(f"{where} step {i}: handoff expected for prepaid (depends on a balance)")
                else:
                    now = dt.datetime.fromisoformat(str(s.get("now") or doc["now"]))
                    want, opening = expected_handoff(ws, cust, now)
                    if exp["handoff"] != want:
                        err(f"{where} step {i}: handoff {exp['handoff']} but CONTRACT gives {want}")
                    if opening and lang != "en" and opening not in exp.get("reply_contains", []):
                        err(f"{where} step {i}: queued reply should contain {opening}")
                    if (
                        opening
                        and lang == "en"
                        and opening.split(":")[0] not in exp.get("reply_contains", [])
                        and opening not in exp.get("reply_contains", [])
                    ):
                        err(f"{where} step {i}: queued reply should contain the hour of {opening}")
            if exp.get("handoff") == "queued" and exp.get("ticket") != "opened":
                err(f"{where} step {i}: handoff queued without ticket opened")
            if "lang" in exp and not re.search(r"[^\W\d_]", step.get("user", "")):
                err(f"{where} step {i}: lang expected on a turn with no letters")
            if ("rsvp_status" in exp or "party_size" in exp) and ws != "event-rsvp":
                err(f"{where} step {i}: RSVP expectation outside event-rsvp")
    return errors


def main(settings: SetSettings, here: pathlib.Path, argv: Sequence[str] | None = None) -> int:
    """The whole check of one set's folder (`here`, unless --dir names another); 1 on any error."""
    ap = argparse.ArgumentParser(description=f"Structural check of the {settings.name} stories, without the bot.")
    ap.add_argument("--kb-topics", default="/work/shared/kb-topics.md")
    ap.add_argument("--counts", action="store_true", help="print counts per file and category")
    ap.add_argument("--dir", default=str(here), help="folder of the story files (default: this script's)")
    args = ap.parse_args(argv)
    topics = kb_topics(pathlib.Path(args.kb_topics))
    missing = [w for w in WORKSPACES if not topics.get(w)]
    if missing:
        print(f"kb-topics: no ids for {missing}")
        return 1
    files = sorted(pathlib.Path(args.dir).glob("*.yaml"))
    wanted = {f"{w}.{lg}.yaml" for w in WORKSPACES for lg in LANGS}
    errors: list[str] = []
    for n in sorted(wanted - {f.name for f in files}):
        print(f"note: {n} does not exist yet (skipped)")
    errors += [f"unexpected file {f.name}" for f in files if f.name not in wanted]
    phones: dict[str, str] = {}
    per_file = {}
    cats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    turns = collections.Counter()
    for f in files:
        errors += check_file(f, topics, phones, settings)
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        per_file[f.name] = len(doc["stories"])
        for s in doc["stories"]:
            cats[s.get("category")][f.name.split(".")[1]] += 1
            turns[len(s["steps"])] += 1
    for e in errors:
        print(e)
    total = sum(per_file.values())
    print(f"{len(files)} files, {total} stories, turns per story {dict(sorted(turns.items()))}, {len(errors)} errors")
    if args.counts:
        for name, n in per_file.items():
            print(f"  {name}: {n}")
        print("  category: he en ru total")
        for c in sorted(cats):
            row = cats[c]
            print(f"  {c}: {row['he']} {row['en']} {row['ru']} {sum(row.values())}")
    for c in CATEGORIES:
        for lg in LANGS:
            present = any(f.name.split(".")[1] == lg for f in files)
            if present and not cats[c][lg] and not (c == "transliteration" and lg != "ru"):
                print(f"note: no {c} story in {lg}")
    return 1 if errors else 0
