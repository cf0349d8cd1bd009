"""Built indexes kept on disk and in memory, keyed by what they were built from.

Building a knowledge base's retrieval index analyses every text of every topic (about a second
a workspace); loading it back takes a few milliseconds. So the index, the parsed KB and the
thesaurus are stored under the data folder, keyed by a hash of the source files *and* of the
`knowledge` package's own code: an edit to a topic or to the scoring code gives a new key, a
stale file is never read. A restart, every web worker and each `bot ask` load the file instead
of rebuilding; within one process, identical inputs share one built object.

The format is safe to read whatever the file holds: a JSON header (strings, numbers, lists)
followed by raw little-endian arrays of ints and floats, never pickle; the file is memory-mapped and
its arrays are read in place (only the pages used are read, shared by every process). A file
that does not parse, or whose arrays do not fit, is a cache miss: the index is rebuilt and the
file rewritten.

Other indexes built from data files (an intent index, say) use `cached(kind, files, ...)` with
their own `dump`/`load`, or `cached_objects` for word lists made of a few dataclasses (only the
classes it is given are ever rebuilt, without running their code); `configure()` points every
kind at the same folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import struct
import sys
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger("knowledge.index_cache")
T = TypeVar("T")

FORMAT = b"BOTIDX2\n"
_ARRAY_KEY = "__array__"
_STRINGS_KEY = "__strings__"
_MIN_RUN = 8  # shorter lists of strings stay in the header as they are
_TYPECODES = ("i", "q", "d")
_ITEMSIZE = {"i": 4, "I": 4, "q": 8, "d": 8}
_ALIGN = 8
_MEMORY_SLOTS = 64  # built objects kept per process (tests build many small KBs)
PACKAGE = Path(__file__).resolve().parent
_NOT_CODE = {"bases", "eval"}  # owners' files are keyed one KB at a time

_directory: Path | None = None
_memory: OrderedDict[str, Any] = OrderedDict()
_guard = threading.Lock()
_building: dict[str, threading.Lock] = {}


def configure(directory: Path | None) -> None:
    """Where built indexes live on disk (None: memory only). The edges call this at start-up."""
    global _directory
    _directory = directory


def directory() -> Path | None:
    return _directory


@cache
def code_version() -> str:
    """A hash of the knowledge package's code and data files (stop words, thesaurus, ...), the
    knowledge bases and evaluation sets aside: any change to how indexes are built or read gives
    new keys, so a file built by older code is never loaded."""
    digest = hashlib.sha256(FORMAT + sys.byteorder.encode())
    for path in sorted(_code_files()):
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _code_files() -> list[Path]:
    """The package's .py and .yaml files outside `_NOT_CODE` and `__pycache__`: those folders are
    not even walked (the evaluation stories alone are hundreds of files, most of a `bot ask`'s
    former 5 ms here)."""
    found: list[Path] = []
    for root, folders, names in os.walk(PACKAGE):
        here = Path(root)
        folders[:] = [name for name in folders if name != "__pycache__" and not (here == PACKAGE and name in _NOT_CODE)]
        found += [here / name for name in names if name.endswith((".py", ".yaml")) and (here / name).is_file()]
    return found


def content_key(kind: str, files: Iterable[Path], extra: str = "") -> str:
    """The cache key of an object built from `files` (their names and bytes) by this code."""
    digest = hashlib.sha256(f"{kind}\0{code_version()}\0{extra}\0".encode())
    for path in files:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b"\0missing"
        digest.update(path.name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()[:32]


class _Strings:
    """A list of strings `dumps` stores as indices into the file's string table."""

    __slots__ = ("indices",)

    def __init__(self, indices: array) -> None:
        self.indices = indices


def _tabled(value: Any, table: dict[str, int]) -> Any:
    """`value` with each list (or tuple) of at least `_MIN_RUN` strings replaced by `_Strings`."""
    if isinstance(value, (list, tuple)):
        if len(value) >= _MIN_RUN and all(type(v) is str for v in value):
            return _Strings(array("I", [table.setdefault(v, len(table)) for v in value]))
        return [_tabled(v, table) for v in value]
    if isinstance(value, dict):
        return {k: _tabled(v, table) for k, v in value.items()}
    return value


