"""`bot kb lint`: everything an owner should fix in a knowledge-base folder.

Loading already skips unusable files; lint also reports what still loads but answers badly:
empty answers, too few examples to recognise a topic, and the same example question under
two topics (retrieval can only pick one of them, so one topic would never be answered) or
under a topic and the out-of-scope list (the bot would refuse a question it can answer). Told the
workspace's Hebrew form of address, it also reports an answer or fact that says "you" in the other
form, since the bot's own sentences in the same conversation use the workspace's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from knowledge.grammar import address
from knowledge.grammar.address import Form
from knowledge.kb import OUT_OF_SCOPE_FILE, LintProblem, Topic, read_out_of_scope, read_topic_file, topic_files
from knowledge.normalize import tokenize
from knowledge.types import LANGS, Lang

MIN_EXAMPLES = 4
# What a fact may be about: the tags handlers/dialogue/entities.py reads from a question.
FACT_TAG = re.compile(r"^(plan:[a-z0-9][a-z0-9-]*|period:(monthly|quarterly|annual)|event:(wedding|private|business)"
                      r"|cheapest)$")
OUT_OF_SCOPE_LABEL = "(out of scope)"


def _address_problems(name: str, topic: Topic, form: Form) -> list[LintProblem]:
    """The Hebrew answer and facts that speak to the customer in the other form than `form`."""
    wrong = address.other(form)
    texts = [("answer.he", topic.answer.get("he"))]
    texts += [(f"facts[{index}].text.he", fact.text.get("he")) for index, fact in enumerate(topic.facts)]
    out = []
    for where, text in texts:
        words = address.words_of(wrong, text)
        if words:
            quoted = ", ".join(f"'{w}'" for w in words[:5])
            message = f"{where}: says 'you' in the {wrong} ({quoted}); this workspace's form_of_address is {form}"
            out.append(LintProblem(name, message, topic.id, "warning"))
    return out


def _topic_problems(path: Path, topic: Topic, min_examples: int) -> list[LintProblem]:
    name = str(path)
    out: list[LintProblem] = []
    for lang in LANGS:
        if not topic.title.get(lang).strip():
            out.append(LintProblem(name, f"title.{lang}: empty", topic.id))
        if not topic.answer.get(lang).strip():
            out.append(LintProblem(name, f"answer.{lang}: empty answer", topic.id))
        examples = [e for e in topic.examples.get(lang) if e.strip()]
        if len(examples) < min_examples:
            out.append(
                LintProblem(name, f"examples.{lang}: {len(examples)} examples, at least {min_examples}", topic.id)
            )
    for index, fact in enumerate(topic.facts):
        out += [LintProblem(name, f"facts[{index}].about: unknown tag '{tag}' (plan:<id>, period:monthly|quarterly|"
                                  f"annual, event:wedding|private|business, cheapest)", topic.id)
                for tag in fact.about if not FACT_TAG.match(tag)]
        out += [LintProblem(name, f"facts[{index}].text.{lang}: empty", topic.id)
                for lang in LANGS if not fact.text.get(lang).strip()]
    return out


def _shared_examples(examples: dict[tuple[Lang, str], set[str]], paths: dict[str, str]) -> list[LintProblem]:
    out = []
    for (lang, key), topic_ids in sorted(examples.items()):
        if len(topic_ids) < 2:
            continue
        ids = sorted(topic_ids)
        for topic_id in ids:
            others = ", ".join(i for i in ids if i != topic_id)
            out.append(
                LintProblem(
                    paths[topic_id],
                    f"examples.{lang}: '{key}' is also an example of {others}",
                    topic_id,
                )
            )
    return out


def lint_knowledge_base(folder: Path, *, min_examples: int = MIN_EXAMPLES,
                        form_of_address: Form | None = None) -> list[LintProblem]:
    """Every problem of every topic file in `folder`, in file order; empty when clean. With the
    workspace's `form_of_address`, Hebrew answers and facts in the other form are problems too."""
    if not folder.is_dir():
        return [LintProblem(str(folder), "no such knowledge-base folder")]
    files = topic_files(folder)
    if not files:
        return [LintProblem(str(folder), "no topic files (*.yaml)")]
    problems: list[LintProblem] = []
    examples: dict[tuple[Lang, str], set[str]] = defaultdict(set)
    paths: dict[str, str] = {}
    for path in files:
        topic, file_problems = read_topic_file(path)
        problems.extend(file_problems)
        if topic is None:
            continue
        paths[topic.id] = str(path)
        problems.extend(_topic_problems(path, topic, min_examples))
        if form_of_address is not None:
            problems.extend(_address_problems(str(path), topic, form_of_address))
        for lang in LANGS:
            for example in topic.examples.get(lang):
                key = " ".join(tokenize(example))
                if key:
                    examples[(lang, key)].add(topic.id)
    out_of_scope, oos_problems = read_out_of_scope(folder)
    problems.extend(oos_problems)
    for lang in LANGS:
        for example in out_of_scope.examples.get(lang):
            key = " ".join(tokenize(example))
            if key:
                examples[(lang, key)].add(OUT_OF_SCOPE_LABEL)
                paths[OUT_OF_SCOPE_LABEL] = str(folder / OUT_OF_SCOPE_FILE)
    problems.extend(_shared_examples(examples, paths))
    return problems
