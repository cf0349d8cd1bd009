"""A guest file the importer cannot read, in the console's language.

`scheduler.rsvp.guest_import` words the file-level refusals for the API and the command line in English
("the file is empty", "old .xls workbooks are not supported; ..."); the row problems and the missing
columns it already words per language. A planner on the Hebrew or Russian console must read why their
file was refused in their own words, so the console recognises each sentence here by its start and
words it from `strings.yaml`; a sentence not recognised (already in the owner's language, or new) is
shown as it is.
"""

from __future__ import annotations

import re

from bot.console.i18n import text

_NUMBERS = re.compile(r"\d+")
# (start of the importer's sentence, key under import_error. in strings.yaml); first match wins
_BY_START: tuple[tuple[str, str], ...] = (
    ("the file is empty", "empty"),
    ("the file is named .xlsx but is not", "not_xlsx"),
    ("old .xls workbooks", "old_xls"),
    ("the CSV is neither UTF-8", "encoding"),
    ("broken CSV", "broken_csv"),
    ("not a readable .xlsx workbook", "not_xlsx"),
    ("the workbook's XML declares entities", "not_xlsx"),
    ("XLSX import is off", "use_csv"),
    ("the file has more than", "too_many_rows"),
    ("the workbook has more than", "too_many_cells"),
    ("the workbook unpacks to", "too_big"),
    ("the file is", "too_big"),  # "the file is N bytes; at most M" (after "the file is empty" / "named")
)


def import_error(message: str, lang: str) -> str:
    """Why the file was refused, in `lang` (the importer's sentence when it is not one we know)."""
    for start, key in _BY_START:
        if message.startswith(start):
            numbers = _NUMBERS.findall(message)
            return text(f"import_error.{key}", lang, n=numbers[0] if numbers else "")
    return message
