"""A guest file the importer cannot read, in the console's language.

`scheduler.rsvp.guest_import` words the file-level refusals for the API and the command line in English
("the file is empty", "old .xls workbooks are not supported; ..."); the row problems and the missing
columns it already words per language. Each file-level refusal carries a `reason` where it is raised
(`ImportFileError.reason`, with its numbers in `values`), and the console words the reason from
`strings.yaml` (`import_error.<reason>`) instead of reading the sentence; an error without a reason
(already in the owner's language) or with one no string knows is shown as it is.
"""

from __future__ import annotations

from bot.console.i18n import has, text
from scheduler.rsvp.errors import ImportFileError


def import_error(exc: Exception, lang: str) -> str:
    """Why the file was refused, in `lang` (the importer's own sentence when it has no reason we word)."""
    reason = getattr(exc, "reason", "") if isinstance(exc, ImportFileError) else ""
    if not reason:
        return str(exc)
    key = f"import_error.{reason}"
    return text(key, lang, n=exc.values.get("n", "")) if has(key) else str(exc)  # type: ignore[union-attr]
