"""One text source per language: replies are written in the YAML text files, not in Python.

Hebrew or Russian words in a Python string are allowed only as vocabulary for reading messages
(prefix lists, column headers, patterns) or demo data; a sentence there is a reply that escaped the
text files. Likewise no handler hands a literal string to `turn.result` as the reply.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LETTERS = re.compile(r"[\u05d0-\u05ea\u0400-\u04ff]")
# Vocabulary and demo data, not sentences sent to anyone.
VOCABULARY = {"scheduler/rsvp/demo.py", "scheduler/rsvp/guest_import.py"}


def _python_files() -> Iterator[Path]:
    for folder in ("handlers", "scheduler"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _sentences(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                and LETTERS.search(node.value) and "\\" not in node.value and "(?" not in node.value
                and len(re.findall(r"\w{2,}", node.value)) >= 3):
            yield node.lineno, node.value


def test_no_hebrew_or_russian_sentence_is_written_in_python() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {value!r}" for path in _python_files()
             if str(path.relative_to(ROOT)) not in VOCABULARY for line, value in _sentences(path)]
    assert not found, "move these to a texts YAML file:\n" + "\n".join(found)


def test_no_reply_is_a_literal_string() -> None:
    found = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "result"
                    and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr))
                    and not (isinstance(node.args[0], ast.Constant) and node.args[0].value in (None, ""))):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "replies must come from the text files: " + ", ".join(found)