def dumps(data: Any) -> bytes:
    """The file's string table (JSON), then a JSON header whose `array.array` values and long
    lists of strings (as indices into the table) are moved into a binary tail. An index repeats
    its words across many lists (postings, n-gram rows, cosine spaces, the classifier): each is
    parsed once from the table and shared, so reading is about twice as quick and holds one
    object per word."""
    blobs: list[bytes] = []
    offset = 0
    table: dict[str, int] = {}

    def blob(value: array) -> int:
        nonlocal offset
        raw = value.tobytes() if sys.byteorder == "little" else _swapped(value).tobytes()
        padding = -offset % _ALIGN  # every array starts on a multiple of 8: read in place, aligned
        blobs.append(b"\0" * padding + raw)
        offset += padding + len(raw)
        return offset - len(raw)

    def encode(value: Any) -> Any:
        if isinstance(value, memoryview) and value.format in _TYPECODES:  # an array read back by `loads`
            value = array(value.format, value)
        if isinstance(value, _Strings):
            return {_STRINGS_KEY: [blob(value.indices), len(value.indices)]}
        if not isinstance(value, array):
            raise TypeError(f"cannot store {type(value).__name__}")
        return {_ARRAY_KEY: [value.typecode, blob(value), len(value)]}

    header = json.dumps(_tabled(data, table), default=encode, ensure_ascii=False, separators=(",", ":")).encode()
    strings = json.dumps(list(table), ensure_ascii=False, separators=(",", ":")).encode()
    head = FORMAT + struct.pack("<Q", len(strings)) + strings + struct.pack("<Q", 0)
    header += b" " * (-(len(head) + len(header)) % _ALIGN)  # JSON allows the blank; the tail starts aligned
    return head[:-8] + struct.pack("<Q", len(header)) + header + b"".join(blobs)


def loads(raw: bytes | mmap.mmap) -> Any:
    """Read what `dumps` wrote; ValueError for anything else (a truncated or foreign file). On a
    little-endian machine the arrays are views of `raw` (read-only memoryviews of their type, not
    copies): from a memory-mapped file, only the pages a question touches are ever read, and
    every process that maps the file shares them."""
    if raw[: len(FORMAT)] != FORMAT or len(raw) < len(FORMAT) + 16:
        raise ValueError("not an index cache file")
    start = len(FORMAT)
    (count,) = struct.unpack_from("<Q", raw, start)
    table = json.loads(raw[start + 8 : start + 8 + count])
    if not isinstance(table, list) or not all(map(isinstance, table, repeat(str))):
        raise ValueError("not an index cache file")
    start += 8 + count
    (size,) = struct.unpack_from("<Q", raw, start)
    start += 8
    tail = memoryview(raw)[start + size :]
    if not tail.readonly:
        tail = tail.toreadonly()

    def unpacked(typecode: str, begin: int, count: int) -> Any:
        end = begin + count * _ITEMSIZE[typecode]
        if not 0 <= begin <= end <= len(tail):
            raise ValueError("array outside the file")
        if sys.byteorder == "little":
            return tail[begin:end].cast(typecode)
        values = array(typecode)
        values.frombytes(tail[begin:end])
        values.byteswap()
        return values

    def decode(obj: dict[str, Any]) -> Any:
        if len(obj) != 1:
            return obj
        spec = obj.get(_ARRAY_KEY)
        if spec is not None:
            typecode, begin, count = spec
            if typecode not in _TYPECODES:
                raise ValueError(f"unexpected array type {typecode!r}")
            return unpacked(typecode, begin, count)
        spec = obj.get(_STRINGS_KEY)
        if spec is None:
            return obj
        try:
            return list(map(table.__getitem__, unpacked("I", *spec)))  # unsigned: no index from the end
        except IndexError:
            raise ValueError("string outside the table") from None

    return json.loads(raw[start : start + size], object_hook=decode)


