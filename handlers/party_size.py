"""Party sizes that add people: "נגיע עם עוד שניים" is 3, "2 adults and 2 kids" is 4, "я с женой и двумя детьми" 4.

The RSVP reader (`handlers/intents.py`) finds one count in a message ("מגיעים 3", "we are four").
Guests often build the count instead: a base plus "more" ("שניים ועוד ילד", "+2"), or several counted
groups ("2 מבוגרים ו-2 ילדים"). This module reads only those shapes and says nothing otherwise, so
the single-count reading stays as it was for every other message.

The words live in `party_size.yaml` beside this file, so owners can add a language's forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import yaml

WORDS_FILE = Path(__file__).with_name("party_size.yaml")
_TOKEN = regex.compile(r"\d+|\+|[\p{L}']+|[,.;:!?]")  # punctuation ends a group: "3, my daughter" is not "3 daughters"
_HEBREW_AND = "ו"  # glued "and": "ו-2", "ועוד", "וילד"
_OF_GLUED = "מ"  # glued "of": "אחד מהילדים"
MAX_COUNT = 50


@dataclass(frozen=True, slots=True)
class _Term:
    count: int
    counted: bool   # said with a people noun ("2 kids", "my wife"): a group of its own
    additive: bool  # said as more people ("עוד 2", "+1", "2 more")
    speaker: bool = False  # the sender ("me", "я", "אגיע")
    total: bool = False    # a count after "so" / "אז" / "итого": the whole party
    companion: bool = False  # said after "with" ("coming with my wife"): someone the sender brings
    stated: bool = False   # a plain count with a total word after it ("3 in total", "трое всего"): the whole party
    whole: bool = False    # "4 people, ..." / "4 человека: ...": the party counted, before the list of who they are


@dataclass(frozen=True)
class _Words:
    numbers: dict[str, int]
    people: frozenset[str]       # plural nouns that count the number before them
    person: frozenset[str]       # a noun that is one more person ("ילד", "my wife")
    self_words: frozenset[str]   # the speaker ("me", "אני", "я"), a person when others are counted
    add: frozenset[str]          # "עוד", "plus", "ещё", "+"
    more_after: frozenset[str]   # "more" after the number ("2 more")
    joiners: frozenset[str]      # "and", "with", "my": between the parts, count nothing
    time_units: frozenset[str]   # "min", "דקות", "минут": the number beside them is a time
    time_before: frozenset[str]  # "at", "בעוד", "через": the number after them is a time
    articles: frozenset[str]     # "a", "an": one person only before a people noun
    totals: frozenset[str]       # "so", "אז", "итого": the last count after them is the total
    absent: frozenset[str]       # "can't", "לא", "חולים", "болеют": people named beside them do not come
    splits: frozenset[str]       # "but", "אבל", "но": a new part of the message
    companions: frozenset[str]   # "with", "עם", "с": the people after them come with the sender
    alone: frozenset[str]        # "alone", "לבד", "одна": the sender comes without anyone
    taken_back: frozenset[str]   # "not", "ולא", "вместо": the count after them is taken back
    of: frozenset[str] = frozenset()  # "of", "из", "מ": "one of the kids" counts the one, a person
    totals_after: frozenset[str] = frozenset()  # "total", "всего", "בסך הכל": a plain count before them is the total
    totals_lead: frozenset[str] = frozenset()   # "in" of "in total", "בסך" of "בסך הכל": passed over
    whole: frozenset[str] = frozenset()  # "people", "אנשים", "человек": a count of everyone, not of one group
    pairs: frozenset[str] = frozenset()  # "parents", "twins", "ההורים", "родителями": two people in one word
    group_numbers: frozenset[str] = frozenset()  # "couple", "זוג", "пара": a number that is people itself
    possessives: frozenset[str] = frozenset()  # "our" of "both our sons": between a number and its noun
    partner_heads: frozenset[str] = frozenset()  # "בן" of "בן זוג": the pair word names one partner


@cache
def _words() -> _Words:
    data = yaml.load(WORDS_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    numbers = {str(word).casefold(): int(count) for count, words in data["numbers"].items() for word in words}
    return _Words(numbers=numbers, people=_set(data["people"]), person=_set(data["person"]),
                  self_words=_set(data["self"]), add=_set(data["add"]) | {"+"}, more_after=_set(data["more_after"]),
                  joiners=_set(data.get("joiners") or []), time_units=_set(data.get("time_units") or []),
                  time_before=_set(data.get("time_before") or []), articles=_set(data.get("articles") or []),
                  totals=_set(data.get("totals") or []), absent=_set(data.get("absent") or []),
                  splits=_set(data.get("splits") or []), companions=_set(data.get("companions") or []),
                  alone=_set(data.get("alone") or []), taken_back=_set(data.get("taken_back") or []),
                  of=_set(data.get("of") or []), totals_after=_set(data.get("totals_after") or []),
                  totals_lead=_set(data.get("totals_lead") or []), whole=_set(data.get("whole") or []),
                  pairs=_set(data.get("pairs") or []), group_numbers=_set(data.get("group_numbers") or []),
                  possessives=_set(data.get("possessives") or []),
                  partner_heads=_set(data.get("partner_heads") or []))


def party_words() -> frozenset[str]:
    """Every word that builds a party size here (numbers, people, "me", "plus", "and", "my"): a
    message of these alone ("me +1", "plus my wife") says a count and nothing else."""
    words = _words()
    return frozenset(words.numbers) | words.people | words.person | words.self_words | words.add \
        | words.more_after | words.joiners | words.pairs | words.possessives


def total_words() -> frozenset[str]:
    """"so", "אז", "значит", "итого": a count right after them is the party's total."""
    return _words().totals


