"""What does a customer's message want? Rules over word lists, in Hebrew, English and Russian.

The checks run in a fixed precedence, because one message can look like several intents and
the costly mistakes are not symmetric: missing an opt-out breaks the law (Israel's §30A, and
Twilio blocks the number anyway), answering an insult with a cheerful FAQ looks broken, and a
guest's "מגיעים 3" must update the RSVP rather than search the knowledge base. The same words from
a number that is on no guest list are `unknown`: the knowledge base would answer the host's RSVP
questions, and the sender must hear that nothing was recorded. Everything else that is not
recognised here is `faq`: the caller runs retrieval and turns a miss into `unknown`.

The word lists live in `intents.yaml` so owners can extend them without touching code. They are
compiled once into one index of every list word (`_Vocabulary`), so a message costs a few
dictionary look-ups per word rather than a check of every list entry against every word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import regex
import snowballstemmer
import yaml

from handlers.party_size import additive_party_size, party_words, time_amounts, total_words
from handlers.understanding.masked import hides_any
from handlers.understanding.stop_request import says_stop, software_stopped, told_not_asked
from knowledge.normalize import edit_distance, hebrew_prefix_variants, normalize_text, normalize_word
from knowledge.types import Lang

if TYPE_CHECKING:
    from handlers.understanding.learned import LearnedGuess

Intent = Literal[
    "greeting",
    "faq",
    "human",
    "ticket_status",
    "ticket_close",
    "subscription_status",
    "cancel_subscription",
    "refund_request",
    "freeze_request",
    "rsvp_reply",
    "opt_out",
    "abuse",
    "unknown",
]
RsvpStatus = Literal["coming", "not_coming", "maybe"]

INTENTS_FILE = Path(__file__).with_name("intents.yaml")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:[-'][\p{L}\p{N}]+)*")
_HEBREW = regex.compile(r"^\p{Script=Hebrew}+$")
_CYRILLIC = regex.compile(r"\p{Script=Cyrillic}")
SHORT_MESSAGE = 4  # words; a "person" word alone asks for one only in a message this short
REQUEST_REACH = 3  # words between a request ("I need", "בבקשה") and the person word it asks for
_CLAUSE = regex.compile(r"[^.,;!?\n]+[.,;!?\n]*")


@dataclass(frozen=True, slots=True)
class IntentGuess:
    intent: Intent
    confidence: float


@dataclass(frozen=True, slots=True)
class RsvpParse:
    """A guest's answer: status None when the text does not clearly say coming / not / maybe."""

    status: RsvpStatus | None
    party_size: int | None


_STRETCHED = regex.compile(r"(\p{L})\1{2,}")  # "yesss", "נגיעעע", "дааа": a letter held, not three


def words_of(text: str) -> list[str]:
    """Normalised words, keeping hyphenated and apostrophe words whole ("кто-нибудь"); a letter
    stretched for emphasis is read once."""
    return [normalize_word(_STRETCHED.sub(r"\1", w)).replace("'", "") for w in _WORD.findall(normalize_text(text))]