def _swapped(values: array) -> array:
    copy = array(values.typecode, values)
    copy.byteswap()
    return copy


def cached(kind: str, files: Iterable[Path], build: Callable[[], T], dump: Callable[[T], Any],
           load: Callable[[Any], T], *, extra: str = "") -> T:
    """The object `build()` makes from `files`: from memory, else from disk, else built (and
    stored). `dump` turns it into JSON-able data with `array.array` leaves; `load` reverses it."""
    key = f"{kind}-{content_key(kind, files, extra)}"
    with _guard:
        if key in _memory:
            _memory.move_to_end(key)
            return _memory[key]
        building = _building.setdefault(key, threading.Lock())
    with building:  # two threads asking for one new index build it once
        with _guard:
            if key in _memory:
                return _memory[key]
        value = _read(key, load)
        if value is None:
            value = build()
            _write(key, kind, value, dump)
        with _guard:
            _memory[key] = value
            while len(_memory) > _MEMORY_SLOTS:
                _memory.popitem(last=False)
            _building.pop(key, None)
    return value


def stored(kind: str, files: Iterable[Path], load: Callable[[Any], T], *, extra: str = "") -> T | None:
    """What the file `cached(kind, files, ...)` wrote holds, read with `load` (which may keep only
    part of it), or None when there is no such file (or it does not read): nothing is built,
    kept in memory or written. `bot ask` answers from a KB's file this way (knowledge.answer_index)."""
    return _read(f"{kind}-{content_key(kind, files, extra)}", load)


def _path(key: str) -> Path | None:
    return _directory / f"{key}.idx" if _directory is not None else None


def _read(key: str, load: Callable[[Any], T]) -> T | None:
    path = _path(key)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:  # the mapping outlives the handle (and a later replace or prune)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return load(loads(mapped))
    except Exception as exc:  # a damaged or foreign file is only a miss
        log.warning("index cache %s unreadable (%s); rebuilding", path.name, type(exc).__name__)
        return None


def _write(key: str, kind: str, value: T, dump: Callable[[T], Any]) -> None:
    """Write atomically (a reader never sees half a file) and drop older files of this kind."""
    path = _path(key)
    if path is None:
        return
    import tempfile  # only a process that writes an index needs it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".idx")
        with os.fdopen(handle, "wb") as out:
            out.write(dumps(dump(value)))
        os.replace(temp, path)
    except (OSError, TypeError, ValueError) as exc:  # a value the format cannot hold is only not cached
        log.warning("index cache not written (%s): %s", path, exc)
        return
    _prune(path, kind)


def _prune(keep: Path, kind: str) -> None:
    """Older files of the same kind and name (a KB before its last edit) are never read again."""
    prefix = keep.name.rsplit("-", 1)[0] + "-"
    for other in keep.parent.glob(f"{kind}-*.idx"):
        if other != keep and other.name.startswith(prefix) and other.name.count("-") == keep.name.count("-"):
            other.unlink(missing_ok=True)


def cached_thesaurus(path: Path, build: Callable[[], Any]) -> Any:
    """The thesaurus of `path` (its build stems every entry: a third of a second)."""
    from knowledge.thesaurus import Thesaurus

    def dump(thesaurus: Thesaurus) -> dict[str, Any]:
        return {"single": {k: sorted(v) for k, v in thesaurus.single.items()},
                "phrases": {k: [[[sorted(part) for part in parts], concept] for parts, concept in v]
                            for k, v in thesaurus.phrases.items()},
                "concepts": sorted(thesaurus.concepts)}

    def load(data: dict[str, Any]) -> Thesaurus:
        return Thesaurus(
            single={k: frozenset(v) for k, v in data["single"].items()},
            phrases={k: tuple((tuple(frozenset(part) for part in parts), concept) for parts, concept in v)
                     for k, v in data["phrases"].items()},
            concepts=frozenset(data["concepts"]))

    return cached("thesaurus", [path], build, dump, load)