def _set(words: list[str]) -> frozenset[str]:
    return frozenset(str(w).casefold().replace("ё", "е") for w in words)


def time_amounts(words: Sequence[str]) -> list[bool]:
    """For each word, whether it is a number that says a time rather than people: "running 10 min
    late", "נגיע בעוד 20 דקות", "будем минут через 15", "опоздаем минут на 20", "at 9". Guests on
    their way or running late write such numbers, and reading them as a party of 10 or 20 records a
    wrong answer. "около 5 человек" stays a count: a people noun after the number wins."""
    vocabulary = _words()
    lowered = [w.casefold().replace("ё", "е").replace("'", "") for w in words]
    units = vocabulary.time_units | {u.replace("'", "") for u in vocabulary.time_units}
    out = []
    for i, word in enumerate(lowered):
        after = lowered[i + 1] if i + 1 < len(lowered) else ""
        if not (word.isdigit() or word in vocabulary.numbers) or after in vocabulary.people:
            out.append(False)
            continue
        one = lowered[i - 1] if i else ""
        two = lowered[i - 2] if i > 1 else ""
        # "20 דקות", "минут 15" (a unit no number before it owns), "at 9", "минут через 15"
        owned = two.isdigit() or two in vocabulary.numbers  # "15 min 3 of us": the unit is the 15's
        out.append(after in units or (one in units and not owned) or one in vocabulary.time_before
                   or (two in units and one in vocabulary.time_before))
    return out


