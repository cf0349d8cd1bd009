"""Which files a knowledge base is made of, and reading the package's YAML data files.

Kept apart from `knowledge.kb` (the pydantic models) and free of heavy imports, so `bot ask` can
find a KB's index in the cache and answer from it without importing pydantic or the KB's model
classes (~0.13 s of a 0.35 s call). PyYAML is imported by the first file actually parsed, and
the package's own small data files (stop words, the gate's weights, the don't-know replies) are
read back from the index cache as JSON when it has them, so a call that finds everything cached
never imports it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TOPIC_SUFFIX = ".yaml"
# Questions the business does not answer, as negative examples: a file of the KB folder, but
# not a topic (names starting with "_" never are).
OUT_OF_SCOPE_FILE = "_out-of-scope.yaml"


def topic_files(folder: Path) -> list[Path]:
    """The topic files of a KB folder, sorted so loads are deterministic."""
    return sorted(p for p in folder.glob(f"*{TOPIC_SUFFIX}") if p.is_file() and not p.name.startswith((".", "_")))


def kb_files(folder: Path) -> list[Path]:
    """Every file a load reads: the topic files and, if present, the out-of-scope file."""
    extra = folder / OUT_OF_SCOPE_FILE
    return topic_files(folder) + ([extra] if extra.is_file() else [])


def safe_loader() -> Any:
    """libyaml's safe loader when built (about 10x faster on a KB folder), else the Python one."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """`path` parsed with the safe loader (PyYAML imported now, not at start-up)."""
    import yaml

    return yaml.load(path.read_text(encoding="utf-8"), Loader=safe_loader())


def read_data_yaml(path: Path) -> Any:
    """A data file of this package (plain mappings, lists, strings and numbers), parsed once and
    then read back from the index cache as JSON (`knowledge.index_cache`, keyed by the file's
    bytes and the package's code). A value JSON would not give back exactly (a non-string key, a
    date) is only not cached; the caller gets the parsed value either way."""
    from knowledge import index_cache

    def dump(value: Any) -> Any:
        if json.loads(json.dumps(value)) != value:
            raise TypeError(f"{path.name} does not survive JSON unchanged")
        return value

    return index_cache.cached(f"yaml.{path.stem}", [path], lambda: read_yaml(path), dump, lambda data: data)


def kb_cache_entry(folder: Path) -> tuple[str, list[Path], str]:
    """(kind, files, extra) under which a KB folder's parsed and indexed form is cached
    (`knowledge.index_cache.cached`): one definition for `knowledge.registry`, which writes it,
    and `knowledge.answer_index`, which reads it without the KB's models."""
    return f"kb.{folder.name}", kb_files(folder), str(folder.resolve())