def cached_topic_index(kind: str, files: Iterable[Path], build: Callable[[], Any], *, extra: str = "") -> Any:
    """A `knowledge.retrieval.TopicIndex` built from `files` (the learned intents use the KB
    machinery on their example files): loaded from the cache like a KB's index."""
    from knowledge.retrieval import TopicIndex

    return cached(kind, files, build, TopicIndex.to_data, TopicIndex.from_data, extra=extra)


def cached_objects(kind: str, files: Iterable[Path], build: Callable[[], T], classes: Sequence[type], *,
                   extra: str = "") -> T:
    """`build()`'s value, made of `classes` (dataclasses or plain objects), dicts, lists, tuples,
    sets and scalars: word lists compiled from YAML (the intents' and dialogue lexicons: a quarter
    of a second each to build, a few milliseconds to load). Reading creates instances of `classes`
    only, setting their attributes without calling any of their code; any other class name in the
    file makes it a miss. `files` must include the module that defines the classes, so a changed
    field or builder gives a new key."""
    named = {cls.__qualname__: cls for cls in classes}
    return cached(kind, files, build, lambda value: _encode(value, named), lambda data: _decode(data, named),
                  extra=f"{extra}\0{_shape(classes)}")


def _shape(classes: Sequence[type]) -> str:
    """The classes' attribute names as this process defined them. The module's bytes on disk (in
    `files`) are read when the key is made, which may be after the file changed under a running
    process (an upgrade in place, an edit during a test run): that process would store objects of
    its old shape under the new code's key, and the new code would load objects missing a field."""
    parts = []
    for cls in classes:
        names = {n for c in cls.__mro__ for n in getattr(c, "__slots__", ())}
        names |= {n for c in cls.__mro__ for n in getattr(c, "__annotations__", {})}
        parts.append(f"{cls.__qualname__}({','.join(sorted(names))})")
    return ";".join(parts)


def _encode(value: Any, classes: dict[str, type]) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, list):
        return [_encode(v, classes) for v in value]
    if isinstance(value, tuple):
        if all(type(v) is str for v in value):  # most of a word index: read back without a walk
            return {"w": list(value)}
        return {"t": [_encode(v, classes) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"f" if isinstance(value, frozenset) else "s": [_encode(v, classes) for v in value]}
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            if all(type(v) is tuple and all(type(w) is str for w in v) for v in value.values()):
                return {"dw": {k: list(v) for k, v in value.items()}}  # a word index: one comprehension
            return {"d": {k: _encode(v, classes) for k, v in value.items()}}
        return {"k": [[_encode(k, classes), _encode(v, classes)] for k, v in value.items()]}
    cls = type(value)
    if classes.get(cls.__qualname__) is not cls:
        raise TypeError(f"cannot store {cls.__qualname__}")
    names = [n for c in cls.__mro__ for n in getattr(c, "__slots__", ())]
    state = {n: getattr(value, n) for n in names if hasattr(value, n)}
    state.update(getattr(value, "__dict__", {}))
    return {"o": cls.__qualname__, "a": {k: _encode(v, classes) for k, v in state.items()}}


def _decode(data: Any, classes: dict[str, type]) -> Any:
    if not isinstance(data, dict):
        return [_decode(v, classes) for v in data] if isinstance(data, list) else data
    if "o" in data:
        tag, body = "o", data["o"]
    else:
        ((tag, body),) = data.items()
    if tag == "dw":
        return {k: tuple(v) for k, v in body.items()}
    if tag == "w":
        return tuple(body)
    if tag == "t":
        return tuple(_decode(v, classes) for v in body)
    if tag in ("f", "s"):
        return (frozenset if tag == "f" else set)(_decode(v, classes) for v in body)
    if tag == "d":
        return {k: _decode(v, classes) for k, v in body.items()}
    if tag == "k":
        return {_decode(k, classes): _decode(v, classes) for k, v in body}
    if tag != "o" or body not in classes:
        raise ValueError(f"unexpected {tag!r} in an object file")
    obj = object.__new__(classes[body])
    for name, value in data["a"].items():
        object.__setattr__(obj, name, _decode(value, classes))  # frozen dataclasses too
    return obj