def _tokens(text: str, words: _Words) -> list[str]:
    """Words, digits and '+', with a glued Hebrew "and" split off when the rest is a known word."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text.casefold().replace("ё", "е")):
        rest = token[1:]
        if token.startswith(_HEBREW_AND) and len(token) > 1 and (
                rest in words.numbers or rest in words.people or rest in words.person or rest in words.add
                or rest in words.pairs):
            tokens.extend([_HEBREW_AND, rest])
        else:
            tokens.append(token)
    return tokens


def _number(token: str, words: _Words) -> int | None:
    if token.isdigit():
        value = int(token)
        return value if 0 < value <= MAX_COUNT else None
    return words.numbers.get(token)


def _terms(tokens: list[str], words: _Words) -> list[_Term]:
    terms: list[_Term] = []
    times = time_amounts(tokens)
    speaker = False  # "я буду с женой": the speaker is one person, however often named
    for i, token in enumerate(tokens):
        if times[i]:
            continue  # "10 min late": a time, not ten people
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in words.articles and after not in words.people and after not in words.person:
            continue  # "bringing a plus one": the "a" counts nobody
        said_before = _said_before(tokens, i, words)
        additive = said_before in words.add  # "plus my wife" adds as "plus one" does
        companion = said_before in words.companions
        count = _number(token, words)
        if token in words.group_numbers and before in words.partner_heads:
            if before not in words.person:  # "בן זוג": one person, the partner
                terms.append(_Term(1, counted=True, additive=additive, companion=companion))
            continue
        if count is not None and before in words.taken_back:
            continue  # "נהיה שניים ולא שלושה", "not 3 but 2": the count taken back is no part of the party
        if count is not None:
            counted = after in words.people or after in words.person or _of_people(tokens, i + 1, words) \
                or token in words.group_numbers or _owned_people(tokens, i + 1, words)
            terms.append(_Term(count, counted=counted,
                               additive=additive or after in words.more_after, total=before in words.totals,
                               companion=companion, stated=not counted and _total_after(tokens, i + 1, words),
                               whole=after in words.whole and i + 2 < len(tokens) and tokens[i + 2] in ",:;"))
        elif token in words.pairs and _number(before, words) is None and _number(said_before, words) is None:
            terms.append(_Term(2, counted=True, additive=additive, companion=companion))  # "with my parents"
        elif token in words.person and _number(before, words) is None:
            terms.append(_Term(1, counted=True, additive=additive, companion=companion))
        elif token in words.self_words and not speaker:
            speaker = True
            terms.append(_Term(1, counted=True, additive=False, speaker=True))
    return terms


def _total_after(tokens: list[str], i: int, words: _Words) -> bool:
    """Whether the tokens from i say the count before them is the whole party ("3 in total", "4 altogether",
    "трое всего", "3 בסך הכל")."""
    while i < len(tokens) and tokens[i] in words.totals_lead:
        i += 1
    return i < len(tokens) and tokens[i] in words.totals_after


def _owned_people(tokens: list[str], i: int, words: _Words) -> bool:
    """Whether the tokens from i are possessives, then a people noun ("both OUR sons", "three of MY kids" is
    `_of_people`): the number before them counts those people."""
    j = i
    while j < len(tokens) and tokens[j] in words.possessives:
        j += 1
    return i < j < len(tokens) and (tokens[j] in words.people or tokens[j] in words.pairs)


def _of_people(tokens: list[str], i: int, words: _Words) -> bool:
    """Whether the tokens from i say "of the kids" ("one of the kids", "двое из детей", "אחד מהילדים"): the
    number before them counts people, some of a group, not the group."""
    if i >= len(tokens):
        return False
    token = tokens[i]
    if token.startswith(_OF_GLUED) and (token[1:] in words.people or token[2:] in words.people):
        return True  # "מהילדים", "מהנכדים": the Hebrew "of" glued on
    if token not in words.of:
        return False
    j = i + 1
    while j < len(tokens) and tokens[j] in words.joiners and tokens[j] not in words.companions:
        j += 1  # "of the", "of my", "of our"
    return j < len(tokens) and tokens[j] in words.people


def _said_before(tokens: list[str], i: int, words: _Words) -> str:
    """The word before token i, past possessives and joiners ("plus MY wife", "עוד של")."""
    j = i - 1
    while j >= 0 and tokens[j] in words.joiners and tokens[j] not in words.add and tokens[j] not in words.companions:
        j -= 1
    return tokens[j] if j >= 0 else ""


def additive_party_size(text: str) -> int | None:
    """The party size when the message builds it from parts; None when it says one count or none."""
    words = _words()
    if _comes_alone(text, words):
        return 1  # "I'll come alone, my husband is away": whoever else is named stays home
    terms = _terms(_tokens(text, words), words)
    if len(terms) > 1 and terms[-1].total:
        return terms[-1].count  # "2 adults and 2 kids, so 4": the sum said is the answer
    whole = [t for t in terms if t.whole]
    others = [t for t in terms if not t.whole]
    if len(whole) == 1 and others and not any(t.additive for t in terms) \
            and sum(t.count for t in others) <= whole[0].count:
        return whole[0].count  # "4 people: me, my wife and our 2 kids": the count, then who they are
    stated = [i for i, t in enumerate(terms) if t.stated]
    if len(terms) > 1 and stated and not any(t.additive for t in terms[stated[-1]:]):
        return terms[stated[-1]].count  # "I meant 3 in total, one of the kids is sick": the total said wins
    if terms and terms[0].companion and all(t.counted and not (t.speaker or t.additive) for t in terms):
        total = 1 + sum(t.count for t in terms)  # "coming with my wife and our 2 kids": the sender and them
        return total if total <= MAX_COUNT else None
    added = [t for t in terms if t.additive]
    if added:
        base = sum(t.count for t in terms if not t.additive) or 1
        total = base + sum(t.count for t in added)
    elif len(groups := [t for t in terms if t.counted]) >= 2:
        said = _count_alone(text, words)
        if said is not None:
            return said  # "we'll be 3, the little one stays with grandma": the people after are not added
        total = sum(t.count for t in groups)  # "2 adults and 2 kids", "me, my wife and the baby"
    else:
        return None
    return total if total <= MAX_COUNT else None


def _comes_alone(text: str, words: _Words) -> bool:
    """A clause where the sender says they come alone ("I'll come alone", "אגיע לבד", "приду одна"), with no
    one else counted, no "with" ("אגיע לבד עם הילדים" brings the children) and no negation in it ("сама не
    знаю" is no answer)."""
    for clause in regex.split(r"[,.;:!?]", text):
        listed = _tokens(clause, words)
        tokens = {t for i, t in enumerate(listed) if not (t in words.alone and _of_people(listed, i + 1, words))}
        if not words.alone & tokens or (words.companions | words.absent | words.taken_back) & tokens:
            continue
        terms = _terms(_tokens(clause, words), words)
        if all(t.speaker or (t.count == 1 and not (t.counted or t.additive)) for t in terms):
            return True
    return False


def _count_alone(text: str, words: _Words) -> int | None:
    """A plain count alone in the first clause that counts ("נהיה 3, הקטן נשאר עם סבתא", "нас будет трое,
    младший с бабушкой"): the guest said the party's size, and whoever is named after it is told about
    (who stays, who comes with whom), not added to it."""
    for clause in regex.split(r"[,.;:!?]", text):
        terms = _terms(_tokens(clause, words), words)
        if terms:
            plain = len(terms) == 1 and not (terms[0].counted or terms[0].additive or terms[0].speaker)
            return terms[0].count if plain else None
    return None


def people_joining(text: str) -> int | None:
    """How many people besides the sender the message names ("my sister", "бабушка", "2 kids",
    "עוד 2"): what a guest already coming adds by "my sister is joining us too". None when it names
    nobody, or says a plain count ("נגיע ארבעה, גם הבן מצטרף": 4 is the new total)."""
    words = _words()
    terms = _terms(_tokens(text, words), words)
    if any(not (t.speaker or t.counted or t.additive) for t in terms):
        return None
    named = sum(t.count for t in terms if not t.speaker and (t.counted or t.additive))
    return named or None



def present_party(text: str) -> int | None:
    """Who comes, when the message names people of the party who do not: "רק אני ובעלי, הקטנה לא תבוא"
    is 2, "רק שלושה, שניים חולים" is 3, "we are 5 but grandma can't come so 4 of us" is 4. A part of the
    message (split at punctuation, "but" and before "so") that names people with an absence word
    ("can't", "לא", "חולים") and not the speaker is left out; what the other parts count is the party,
    the count said last after "so" first. None when no one is named as absent, or nobody is counted."""
    words = _words()
    parts = _parts(_tokens(text.replace("’", "'"), words), words)
    absent = [p for p in parts if _names_absent(p, words)]
    if not absent:
        return None
    kept = [token for part in parts if part not in absent for token in [*part, ","]]
    terms = _terms(kept, words)
    if not terms:
        return None
    summed = additive_party_size(" ".join(kept))
    if summed is not None:
        return summed
    plain = [t for t in terms if not (t.counted or t.additive or t.speaker)]
    return plain[-1].count if plain else (1 if len(terms) == 1 else None)


def _parts(tokens: list[str], words: _Words) -> list[list[str]]:
    """The tokens in parts: cut at punctuation and "but" (dropped), and before a total word (kept)."""
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in ",.;:!?" or token in words.splits:
            parts.append([])
            continue
        if token in words.totals and parts[-1]:
            parts.append([])
        parts[-1].append(token)
    return [p for p in parts if p]


def names_others(text: str) -> bool:
    """The text names people of the party other than the speaker ("the eldest", "my partner", "2 kids"), and
    not the speaker."""
    words = _words()
    tokens = _tokens(text.replace("’", "'"), words)
    named = any(w in words.people or w in words.person or w in words.pairs for w in tokens)
    return named and not any(w in words.self_words for w in tokens)


def names_absent(text: str) -> bool:
    """The text names people of the party as not coming, and not the speaker ("הקטנה לא תבוא", "the kids
    aren't coming", "не считая младшего" is not: no absence word): a "no" there is not the sender's."""
    words = _words()
    return _names_absent(_tokens(text.replace("’", "'"), words), words)


def _names_absent(part: list[str], words: _Words) -> bool:
    """The part names people (a count, a person, "the kids") with an absence word, and not the speaker. A
    count taken back, with the word that takes it back ("2 not 3", "שניים ולא שלושה"), is neither."""
    back = [w in words.taken_back and i + 1 < len(part) and _number(part[i + 1], words) is not None
            for i, w in enumerate(part)]
    part = [w for i, w in enumerate(part) if not back[i] and not (i and back[i - 1])]
    named = any(w in words.people or w in words.person or w in words.pairs or _number(w, words) is not None
                for w in part)
    speaker = any(w in words.self_words for w in part)
    return named and not speaker and any(w in words.absent for w in part)
