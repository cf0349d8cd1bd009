"""Adding a customer's question or a whole new topic to a knowledge base from the console, in the same
YAML owners edit.

Files stay the source of truth: the line is inserted as text at the end of the language's example
list (comments, order and layout untouched), the file is read back and linted, and on any problem the
old text is put back, so a console click can never leave a knowledge base that does not load. The
registry notices the changed folder and re-indexes it on the next question: live without a restart.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge.grammar import address
from knowledge.grammar.address import Form
from knowledge.kb import OUT_OF_SCOPE_FILE
from knowledge.lint import lint_knowledge_base
from knowledge.types import LANGS

_TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# Written as escapes in a double-quoted scalar, so the text reads back exactly and stays on one line of the
# file. PyYAML reads NEL, U+2028 and U+2029 as line breaks too: written raw (json.dumps leaves them raw)
# they were folded to a space when read, and `str.splitlines()` broke the file's own lines at them
# (review note N12).
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x85": "\\N",
            "\u2028": "\\L", "\u2029": "\\P"}
_BREAKS = frozenset("\n\r\x85\u2028\u2029")


class EditRefused(ValueError):
    """The example cannot be added (unknown topic, bad language, or the result would not lint)."""


def quoted(value: str) -> str:
    """`value` as a YAML double-quoted scalar on one line that loads back as exactly `value`."""
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in value) + '"'


def not_text(value: str) -> str | None:
    """The first character no knowledge base may hold, as 'U+0080', else None: a control character other
    than a tab or a line break, a lone surrogate, a noncharacter (YAML refuses them all, or UTF-8 cannot
    write them). Line breaks of every kind (NEL and U+2028 included) are text and are kept."""
    for ch in value:
        code = ord(ch)
        if ch == "\t" or ch in _BREAKS:
            continue
        if (code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF
                or code & 0xFFFE == 0xFFFE):
            return f"U+{code:04X}"
    return None


def _check_text(value: str, what: str) -> None:
    found = not_text(value)
    if found is not None:
        raise EditRefused(f"{what} holds {found}, an invisible control character a knowledge base cannot keep; "
                          "remove it and try again")


def _lines(text: str) -> list[str]:
    """The file's lines, split at its own line ends only ("\\n"): `str.splitlines()` also split at U+2028,
    NEL, form feeds and more inside a line, and joining them back rewrote the owner's text."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _target(folder: Path, topic: str | None) -> Path:
    if topic is None:
        return folder / OUT_OF_SCOPE_FILE
    if not _TOPIC_ID.match(topic):
        raise EditRefused(f"no topic '{topic}'")
    path = folder / f"{topic}.yaml"
    if not path.is_file():
        raise EditRefused(f"no topic '{topic}'")
    return path


def _insert(text: str, lang: str, line: str) -> str:
    """`text` with `line` added as the last item of `examples:` -> `<lang>:` (created when missing)."""
    lines = _lines(text)
    scalar = quoted(line)  # any text, read back exactly
    try:
        start = next(i for i, row in enumerate(lines) if row.rstrip() == "examples:")
    except StopIteration:
        return text.rstrip("\n") + f"\nexamples:\n  {lang}:\n    - {scalar}\n"
    lang_row = next((i for i in range(start + 1, len(lines))
                     if lines[i].strip() == f"{lang}:" and lines[i].startswith(" ")), None)
    if lang_row is None:
        lines.insert(start + 1, f"  {lang}:\n    - {scalar}")
        return "\n".join(lines) + "\n"
    indent = len(lines[lang_row]) - len(lines[lang_row].lstrip())
    last, item_indent = lang_row, None
    for i in range(lang_row + 1, len(lines)):
        row = lines[i]
        if not row.strip():
            continue
        depth = len(row) - len(row.lstrip())
        if row.lstrip().startswith("- ") and depth >= indent:
            last, item_indent = i, depth
            continue
        break
    pad = " " * (item_indent if item_indent is not None else indent + 2)
    lines.insert(last + 1, f"{pad}- {scalar}")
    return "\n".join(lines) + "\n"


