"""A Jinja2 sandbox whose every step is bounded in size and time, for owners' campaign templates.

Jinja2's own sandbox keeps a template away from Python internals but lets it build any amount of
text: `{{ name * 1000000 }}` made 52 MB in 21 s, and `{{ (name ~ 'x') * 10000000 }}` 6.4 GB. Here
each operator, call and filter that can grow a value is checked *before* it runs against the
rendered-size limit, concatenation (`~`) is routed through the same check, loops and macros are
refused (a message needs neither, and they are the way to multiply work without growing values),
`range()` is short, and the render stops at its time limit or as soon as its output passes the
size limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

# Filters a message template may use; anything else (indent, wordwrap, format, map, ...) is refused.
SAFE_FILTERS = frozenset({
    "upper", "lower", "title", "capitalize", "trim", "default", "d", "replace", "truncate", "length", "count",
    "first", "last", "string", "e", "escape", "int", "round", "abs", "join", "list", "reverse", "center",
    "wordcount", "striptags", "urlencode", "safe", "float",
})
# String methods a template may call (`{{ name.upper() }}`); str.format is refused: its widths are unbounded.
SAFE_STR_METHODS = frozenset({
    "upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith", "endswith", "split",
    "replace", "count", "find", "isdigit", "isalpha", "casefold", "swapcase", "center", "ljust", "rjust", "zfill",
})
REFUSED_NODES: dict[type[nodes.Node], str] = {
    nodes.For: "loops", nodes.Macro: "macros", nodes.CallBlock: "call blocks", nodes.FilterBlock: "filter blocks",
    nodes.Extends: "extends", nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "import",
}


class RenderLimit(SecurityError):
    """The template would make too much text or take too long; the message says which limit."""


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` compiles to a size-checked join instead of Jinja2's unchecked str_join."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


class BoundedEnvironment(SandboxedEnvironment):
    """A sandbox with a size cap on every value it builds and a deadline on every render."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "+", "%", "**", "//", "/"})

    def __init__(self, *, max_chars: int, max_seconds: float, max_range: int, **options: Any) -> None:
        super().__init__(**options)
        self.max_chars = max_chars
        self.max_seconds = max_seconds
        self.max_range = max_range
        self._local = threading.local()
        self.globals = {"range": self._range}
        self.filters = {name: self._bounded_filter(f) for name, f in self.filters.items() if name in SAFE_FILTERS}

    # -- checks ---------------------------------------------------------------------------------------------
    def _tick(self) -> None:
        if time.monotonic() > getattr(self._local, "deadline", float("inf")):
            raise RenderLimit(f"the template took longer than {self.max_seconds:g} s to render")

    def _fits(self, size: int, what: str) -> None:
        if size > self.max_chars:
            raise RenderLimit(f"{what} would make {size} characters; a message may have at most {self.max_chars}")

    def _check_args(self, args: Iterable[Any]) -> None:
        for value in args:
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > self.max_chars:
                raise RenderLimit(f"the number {value} is too large here (at most {self.max_chars})")

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.max_range:
            raise RenderLimit(f"range() of {len(numbers)} items; at most {self.max_range}")
        return numbers

    def _bounded_filter(self, function: Callable[..., Any]) -> Callable[..., Any]:
        environment = self

        def bounded(*args: Any, **kwargs: Any) -> Any:
            environment._tick()
            environment._check_args([*args, *kwargs.values()])
            if function.__name__ == "do_replace":
                environment._check_replace(args, kwargs)
            elif function.__name__ == "do_join":
                environment._check_join(args, kwargs)
            result = function(*args, **kwargs)
            environment._fits(_size(result), "a filter")
            return result

        if hasattr(function, "jinja_pass_arg"):
            bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
        bounded.__name__ = getattr(function, "__name__", "filter")
        return bounded

    def _check_replace(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """`s|replace(old, new)` and `s.replace(old, new)`: the result's size is known before it is made."""
        values = [a for a in args if isinstance(a, str)] + [v for v in kwargs.values() if isinstance(v, str)]
        if len(values) >= 3:
            text, old, new = values[-3], values[-2], values[-1]
            hits = text.count(old) if old else len(text) + 1
            self._fits(len(text) + hits * max(0, len(new) - len(old)), "replace()")

    def _check_join(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        items = next((a for a in args[1:] if isinstance(a, str | list | tuple)), None)
        if items is None:
            return
        rest = [a for a in args[1:] if a is not items]
        glue = kwargs.get("d", rest[0] if rest else "")
        count = len(items)
        self._fits(sum(len(str(i)) for i in items) + len(str(glue)) * max(count - 1, 0), "join")

    # -- the sandbox's hooks ----------------------------------------------------------------------------------
    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(text, str | list | tuple) and isinstance(times, int):
                    self._fits(len(text) * max(times, 0), "repeating a text")
        elif operator == "+":
            self._fits(_size(left) + _size(right), "joining texts")
        elif operator == "%" and isinstance(left, str):
            raise RenderLimit("'%' formatting of texts is not allowed in a message template")
        elif operator == "**" and isinstance(left, int | float) and isinstance(right, int | float) and (
                abs(right) > 64 or abs(left) > 2**64):
            raise RenderLimit("the power in the template is too large")
        return super().call_binop(context, operator, left, right)

    def bounded_concat(self, values: Iterable[Any]) -> str:
        self._tick()
        parts = [str(v) for v in values]
        self._fits(sum(map(len, parts)), "joining texts with ~")
        return "".join(parts)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self._tick()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if name in ("format", "format_map"):  # the sandbox hands these out wrapped, without __self__
            raise RenderLimit(f"the text method {name}() is not allowed in a message template")
        if isinstance(owner, str):
            if name not in SAFE_STR_METHODS:
                raise RenderLimit(f"the text method {name}() is not allowed in a message template")
            if name == "replace":
                __self._check_replace((owner, *args), kwargs)
        __self._check_args([*args, *kwargs.values()])
        result = super().call(__context, __obj, *args, **kwargs)
        __self._fits(_size(result), "a call")
        return result

    # -- compiling and rendering --------------------------------------------------------------------------------
    def refuse_unbounded(self, parsed: nodes.Template) -> None:
        """Loops, macros and includes are refused at check time, with what was found."""
        for kind, label in REFUSED_NODES.items():
            if parsed.find(kind) is not None:
                raise SecurityError(f"{label} are not allowed in a message template")

    def render_bounded(self, template: Any, values: dict[str, Any]) -> str:
        """Render, stopping at the time limit or as soon as the output passes the size limit."""
        self._local.deadline = time.monotonic() + self.max_seconds
        try:
            out: list[str] = []
            size = 0
            for chunk in template.generate(**values):
                size += len(chunk)
                self._fits(size, "the message")
                self._tick()
                out.append(chunk)
            return "".join(out)
        finally:
            self._local.deadline = float("inf")