@cache
def _stemmer(name: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(name)


# Hebrew inflects number and gender at the end of the word: "מתחבר", "מתחברת", "מתחברים",
# "יתחברו" are one word to the lists. Snowball has no Hebrew; one ending is dropped where enough
# letters stay: three behind "ים"/"ות", four behind one letter, since a three-letter root with a
# one-letter ending is too often another word ("פניה" would meet the "פני" of "לפני").
_HEBREW_ENDINGS = (("ים", 3), ("ימ", 3), ("ות", 3), ("ו", 4), ("ה", 4), ("ת", 4))  # "ימ": normalised, no final letters


def _stem(word: str) -> str:
    if _CYRILLIC.search(word):
        return _stemmer("russian").stemWord(word)  # type: ignore[no-any-return]
    if _HEBREW.match(word):
        for ending, root in _HEBREW_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= root:
                return word[: -len(ending)]
        return word
    return _stemmer("english").stemWord(word)  # type: ignore[no-any-return]


def _deletes(word: str) -> set[str]:
    """The word and every form of it with one letter left out."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _pattern(word: str) -> str:
    """Normalise a list entry's word, keeping its = / * markers."""
    head = "=" if word.startswith("=") else ""
    tail = "*" if word.endswith("*") else ""
    return head + normalize_word(word.strip("=*")) + tail


class _Vocabulary:
    """Every pattern word of every list, indexed so that one message word finds at once all the
    patterns it matches: exact (=), prefix (*), Hebrew word behind glued prefixes, same stem, or
    one typo in a word of five letters or more ("unsubscibe", "опертор").

    Checking each pattern against each word costs milliseconds per message; the indexes turn it
    into a few dictionary look-ups per word, and the answer for a word is kept (words repeat).
    """

    MAX_CACHED = 20_000  # distinct message words remembered; the cache starts over when full
    TYPO_MIN = 5  # letters in a pattern that tolerates one typo

    def __init__(self, patterns: Iterable[str]) -> None:
        by_form: dict[str, set[str]] = defaultdict(set)  # "=x" and "x" under x
        plain: dict[str, set[str]] = defaultdict(set)  # "x" under x (Hebrew prefix readings)
        by_stem: dict[str, set[str]] = defaultdict(set)
        by_prefix: dict[str, set[str]] = defaultdict(set)  # "x*" under x
        by_delete: dict[str, set[str]] = defaultdict(set)  # one-typo candidates
        for pattern in set(patterns):
            if pattern.startswith("="):
                by_form[pattern[1:]].add(pattern)
            elif pattern.endswith("*"):
                by_prefix[pattern[:-1]].add(pattern)
            else:
                by_form[pattern].add(pattern)
                plain[pattern].add(pattern)
                if len(pattern) > 3:
                    by_stem[_stem(pattern)].add(pattern)
                if len(pattern) >= self.TYPO_MIN:
                    for form in _deletes(pattern):
                        by_delete[form].add(pattern)
        # Tuples of strings, not sets: the garbage collector stops scanning them after one pass.
        self.by_form, self.plain, self.by_stem, self.by_prefix, self.by_delete = (
            {key: tuple(sorted(values)) for key, values in index.items()}
            for index in (by_form, plain, by_stem, by_prefix, by_delete)
        )
        self.prefix_lengths = sorted({len(p) for p in by_prefix})
        self._cache: dict[str, tuple[str, ...]] = {}

    def matches(self, word: str) -> tuple[str, ...]:
        """The patterns (as written in the lists, markers included) that this word matches."""
        found = self._cache.get(word)
        if found is None:
            if len(self._cache) >= self.MAX_CACHED:
                self._cache.clear()
            found = self._cache[word] = tuple(sorted(self._find(word)))
        return found

    def _find(self, word: str) -> set[str]:
        out = set(self.by_form.get(word, ()))
        readings = hebrew_prefix_variants(word) if _HEBREW.match(word) else [word]
        if len(word) > 3 and word.startswith("ו") and _HEBREW.match(word):
            out.update(self.by_form.get(word[1:], ()))  # "ותחזירו": "and" glued to an exact form ("=תחזירו")
        for reading in readings[1:]:
            out.update(self.plain.get(reading, ()))
        for reading in readings:
            for n in self.prefix_lengths:
                if n > len(reading):
                    break
                out.update(self.by_prefix.get(reading[:n], ()))
        out.update(self.by_stem.get(_stem(word), ()))
        # A word of the lists is no typo of another one: "there" (of "we will be there") is not "three".
        if len(word) >= self.TYPO_MIN - 1 and word not in self.by_form:
            candidates = set()
            for form in _deletes(word):
                candidates.update(self.by_delete.get(form, ()))
            typos = {
                pattern
                for pattern in candidates - out
                if pattern[0] == word[0] and abs(len(pattern) - len(word)) <= 1 and edit_distance(pattern, word, 1) <= 1
            }
            if typos and not _real_word(word):
                out.update(typos)
        return out


def _real_word(word: str) -> bool:
    """A word the bot knows as it is (its knowledge bases, lists and texts): no typo of a list word one
    letter away. "stuff" is no "staff", "משהו" (something) no "מישהו" (someone), "changed" no "charged"."""
    from handlers.understanding.spelling import is_word

    lang: Lang = "he" if _HEBREW.match(word) else "ru" if _CYRILLIC.search(word) else "en"
    return is_word(word, lang)


@dataclass(frozen=True, slots=True)
class _Message:
    """A message's normalised words and, per word, the list patterns it matches."""

    words: tuple[str, ...]
    hits: tuple[tuple[str, ...], ...]  # a handful each: a tuple is as quick as a set

    def __len__(self) -> int:
        return len(self.words)

    def without(self, mask: list[bool]) -> _Message:
        keep = [i for i, hit in enumerate(mask) if not hit]
        return _Message(tuple(self.words[i] for i in keep), tuple(self.hits[i] for i in keep))


@dataclass(frozen=True, slots=True)
class Phrases:
    """A list of words / multi-word phrases, indexed by first word for matching."""

    items: tuple[tuple[str, ...], ...]
    by_first: dict[str, tuple[tuple[str, ...], ...]]
    singles: frozenset[str]  # the one-word entries

    @classmethod
    def of(cls, raw: list[Any] | None) -> Phrases:
        items = []
        for entry in raw or []:
            if not isinstance(entry, str):  # YAML reads a bare yes/no as a boolean
                raise ValueError(f"intent word list entry {entry!r} must be quoted text")
            parts = tuple(_pattern(p) for p in entry.lower().split())
            if parts:
                items.append(parts)
        return cls._indexed(items)

    @classmethod
    def union(cls, *lists: Phrases) -> Phrases:
        return cls._indexed([phrase for phrases in lists for phrase in phrases.items])

    @classmethod
    def _indexed(cls, items: list[tuple[str, ...]]) -> Phrases:
        by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for phrase in dict.fromkeys(items):
            by_first[phrase[0]].append(phrase)
        singles = frozenset(phrase[0] for phrase in items if len(phrase) == 1)
        return cls(tuple(items), {first: tuple(group) for first, group in by_first.items()}, singles)

    def patterns(self) -> set[str]:
        return {pattern for phrase in self.items for pattern in phrase}

    def _occurrences(self, msg: _Message, start: int) -> Iterator[int]:
        """Lengths of the phrases that occur at word `start`."""
        hits = msg.hits
        for first in hits[start]:
            for phrase in self.by_first.get(first, ()):
                end = start + len(phrase)
                if end <= len(hits) and all(phrase[k] in hits[start + k] for k in range(1, len(phrase))):
                    yield len(phrase)

    def starts_at(self, msg: _Message, start: int) -> bool:
        """True when a phrase occurs at word `start`."""
        return start < len(msg) and next(self._occurrences(msg, start), 0) > 0

    def find(self, msg: _Message) -> bool:
        """True when any phrase occurs as consecutive words."""
        return any(self.starts_at(msg, i) for i in range(len(msg)))

    def exact(self, msg: _Message) -> bool:
        """True when the words are exactly one of the phrases."""
        return bool(msg) and any(n == len(msg) for n in self._occurrences(msg, 0))

    def covered(self, msg: _Message) -> list[bool]:
        """For each word, whether some phrase occurrence covers it."""
        mask = [False] * len(msg)
        for i in range(len(msg)):
            for n in self._occurrences(msg, i):
                mask[i : i + n] = [True] * n
        return mask


@dataclass(frozen=True, slots=True)
class _Lexicon:
    opt_out: Phrases
    opt_out_anywhere: Phrases
    opt_out_anchors: Phrases  # a learned opt-out must name messages, sending, the list or the number
    opt_out_keep: Phrases  # "but fault notices I DO want": wanting messages is no learned opt-out
    opt_out_told: Phrases  # "stopped", "перестала": something that stopped sending is told, not asked
    own_mailing: Phrases  # "рассылка", "newsletter": a campaign the customer may run themselves
    mailing_scheduled: Phrases
    personal: Phrases
    removal_from: Phrases  # what a polite "can you remove me?" names: the list, the messages
    removal_verbs: Phrases  # verbs of leaving that mean nothing else ("unsubscribe")
    opt_out_rhetorical: Phrases  # "сколько можно", "how many times": a complaint, not a question
    opt_out_command_clause: Phrases  # "הסר בבקשה." as a first sentence: the command, then why
    other_channel: Phrases  # e-mail / post: "don't send it by e-mail, send it here" moves it, no opt-out
    send_here: Phrases
    not_here: Phrases  # "ни сюда, ни на почту": this chat refused too
    moved: Phrases  # "old", "new", "הישן", "новую": beside an address word, the messages are redirected
    sent_person: Phrases  # "technician", "שליח", "мастера": who is sent, right after "stop sending"
    sent_skip: Phrases  # "the", "me", "את": what may stand between the phrase and who is sent
    to_others: Phrases  # "to my guests", "לאורחים", "моим гостям": messages to other people
    to_me: Phrases  # "me", "לי", "мне": the writer's own messages
    fillers: Phrases
    abuse: Phrases
    abuse_names: Phrases  # "scammers", "נוכלים", "мошенники": abuse when said of the addressee
    abuse_addressee: Phrases  # "you", "you people", "אתם", "вы"
    abuse_reported: Phrases  # "said", "אמרתם", "сказали": a name after it is in what was reported
    abuse_near: Phrases  # "your", "ваши": a name at most ABUSE_NEAR words after it is said of the business
    abuse_group: Phrases  # "חבורה של", "bunch of", "шайка": the same, when it opens the clause
    abuse_self: Phrases  # "like an", "я", "אני": right before an insult word, the writer speaks of themself
    abuse_intensifiers: Phrases  # "such", "полная", "ממש": may stand between the two
    abuse_compare: Phrases  # "как", "כמו": a self word only when the business's people were not named before it
    abuse_compare_self: Phrases  # "я", "אני": right before the comparison, it is of the writer after all
    abuse_worthless: Phrases  # "של שלוש אגורות": people worth three agorot, unless a sum is meant
    abuse_sums: Phrases  # "חיוב", "הפרש": "a charge of three agorot" is a sum
    abuse_addressee_after: Phrases  # "all of you", "כולכם", "вы все": a name just before it is said of them
    abuse_vocative: Phrases  # "scammers", "халтурщики": a clause of nothing but these calls the business names
    abuse_name_phrases: Phrases  # the names of more than one word ("is trash"), which no typo makes
    abuse_exclaim: Phrases  # "what a", "ну и", "איזה": what may stand beside them in that clause
    persons: Phrases
    human_requests: Phrases
    human_questions: Phrases
    human_tasks: Phrases
    human_polite: Phrases
    human_wish_leads: Phrases  # "אז", "לפחות": what may stand before "שהמתכנת ..." asking for them
    human_remote: Phrases
    human_who_can: Phrases  # "who can", "מי יכול", "кто может": with a task after it, someone asked for
    human_scope_questions: Phrases  # "or is it", "או שזה", "или это": whose job it is, asked
    human_about_it: Phrases  # "is it safe", "זה בטוח", "это безопасно": what was told is asked about
    human_time_clause: Phrases  # "before", "перед тем как", "לפני": a task inside tells when
    human_without: Phrases  # "without", "без", "בלי": with a person and `human_unable`, one is needed
    human_myself: Phrases  # "myself", "сам", "לבד": with `human_unable`, the customer cannot do it alone
    human_unable: Phrases  # "can't", "не могу", "боюсь", "לא מצליח"
    human_exists: Phrases  # "is there", "есть", "יש": whether someone is there
    human_connect: Phrases  # "свяжите меня ... с кем-нибудь": connect me, the person in another clause
    human_asks: Phrases  # "could", "would be great if", "если бы", "אם יש מישהו": someone asked to do a task
    human_you_ask: Phrases  # "could you", "не могли бы вы", "תוכלו": the business asked, no person named
    human_you_tasks: Phrases
    human_undone: Phrases  # "couldn't", "לא הצליח", "не смог": a task not done is a complaint
    human_look_objects: Phrases  # "why", "почему": a question that is what to look at, after the task
    human_later: Phrases  # "when you're back": when to do it, not a question about hours
    human_available: Phrases  # "around", "זמין", "на месте": whether someone is there now
    human_vocative: Phrases  # "please", "срочно": beside a person word said first, a call for one
    human_callbacks: Phrases  # "мне перезвонили", "שיחזור אליי": being contacted is the task
    human_determiners: Phrases  # "my call": a task word after these is a thing
    human_short_persons: Phrases  # "support", "תמיכה": a person only in a short request ("need support")
    human_urgent: Phrases  # "срочно", "urgent", "דחוף": with a fault told, a call for a person
    human_partitive: Phrases  # "one of the", "кто-то из": part of the person word said after it
    human_faults: Phrases  # "не открывается", "is down", "קרס"
    human_help: Phrases  # "help", "לעזור", "помогите": see `needs_a_person`
    human_wished: Phrases  # "would be really nice", "היה עוזר", "бы не помешал": right after a person word, a request
    human_open_ticket: Phrases  # "please open a ticket", "תפתחו לי קריאה", "откройте заявку": a person asked for
    human_open_ticket_told: Phrases  # "before I open a call": the word before it makes it told
    freeze_fault: Phrases  # "the app keeps freezing": the program freezes, no account is to be frozen
    human_declined: Phrases  # "no need to call me back": a call or a person declined, not asked for
    human_included: Phrases  # "as part of the support I pay for": whether the work is included is asked
    refund_this_one: Phrases  # "yesterday's", "the rest": the charge wanted back is a particular one
    freeze_can: Phrases  # "can I", "אפשר", "можно": with the account named, "can I freeze it?" asks to
    freeze_object: Phrases  # "it", "אותו", "את המנוי", "его": the account a freeze asked with "can I" is about
    lead_ins: Phrases
    conditional: Phrases
    whether: Phrases  # "check if", "לבדוק אם": the "if" of an indirect question, no condition
    drop_action: Phrases  # "forget the refund", "עזוב הקפאה": the action named next is not meant
    not_doing: Phrases  # "I'm not cancelling anything", "я не отменяю": with a question, the rule is asked
    in_theory: Phrases  # "hypothetical", "хочу знать": no account action asked (opt-outs and persons unaffected)
    tag_questions: Phrases  # "ya know?", "נכון?", "понимаете?": a clause of these alone asks nothing
    charged: Phrases  # "keeps getting charged", "יורד לי מהכרטיס", "абонплата": charges that keep coming
    end_it: Phrases  # "make it stop", "שזה ייגמר", "закрывайте это всё": with `charged`, a cancellation
    not_charges: Phrases  # "reminders", "הודעות", "сообщения": what keeps coming is no charge
    end_verbs: Phrases  # "end", "תסיימו", "завершите": with a contract word just after, a cancellation
    contract_words: Phrases
    wants_back: Phrases  # "I want", "רוצה", "хочу": with a thing and "back" after, a refund
    back_things: Phrases
    back: Phrases
    charge_told: Phrases  # "I was charged", "חויבתי", "оплатил": a charge told before a refund asked
    owed: Phrases  # "am I owed anything?", "מגיע לי משהו?": with `leaving` told, a refund asked
    leaving: Phrases  # "I want out", "רוצה לצאת", "хочу уйти"
    renewal_off: Phrases
    renewal: Phrases
    greeting: Phrases
    request: Phrases
    imperative: Phrases
    question: Phrases
    polite: Phrases  # "could you ...", "אפשר", "можете": with the customer's own account, a request
    knowledge_seeking: Phrases
    thanks: Phrases
    thanks_with: Phrases
    thanks_not: Phrases
    own: Phrases
    close_topic: Phrases
    close_cue: Phrases
    topics: dict[str, Phrases]
    cues: dict[str, Phrases]
    status_phrases: Phrases
    nudges: Phrases  # ticket-status words that count only while a ticket is open
    nudge_phrases: Phrases  # those of several words ("get back to me"), read in a longer clause too
    nudge_alone: Phrases  # "so??", "ну и?", "אז מה?": the whole message, while a ticket is open
    ticket_rule: Phrases  # "what will happen to it": a question about the rules of tickets
    ticket_mine: Phrases  # "my request", "the issue I reported", "פתחתי קריאה": the customer's own request
    ticket_asked: Phrases  # "what about", "מה עם", "на каком этапе": status words only beside the request named
    ticket_follow: Phrases  # "a reference number to follow this by?": asked while a ticket is open
    ticket_done: Phrases  # "I cancelled", "ביטלתי": a request made; with `ticket_registered` asked, its status
    ticket_registered: Phrases  # "did it go through?", "זה נקלט?", "это прошло?"
    ticket_rule_future: Phrases  # "will it get closed?": the rule, even about the customer's own request
    ticket_general: Phrases  # "in general", "вообще", "do you promise": the service's rule, even with a ticket open
    ticket_at_all: Phrases  # "מישהו בכלל", "кто-нибудь вообще": there the general word means "at all"
    ticket_how_open: Phrases  # "how do I open a ticket?", "איך פותחים קריאה?": the rule of opening one
    ticket_how: Phrases  # "איך", "как": up to three words before `ticket_open_verbs`, the same
    ticket_open_verbs: Phrases
    ticket_why: Phrases  # "why", "למה", "почему": with `ticket_closed`, why tickets close
    ticket_unanswered: Phrases  # "I never got an answer", "לא קיבלתי תשובה": a close complained of, no rule asked
    ticket_closed: Phrases
    ticket_not_closed: Phrases  # "still not closed", "לא נסגרה", "не закрыли": a close that has not come
    drop_after: Phrases  # "не нужен", "not needed", "לא צריך": said right after an action, it drops it
    no_renew: Phrases  # "doesn't renew", "שלא יתחדש", "не продлевалась": the renewal not wanted
    pause_stop: Phrases  # "stop ..." said with how long it lasts is a freeze
    pause_while: Phrases
    no_charge: Phrases  # "not charged", "не списывали": with `away`, a freeze
    no_charge_away: Phrases
    status_still: Phrases  # "am I still on ...", with a plan word: about MY plan
    status_paid: Phrases  # "משולם", "оплачено": with `status_until`, how long MY service is paid for
    status_until: Phrases
    plan_words: Phrases
    plan_what_if: Phrases  # "מה קורה אם היתרה שלי נגמרת": what would happen, the rule
    plan_includes: Phrases  # "how many minutes does my plan include?": what a plan holds, the knowledge base's
    no_longer_need: Phrases  # "won't need ... after this month" is a cancellation
    no_longer_from: Phrases
    no_longer_other: Phrases
    switch_to: Phrases  # "switch to", "לעבור ל", "перейти на": with a plan word, never a cancellation
    rsvp: dict[str, Phrases]
    sizes: tuple[tuple[int, Phrases], ...]
    emoji: dict[str, frozenset[str]]  # rsvp status -> the emoji that say it alone ("👍")
    answer_core: Phrases  # words that answer an invitation: coming / not / maybe, a party size
    answer_words: Phrases  # everything an RSVP answer may say: those, counts, greetings, fillers
    vocabulary: _Vocabulary
    # Texts already read, and their readings: one turn reads the same message, clause or sentence about
    # eleven times over (each rule splits it again), which was ~1.5 ms a turn. The lists are immutable and
    # a reading is a frozen value, so it is kept; the dict starts over when full (a turn has a few texts).
    _reads: dict[str, _Message] = field(default_factory=dict, compare=False, repr=False)

    MAX_READS = 256  # distinct texts remembered

    def read(self, text: str) -> _Message:
        """The words of `text` and the list patterns each matches, remembered per text."""
        known = self._reads.get(text)
        if known is not None:
            return known
        words = tuple(words_of(text))
        msg = _Message(words, tuple(self.vocabulary.matches(w) for w in words))
        if len(self._reads) >= self.MAX_READS:
            self._reads.clear()
        self._reads[text] = msg
        return msg


ACTION_INTENTS: tuple[Intent, ...] = (
    "cancel_subscription",
    "refund_request",
    "freeze_request",
    "ticket_status",
    "subscription_status",
)


@cache
def lexicon(path: Path = INTENTS_FILE) -> _Lexicon:
    """The compiled word lists of `path`, from the on-disk index cache (keyed by the YAML and this
    module) when a run before built them: building is a quarter of a second on every start."""
    from knowledge import index_cache

    return index_cache.cached_objects("intent-words", [path, Path(__file__)], lambda: _built_lexicon(path),
                                      [_Lexicon, Phrases, _Vocabulary])


def _built_lexicon(path: Path) -> _Lexicon:
    from knowledge.kb import SAFE_LOADER  # libyaml's parser

    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    sub = raw["subscription"]
    lists = {
        "opt_out": Phrases.of(raw["opt_out"]["exact"]),
        "opt_out_anywhere": Phrases.of(raw["opt_out"].get("anywhere")),
        "opt_out_anchors": Phrases.of(raw["opt_out"].get("learned_anchors")),
        "opt_out_keep": Phrases.of(raw["opt_out"].get("keep")),
        "opt_out_told": Phrases.of(raw["opt_out"].get("told")),
        "own_mailing": Phrases.of(raw["opt_out"].get("own_mailing")),
        "mailing_scheduled": Phrases.of(raw["opt_out"].get("scheduled")),
        "personal": Phrases.of(raw["opt_out"].get("personal")),
        "removal_from": Phrases.of(raw["opt_out"].get("removal_from")),
        "removal_verbs": Phrases.of(raw["opt_out"].get("removal_verbs")),
        "opt_out_rhetorical": Phrases.of(raw["opt_out"].get("rhetorical")),
        "opt_out_command_clause": Phrases.of(raw["opt_out"].get("command_clause")),
        "other_channel": Phrases.of(raw["opt_out"].get("other_channel")),
        "send_here": Phrases.of(raw["opt_out"].get("send_here")),
        "not_here": Phrases.of(raw["opt_out"].get("not_here")),
        "fillers": Phrases.of(raw["opt_out"].get("fillers")),
        "abuse": Phrases.of(raw["abuse"]["words"] + raw["abuse"].get("phrases", [])),
        "abuse_names": Phrases.of(raw["abuse"].get("names")),
        "abuse_addressee": Phrases.of(raw["abuse"].get("addressee")),
        "abuse_reported": Phrases.of(raw["abuse"].get("reported")),
        "abuse_near": Phrases.of(raw["abuse"].get("near")),
        "abuse_group": Phrases.of(raw["abuse"].get("group")),
        "abuse_self": Phrases.of(raw["abuse"].get("self")),
        "abuse_intensifiers": Phrases.of(raw["abuse"].get("intensifiers")),
        "abuse_compare": Phrases.of(raw["abuse"].get("compare")),
        "abuse_compare_self": Phrases.of(raw["abuse"].get("compare_self")),
        "abuse_worthless": Phrases.of(raw["abuse"].get("worthless")),
        "abuse_sums": Phrases.of(raw["abuse"].get("sums")),
        "abuse_addressee_after": Phrases.of(raw["abuse"].get("addressee_after")),
        "abuse_vocative": Phrases.of(raw["abuse"].get("vocative")),
        "abuse_name_phrases": Phrases.of([n for n in raw["abuse"].get("names", []) if len(n.split()) > 1]),
        "abuse_exclaim": Phrases.of(raw["abuse"].get("exclaim")),
        "persons": Phrases.of(raw["human"]["persons"]),
        "human_requests": Phrases.of(raw["human"]["requests"]),
        "human_questions": Phrases.of(raw["human"]["questions"]),
        "moved": Phrases.of(raw["opt_out"].get("moved")),
        "sent_person": Phrases.of(raw["opt_out"].get("sent_person")),
        "sent_skip": Phrases.of(raw["opt_out"].get("sent_skip")),
        "to_others": Phrases.of(raw["opt_out"].get("to_others")),
        "to_me": Phrases.of(raw["opt_out"].get("to_me")),
        "human_tasks": Phrases.of(raw["human"].get("tasks")),
        "human_polite": Phrases.of(raw["human"].get("polite")),
        "human_wish_leads": Phrases.of(raw["human"].get("wish_leads")),
        "human_remote": Phrases.of(raw["human"].get("remote")),
        "human_who_can": Phrases.of(raw["human"].get("who_can")),
        "human_scope_questions": Phrases.of(raw["human"].get("scope_questions")),
        "human_about_it": Phrases.of(raw["human"].get("about_it")),
        "human_time_clause": Phrases.of(raw["human"].get("time_clause")),
        "human_without": Phrases.of(raw["human"].get("without")),
        "human_myself": Phrases.of(raw["human"].get("myself")),
        "human_unable": Phrases.of(raw["human"].get("unable")),
        "human_exists": Phrases.of(raw["human"].get("exists")),
        "human_connect": Phrases.of(raw["human"].get("connect")),
        "human_asks": Phrases.of(raw["human"].get("asks")),
        "human_you_ask": Phrases.of(raw["human"].get("you_ask")),
        "human_you_tasks": Phrases.of(raw["human"].get("you_tasks")),
        "human_undone": Phrases.of(raw["human"].get("undone")),
        "human_look_objects": Phrases.of(raw["human"].get("look_objects")),
        "human_later": Phrases.of(raw["human"].get("later")),
        "human_available": Phrases.of(raw["human"].get("available")),
        "human_vocative": Phrases.of(raw["human"].get("vocative")),
        "human_callbacks": Phrases.of(raw["human"].get("callbacks")),
        "human_declined": Phrases.of(raw["human"].get("declined")),
        "human_included": Phrases.of(raw["human"].get("included")),
        "human_determiners": Phrases.of(raw["human"].get("determiners")),
        "human_short_persons": Phrases.of(raw["human"].get("short_persons")),
        "human_urgent": Phrases.of(raw["human"].get("urgent")),
        "human_partitive": Phrases.of(raw["human"].get("partitive")),
        "human_faults": Phrases.of(raw["human"].get("faults")),
        "human_help": Phrases.of(raw["human"].get("help")),
        "human_wished": Phrases.of(raw["human"].get("wished")),
        "human_open_ticket": Phrases.of(raw["human"].get("open_ticket")),
        "human_open_ticket_told": Phrases.of(raw["human"].get("open_ticket_told")),
        "freeze_fault": Phrases.of(sub["freeze_request"].get("fault")),
        "refund_this_one": Phrases.of(sub["refund_request"].get("this_one")),
        "freeze_can": Phrases.of(sub["freeze_request"].get("can")),
        "freeze_object": Phrases.of(sub["freeze_request"].get("object")),
        "lead_ins": Phrases.of(raw["thanks"].get("lead_ins")),
        "conditional": Phrases.of(raw.get("conditional")),
        "whether": Phrases.of(raw.get("whether")),
        "drop_action": Phrases.of(raw.get("drop_action")),
        "not_doing": Phrases.of(raw.get("not_doing")),
        "in_theory": Phrases.of(raw.get("in_theory")),
        "tag_questions": Phrases.of(raw.get("tag_questions")),
        "charged": Phrases.of(sub["cancel_subscription"].get("charged")),
        "end_it": Phrases.of(sub["cancel_subscription"].get("end_it")),
        "not_charges": Phrases.of(sub["cancel_subscription"].get("not_charges")),
        "end_verbs": Phrases.of(sub["cancel_subscription"].get("end_verbs")),
        "contract_words": Phrases.of(sub["cancel_subscription"].get("contract_words")),
        "wants_back": Phrases.of(sub["refund_request"].get("wants")),
        "back_things": Phrases.of(sub["refund_request"].get("things")),
        "back": Phrases.of(sub["refund_request"].get("back")),
        "charge_told": Phrases.of(sub["refund_request"].get("charge_told")),
        "owed": Phrases.of(sub["refund_request"].get("owed")),
        "leaving": Phrases.of(sub["refund_request"].get("leaving")),
        "drop_after": Phrases.of(raw.get("drop_after")),
        "no_renew": Phrases.of(sub["cancel_subscription"].get("no_renew")),
        "renewal_off": Phrases.of(sub["cancel_subscription"].get("turn_off")),
        "renewal": Phrases.of(sub["cancel_subscription"].get("renewal")),
        "greeting": Phrases.of(raw["greeting"]["words"]),
        "request": Phrases.of(sub["request"]),
        "imperative": Phrases.of(sub.get("imperative")),
        "question": Phrases.of(sub["question"]),
        "polite": Phrases.of(sub.get("polite")),
        "knowledge_seeking": Phrases.of(raw["knowledge_seeking"]),
        "thanks": Phrases.of(raw["thanks"]["words"]),
        "thanks_with": Phrases.of(raw["thanks"].get("with")),
        "thanks_not": Phrases.of(raw["thanks"].get("but")),
        "own": Phrases.of(raw["own"]),
        "close_topic": Phrases.of(raw["ticket_close"]["topic"]),
        "close_cue": Phrases.of(raw["ticket_close"]["cue"]),
    }
    topics = {name: Phrases.of(sub[name]["topic"]) for name in ACTION_INTENTS}
    cues = {name: Phrases.of(sub[name]["cue"]) for name in ACTION_INTENTS if "cue" in sub[name]}
    status_phrases = Phrases.of(sub["subscription_status"].get("phrase"))
    nudges = Phrases.of([*sub["ticket_status"].get("nudge", []), *sub["ticket_status"].get("seen", [])])
    nudge_alone = Phrases.of(sub["ticket_status"].get("alone"))
    ticket_rule = Phrases.of(sub["ticket_status"].get("rule"))
    ticket_mine = Phrases.of(sub["ticket_status"].get("mine"))
    ticket_asked = Phrases.of(sub["ticket_status"].get("asked"))
    ticket_follow = Phrases.of(sub["ticket_status"].get("follow"))
    ticket_done = Phrases.of(sub["ticket_status"].get("done"))
    ticket_registered = Phrases.of(sub["ticket_status"].get("registered"))
    nudge_phrases = Phrases._indexed([p for p in nudges.items if len(p) > 1])
    ticket_rule_future = Phrases.of(sub["ticket_status"].get("rule_future"))
    ticket_general = Phrases.of(sub["ticket_status"].get("general"))
    ticket_at_all = Phrases.of(sub["ticket_status"].get("at_all"))
    ticket_how_open = Phrases.of(sub["ticket_status"].get("how_open"))
    ticket_how = Phrases.of(sub["ticket_status"].get("how"))
    ticket_open_verbs = Phrases.of(sub["ticket_status"].get("open_verbs"))
    ticket_why = Phrases.of(sub["ticket_status"].get("why"))
    ticket_closed = Phrases.of(sub["ticket_status"].get("closed"))
    ticket_not_closed = Phrases.of(sub["ticket_status"].get("not_closed"))
    ticket_unanswered = Phrases.of(sub["ticket_status"].get("unanswered"))
    pause_stop = Phrases.of(sub["freeze_request"].get("stop"))
    pause_while = Phrases.of(sub["freeze_request"].get("while"))
    no_charge = Phrases.of(sub["freeze_request"].get("no_charge"))
    no_charge_away = Phrases.of(sub["freeze_request"].get("away"))
    status_still = Phrases.of(sub["subscription_status"].get("still"))
    status_paid = Phrases.of(sub["subscription_status"].get("paid"))
    status_until = Phrases.of(sub["subscription_status"].get("until"))
    plan_words = Phrases.of(sub["subscription_status"].get("plan_words"))
    plan_includes = Phrases.of(sub["subscription_status"].get("includes"))
    plan_what_if = Phrases.of(sub["subscription_status"].get("what_if"))
    no_longer_need = Phrases.of(sub["cancel_subscription"].get("need"))
    no_longer_from = Phrases.of(sub["cancel_subscription"].get("from_when"))
    no_longer_other = Phrases.of(sub["cancel_subscription"].get("not_the_service"))
    switch_to = Phrases.of(sub["cancel_subscription"].get("switch_to"))
    rsvp = {k: Phrases.of(v) for k, v in raw["rsvp"].items() if k not in ("sizes", "emoji")}
    sizes = tuple((int(n), Phrases.of(v)) for n, v in raw["rsvp"]["sizes"].items())
    emoji = {status: frozenset(str(e).replace("\ufe0f", "") for e in marks)
             for status, marks in (raw["rsvp"].get("emoji") or {}).items()}
    answer_core = Phrases.union(*(rsvp[k] for k in ("coming", "coming_despite_no", "not_coming", "maybe", "doubt")),
                                *(p for _, p in sizes))
    answer_words = Phrases.union(
        answer_core, rsvp["negations"], rsvp["count_fillers"], rsvp["answer_words"], lists["greeting"],
        lists["fillers"],
    )
    every = [*lists.values(), *topics.values(), *cues.values(), status_phrases, nudges, nudge_alone, ticket_rule,
             ticket_mine, ticket_asked, ticket_follow, ticket_done, ticket_registered, ticket_rule_future,
             ticket_general, ticket_at_all,
             ticket_how_open, ticket_how, ticket_open_verbs, ticket_why, ticket_closed, ticket_not_closed,
             ticket_unanswered, pause_stop, pause_while, no_charge, no_charge_away, status_still, status_paid,
             status_until, plan_words, plan_includes, plan_what_if,
             no_longer_need, no_longer_from, no_longer_other, switch_to, *rsvp.values(), answer_words]
    vocabulary = _Vocabulary(pattern for phrases in every for pattern in phrases.patterns())
    return _Lexicon(**lists, topics=topics, cues=cues, status_phrases=status_phrases, nudges=nudges,
                    nudge_alone=nudge_alone, nudge_phrases=nudge_phrases,
                    ticket_rule=ticket_rule, ticket_mine=ticket_mine, ticket_asked=ticket_asked,
                    ticket_follow=ticket_follow, ticket_done=ticket_done, ticket_registered=ticket_registered,
                    ticket_rule_future=ticket_rule_future,
                    ticket_general=ticket_general, ticket_at_all=ticket_at_all,
                    ticket_how_open=ticket_how_open, ticket_how=ticket_how,
                    ticket_open_verbs=ticket_open_verbs, ticket_why=ticket_why,
                    ticket_closed=ticket_closed, ticket_not_closed=ticket_not_closed,
                    ticket_unanswered=ticket_unanswered,
                    status_still=status_still, status_paid=status_paid, status_until=status_until,
                    plan_words=plan_words, plan_includes=plan_includes, plan_what_if=plan_what_if,
                    no_longer_need=no_longer_need, no_longer_from=no_longer_from,
                    no_longer_other=no_longer_other, switch_to=switch_to,
                    pause_stop=pause_stop, pause_while=pause_while, no_charge=no_charge,
                    no_charge_away=no_charge_away, rsvp=rsvp, sizes=sizes,
                    emoji=emoji, answer_core=answer_core, answer_words=answer_words, vocabulary=vocabulary)


def is_opt_out(msg: _Message, lex: _Lexicon, text: str = "") -> bool:
    """A standalone command (the whole message, minus fillers, is an opt-out keyword), or an
    opt-out phrase in a message that is not a question ("pls stop texting me" opts out, "how do I stop
    auto-renewal?" and "как отписать гостя от рассылки?" do not). A question before it leaves the
    command one ("I don't know who this is, please stop messaging me"), as does one after a clause that
    opens with it ("Stop texting me! Who gave you my number?"); otherwise a question after it asks about
    what was told ("the contact form stopped sending emails, can a specialist take a look?")."""
    core = msg.without(lex.fillers.covered(msg)) or msg
    if core and len(core) <= 6 and lex.opt_out.exact(core):
        return True
    if _opens_with_command(text, lex):
        return True
    # Courtesy inside the phrase ("уберите пожалуйста мой номер") is read past, as a told stop is.
    skipped = [a or b for a, b in zip(lex.opt_out_told.covered(msg), lex.fillers.covered(msg), strict=True)]
    found = lex.opt_out_anywhere.find(msg.without(skipped))
    broad = says_stop(text)  # the shape, with its own question rule ("...так что отпишите меня" asks nothing)
    if not (found or broad) \
            or _their_own_mailing(text, msg, lex) or _sent_elsewhere(msg, lex) or _not_my_messages(text, lex) \
            or software_stopped(text) or (not broad and told_not_asked(text)):
        return False  # "our contact form stopped sending emails" tells what went wrong
    if broad or not text or not _is_question(text, msg, lex) or lex.opt_out_rhetorical.find(msg):
        return True
    clauses = [(clause, lex.read(clause)) for clause in _CLAUSE.findall(text)]
    asked = [_is_question(clause, part, lex) for clause, part in clauses]
    after = clauses[len(asked) - asked[::-1].index(True) :] if True in asked else []
    return any(lex.opt_out_anywhere.find(part) for _, part in after) or any(
        _opens_with_opt_out(part, lex) if not question else _asks_to_be_removed(part, lex)
        for (_, part), question in zip(clauses, asked, strict=True))


def _opens_with_command(text: str, lex: _Lexicon) -> bool:
    """The first sentence is only an opt-out command, minus courtesy ("הסר בבקשה. I no longer use it"), and more
    follows: the rest says why. Only the commands that mean nothing but leaving (`command_clause`)."""
    clauses = _CLAUSE.findall(text) if text else []
    if len(clauses) < 2:
        return False
    first = lex.read(clauses[0])
    core = first.without(lex.fillers.covered(first))
    return bool(core) and len(core) <= 3 and lex.opt_out_command_clause.exact(core)


def _asks_to_be_removed(part: _Message, lex: _Lexicon) -> bool:
    """A polite question that asks to take the writer off ("אפשר להסיר אותי מהניוזלטר?", "can you
    unsubscribe me?", "можете убрать мой номер из рассылки?"): a request in question form, about the
    writer's own number, is an opt-out; "how do I unsubscribe a guest?" names nobody's own and stays a
    question."""
    polite = lex.human_polite.covered(part)
    start = polite.index(True) if True in polite else -1
    if start < 0 or any(lex.question.covered(part)[:start]):
        return False
    rest = part.without([i <= start for i in range(len(part))])
    return bool(rest) and lex.opt_out_anywhere.find(rest) and lex.personal.find(rest) \
        and (lex.removal_from.find(rest) or lex.removal_verbs.find(rest))


def _opens_with_opt_out(part: _Message, lex: _Lexicon) -> bool:
    """The clause opens with the opt-out phrase, after courtesy at most: a command ("please stop texting
    me"), not a story in which something stopped ("our form stopped sending emails")."""
    polite = [a or b for a, b in zip(lex.fillers.covered(part), lex.greeting.covered(part), strict=True)]
    start = polite.index(False) if False in polite else len(part)
    return lex.opt_out_anywhere.starts_at(part, start)


# How far a name may follow a possessive or group word ("Бухгалтерия у вас — одни жулики"): further off,
# "your site was hacked by thieves" names someone else.
ABUSE_NEAR = 3


def _insults(msg: _Message, lex: _Lexicon) -> bool:
    """An insult word said of someone other than the writer: "before I look like an idiot", "я дура, не
    ту дату нажала", "אני מטומטם" call the writer names, which is no abuse of the business."""
    hits, own, intense = lex.abuse.covered(msg), lex.abuse_self.covered(msg), lex.abuse_intensifiers.covered(msg)
    near = lex.abuse_near.covered(msg)
    for i, hit in enumerate(hits):
        if not hit or (i > 0 and hits[i - 1]):
            continue  # the first word of each insult
        j = i - 1
        while j >= 0 and intense[j]:
            j -= 1
        if j < 0 or not own[j]:
            return True
        if lex.abuse_compare.starts_at(msg, j) and not (j and lex.abuse_compare_self.starts_at(msg, j - 1)) \
                and any(near[:j]):
            return True  # "ваш менеджер говорил со мной как последний хам": like, of the business's people
    return False


def _worthless(msg: _Message, lex: _Lexicon) -> bool:
    """People called worth a few coins ("טכנאים של שלוש אגורות"): the phrase after a word that is no sum
    ("חיוב של שלוש אגורות" is a charge) and no number."""
    return any(lex.abuse_worthless.starts_at(msg, i) and not lex.abuse_sums.starts_at(msg, i - 1)
               and not msg.words[i - 1].isdigit() for i in range(1, len(msg)))


def _names_nearby(part: _Message, names: list[bool], lex: _Lexicon) -> bool:
    """A name at most `ABUSE_NEAR` words after "your", "ваши", "у вас" ("Разработчики ваши — безрукие неучи"
    speaks of the business's people), or after a group word that opens the clause or follows "your" ("חבורה של
    עוקצים, לקחתם לי כסף"; "hacked by a bunch of scammers" tells of others)."""
    near = lex.abuse_near.covered(part)
    group = lex.abuse_group.covered(part)
    if lex.abuse_group.starts_at(part, 0) or any(near[: group.index(True)] if any(group) else ()):
        # "ваша бухгалтерия — сборище воров": a group word after "your" speaks of the business as well
        near = [a or b for a, b in zip(near, group, strict=True)]
    return any(hit and any(near[max(0, i - ABUSE_NEAR) : i]) for i, hit in enumerate(names))


def _calls_names(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """The customer calls the business names ("you people are a bunch of lying scammers", "אתם חבורה של
    נוכלים", "вы просто жулики"): a name for cheats after "you" in the same clause, one that does not ask
    ("do you know there are scammers using your logo?") nor speaks of others ("watch out for scammers")."""
    if not (lex.abuse_names.find(msg) or lex.abuse_vocative.find(msg)):
        return False
    for clause in _CLAUSE.findall(text):
        part = lex.read(clause)
        if "?" in clause:
            continue
        if _exclaims_names(part, lex):
            return True
        if lex.question.find(part):
            continue
        names, addressed = lex.abuse_names.covered(part), lex.abuse_addressee.covered(part)
        phrased = lex.abuse_name_phrases.covered(part)
        names = [hit and (phrased[i] or not _only_a_typo(part.words[i], lex.abuse_names))
                 for i, hit in enumerate(names)]
        reported = lex.abuse_reported.covered(part)
        if any(hit and any(addressed[j] and not any(reported[j:i]) for j in range(i))
               for i, hit in enumerate(names)) or _names_nearby(part, names, lex):
            return True  # "you said thieves stole my laptop": what "you" said is no name for "you"
        after = lex.abuse_addressee_after.covered(part)
        if any(hit and any(after[i + 1 : i + 2 + ABUSE_AFTER]) for i, hit in enumerate(names)):
            return True  # "scammers, all of you" (the comma splits no sentence here: see below)
    for sentence in _SENTENCE.findall(text):
        part = lex.read(sentence)
        if "?" in sentence or not any(lex.abuse_addressee_after.covered(part)):
            continue
        names, after = lex.abuse_names.covered(part), lex.abuse_addressee_after.covered(part)
        phrased = lex.abuse_name_phrases.covered(part)
        if any(hit and (phrased[i] or not _only_a_typo(part.words[i], lex.abuse_names))
               and any(after[i + 1 : i + 2 + ABUSE_AFTER])
               for i, hit in enumerate(names)):
            return True  # "жулики, вы все": the addressee after a comma
    return False


ABUSE_AFTER = 2  # words between a name and the addressee said after it ("scammers, the whole lot of you")


def _exclaims_names(part: _Message, lex: _Lexicon) -> bool:
    """A clause of nothing but names for cheats and exclamation words ("what a garbage company", "халтурщики",
    "איזה נוכלים"): the business is called names with no "you" needed. An adjective alone ("useless, still
    broken") is not one."""
    vocative = lex.abuse_vocative.covered(part)
    if not any(vocative):
        return False
    exclaim = lex.abuse_exclaim.covered(part)
    rest = part.without([a or b for a, b in zip(vocative, exclaim, strict=True)])
    return not rest


def _only_a_typo(word: str, phrases: Phrases) -> bool:
    """Whether `word` meets the list only as a typo of one of its words: a name for someone is never read
    from a word one letter off ("שקונים", that one buys, is no "שקרנים", liars)."""
    readings = {word, _stem(word), *(hebrew_prefix_variants(word) if _HEBREW.match(word) else ())}
    return not any(p.strip("=*") in readings or _stem(p.strip("=*")) in readings for p in phrases.singles)


def _sent_elsewhere(msg: _Message, lex: _Lexicon) -> bool:
    """"Don't send me the invoice by e-mail, send it here": the customer moves something from another
    channel to this chat, which is the opposite of leaving it. Both a channel that is not this chat
    and a word for this chat are needed, so "אל תשלחו לי הודעות פה" stays an opt-out."""
    return bool(lex.other_channel.find(msg) and lex.send_here.find(msg) and not lex.not_here.find(msg))


_CLOCK = regex.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*(?:am|pm)\b", regex.IGNORECASE)


def _their_own_mailing(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """"Остановите рассылку с сайта, которая стоит на 20:00": a mailing named by when or where it
    goes out, with no word of the writer's own number, is a campaign they run (a web-agency client's
    newsletter), not a request to stop messaging them."""
    return bool(lex.own_mailing.find(msg) and not lex.personal.find(msg)
                and (lex.mailing_scheduled.find(msg) or _CLOCK.search(text)))


def _is_question(text: str, msg: _Message, lex: _Lexicon) -> bool:
    return "?" in text or lex.question.find(msg) or lex.knowledge_seeking.find(msg)


def _not_my_messages(text: str, lex: _Lexicon) -> bool:
    """Every clause with a sending phrase is about something other than the writer's own messages: mail
    moved from an old address to a new one ("Stop sending the bills to my old e-mail, the new one is in my
    profile"), a person sent ("stop sending the technician, it works now") or messages to other people
    ("stop sending reminders to my guests"). Each is read in the phrase's own clause, so "stop texting me,
    and my old email is dead too" or "stop it, we are not your guests" still opt out."""
    said = False
    for clause in _CLAUSE.findall(text):
        part = lex.read(clause)
        part = part.without(lex.opt_out_told.covered(part))
        phrase = lex.opt_out_anywhere.covered(part)
        if not any(phrase):
            continue
        said = True
        start, end = phrase.index(True), len(phrase) - phrase[::-1].index(True)
        if not (_address_moved(part, lex) or _person_sent(part, start, end, lex)
                or (any(lex.to_others.covered(part)[end:]) and not lex.to_me.find(part))):
            return False
    return said


def _address_moved(part: _Message, lex: _Lexicon) -> bool:
    """An address word ("e-mail", "почту", "מייל") with "old" or "new" at most two words from it."""
    address, moved = lex.other_channel.covered(part), lex.moved.covered(part)
    return not lex.not_here.find(part) and any(
        hit and any(moved[max(0, i - 2) : i + 3]) for i, hit in enumerate(address))


def _person_sent(part: _Message, start: int, end: int, lex: _Lexicon) -> bool:
    """Who is sent follows the phrase, after articles and "me" at most ("stop sending me the technician"),
    or stands right before it, as Russian puts the object first ("Мастера не присылайте")."""
    skip = lex.sent_skip.covered(part)
    at = end
    while at < len(part) and at < end + 3 and skip[at]:
        at += 1
    before = start > 0 and lex.sent_person.starts_at(part, start - 1) and not any(lex.to_me.covered(part)[end:])
    return lex.sent_person.starts_at(part, at) or before  # "мастер, не пишите мне" calls the master


def asking_words(words: Sequence[str]) -> list[bool]:
    """For each word, whether it asks or sets a condition: a one-word entry of `subscription.question`
    or `conditional` ("what", "if", "ואם", "если", "ли"). The one list for word-by-word tests outside
    these rules, such as a yes / no whose "if" opens a new question (`handlers.billing.confirm`)."""
    lex = lexicon()
    singles = lex.question.singles | lex.conditional.singles
    return [any(p in singles for p in lex.vocabulary.matches(normalize_word(w))) for w in words]


def _polite_request(msg: _Message, lex: _Lexicon, text: str = "") -> bool:
    """"Could you put my account on hold until I'm back?", "אפשר לעצור לי את המנוי עד שאחזור?",
    "можете приостановить мою подписку?": asked with a "?", but a request to act on the customer's own
    account. A question word ("how", "can I", "можно ли", "any time"), a condition or the customer's
    account left unnamed keeps it a question about the rule ("can you freeze an annual plan?"). The
    customer is named in the part that asks or after it ("אפשר לשים את המנוי על הולד? אני בחופש"), not
    only before it: in "У меня Business на год, можно его заморозить?" the plan is told, then the rule
    asked. The polite phrase's own words are not read as a question or as the customer: "can I get a
    refund for my licence?" asks the business (its "my" names the account), "can I get a refund for the
    annual plan?" asks the rule."""
    polite = lex.polite.covered(msg)
    asked = [q and not p for q, p in zip(lex.question.covered(msg), polite, strict=True)]
    rest = msg.without(polite)
    if not (any(polite) and (lex.own.find(rest) or lex.charge_told.find(rest)) and not any(asked)
            and not lex.knowledge_seeking.find(msg) and not lex.conditional.find(msg)):
        return False
    clauses = _CLAUSE.findall(text)
    asking = [i for i, clause in enumerate(clauses) if "?" in clause]
    if not asking or any(lex.own.find(lex.read(clause)) for clause in clauses[asking[0]:]):
        return True
    # a charge told, then a refund asked ("I was charged 20 days ago and never used it, can I get a refund?",
    # "חויבתי לפני שבוע, אפשר לקבל החזר?"): the refund of that charge, not the rule
    return bool(lex.charge_told.find(msg)) and any(lex.topics["refund_request"].find(lex.read(clause))
                                                   for clause in clauses[asking[0]:])


# A ticket's number as the business writes it ("RS-2211", "WA-01034") or marked as a number ("#2211", "№2211").
_TICKET_NUMBER = regex.compile(r"(?<![\w-])[A-Za-z]{1,6}-\d{3,}\b|[#№]\s?\d{3,}\b")
# ... or a ticket word right before a number ("ticket 4471", "case 880", "קריאה 4471", "заявка 1205"): that request.
_TICKET_NAMED = regex.compile(
    r"(?i)\b(?:ticket|tikcet|tiket|case|ה?קריאה|ה?פנייה|ה?פניה|ה?טיקט|заявк[аиуе]|тикет[аеу]?|обращени[еяю])"
    r"\s*(?:no\.?|number|num|#|№|מס'?|מספר|номер)?\s*\d{3,}\b")


TICKET_HOW_REACH = 3  # words before a verb of opening a ticket that its how word may stand ("как вообще создать")


def _asks_ticket_rule(msg: _Message, lex: _Lexicon) -> bool:
    """How a ticket is opened ("how do I open a ticket?", "איך פותחים קריאה?", "как создать заявку?") or why
    tickets close ("the ticket is closed?? why", "למה הקריאה נסגרה?", "почему заявку закрыли?"): the rules of
    tickets, which the knowledge base answers, even while a ticket is open. Their ticket word and "closed" would
    otherwise read as a status question about the open ticket, whose reply only says it is still open. A close
    that has not come ("why is my ticket still not closed?") stays a nudge about the open one."""
    if lex.ticket_how_open.find(msg):
        return True
    how, verbs = lex.ticket_how.covered(msg), lex.ticket_open_verbs.covered(msg)
    if any(verb and any(how[max(0, i - TICKET_HOW_REACH):i]) for i, verb in enumerate(verbs)):
        return True  # "а как вообще создать заявку?": a word or two between the how and the verb
    return bool(lex.ticket_why.find(msg) and lex.ticket_closed.find(msg) and not lex.ticket_not_closed.find(msg)
                and not lex.ticket_unanswered.find(msg))  # "closed without an answer" complains of that request


def _in_general(msg: _Message, lex: _Lexicon) -> bool:
    """A word of the service's rule in general ("בכלל תוך כמה אתם עונים?"), not one that means "at all" beside
    someone asked after ("מישהו בכלל קרא את הפנייה?", "кто-нибудь вообще читал заявку?")."""
    return lex.ticket_general.find(msg.without(lex.ticket_at_all.covered(msg)))


def _asks_ticket_progress(text: str, msg: _Message, lex: _Lexicon, has_open_ticket: bool) -> bool:
    """A ticket named with a status word: "what's the status of my ticket?", "что с моей заявкой?".

    With no ticket open it must ask about the progress of one: the status word sits in the clause
    that asks, and nothing asks what would happen ("я пару дней не отвечал в заявке, что с ней
    будет?", "פתחתי קריאה ב-31 והיא נסגרה ב-1, על איזה חשבון היא תופיע?" ask the rules of tickets,
    which the knowledge base answers; the rule reading would only say "you have no open ticket").
    A request the customer calls their own ("the issue I reported", "מה קורה עם הקריאה שלי?") asks
    its progress even in a rule's present-tense words; only a future or general one asks the rule."""
    made = _request_made_asked(text, msg, lex)  # "ביטלתי בשבוע שעבר, זה נקלט?"
    mine = lex.ticket_mine.find(msg) or made
    mine = mine or bool(_TICKET_NAMED.search(text))  # "ticket 4471, has anybody even looked at it?"
    named = lex.topics["ticket_status"].find(msg) or mine or _TICKET_NUMBER.search(text)  # "status of RS-2211?"

    def status_word(part: _Message) -> bool:
        # "what about" / "מה עם" ask a status only beside the request named, which `named` makes sure of
        return lex.cues["ticket_status"].find(part) or lex.ticket_asked.find(part) \
            or (made and lex.ticket_registered.find(part))

    if not (named and status_word(msg)) \
            or lex.conditional.find(msg.without(lex.whether.covered(msg))) \
            or _demands_action(text, msg, lex) \
            or _asks_ticket_rule(msg, lex):  # "what happens if I don't reply to a ticket?" asks the rule
        return False
    if lex.ticket_closed.find(msg) and lex.ticket_unanswered.find(msg):
        return True  # "למה סגרתם לי את הפנייה? לא קיבלתי תשובה": closed unanswered, a complaint about that request
    if has_open_ticket:  # "а вообще за сколько вы обещаете ответить?" asks the service's promise
        return not _in_general(msg, lex)
    rule = _in_general(msg, lex) or (lex.ticket_rule_future.find(msg) if mine else lex.ticket_rule.find(msg))
    if rule:
        return False
    # the status word in the clause that asks, or opening the sentence that does ("что по задаче, которую я
    # отправил в понедельник?"); one inside a story told before the question ("my call closed on the 1st; on
    # which month's bill does it go?") does not ask it
    opening = [lex.read(_CLAUSE.findall(sentence)[0]) for sentence in _SENTENCE.findall(text) if "?" in sentence]
    return any(status_word(lex.read(part)) for part in _asking_parts(text)) or any(
        lex.cues["ticket_status"].starts_at(part, 0) or lex.ticket_asked.starts_at(part, 0) for part in opening)


def _demands_action(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """An account action demanded with nothing asked ("с меня сняли деньги за вызов, проблему не решили. верните",
    "charged for a visit that fixed nothing, refund me"): what the call did not solve is the reason, the refund is
    the request, and no status is asked."""
    return "?" not in text and bool(lex.request.find(msg) or lex.imperative.find(msg)) \
        and bool(lex.topics["refund_request"].find(msg))


def _request_made_asked(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """A request the customer made, told ("I cancelled last week", "ביטלתי", "я отменила"), and whether it went
    through asked in the clause that asks ("did it go through?", "זה נקלט?", "это прошло?"): that request's status.
    "I cancelled, why am I still charged?" asks no such thing."""
    return bool(lex.ticket_done.find(msg)) and any(lex.ticket_registered.find(lex.read(part))
                                                   for part in _asking_parts(text))


def _action_intent(text: str, msg: _Message, lex: _Lexicon, has_open_ticket: bool = False) -> Intent | None:
    """Cancel / refund / freeze / status about the customer's own account.

    "How do I cancel?" stays a knowledge-base question; "cancel my subscription" or "אני רוצה
    לבטל" is a request to act on.
    """
    if _asks_ticket_progress(text, msg, lex, has_open_ticket):
        return "ticket_status"
    if _asks_own_subscription_status(text, msg, lex):
        return "subscription_status"
    if lex.knowledge_seeking.find(msg) or lex.in_theory.find(msg):
        return None  # "I want to know how to cancel", "purely hypothetical: how does ending it work?"
    polite = _polite_request(msg, lex, text)
    # "if I stop paying do I lose the updates? just want to understand": the action is in the part that asks
    wonders = any(_question_words(text, msg, lex)) \
        or ((text.rstrip().endswith("?") or _action_asked(text, lex)) and not polite)
    if wonders and lex.conditional.find(msg):
        return None  # "if I cancel now, until when do I have access?" asks what would happen
    if wonders and lex.not_doing.find(msg):
        return None  # "I'm not quitting - how does ending the plan work?" asks the rule
    # a request word inside a question phrase asks nothing: "can I stop whenever I want?", "מתי שרוצים";
    # a polite request asks however long it is ("אפשר לשים לי את התחזוקה על הולד עד שאחזור?")
    asks = lex.request.find(msg.without(lex.question.covered(msg))) or polite \
        or (not wonders and lex.imperative.find(msg))
    if not wonders and lex.pause_stop.find(msg) and lex.pause_while.find(msg):
        return "freeze_request"  # before the cancellation words: "stop my plan for two months" pauses it
    if not wonders and lex.no_charge.find(msg) and lex.no_charge_away.find(msg):
        return "freeze_request"  # "make it so I'm not charged while I'm abroad"
    if _can_i_freeze(text, msg, lex):
        return "freeze_request"  # "יש לי מנוי שנתי, אפשר להקפיא אותו?": the freeze answer says what the plan allows
    switches = _switches_plan(msg, lex)  # "cancel the monthly and move me to the yearly plan" changes plans
    named = {intent: lex.topics[intent].find(msg) for intent in _LEARNED_ACTIONS}
    named["cancel_subscription"] = named["cancel_subscription"] or _contract_ended(msg, lex)
    for intent in ("refund_request", "freeze_request", "cancel_subscription"):
        if intent == "cancel_subscription" and switches:
            continue
        if intent == "freeze_request" and lex.freeze_fault.find(msg):
            continue  # "please help, the app keeps freezing": a fault, not a pause of the plan
        if named[intent] and (asks or (not wonders and len(msg) <= 6)):
            return intent
    if not _asks_anything(text, lex) and _wants_back(msg, lex):
        return "refund_request"  # "I want the 199 back"
    if _wants_back(msg, lex) and _asks_only_to_have(text, msg, lex):
        return "refund_request"  # "so can I get yesterday's charge back?"
    if lex.owed.find(msg) and lex.leaving.find(msg) and not lex.conditional.find(msg):
        return "refund_request"  # "I want out, am I owed anything?": leaving told, what comes back asked
    if switches:
        return None
    if not _asks_anything(text, lex) and _ends_charges(text, msg, lex):
        return "cancel_subscription"  # "you bill my card every month, make it stop"
    if not wonders and lex.renewal_off.find(msg) and lex.renewal.find(msg) and not _about_renewal(msg, lex):
        return "cancel_subscription"  # "отключите мне пожалуйста автоматическое продление"
    if not wonders and (lex.no_renew.find(msg) or (lex.no_charge.find(msg) and lex.no_longer_from.find(msg))):
        return "cancel_subscription"  # "just make sure it doesn't renew next month", "שלא יחייבו מהחודש הבא"
    if not wonders and _not_needed_from(msg, lex):
        return "cancel_subscription"
    if not wonders and lex.no_charge.find(msg) and _not_needed_from(msg, lex, when=False) \
            and not lex.topics["refund_request"].find(msg):
        return "cancel_subscription"  # "we don't need the system any more, let no further payment go out"
    return None


def _can_i_freeze(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """"Can I freeze my annual plan?", "אפשר להקפיא את המנוי לחודשיים?", "можно мою подписку заморозить?": a freeze
    asked with "can I" of the customer's own account (or "it", "the subscription" told before) is asked for, and
    the freeze answer says what that plan allows. Nothing else may be asked ("how much is it, and can I freeze
    it?" is two questions), no condition, no wish to know, no second question, and no fault of the program."""
    if not (lex.topics["freeze_request"].find(msg) and lex.freeze_can.find(msg)) or lex.freeze_fault.find(msg):
        return False
    if lex.conditional.find(msg) or lex.knowledge_seeking.find(msg) or lex.in_theory.find(msg) \
            or text.count("?") > 1:
        return False
    can = lex.freeze_can.covered(msg)
    if any(q and not c for q, c in zip(lex.question.covered(msg), can, strict=True)):
        return False
    return bool(lex.freeze_object.find(msg.without(can)))


_ABOUT = frozenset({"about", "of", "for", "on", "о", "об", "про", "על", "לגבי"})
_TIME_WORDS = frozenset({"when", "когда"})  # "turn off the renewal when the trial is over": when to act, said after it
CONTRACT_REACH = 3  # words from "end" to the contract word: "end our maintenance contract"
BACK_REACH = 4  # words from "I want" to the thing, and from it to "back": "I want the May charge back"


def _question_words(text: str, msg: _Message, lex: _Lexicon) -> list[bool]:
    """For each word, whether it asks (`subscription.question`). In a message with no "?", "when" after an action
    already named says when to act ("turn off the renewal when the trial period is over", "отключите
    автопродление, когда закончится пробный период"), not what is asked."""
    asked = lex.question.covered(msg)
    if "?" in text or not any(asked):
        return asked
    acting = [any(hits) for hits in zip(*(lex.topics[a].covered(msg) for a in _LEARNED_ACTIONS),
                                         lex.renewal_off.covered(msg), strict=True)]
    first = acting.index(True) if True in acting else len(msg)
    return [hit and not (i > first and msg.words[i] in _TIME_WORDS) for i, hit in enumerate(asked)]


def _asks_anything(text: str, lex: _Lexicon) -> bool:
    """Whether the message asks: a "?" or a question word, once a closing tag that asks nothing is set aside ("no
    point paying for it every month, ya know?", "это же бессмысленно, да?")."""
    clauses = _CLAUSE.findall(text)
    while clauses and lex.tag_questions.exact(lex.read(clauses[-1])):
        clauses.pop()
    told = "".join(clauses) if clauses else text
    msg = lex.read(told)
    return "?" in told or lex.question.find(msg) or lex.knowledge_seeking.find(msg) or lex.in_theory.find(msg) \
        or lex.conditional.find(msg)


def _ends_charges(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """Charges that keep coming and a wish that they end ("you bill my card every month for a tool nobody uses,
    make it stop", "מחייבים אותי כל חודש, שזה יפסיק כבר", "каждый месяц снимают деньги, прекратите это",
    "no point in this renewing every month"): a cancellation said as its outcome. A charge in error
    ("charged twice, make it stop") goes to a person with its refund, and messages or reminders that keep coming
    are not the service; the caller has made sure that nothing is asked."""
    from handlers.billing.charge_error import says_charge_error

    return bool(lex.charged.find(msg) and lex.end_it.find(msg) and not lex.not_charges.find(msg)
                and not says_charge_error(text))


def _contract_ended(msg: _Message, lex: _Lexicon) -> bool:
    """An end verb with a contract word a few words after it ("please end our maintenance contract", "תסיימו את חוזה
    האחסון", "завершите обслуживание по договору"); "at the end of the contract" has no verb ("end of")."""
    verbs, contracts = lex.end_verbs.covered(msg), lex.contract_words.covered(msg)
    return any(hit and i + 1 < len(msg) and msg.words[i + 1] not in _ABOUT
               and any(contracts[i + 1 : i + 2 + CONTRACT_REACH]) for i, hit in enumerate(verbs))


def _wants_back(msg: _Message, lex: _Lexicon) -> bool:
    """Money or what it bought wanted back ("I want the 199 back", "we'd like the money for May back", "אני
    רוצה את הדקות בחזרה", "хочу эти минуты обратно"): a want word, a thing and then "back", each a few words on."""
    wants, things, back = lex.wants_back.covered(msg), lex.back_things.covered(msg), lex.back.covered(msg)
    for i in (i for i, hit in enumerate(wants) if hit):
        for j in range(i + 1, min(len(msg), i + 2 + BACK_REACH)):
            if (things[j] or msg.words[j].isdigit()) and any(back[j + 1 : j + 2 + BACK_REACH]):
                return True
    return False


def _asks_only_to_have(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """A particular charge wanted back, asked only with the want words ("so can I get yesterday's charge back?",
    "можно вчерашнее списание обратно?"): no other question word, no condition or wish to know. "can I get the
    money back on an annual plan?" names no charge of the customer's and stays a question."""
    if not lex.refund_this_one.find(msg) or lex.conditional.find(msg) or lex.knowledge_seeking.find(msg) \
            or lex.in_theory.find(msg):
        return False
    said = [w or t for w, t in zip(lex.wants_back.covered(msg), lex.refund_this_one.covered(msg), strict=True)]
    return not any(q and not w for q, w in zip(lex.question.covered(msg), said, strict=True))


def _about_renewal(msg: _Message, lex: _Lexicon) -> bool:
    """The renewal names what something else is about: "stop the renewal reminders", "отключите напоминания о
    продлении", "תזכורות על החידוש": the reminders are turned off, not the renewal (`not_the_service` words
    right after the renewal word, or right before it with "about" / "о" / "על" between)."""
    renewal, other = lex.renewal.covered(msg), lex.no_longer_other.covered(msg)
    for i, hit in enumerate(renewal):
        if not hit:
            continue
        if i + 1 < len(msg) and not renewal[i + 1] and other[i + 1]:
            return True
        if (i == 0 or not renewal[i - 1]) and i >= 2 and other[i - 2] and msg.words[i - 1] in _ABOUT:
            return True
    return False


def _action_asked(text: str, lex: _Lexicon) -> bool:
    """Whether an account action is named in a clause that asks ("?"), wherever that clause stands."""
    return any("?" in clause and any(lex.topics[a].find(lex.read(clause)) for a in _LEARNED_ACTIONS)
               for clause in _CLAUSE.findall(text))


SWITCH_REACH = 3  # words from "switch to" to the plan word: "switch to the new monthly subscription"


def _switches_plan(msg: _Message, lex: _Lexicon) -> bool:
    """Moving to another plan or subscription type ("I want to switch to the monthly subscription",
    "אני רוצה לעבור למנוי חודשי", "хочу перейти на месячную подписку"): a plan change, which the
    billing handler reads; never a cancellation, however close its words are to one. Not when the move
    is negated ("I don't want to switch to another plan, just cancel")."""
    negations = lex.rsvp["negations"].singles
    for start in range(len(msg)):
        for n in lex.switch_to._occurrences(msg, start):
            before = msg.hits[max(0, start - 3) : start]  # "I don't want to switch ..."
            if any(p in negations for hits in before for p in hits):
                continue
            # the plan word may be the switch phrase's own last word ("לעבור למנוי": ל* and מנוי)
            after = msg.without([i < start + n - 1 for i in range(len(msg))])
            window = _Message(after.words[: SWITCH_REACH + 1], after.hits[: SWITCH_REACH + 1])
            cancels = lex.topics["cancel_subscription"].covered(window)  # "going to cancel my plan" moves nowhere
            window = window.without([any(cancels[: i + 1]) for i in range(len(window))])
            if lex.plan_words.find(window):
                return True
    return False


NOT_NEEDED_REACH = 4  # words from a negation to the need word: "I don't think I'll be needing"


def _not_needed_from(msg: _Message, lex: _Lexicon, *, when: bool = True) -> bool:
    """"I don't think I'll be needing CloudDesk after this month", "אני לא חושבת שאצטרך את השירות
    אחרי החודש הזה": the end of the service said as not needing it from a date on (`when`: or said with no date)."""
    if (when and not lex.no_longer_from.find(msg)) or lex.no_longer_other.find(msg):
        return False  # "I won't need the paper invoice after this month" keeps the service
    negations = lex.rsvp["negations"].singles
    needs = [i for i, hit in enumerate(lex.no_longer_need.covered(msg)) if hit]
    return any(p in negations for i in needs for hits in msg.hits[max(0, i - NOT_NEEDED_REACH) : i] for p in hits)


def named_action(text: str) -> Intent | None:
    """The account action a message names and does not negate: "I meant freeze it, not cancel",
    "заморозить, а не отменить", "להקפיא ולא לבטל". Used to read a correction of an action request
    (`handlers.dialogue.flow`), where the message itself need not be worded as a request."""
    lex = lexicon()
    msg = lex.read(text)
    negations = lex.rsvp["negations"].singles
    dropping = lex.drop_action.covered(msg)
    drop_ends = [i for i in range(1, len(msg) + 1) if dropping[i - 1] and (i == len(msg) or not dropping[i])]
    found: list[tuple[int, Intent]] = []
    for intent in _LEARNED_ACTIONS:
        covered = lex.topics[intent].covered(msg)
        for i, hit in enumerate(covered):
            if not hit or (i and covered[i - 1]):
                continue  # only where a phrase starts
            before = msg.hits[max(0, i - 2) : i]
            if not any(p in negations for hits in before for p in hits):
                found.append((i, intent))  # type: ignore[arg-type]
    for end in drop_ends:  # "forget the refund": the first action named within two words is dropped
        dropped = min((start for start, _ in found if end <= start <= end + 2), default=None)
        found = [(start, intent) for start, intent in found if start != dropped]
    after = lex.drop_after.covered(msg)  # "возврат не нужен", "the refund isn't needed": the last one before
    for begin in (i for i, hit in enumerate(after) if hit and not (i and after[i - 1])):
        dropped = max((start for start, _ in found if begin - 3 <= start < begin), default=None)
        found = [(start, intent) for start, intent in found if start != dropped]
    return min(found)[1] if found else None


def _dropped_action(text: str, msg: _Message, lex: _Lexicon, action: Intent) -> Intent:
    """"לא לא, עזוב הקפאה. אני רוצה לבטל בכלל": a message that drops one action and names another
    asks for the other one."""
    if action not in _LEARNED_ACTIONS or not (lex.drop_action.find(msg) or lex.drop_after.find(msg)):
        return action
    named = named_action(text)
    if named is not None:
        return named
    # "Ладно, возврат не нужен. Просто чтобы со следующего месяца не списывали": the action dropped, what the
    # other clauses ask for is the request
    kept = [c for c in _CLAUSE.findall(text)
            if not (lex.drop_action.find(part := lex.read(c)) or lex.drop_after.find(part))]
    rest = " ".join(kept).strip()
    again = _action_intent(rest, lex.read(rest), lex) if rest else None
    return again or action


def _closes_ticket(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """"רגע, הסתדרתי לבד. תבטלו את הקריאה": the service call, not the account. Checked before a
    request for a person, since "I don't need the technician any more" names one."""
    return bool(lex.close_topic.find(msg) and lex.close_cue.find(msg) and not _is_question(text, msg, lex)
                and not lex.topics["subscription_status"].find(msg))


def _asks_own_subscription_status(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """About MY plan ("is my subscription active?", "מה המנוי שלי", "статус моей подписки").

    A status word alone is not enough ("поддержку оказываете только тем у кого активная услуга?"
    is about who gets support), and a status the customer tells rather than asks about ("my plan
    expired, can you still help me?") leaves the message a question for the knowledge base.
    """
    if lex.conditional.find(msg) and any(lex.topics[a].find(msg) for a in _LEARNED_ACTIONS):
        return False  # "if I cancel my plan today do I keep access until the 17th?" asks what would happen
    if lex.status_phrases.find(msg):
        return True
    if lex.plan_includes.find(msg) or lex.plan_what_if.find(msg) \
            or (lex.conditional.find(msg) and lex.ticket_rule.find(msg)):
        return False  # what my plan includes, or what happens if my balance runs out: the rule, not my status
    if lex.status_paid.find(msg) and not lex.conditional.find(msg) and any(
            lex.status_paid.find(part) and lex.status_until.find(part)
            for part in (lex.read(clause) for clause in _asking_parts(text))):
        return True  # "עד מתי השירות שלי משולם?", "до какого числа оплачено обслуживание?"
    if lex.status_still.find(msg) and lex.plan_words.find(msg) and not lex.conditional.find(msg):
        # asked, not told: "I'm still on the monthly plan, how do I move to the yearly one?" asks how
        return any(lex.status_still.find(lex.read(part)) for part in _asking_parts(text))
    if not lex.topics["subscription_status"].find(msg):
        return False
    if "?" not in text and any(lex.topics[a].find(msg) for a in ("cancel_subscription", "freeze_request")):
        return False  # "dont renew my subscription" asks to act, not about the status
    if lex.renewal_off.find(msg) and lex.renewal.find(msg):
        return False  # "can you cancel my renewal?" asks to turn it off
    cues = lex.cues["subscription_status"]
    return any(cues.find(lex.read(part)) for part in _asking_parts(text))


def _asking_parts(text: str) -> list[str]:
    """The clauses that ask: those ending in "?" when there are any, else the whole message."""
    asked = [clause for clause in _CLAUSE.findall(text) if "?" in clause]
    return asked or [text]


def _is_greeting(msg: _Message, lex: _Lexicon) -> bool:
    return bool(msg) and all(lex.greeting.covered(msg))


THANKS_MAX_OTHER = 4  # words besides the thanks: "thanks for the quick answer", "תודה, זה עזר מאוד"


def _is_thanks(msg: _Message, lex: _Lexicon, text: str = "") -> bool:
    """Thanks and not much more ("תודה רבה!", "ok thanks", "спасибо за быстрый ответ"): no question,
    no "but" or "still" ("thanks, but it still doesn't work" is a new problem, not thanks)."""
    if not msg or not lex.thanks.find(msg):
        return False
    rest = msg.without(lex.thanks_with.covered(msg))  # "זה כל מה שהייתי צריך": its "מה" asks nothing
    if "?" in text or lex.question.find(rest) or lex.thanks_not.find(rest):
        return False
    said = [a or b or c for a, b, c in zip(lex.thanks.covered(msg), lex.thanks_with.covered(msg),
                                             lex.greeting.covered(msg), strict=True)]
    return len(said) - sum(said) <= THANKS_MAX_OTHER


_PIECES = regex.compile(r"([.,;:!?\n]+|\s[-–—]+\s)")


def without_courtesy(text: str) -> str | None:
    """The message without a leading thanks or greeting ("thanks! one more thing - what happens to my
    data if I cancel?"), when a question of its own follows; None when there is nothing to drop.
    Retrieval scores every word, so "thanks, one more thing" would pull a clear question under the bar."""
    lex = lexicon()
    if _is_thanks(lex.read(text), lex, text):
        return None  # "thanks, I'll wait" is thanks as a whole
    pieces = _PIECES.split(text)
    said = 0
    for i in range(0, len(pieces), 2):
        msg = lex.read(pieces[i])
        if not msg:
            continue
        polite = [a or b or c or d for a, b, c, d in zip(lex.thanks.covered(msg), lex.greeting.covered(msg),
                                                         lex.lead_ins.covered(msg), lex.fillers.covered(msg),
                                                         strict=True)]
        if not all(polite):
            break
        said = i + 1
    if not said:
        return None
    rest = "".join(pieces[said + 1:]).strip() if said < len(pieces) else ""
    first = lex.read(rest.split(maxsplit=1)[0]) if rest else None
    if first and all(lex.lead_ins.covered(first)):  # "спасибо, а как пополнить баланс?": a new question
        rest = rest.split(maxsplit=1)[1] if len(rest.split(maxsplit=1)) > 1 else ""
    rest_msg = lex.read(rest)
    if len(rest_msg) < 2 or _is_thanks(rest_msg, lex, rest) or _is_greeting(rest_msg, lex):
        return None
    return rest


def is_thanks(text: str) -> bool:
    """Whether a message only thanks (the greeting handler answers it as thanks)."""
    lex = lexicon()
    return _is_thanks(lex.read(text), lex, text)


DISCLAIMER_WORDS = 7  # words of a clause that only says why the customer asks ("я просто хочу знать")
_DISCLAIMER_PIECES = regex.compile(r"[^.,;:!?\n]+[.,;:!?\n]*")  # "only asking, not quitting: how do I ...": a colon too


def without_disclaimer(text: str) -> str | None:
    """The question without the clauses that only say it is a question ("Как отменить подписку? Я ничего не
    отменяю, просто интересно", "just curious, not cancelling. how many days is the data stored?"), or None
    when there are none. Read once the message is known to be a question: the disclaimer made it one, and retrieval
    scores every word, so "не отменяю" would pull the rule's answer towards the request it is not."""
    lex = lexicon()
    clauses = _DISCLAIMER_PIECES.findall(text)
    told = [c for c in clauses if "?" not in c and 0 < len(part := lex.read(c)) <= DISCLAIMER_WORDS
            and (lex.knowledge_seeking.find(part) or lex.in_theory.find(part) or lex.not_doing.find(part))]
    rest = "".join(c for c in clauses if c not in told).strip()
    return rest if told and "?" in rest and len(lex.read(rest)) >= 2 else None


def _abusive(text: str, msg: _Message, lex: _Lexicon) -> bool:
    return bool(_insults(msg, lex) or hides_any(text, lex.abuse.singles) or _calls_names(text, msg, lex)
                or _worthless(msg, lex))


def person_beside_insult(text: str, lang: Lang, person_words: Sequence[str] = ()) -> bool:
    """Whether an abusive message also asks for a person ("stupid bot, give me a real person", "идиоты, соедините
    с живым сотрудником", "אידיוטים, תעבירו אותי לנציג"): what is left without the clauses (or, in one clause,
    the words) that call names is read as a message of its own, and asks for one. A complaint about a staff
    member ("your manager was rude to me, fire him") names a person but asks for none."""
    lex = lexicon()
    clauses = _CLAUSE.findall(text) or [text]
    rest = "".join(clause for clause in clauses if not _abusive(clause, lex.read(clause), lex))
    if not lex.read(rest) or len(rest) == len(text):  # the insult and the request in one clause: drop its words
        msg = lex.read(text)
        rest = " ".join(word for word, hit in zip(msg.words, lex.abuse.covered(msg), strict=True) if not hit)
    rest_msg = lex.read(rest)
    if not rest_msg or _abusive(rest, rest_msg, lex):
        return False
    # asked in so many words ("give me", "put me through", "תעבירו", "позовите"): what is left of "your techs are
    # useless morons" names people, as a short request would, but asks for nobody
    asked = lex.human_requests.find(rest_msg) or lex.request.find(rest_msg) or lex.imperative.find(rest_msg)
    return bool(asked) and classify_intent(rest, lang, person_words=person_words).intent == "human"


def asks_for_person(text: str, person_words: Sequence[str] = ()) -> bool:
    """Whether a message asks for a person, whatever else it says (an insult besides: "позовите нормального
    сотрудника, а не этих идиотов" is abuse first, and the abuse answer says when no person may be reached)."""
    return _is_human(text, lexicon(), tuple(person_words))


def needs_a_person(text: str, person_words: Sequence[str] = ()) -> bool:
    """Whether a message the knowledge base could not answer tells a problem or asks for help ("laptop crawls
    since the update, would be nice if someone had a peek", "הייתי שמחה לעזרה של מישהו מקצועי", "сайт взломали,
    надеюсь кто-то на связи"). Said indirectly, none of the request rules hear it; with no policy text to give,
    a person is what such a customer needs, so the fallback hands over (or says who may not) instead of
    offering. A wish to know ("I'd like to know ...") stays a question."""
    lex = lexicon()
    msg = lex.read(text)
    if msg and lex.human_declined.find(msg):  # "no need to call me back: ..." asks for nobody
        text = _person_asked_part(text, msg, lex) or ""
        msg = lex.read(text)
    if not msg or lex.knowledge_seeking.find(msg) or lex.in_theory.find(msg):
        return False
    if lex.question.find(msg) and _asks_about_hours(msg, lex) and not lex.human_help.find(msg) \
            and not lex.human_faults.find(msg) and not (lex.human_asks.find(msg) and lex.persons.find(msg)):
        return False  # "when are your support people at work" asks the hours, with or without its "?";
        # "I need to talk to someone about when the reminders go out" asks for a person about a "when"
    person = bool(lex.persons.find(msg) or _names_person(text, msg, lex, tuple(person_words)))
    helped = person or bool(lex.human_help.find(msg))
    fault = bool(lex.human_faults.find(msg))
    if "?" in text and _is_question(text, msg, lex):
        # asked, a person or help may be the subject ("can the developer add features after launch?", "can
        # you help me install it on a Mac?" asks the scope): a fault told beside them, urgency, or a person
        # asked for politely ("אפשר לקבוע שיחה עם המעצב?") is a call
        return bool(lex.human_urgent.find(msg)) or (fault and helped) \
            or (person and (_polite_request(msg, lex, text) or bool(lex.human_requests.find(msg)))) \
            or any(len(part) <= 3 and lex.human_help.find(part)  # "...сама не разберусь. Поможете?"
                   for part in (lex.read(p) for p in _asking_parts(text)))
    return helped or fault or bool(lex.human_urgent.find(msg))


@cache
def _workspace_persons(words: tuple[str, ...]) -> tuple[Phrases, _Vocabulary]:
    """A workspace's own words for a person ("טכנאי", "мастер"), indexed like the lists."""
    phrases = Phrases.of(list(words))
    return phrases, _Vocabulary(phrases.patterns())


def _names_person(clause: str, msg: _Message, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    if lex.persons.find(msg):
        return True
    if not person_words:
        return False
    phrases, vocabulary = _workspace_persons(person_words)
    return phrases.find(_Message(msg.words, tuple(vocabulary.matches(w) for w in msg.words)))


def _is_human(text: str, lex: _Lexicon, person_words: tuple[str, ...] = ()) -> bool:
    """A clause that names a person (the lists' words or the workspace's own) and asks for one:
    with a request ("talk to", "I need", "בבקשה", "срочно") or alone in a short clause. A clause
    about when people work ("when is a person available?") is a question for the KB.
    """
    whole = lex.read(text)
    # "спасибо большое, мастер всё починил" tells, it does not ask; "I'd appreciate it if ..." asks
    thanked = lex.thanks.find(whole.without(lex.human_asks.covered(whole)))
    # "с тем, кто у вас ведёт ...", "with the one, who handles ...": the comma before "who" splits no clause
    for clause in _CLAUSE.findall(_RELATIVE_COMMA.sub(" ", text)) or [text]:
        msg = lex.read(clause)
        if not msg or _hours_asked(msg, lex):
            continue
        tasks = not thanked and (_asks_a_task(clause, msg, lex) or _hebrew_wish(msg, lex, person_words))
        remote = lex.human_remote.covered(msg)
        if "?" in text and any(lex.human_time_clause.covered(msg)[: remote.index(True)] if any(remote) else ()):
            remote = [False] * len(msg)  # "перед тем как вы подключитесь, ...?": when, asked about
        if person_words and tasks and any(remote) and not _undone(msg, remote.index(True), lex):
            return True  # "Можете подключиться и посмотреть?" to a business whose people connect remotely
            # ("никто не подключился" tells that nobody did: a complaint about the call, not a request)
        if _names_person(clause, msg, lex, person_words) and _request_near_person(msg, lex, person_words,
                                                                                  tasks=tasks):
            return True
        if _short_support_request(clause, msg, lex):
            return True
    if thanked:
        return False
    if _someone_there_to(text, lex, person_words) or _asks_someone_to_act(text, lex, person_words) \
            or _someone_available(text, lex, person_words):
        return True
    if _person_then_request(text, lex, person_words) or _person_wished(text, lex, person_words):
        return True
    if _who_can_do(text, lex, person_words) or _cannot_alone(text, lex, person_words):
        return True
    if lex.human_connect.find(whole) and _names_person(text, whole, lex, person_words) \
            and not lex.human_questions.find(whole):
        return True  # "свяжите меня, пожалуйста, с кем-нибудь из бухгалтерии": the clauses split the two
    if _names_person(text, whole, lex, person_words) and any(
            "?" not in sentence and len(part) <= SHORT_SUPPORT and lex.human_help.find(part)
            and lex.human_requests.find(part) for sentence, part in _sentences(text, lex)):
        return True  # "why can't I reach a technician? I need help": the help asked in so many words, a person named
    content = whole.without(lex.greeting.covered(whole))
    # "техники говорят по-русски?" names people but asks about them; "נציג?" alone asks for one
    short = len(content) <= (SHORT_MESSAGE if "?" not in text else 2)
    return short and _names_person(text, whole, lex, person_words) and not lex.human_questions.find(whole)


_SENTENCE = regex.compile(r"[^.;!?\n]+[.;!?\n]*")
_RELATIVE_COMMA = regex.compile(r"(?i),\s*(?=(?:кто|котор\p{L}*|who|whom)\b|מי\s?ש)")
PARTITIVE_GAP = 2  # words between "one of the" and the person word ("one of the tech support folks")
SHORT_SUPPORT = 4  # words of a clause in which "support" alone names the people ("need support asap")


def _short_support_request(clause: str, msg: _Message, lex: _Lexicon) -> bool:
    """"need support", "support please", "צריך תמיכה", "нужна техподдержка": the service named for its people, in
    a short clause that asks for it. Longer, "support" is what a plan includes ("does Essential include support?",
    "can I get support for the old version?"), which the knowledge base answers."""
    content = msg.without(lex.greeting.covered(msg))
    if not content or len(content) > SHORT_SUPPORT or not lex.human_short_persons.find(content):
        return False
    if "?" in clause:  # "можно техподдержку?", "אפשר תמיכה?": asked politely, with nothing else asked
        polite = lex.human_polite.covered(content)
        return polite[0] and not lex.question.find(content.without(polite)) \
            and not lex.human_questions.find(content)
    return len(content) == 1 or bool(lex.human_requests.find(content) and not lex.human_questions.find(content))


def _person_mask(msg: _Message, lex: _Lexicon, person_words: tuple[str, ...]) -> list[bool]:
    """For each word, whether it is part of a person word: the lists' or the workspace's own."""
    persons = lex.persons.covered(msg)
    if person_words:
        phrases, vocabulary = _workspace_persons(person_words)
        own = phrases.covered(_Message(msg.words, tuple(vocabulary.matches(w) for w in msg.words)))
        persons = [a or b for a, b in zip(persons, own, strict=True)]
    # "one of the | tech | support folks": the group's words, and a word or two naming its kind, are the person's
    partitive = lex.human_partitive.covered(msg)
    for end in (i for i, hit in enumerate(partitive) if hit and (i + 1 == len(msg) or not partitive[i + 1])):
        person = next((j for j in range(end + 1, min(end + 1 + PARTITIVE_GAP + 1, len(msg))) if persons[j]), None)
        if person is not None:
            start = end
            while start and partitive[start - 1]:
                start -= 1
            persons[start:person] = [True] * (person - start)
    return persons


def _undone(msg: _Message, at: int, lex: _Lexicon) -> bool:
    """A negation or a failure just before word `at`: "your guy couldn't fix it", "הטכנאי לא
    הצליח לתקן", "мастер не смог починить" complain about a task, they do not ask for it."""
    return any(lex.human_undone.covered(_Message(msg.words[max(0, at - 2):at], msg.hits[max(0, at - 2):at])))


def _asks_before(sentence: str, msg: _Message, at: int, lex: _Lexicon) -> bool:
    """Whether the sentence asks something other than the task at word `at`: a question word in the
    task's clause or after it ("how can someone help me?"), unless it is what to look at ("could you
    check why ...") or part of the request ("if someone could", "если кто-нибудь"). A clause before the
    task's tells the story ("понимаю, что праздники, но кто-нибудь может посмотреть?")."""
    start = 0
    for clause in _CLAUSE.findall(sentence):
        length = len(lex.read(clause))
        if start + length > at:
            break
        start += length
    looked = lex.human_look_objects.covered(msg)
    later = lex.human_later.covered(msg)
    # part of the request ("if someone", "есть ли"), unless the question phrase goes beyond it ("can I")
    part = [a or b for a, b in zip(lex.human_asks.covered(msg), lex.human_exists.covered(msg), strict=True)]
    for first in range(start, len(msg)):
        for n in lex.question._occurrences(msg, first):
            words = range(first, first + n)
            if all(part[i] or later[i] or (i >= at and looked[i]) for i in words):
                continue
            return True
    return False


def _sentences(text: str, lex: _Lexicon) -> list[tuple[str, _Message]]:
    """The sentences of a message that say anything."""
    return [(sentence, msg) for sentence in _SENTENCE.findall(text) or [text] if (msg := lex.read(sentence))]


def _asks_about_hours(msg: _Message, lex: _Lexicon) -> bool:
    """A word of when people work ("when", "hours", "at weekends"), not one that says when to act
    ("when you're back", "когда будете на месте")."""
    return _hours_asked(msg.without(lex.human_later.covered(msg)), lex)


def _hours_asked(msg: _Message, lex: _Lexicon) -> bool:
    """A word of when people work (`human.questions`), outside a fault told: the "работает" of "форма не работает"
    or the "עובד" of "לא עובד" says what is broken, not when support works."""
    return bool(lex.human_questions.find(msg.without(lex.human_faults.covered(msg))))


def _asks_someone_to_act(text: str, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """Someone asked to do something, however softly: a sentence with a person word, a task and a word
    that makes it a request ("could someone on your side have a look?", "if someone has a minute to look
    at my templates I'd appreciate it", "Можно, чтобы кто-то из ваших глянул?", "Было бы хорошо, если бы
    кто-то проверил", "מישהו אצלכם יכול להציץ?"), however far apart (the person's "from your billing
    people" may stand between). A question besides the task ("if the technician fixes it in ten minutes,
    how much do I pay?") or about when people work keeps it a question; a task not done ("your guy
    couldn't fix it") is a complaint."""
    for sentence, msg in _sentences(text, lex):
        asks = [a and not k for a, k in zip(lex.human_asks.covered(msg), lex.knowledge_seeking.covered(msg),
                                            strict=True)]
        if _asks_about_hours(msg, lex) or not any(asks):
            continue  # "do I need to back up before your guy connects?": its "I need" asks the rule
        persons = _person_mask(msg, lex, person_words)
        if not any(persons):
            continue
        tasks = lex.human_tasks.covered(msg)
        things = lex.human_determiners.covered(msg)
        for at, hit in enumerate(tasks):
            if hit and not (at and tasks[at - 1]) and not persons[at] and not _undone(msg, at, lex) \
                    and not (at and things[at - 1]):
                return not _asks_before(sentence, msg, at, lex)
        if lex.human_callbacks.find(msg):
            return not _asks_before(sentence, msg, 0, lex)
    return False


def _asks_you_to_look(text: str, lex: _Lexicon) -> bool:
    """The business asked to look into it, with no person named ("Не могли бы вы глянуть, почему у меня
    не проходит оплата?", "Можете со мной разобраться?", "Поможете?", "could you take a look?", "תוכלו
    לבדוק?"): only a person can, so it asks for one. Checked after the account actions ("can you check
    my subscription?" reads the plan) and never with a question besides the task ("can you help me
    understand how refunds work?") or in the customer's own knowledge-seeking words."""
    for sentence, msg in _sentences(text, lex):
        if _asks_about_hours(msg, lex):
            continue
        asked = lex.human_you_ask.covered(msg)
        tasks = lex.human_you_tasks.covered(msg)
        if not any(asked):
            continue
        first = asked.index(True)
        if lex.knowledge_seeking.find(_Message(msg.words[first:], msg.hits[first:])):
            continue  # "could you explain the question of ...": the customer wants to know
        for at in range(first, len(msg)):
            if tasks[at] and not _undone(msg, at, lex):
                return not _asks_before(sentence, msg, at, lex)
    return False


def _urgent_fault(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """Something broken, told as urgent, with nothing asked ("Сайт не открывается, срочно", "urgent, the checkout
    is down", "דחוף, האתר קרס"): no policy text fixes it, a person must act. Checked after the account actions
    ("urgent, refund me") and the open ticket's nudges; a question ("the site is down, is it urgent-rate?")
    keeps it for the knowledge base."""
    urgent = lex.human_urgent.covered(msg)  # "no idea what else to try": its "what" asks nothing
    if "?" in text or lex.knowledge_seeking.find(msg) \
            or any(q and not u for q, u in zip(lex.question.covered(msg), urgent, strict=True)):
        return False
    return any(urgent) and lex.human_faults.find(msg)


def _someone_available(text: str, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """Whether a person is there now, asked ("anyone from support around?", "יש נציג זמין?", "Есть живой
    сотрудник?", "Is anyone available?") or set as a condition ("אם מישהו פנוי, האתר איטי"): a request
    for one. A word of when ("is anyone available at weekends?", "באיזה שעות יש נציגים?") keeps it a
    question about hours."""
    if _asks_about_hours(lex.read(text), lex):
        return False
    for sentence, msg in _sentences(text, lex):
        if "?" not in sentence and not lex.human_asks.find(msg):
            continue
        there = [a or b for a, b in zip(lex.human_exists.covered(msg), lex.human_available.covered(msg), strict=True)]
        if not any(there):
            continue
        # a clause before the one that asks tells the story ("знаю, что праздник, но дежурный есть?")
        if any(_person_mask(msg, lex, person_words)) and not _asks_before(sentence, msg, there.index(True), lex):
            return True
    return False


WISH_REACH = 2  # words between the person and the wish: "a real human | would be really nice"


def _person_wished(text: str, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """A person wished for, the wish right after the person word ("a live agent would be really helpful now",
    "נציג אמיתי היה עוזר לי עכשיו", "живой человек бы не помешал"): a request for one. A sentence that asks
    anything ("would a person be nice to have on Essential?") or about when people work keeps it a question."""
    for _, msg in _sentences(text, lex):
        if lex.question.find(msg) or lex.human_questions.find(msg) or lex.knowledge_seeking.find(msg):
            continue
        persons = _person_mask(msg, lex, person_words)
        ends = [i + 1 for i, hit in enumerate(persons) if hit and (i + 1 == len(msg) or not persons[i + 1])]
        if any(lex.human_wished.starts_at(msg, end + gap) for end in ends for gap in range(WISH_REACH + 1)):
            return True
    return False


def _opens_ticket(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """Asked to open a ticket ("please open a ticket, the sync fails", "תפתחו לי קריאה", "откройте мне заявку"):
    a request for a person, read before the ticket's status (whose words "ticket", "קריאה" it has). A question
    word outside the polite phrase ("how do I open a ticket?", "can I open a ticket on Saturday?"), a condition or
    the customer's wish to know keeps it a question for the knowledge base."""
    if lex.knowledge_seeking.find(msg) or lex.conditional.find(msg):
        return False
    told = lex.human_open_ticket_told.covered(msg)
    if not any(lex.human_open_ticket.starts_at(msg, i) and not (i and told[i - 1]) for i in range(len(msg))):
        return False  # "before we open a ticket, what should we try?" tells what the customer will do
    polite = [a or b for a, b in zip(lex.polite.covered(msg), lex.human_polite.covered(msg), strict=True)]
    return not any(q and not p for q, p in zip(lex.question.covered(msg), polite, strict=True))


def _person_then_request(text: str, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """A person word said first, then courtesy or urgency, a comma apart ("Оператора, пожалуйста, не
    получается загрузить Excel", "Agent, please, the app keeps crashing"): the clauses split the two,
    the sentence does not."""
    for sentence, msg in _sentences(text, lex):
        msg = msg.without(lex.greeting.covered(msg))
        persons = _person_mask(msg, lex, person_words)
        if not msg or not persons[0] or "?" in sentence:
            continue
        end = persons.index(False) if False in persons else len(msg)
        if end < len(msg) and lex.human_vocative.covered(msg)[end]:
            return True
    return False


def _someone_there_to(text: str, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """"Is there anyone I could talk to?", "есть там кто живой, кто может разобраться?", "а живой
    человек у вас есть, чтобы с этим разобраться?": asking whether a person is there to talk to or to
    do something asks for one (the clauses may split the person from the task). Asking when one is
    there ("is anyone available on Fridays?") stays a question for the KB. The person is the one asked
    about in the same sentence: in "how much is a minute of tech time?? and is there a fee per call" a fee
    is there, not a technician."""
    msg = lex.read(text)
    if not lex.human_exists.find(msg) or lex.human_questions.find(msg):
        return False
    if not any(lex.human_exists.find(part) and _names_person("", part, lex, person_words)
               for _, part in _sentences(text, lex)):
        return False
    return bool(lex.human_requests.find(msg) or lex.human_tasks.find(msg))


WHO_CAN_REACH = 3  # words from "who can" to what is to be done ("who can get into my computer")
ALONE_REACH = 5  # words between "myself" and "can't" ("сам я их поменять не могу")


def _who_can_do(text: str, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """"Who can get into my computer?", "מי יכול להתחבר ולבדוק?", "кто может подключиться и посмотреть?": who is to do a
    task, asked, asks for that someone. Not who may do something in general ("who can see my files?" names no task),
    nor when people work."""
    for _sentence, msg in _sentences(text, lex):
        who = lex.human_who_can.covered(msg)
        if not any(who) or _asks_about_hours(msg, lex) or lex.conditional.find(msg):
            continue
        tasks = [a or b for a, b in zip(lex.human_tasks.covered(msg), lex.human_remote.covered(msg), strict=True)]
        if any(hit and not (i and who[i - 1] and who[i]) and any(tasks[i + 1 : i + 1 + WHO_CAN_REACH])
               for i, hit in enumerate(who)):
            return True
    return False


def _cannot_alone(text: str, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """Not managed without a person ("без вашего сотрудника не разберусь", "I won't sort it out without your tech") or
    not done by the customer themself ("сам я их поменять не могу", "I'm scared to touch it myself", "לבד אני לא מצליח
    לשנות"): told, in a sentence that asks nothing, someone is needed to do it."""
    for sentence, msg in _sentences(text, lex):
        if "?" in sentence or lex.question.find(msg) or lex.knowledge_seeking.find(msg):
            continue
        unable = lex.human_unable.covered(msg)
        if not any(unable):
            continue
        persons = _person_mask(msg, lex, person_words)
        without = lex.human_without.covered(msg)
        if any(hit and any(persons[i + 1 : i + 4]) for i, hit in enumerate(without)):
            return True
        myself = lex.human_myself.covered(msg)
        if any(hit and any(unable[max(0, i - ALONE_REACH) : i + 1 + ALONE_REACH]) for i, hit in enumerate(myself)):
            return True
    return False


def _hebrew_wish(msg: _Message, lex: _Lexicon, person_words: tuple[str, ...]) -> bool:
    """"שהמתכנת שלכם יסתכל?", "אז לפחות שמישהו יחזור אליי?": the person glued to ש ("let ... do"), with only
    `wish_leads` before it, asks for them even with a "?"; "לפני שהטכנאי מתחבר?" (before the technician connects)
    has a word of its own before it and stays a question."""
    persons = _person_mask(msg, lex, person_words)
    if True not in persons:
        return False
    at = persons.index(True)
    return msg.words[at].startswith("ש") and all(lex.human_wish_leads.covered(msg)[:at])


def _asks_a_task(clause: str, msg: _Message, lex: _Lexicon) -> bool:
    """Whether what the person is asked to do ("connect", "посмотрит") counts as a request in this
    clause: it does unless the clause is a question, and a polite question ("can a tech connect?",
    "אפשר טכנאי שיתחבר?") asks for one too, while "will the technician see my files?" does not."""
    if "?" not in clause:
        return True
    first = _Message(msg.words[:2], msg.hits[:2])
    return lex.human_polite.find(first) and not lex.question.find(first)


def _request_near_person(msg: _Message, lex: _Lexicon, person_words: tuple[str, ...], *, tasks: bool = False) -> bool:
    """A request word within a few words of the person word: "אני צריך טכנאי עכשיו" asks for one,
    "צריך לעשות גיבוי לפני שהטכנאי מתחבר?" needs a backup."""
    negations = lex.rsvp["negations"].singles
    asked = lex.human_requests.covered(msg)
    if tasks:
        done = lex.human_tasks.covered(msg)  # "הטכנאי לא הצליח לתקן": a task not done asks for nobody
        # "if I open a call": a task word after "a" / "my" is a thing, not what someone should do
        things = lex.human_determiners.covered(msg)
        asked = [a or (b and not _undone(msg, i, lex) and not (i and things[i - 1]))
                 for i, (a, b) in enumerate(zip(asked, done, strict=True))]
    requests = [
        i for i, hit in enumerate(asked)
        if hit and not (i and any(p in negations for p in msg.hits[i - 1]))  # "כבר לא צריך טכנאי"
    ]
    if not requests:
        return False
    persons = _person_mask(msg, lex, person_words)
    return any(abs(i - j) <= REQUEST_REACH for j, hit in enumerate(persons) if hit for i in requests)


def _party_size(msg: _Message, lex: _Lexicon) -> tuple[int | None, int]:
    """(size, how many words said it): digits first, then number words and phrases. A count taken
    back ("3 instead of 2", "не трое, а четверо") is not read, nor a time ("10 min late", `party_size.time_amounts`)."""
    msg = msg.without(_replaced_counts(msg, lex))
    msg = msg.without(time_amounts(msg.words))
    for word in msg.words:
        if word.isdigit() and 0 < int(word) <= 50:
            return int(word), 1
    best: tuple[int | None, int] = (None, 0)
    for size, phrases in lex.sizes:
        covered = sum(phrases.covered(msg))
        if covered > best[1]:  # the longest phrase wins: "me and my wife" over "me"
            best = (size, covered)
    return best


def _replaced_counts(msg: _Message, lex: _Lexicon) -> list[bool]:
    """The counts taken back, with the words that take them back: "not 2", "במקום 3", "а не двое"."""
    sizes = _size_mask(msg, lex)
    backs = lex.rsvp["replaced"].covered(msg)
    out = [False] * len(msg)
    for i, is_size in enumerate(sizes):
        if is_size and i and backs[i - 1] and not sizes[i - 1]:
            j = i
            while j < len(msg) and sizes[j]:
                out[j] = True
                j += 1
            j = i - 1
            while j >= 0 and backs[j]:
                out[j] = True
                j -= 1
    return out


def _partial_party(msg: _Message, lex: _Lexicon) -> bool:
    """Only part of the party comes: "so just me", "רק 2 מאיתנו", "приду только я"."""
    sizes = _size_mask(msg, lex)
    only = lex.rsvp["only"].covered(msg)
    return any(hit and i + 1 < len(msg) and sizes[i + 1] for i, hit in enumerate(only))


def _only_count(msg: _Message, lex: _Lexicon) -> bool:
    """The message is a party size and nothing else ("4 of us", "me +1", "plus my wife"), not
    "one question please". Words that build a count (`handlers/party_size.yaml`) are part of it."""
    said = [a or b or _builds_count(w) for a, b, w in
            zip(_size_mask(msg, lex), lex.rsvp["count_fillers"].covered(msg), msg.words, strict=True)]
    return all(said)


@cache
def _count_words() -> frozenset[str]:
    return frozenset(normalize_word(w) for w in party_words())


def _builds_count(word: str) -> bool:
    """A word of `handlers/party_size.yaml` ("ואשתי" read behind its glued "and" too)."""
    readings = hebrew_prefix_variants(word) if _HEBREW.match(word) else [word]
    return any(r in _count_words() for r in readings)


def _size_mask(msg: _Message, lex: _Lexicon) -> list[bool]:
    mask = [w.isdigit() for w in msg.words]
    for _, phrases in lex.sizes:
        mask = [a or b for a, b in zip(mask, phrases.covered(msg), strict=True)]
    return mask


def _negated(msg: _Message, lex: _Lexicon) -> bool:
    """A coming-word with a negation just before it: "we can't come", "не придём"."""
    negations = lex.rsvp["negations"].singles
    coming = lex.rsvp["coming"].covered(msg)
    return any(
        hit and any(p in negations for before in msg.hits[max(0, i - 2) : i] for p in before)
        for i, hit in enumerate(coming)
    )


def _read_rsvp(text: str, msg: _Message, lex: _Lexicon) -> RsvpParse:
    if not msg:
        return RsvpParse(_emoji_answer(text), None)  # "👍"
    msg = msg.without(lex.rsvp["not_a_no"].covered(msg)) or msg  # "no problem, we'll be there"
    unclear = lex.rsvp["not_understood"].covered(msg)
    if any(unclear):  # "סליחה, לא הבנתי": the "לא" is about the message, not the event
        msg = msg.without(unclear)
        if not msg or _only_polite(msg, lex):
            return RsvpParse(None, None)
    replaced = _replaced_counts(msg, lex)
    size = _party_size(msg, lex)[0] if any(replaced) else additive_party_size(_unnegated(text, lex)) \
        or _party_size(msg, lex)[0]
    msg = msg.without(replaced) or msg  # "не трое, а четверо" reads as "а четверо"
    if (text.rstrip().endswith("?") and lex.rsvp["questions"].find(msg)) or questions_in(text):
        return _answer_beside_question(text, lex)
    if lex.rsvp["doubt"].find(msg):
        return RsvpParse("not_coming", None)  # "вряд ли получится": the "получится" is doubted
    if len(msg) == 1 and msg.words[0].isdigit():
        count = int(msg.words[0])
        return RsvpParse("not_coming", None) if count == 0 else RsvpParse("coming", size)
    if lex.rsvp["coming_despite_no"].find(msg):
        return RsvpParse("coming", size)  # "wouldn't miss it": the negation is no "no"
    if _partial_party(msg, lex):
        return RsvpParse("coming", _party_size(msg, lex)[0])  # "my wife can't, so just me": not 2
    total = _said_total(text, lex)
    if total is not None:
        return RsvpParse("coming", total)  # "младшая не сможет, значит двое": the rest of the party comes
    if lex.rsvp["maybe"].find(msg):
        return RsvpParse("maybe", size)
    if lex.rsvp["not_coming"].find(msg.without(_idle_no(text, msg, lex)) or msg) or _negated(msg, lex) or (
            size is None and (
            (lex.rsvp["regret"].find(msg) and not lex.rsvp["late"].find(msg)) or _sorry_or_away(msg, lex))):
        # "לא" alone is a no, but "לא יודע" was caught as maybe above.
        return RsvpParse("not_coming", None)
    # A bare count ("4 of us", "me and my wife", "שניים", "me +1") answers "are you coming?" too.
    if lex.rsvp["coming"].find(msg) or (size is not None and _only_count(msg, lex)):
        return RsvpParse("coming", size)
    if size is not None and "?" not in text and any(_only_count(lex.read(c), lex) for c in _CLAUSE.findall(text)):
        return RsvpParse("coming", size)  # "планы поменялись, нас будет двое": one clause says the count
    return RsvpParse(None, None)


def _idle_no(text: str, msg: _Message, lex: _Lexicon) -> list[bool]:
    """The bare "no" words (`bare_no`) that negate the word after them in a clause that says nothing
    about coming ("הקישור לא עובד", "у меня нет ссылки", "no idea where the hall is"): no answer to the
    invitation. A "no" alone in its clause, at its end, before answer words ("לא, תודה", "nope sorry",
    "нет, не сможем") or in a clause about coming ("לא נצליח להגיע") answers."""
    bare = lex.rsvp["bare_no"].singles
    out: list[bool] = []
    for clause in _CLAUSE.findall(text):
        part = lex.read(clause)
        no = [any(p in bare for p in hits) for hits in part.hits]
        said = [a or b or w.isdigit() for a, b, w in zip(lex.answer_words.covered(part),
                                                          lex.rsvp["apology"].covered(part), part.words, strict=True)]
        about = [(a and not n) or (b and len(w) > 3) for a, b, n, w in zip(  # "להגיע", "come", "wedding"
            lex.answer_core.covered(part), lex.rsvp["answer_words"].covered(part), no, part.words, strict=True)]
        out += [no[i] and i + 1 < len(part) and not said[i + 1] and not any(about) for i in range(len(part))]
    return out if len(out) == len(msg) else [False] * len(msg)


def _said_total(text: str, lex: _Lexicon) -> int | None:
    """A clause that is a total and nothing more ("значит двое", "so 3 of us", "אז שניים", "итого
    четверо"): the party size that comes, whatever another clause says about someone who does not."""
    for clause in _CLAUSE.findall(text):
        msg = lex.read(clause)
        if len(msg) > 1 and msg.words[0] in total_words() and _only_count(msg, lex):
            size = _party_size(msg, lex)[0]
            if size:
                return size
    return None


def _unnegated(text: str, lex: _Lexicon) -> str:
    """The clauses that say no absence: the people named in "я приду одна, муж не сможет", "Папа не
    сможет прийти" or "муж в командировке, приду одна" (a negation word, or being elsewhere) are not
    counted into the party (the whole text when every clause says one)."""
    negations = lex.rsvp["negations"].singles

    def absent(clause: _Message) -> bool:
        return any(p in negations for hit in clause.hits for p in hit) or lex.rsvp["elsewhere"].find(clause)

    kept = [c for c in _CLAUSE.findall(text) if not absent(lex.read(c))]
    return " ".join(kept) if kept else text


def _sorry_or_away(msg: _Message, lex: _Lexicon) -> bool:
    """Being somewhere else or busy that day, with no yes besides ("so sorry, we'll be abroad that
    week", "у нас в этот день другая свадьба"), or an apology and nothing else ("מצטערים", "so sorry
    😔"): a no. An apology before anything else is no "no" ("sorry, can you resend the link?",
    "סליחה, מי זה?", "sorry for the late reply"), nor is being late; and "we'll be" / "נהיה" /
    "будем" beside a place say where they will be, not that they come."""
    away = lex.rsvp["elsewhere"].covered(msg)
    if lex.rsvp["late"].find(msg):
        return False
    if not any(away):
        apology = lex.rsvp["apology"].covered(msg)
        said = [a or b or c for a, b, c in zip(apology, lex.answer_words.covered(msg), lex.greeting.covered(msg),
                                                strict=True)]
        if not (any(apology) and all(said)) or lex.rsvp["apology_for"].find(msg):
            return False
    rest = msg.without(away)
    being = lex.rsvp["being"].covered(rest)  # "будем", "נהיה" are yes-words, but not beside a place
    coming = [a or b for a, b in zip(lex.rsvp["coming"].covered(rest), lex.rsvp["coming_despite_no"].covered(rest),
                                     strict=True)]
    return not any(c and not b for c, b in zip(coming, being, strict=True))  # "be there that day" is a yes


def questions_in(text: str) -> list[str]:
    """The clauses of a message that ask: those with "?", and those opening with a question word
    ("איך נוכל להגיע לאולם", "what time should we be there" - guests often leave the "?" out)."""
    lex = lexicon()
    return [c for c in _CLAUSE.findall(text) if "?" in c or _opens_with_question(lex.read(c), lex)]


def _opens_with_question(msg: _Message, lex: _Lexicon) -> bool:
    msg = msg.without(lex.rsvp["doubt"].covered(msg))  # the "ли" of "вряд ли" asks nothing
    return bool(msg) and (lex.rsvp["questions"].covered(msg)[0] or lex.rsvp["asks_anywhere"].find(msg))


def _answer_beside_question(text: str, lex: _Lexicon) -> RsvpParse:
    """"coming! is there parking?": the clauses that do not ask may still answer the invitation;
    a message that is one question ("can I come with 3?") answers nothing."""
    asking = questions_in(text)
    told = " ".join(c for c in _CLAUSE.findall(text) if c not in asking).strip()
    if not told:
        return RsvpParse(None, None)
    msg = lex.read(told)
    if not msg or (told.rstrip().endswith("?") and lex.rsvp["questions"].find(msg)):
        return RsvpParse(None, None)
    if _only_polite(msg, lex):
        return RsvpParse(None, None)  # "סליחה, אפשר לקבל שוב את הקישור": sorry for asking, no "no"
    return _read_rsvp(told, msg, lex)


def _only_polite(msg: _Message, lex: _Lexicon) -> bool:
    """Every word an apology or a greeting ("סליחה", "sorry, hi"): nothing said about coming."""
    return all(a or b for a, b in zip(lex.rsvp["apology"].covered(msg), lex.greeting.covered(msg), strict=True))


def _emoji_answer(text: str) -> str | None:
    """A message of emoji alone: "👍" answers yes, "👎" no; mixed or other emoji ("🙏") say nothing."""
    marks = {c for c in text.replace("\ufe0f", "").replace("\u200d", "") if not c.isspace()}
    said = {status for status, known in lexicon().emoji.items() if marks & known}
    return said.pop() if len(said) == 1 else None


def parse_rsvp_reply(text: str, lang: Lang | None = None) -> RsvpParse:
    """Read a guest's reply: coming / not coming / maybe and how many; None when unclear."""
    del lang
    lex = lexicon()
    return _read_rsvp(text, lex.read(text), lex)


def party_size_in(text: str) -> int | None:
    """The party size a message says, whatever else it says ("ой, не то, я имела в виду вчетвером")."""
    lex = lexicon()
    return additive_party_size(text) or _party_size(lex.read(text), lex)[0]


def _is_rsvp_answer(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """An answer to an invitation and nothing else ("מגיעים 3", "yes we're coming, 2 of us"); a bare
    number or date ("3", "17.12.2026") is too little to tell."""
    if not lex.answer_core.find(msg) or _read_rsvp(text, msg, lex).status is None:
        return False
    covered = lex.answer_words.covered(msg)
    return all(hit or word.isdigit() for hit, word in zip(covered, msg.words, strict=True))


def is_rsvp_answer(text: str) -> bool:
    """Whether a message is only an RSVP answer: from a number that is not a guest it is not a
    question for the knowledge base (whose RSVP answers would mislead), but an invitation not found."""
    lex = lexicon()
    return _is_rsvp_answer(text, lex.read(text), lex)


# How sure the example layer must be before it overrides "faq": closest-example cosine, blended
# score and margin over the runner-up (`handlers/understanding/learned.py`). Opt-out asks for
# more, because a false opt-out silences a customer; the word lists catch the usual forms anyway.
LEARNED_MIN = {"paraphrase": 0.5, "score": 0.3, "margin": 0.1}
LEARNED_ACCOUNT = {"paraphrase": 0.55, "score": 0.3, "margin": 0.1}  # acting on the account, or reading it
LEARNED_OPT_OUT = {"paraphrase": 0.6, "score": 0.4, "margin": 0.2}
# A message worded unlike any one example but near the intent's examples as a whole, and far from
# every other intent ("I was charged twice this month", "אני לא מתכוונת להמשיך איתכם"): a clear
# blended win counts with a weaker closest example. Not for opt-out, whose bar stays strict.
LEARNED_CLEAR_WIN = {"paraphrase": 0.3, "score": 0.45, "margin": 0.2}
# ... and a near-paraphrase of one example counts with a weaker blend: the more phrasings an intent
# has, the further its centroid sits from any one of them.
LEARNED_NEAR_EXAMPLE = {"paraphrase": 0.7, "score": 0.25, "margin": 0.1}
_LEARNED_ACTIONS = ("cancel_subscription", "refund_request", "freeze_request")
_NEED_A_TICKET = frozenset({"ticket_status", "ticket_close"})  # meaningless with no ticket open


def _passes(guess: LearnedGuess, bar: dict[str, float]) -> bool:
    return guess.paraphrase >= bar["paraphrase"] and guess.score >= bar["score"] and guess.margin >= bar["margin"]


def _learned_intent(text: str, lang: Lang, msg: _Message, lex: _Lexicon, has_open_ticket: bool) -> Intent | None:
    """The intent whose examples the message is close to, where the rules found none.

    Requests are told from questions by the rules, not the examples (retrieval drops "how do I"
    as stop words): an action is taken only from a message that does not ask, so "how do I stop
    auto-renewal?" stays a question for the knowledge base - acting unasked is the costly mistake.
    """
    from handlers.understanding.learned import QUESTION, score_intents

    asks = _is_question(text, msg, lex) and not _polite_request(msg, lex, text)
    if asks and not has_open_ticket and not lex.own.find(msg) \
            and (lex.human_questions.find(msg) or not lex.persons.find(msg)):
        return None  # nothing the examples could add: spare the scoring (most FAQ questions end here)
    guess = score_intents(text, lang, impossible=_NEED_A_TICKET if not has_open_ticket else frozenset())
    if guess is None or guess.intent == QUESTION:
        return None
    bar = LEARNED_OPT_OUT if guess.intent == "opt_out" else \
        LEARNED_ACCOUNT if guess.intent in (*_LEARNED_ACTIONS, "subscription_status") else LEARNED_MIN
    # The weaker bars are for what is said, and for a person asked for ("is someone there who can
    # check this?"); a question about my plan must still meet the full bar ("how do I change my package?").
    relaxed = guess.intent != "opt_out" and (not asks or guess.intent == "human")
    if not (_passes(guess, bar) or (relaxed and (_passes(guess, LEARNED_CLEAR_WIN)
                                                 or _passes(guess, LEARNED_NEAR_EXAMPLE)))):
        return None
    intent = guess.intent
    if intent in (*_LEARNED_ACTIONS, "opt_out") and asks:
        return None
    if intent == "opt_out" and (not lex.opt_out_anchors.find(msg) or _their_own_mailing(text, msg, lex)
                                or _sent_elsewhere(msg, lex) or lex.opt_out_keep.find(msg)
                                or _not_my_messages(text, lex)):
        return None  # "нет, больше ничего" is near "не присылайте мне больше ничего" but names no messages
    if intent in ("ticket_status", "ticket_close") and (not has_open_ticket or _asks_ticket_rule(msg, lex)):
        return None  # "why was my ticket closed?" is near "close my ticket" but asks why tickets close
    if intent == "cancel_subscription" and lex.no_longer_need.find(msg) and lex.no_longer_other.find(msg):
        return None  # "אני לא צריך חשבונית מהחודש הבא": an invoice not needed, not the service
    if intent == "freeze_request" and lex.freeze_fault.find(msg):
        return None  # "the program freezes every time I send": the software, not the plan
    if intent == "cancel_subscription" and _about_renewal(msg, lex):
        return None  # "turn off the auto-renewal reminders": the reminders, not the renewal
    if intent == "cancel_subscription" and _switches_plan(msg, lex):
        return None  # "I want to switch to the monthly subscription" is near "switch to another company"
    if intent == "subscription_status" and not lex.own.find(msg):
        return None  # "what plans do you have?" is about the offer, not MY plan
    if intent == "subscription_status" and (lex.plan_includes.find(msg) or lex.plan_what_if.find(msg)
                                            or (lex.conditional.find(msg) and lex.ticket_rule.find(msg))):
        return None  # "сколько минут у меня в подписке включено?" asks what the plan holds
    if intent == "human" and lex.human_questions.find(msg):
        return None
    return intent  # type: ignore[return-value]


# Words in a clause that a nudge of several words ("get back to me", "nobody called") may stand in,
# while a ticket is open; a one-word cue ("where", "ready") counts only in a clause of six.
NUDGE_CLAUSE = 10


def _status_follow_up(text: str, msg: _Message, lex: _Lexicon) -> bool:
    """"מה הסטטוס?", "any news?": a short status question, meaningful while a ticket is open. In a
    longer message one short clause may say it: "this is ridiculous, I've been waiting forever."""
    if lex.topics["subscription_status"].find(msg) or _asks_ticket_rule(msg, lex):
        return False  # "how do I open a ticket?", "why was the ticket closed?": the rules of tickets
    if lex.nudge_alone.exact(msg):
        return True  # "so??", "ну и?": nothing but a nudge
    if lex.ticket_follow.find(msg) and any(lex.ticket_follow.find(lex.read(part)) for part in _asking_parts(text)):
        return True  # "do I get a reference number to follow this by?": the request's number, however long
    clauses = [msg] if len(msg) <= 6 else [lex.read(c) for c in _CLAUSE.findall(text)]
    return any(len(c) <= 6 and (lex.cues["ticket_status"].find(c) or lex.topics["ticket_status"].find(c)
                                or lex.nudges.find(c))
               or len(c) <= NUDGE_CLAUSE and lex.nudge_phrases.find(c)  # "when will you get back to me?"
               for c in clauses)


_PART = regex.compile(r"[^.,;:!?\n—–]+[.,;:!?\n—–]*")


def _person_asked_part(text: str, msg: _Message, lex: _Lexicon) -> str | None:
    """The part of the message in which a person may be asked for: the whole, less the parts that decline one ("just
    a question, no need to call me back: ...", "רק שאלה, לא צריך שיחזרו אליי: ...", "перезванивать не нужно, ...");
    None when it asks whether some work is part of what the customer pays for ("can your guys build me a chatbot as
    part of the support I pay for?"), which the knowledge base answers."""
    if "?" in text and lex.human_included.find(msg) and not lex.human_faults.find(msg):
        return None
    if "?" in text and not lex.human_urgent.find(msg):
        # "can your tech fix it, or is it the provider's?": that sentence asks whose job it is; "the tech wants to
        # connect. is it safe?" asks about what was told, unless a person is asked for in so many words
        sentences = _SENTENCE.findall(text)
        rest = [c for c in sentences if not ("?" in c and lex.human_scope_questions.find(lex.read(c)))]
        changed = len(rest) < len(sentences)
        if any("?" in c and lex.human_about_it.find(lex.read(c)) for c in rest):
            rest = [c for c in _CLAUSE.findall("".join(rest))
                    if lex.human_requests.find(lex.read(c)) and not lex.human_about_it.find(lex.read(c))]
            changed = True
        if changed:
            text = "".join(rest)
            msg = lex.read(text)
            if not msg:
                return None
    if not lex.human_declined.find(msg):
        return text
    return "".join(part for part in _PART.findall(text.replace(" - ", " — "))
                   if not lex.human_declined.find(lex.read(part)))


def _general_question(text: str, lang: Lang) -> bool:
    """Close to a question about how the service works ("how fast do you usually answer?"),
    which stays one even while the customer has a ticket open."""
    from handlers.understanding.learned import QUESTION, score_intents

    guess = score_intents(text, lang)
    return guess is not None and guess.intent == QUESTION and guess.paraphrase >= 0.7


def classify_intent(
    text: str,
    lang: Lang,
    *,
    is_known_guest: bool = False,
    has_open_ticket: bool = False,
    person_words: Sequence[str] = (),
) -> IntentGuess:
    """The intent of one inbound message; `faq` when it is a question for the knowledge base.

    `has_open_ticket`: the sender has a live ticket, so "יש עדכון?" asks about it (from a prospect
    the same words are a question for the KB). `person_words`: the workspace's own words for a
    person ("טכנאי", "мастер"), from its YAML (`understanding.person_words`).
    """
    lex = lexicon()
    msg = lex.read(text)
    if not msg:
        if is_known_guest and _emoji_answer(text) is not None:
            return IntentGuess("rsvp_reply", 0.8)  # "👍" from a guest answers the invitation
        return IntentGuess("unknown", 0.3)
    if is_opt_out(msg, lex, text):
        return IntentGuess("opt_out", 0.98)
    if _abusive(text, msg, lex):
        return IntentGuess("abuse", 0.9)
    if is_known_guest and _read_rsvp(text, msg, lex).status is not None:
        return IntentGuess("rsvp_reply", 0.9)
    if not is_known_guest and _is_rsvp_answer(text, msg, lex):
        return IntentGuess("unknown", 0.7)  # see `is_rsvp_answer`
    if _closes_ticket(text, msg, lex):
        return IntentGuess("ticket_close", 0.8)
    thanks = _is_thanks(msg, lex, text)  # "תודה, אני מחכה" while a ticket is open is thanks
    if _opens_ticket(text, msg, lex):
        return IntentGuess("human", 0.85)  # "תפתחו לי קריאה": a person asked for, not the status of a ticket
    if has_open_ticket and not thanks and _status_follow_up(text, msg, lex) and not lex.human_requests.find(msg) \
            and not _general_question(text, lang):
        return IntentGuess("ticket_status", 0.75)  # "מישהו שם?" with a ticket open asks about it
    if not thanks and (lex.ticket_mine.find(msg) or _TICKET_NAMED.search(text)) and not lex.human_requests.find(msg) \
            and _asks_ticket_progress(text, msg, lex, has_open_ticket):
        return IntentGuess("ticket_status", 0.8)  # "is anyone working on my ticket?" asks its progress, no person
    asked = _person_asked_part(text, msg, lex)  # "no need to call me back: how much is ...?" asks no person
    if asked is not None and _is_human(asked, lex, tuple(person_words)):
        return IntentGuess("human", 0.9)
    action = _action_intent(text, msg, lex, has_open_ticket)
    if action is not None:
        return IntentGuess(_dropped_action(text, msg, lex, action), 0.8)
    if has_open_ticket and not thanks and _status_follow_up(text, msg, lex) and not _general_question(text, lang):
        return IntentGuess("ticket_status", 0.75)
    if not thanks and asked is not None \
            and (_asks_you_to_look(asked, lex) or _urgent_fault(asked, lex.read(asked), lex)):
        return IntentGuess("human", 0.75)
    if _is_greeting(msg, lex) or thanks:
        return IntentGuess("greeting", 0.9)
    learned = _learned_intent(text, lang, msg, lex, has_open_ticket)
    if learned is not None:
        return IntentGuess(learned, 0.7)
    return IntentGuess("faq", 0.5)
