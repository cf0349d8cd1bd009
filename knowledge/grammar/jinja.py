"""Grammar for Jinja message templates (campaign texts), where owners write "ל{{ event }}".

Before compiling, a template gets its form of address chosen (`[singular|plural]`) and two common
shapes rewritten to the `after` filter, so owners need not know it:
- a Hebrew prefix glued to a variable: "ל{{ event }}" -> "{{ event|after('ל') }}" ("לחתונה");
- a Russian preposition before the event: "на {{ event }}" -> "{{ event|after('на') }}" ("на свадьбу").
After rendering, `finish` puts a maqaf where a prefix meets Latin letters or digits ("ב־12.03.2027").
"""

from __future__ import annotations

import re

from knowledge.grammar import hebrew
from knowledge.grammar.compose import with_preposition
from knowledge.grammar.russian import CASES

_HEBREW_GLUED = re.compile(rf"(?<![{hebrew.HEBREW_LETTER}\w])([{hebrew.PREFIX_LETTERS}]{{1,3}})\{{\{{\s*(\w+)\s*\}}\}}")
_RUSSIAN_BEFORE_EVENT = re.compile(
    r"(?<![\w])(" + "|".join(sorted(CASES, key=len, reverse=True)) + r")\s+\{\{\s*event\s*\}\}", re.IGNORECASE)

FILTERS = {"after": with_preposition}


def prepare(source: str, plural: bool) -> str:
    """`source` with one form of address and its glued prefixes / prepositions made grammatical."""
    source = hebrew.choose(source, plural)
    source = _HEBREW_GLUED.sub(lambda m: "{{ " + m.group(2) + "|after('" + m.group(1) + "') }}", source)
    return _RUSSIAN_BEFORE_EVENT.sub(lambda m: "{{ event|after('" + m.group(1) + "') }}", source)


def finish(text: str) -> str:
    return hebrew.fix_glued(text)