def add_example(folder: Path, topic: str | None, lang: str, example: str) -> Path:
    """Add `example` in `lang` to `topic` (None: the out-of-scope list); the file written. The text is kept
    as the customer wrote it (only its ends trimmed), line breaks of every kind included."""
    example = example.strip()
    _check_text(example, "the question")
    if lang not in LANGS or not example or len(example) > 300:
        raise EditRefused("an example needs a language (he, en, ru) and 1-300 characters")
    path = _target(folder, topic)
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    known = {str(p) for p in lint_knowledge_base(folder)}
    path.write_text(_insert(before, lang, example), encoding="utf-8")
    problems = [p for p in lint_knowledge_base(folder) if p.severity == "error" and str(p) not in known]
    if problems:
        if before:
            path.write_text(before, encoding="utf-8")
        else:
            path.unlink()
        raise EditRefused("; ".join(str(p) for p in problems[:3]))
    return path


def _block(text: str, indent: str) -> str:
    """A YAML literal block (`|`) body: every line indented, so any text (colons, quotes, #) stays as typed."""
    return "\n".join(f"{indent}{line.rstrip()}" if line.strip() else "" for line in text.strip().splitlines())


def topic_yaml(topic: str, title: dict[str, str], answer: dict[str, str], examples: dict[str, list[str]]) -> str:
    """A new topic file laid out like the hand-written ones (title, answer as literal blocks, examples)."""
    lines = [f"id: {topic}", "title:"]
    lines += [f"  {lang}: {quoted(' '.join(title[lang].split()))}" for lang in LANGS]
    lines.append("answer:")
    for lang in LANGS:
        text = answer[lang].replace("\r\n", "\n")
        if _BREAKS.intersection(text) - {"\n"}:  # NEL, U+2028, U+2029: no literal block keeps them; escaped
            lines.append(f"  {lang}: {quoted(text.strip())}")
        else:
            lines += [f"  {lang}: |", _block(text, "    ")]
    lines.append("examples:")
    for lang in LANGS:
        lines.append(f"  {lang}:")
        lines += [f"    - {quoted(e.strip())}" for e in examples[lang] if e.strip()]
    return "\n".join(lines) + "\n"


def add_topic(folder: Path, topic: str, title: dict[str, str], answer: dict[str, str],
              examples: dict[str, list[str]], *, form_of_address: Form | None = None) -> Path:
    """Write `<topic>.yaml` as a new topic; refused (and nothing left behind) if it exists or does not lint.
    With the workspace's `form_of_address`, a Hebrew answer that speaks to the customer in the other
    form is refused too: the files' lint only warns (an owner may fix it later), but a topic written in
    the console goes live at once, and one reply in "שלך" among "שלכם" reads as careless."""
    if not _TOPIC_ID.match(topic):
        raise EditRefused("a topic id is lower-case letters, digits and dashes (for example 'gift-cards')")
    path = folder / f"{topic}.yaml"
    if path.exists():
        raise EditRefused(f"the topic '{topic}' exists already")
    if any(len(answer.get(lang, "")) > 4000 or len(title.get(lang, "")) > 200 for lang in LANGS):
        raise EditRefused("a title is at most 200 characters and an answer at most 4,000")
    if form_of_address is not None:
        wrong = address.other(form_of_address)
        words = address.words_of(wrong, answer.get("he", ""))
        if words:
            quoted = ", ".join(f"'{w}'" for w in words[:5])
            raise EditRefused(f"answer (he): says 'you' in the {wrong} ({quoted}); this workspace speaks to its "
                              f"customers in the {form_of_address}")
    for lang in LANGS:
        for what, value in (("title", title.get(lang, "")), ("answer", answer.get(lang, "")),
                            *(("an example", e) for e in examples.get(lang, []))):
            _check_text(value, f"{what} ({lang})")
    known = {str(p) for p in lint_knowledge_base(folder)}
    path.write_text(topic_yaml(topic, {lang: title.get(lang, "") for lang in LANGS},
                               {lang: answer.get(lang, "") for lang in LANGS},
                               {lang: examples.get(lang, []) for lang in LANGS}), encoding="utf-8")
    problems = [p for p in lint_knowledge_base(folder) if p.severity == "error" and str(p) not in known]
    if problems:
        path.unlink()
        raise EditRefused("; ".join(p.message for p in problems[:4]))
    return path
