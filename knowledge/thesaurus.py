"""Domain thesaurus: find the language-neutral concepts a text mentions.

Customers paraphrase ("get in touch" for "contact", "money back" for "refund", "заморозить"
for "pause"), and a topic's examples cannot list every wording in every language. The groups
in `synonyms.yaml` name one concept per group in he, en and ru; a text that uses any member
carries the concept feature "@<id>". Retrieval treats concepts as extra words shared by all
three languages, so they bridge paraphrases and let a topic's examples in one language help
a question in another.

Matching is forgiving the same way the rest of retrieval is: every word goes through
`word_variants` (stems, Hebrew prefix and suffix readings, defective spelling). Only the
customer's side strips Hebrew prefixes - a thesaurus entry is taken as written (plus suffix
and spelling variants), otherwise "מספר" (number) would also be read as "ספר" (book).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from knowledge.files import read_yaml
from knowledge.normalize import hebrew_variants, is_hebrew_word, is_stopword, tokenize, word_variants
from knowledge.types import LANGS

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yaml")
CONCEPT_PREFIX = "@"


class ThesaurusError(ValueError):
    """`synonyms.yaml` is malformed; raised at load so a bad edit fails loudly in tests."""


def entry_keys(word: str) -> frozenset[str]:
    """Readings of a thesaurus word: like a question word's, minus Hebrew prefix stripping
    and short defective spellings."""
    if is_hebrew_word(word):
        # A defective spelling shorter than four letters (מחיר -> מחר, "tomorrow") is a guess
        # too wild for a synonym.
        variants = hebrew_variants(word, strip_prefixes=False)
        return frozenset(v for v in variants if not v.startswith("~") or len(v) > 4)
    return frozenset(word_variants(word))


@dataclass(frozen=True, slots=True)
class Thesaurus:
    """Concept lookup: single words by key, phrases by their first word's keys."""

    single: dict[str, frozenset[str]]
    phrases: dict[str, tuple[tuple[tuple[frozenset[str], ...], str], ...]]
    concepts: frozenset[str]

    def find(self, tokens: Sequence[str]) -> tuple[str, ...]:
        """Concept features ("@id") mentioned by a token sequence, in first-seen order.

        `tokens` are `normalize.tokenize` output *with* stop words, because phrases like
        "get in touch" or "how much" are made of them.
        """
        return self.find_covering(tokens)[0]

    def find_covering(self, tokens: Sequence[str]) -> tuple[tuple[str, ...], frozenset[int]]:
        """Concepts, plus the positions of the tokens they were read from."""
        found: dict[str, None] = {}
        covered: set[int] = set()
        readings = [word_variants(t) for t in tokens]
        for i, variants in enumerate(readings):
            for key in variants:
                for concept in self.single.get(key, ()):
                    found[concept] = None
                    covered.add(i)
                for parts, concept in self.phrases.get(key, ()):
                    if i + len(parts) > len(tokens):
                        continue
                    if all(not parts[j].isdisjoint(readings[i + j]) for j in range(1, len(parts))):
                        found[concept] = None
                        covered.update(range(i, i + len(parts)))
        return tuple(found), frozenset(covered)


def build_thesaurus(groups: list[dict[str, object]]) -> Thesaurus:
    """Index the groups of a synonyms file (see `synonyms.yaml` for the format)."""
    single: defaultdict[str, set[str]] = defaultdict(set)
    phrases: defaultdict[str, list[tuple[tuple[frozenset[str], ...], str]]] = defaultdict(list)
    concepts: set[str] = set()
    for n, group in enumerate(groups):
        if not isinstance(group, dict) or not isinstance(group.get("id"), str):
            raise ThesaurusError(f"group #{n + 1} needs a string id")
        unknown = set(group) - {"id", *LANGS}
        if unknown:
            raise ThesaurusError(f"group {group['id']}: unknown keys {sorted(unknown)}")
        concept = CONCEPT_PREFIX + str(group["id"])
        if concept in concepts:
            raise ThesaurusError(f"group {group['id']} is defined twice")
        concepts.add(concept)
        for lang in LANGS:
            entries = group.get(lang) or []
            if not isinstance(entries, list):
                raise ThesaurusError(f"group {group['id']}.{lang} must be a list")
            for entry in entries:
                tokens = tokenize(str(entry))
                if not tokens:
                    continue
                # A derived reading that is a stop word ("שישי" -> "שיש", "that there is") would
                # fire on filler; the entry as written still counts.
                parts = tuple(frozenset(k for k in entry_keys(t) if k == t or not is_stopword(k)) for t in tokens)
                if len(parts) == 1:
                    for key in parts[0]:
                        single[key].add(concept)
                else:
                    for key in parts[0]:
                        phrases[key].append((parts, concept))
    return Thesaurus(
        single={k: frozenset(v) for k, v in single.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
        concepts=frozenset(concepts),
    )


def load_thesaurus(path: Path = SYNONYMS_FILE) -> Thesaurus:
    # Only to build (a process that finds the thesaurus in the index cache never parses it), with
    # libyaml's parser when present: same data, ~7x quicker on this file (155 -> 23 ms).
    raw = read_yaml(path) or {}
    groups = raw.get("groups") if isinstance(raw, dict) else None
    if not isinstance(groups, list):
        raise ThesaurusError(f"{path}: expected a top-level 'groups' list")
    return build_thesaurus(groups)


@cache
def default_thesaurus() -> Thesaurus:
    """The shipped thesaurus, loaded once per process (from the index cache when it has it)."""
    from knowledge.index_cache import cached_thesaurus

    return cached_thesaurus(SYNONYMS_FILE, load_thesaurus)
