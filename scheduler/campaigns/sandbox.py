"""A Jinja2 sandbox whose every step is bounded in size and time, for owners' campaign templates.

Jinja2's own sandbox keeps a template away from Python internals but lets it build any amount of
text: `{{ name * 1000000 }}` made 52 MB in 21 s, and `{{ (name ~ 'x') * 10000000 }}` 6.4 GB. Here
each operator, call and filter that can grow a value is checked *before* it runs against the
rendered-size limit, concatenation (`~`) is routed through the same check, loops and macros are
refused (a message needs neither, and they are the way to multiply work without growing values),
`range()` is short, and the render stops at its time limit or as soon as its output passes the
size limit.

Sizes are what a value prints as, counted through nested lists, tuples and dicts (`_weight`), and every
producer of a value is checked: list, tuple and dict literals too, since `{{ [[name * 1000] * 1000] * 1000 }}`
is three lists of at most 1,000 items that print as 4 GB. Lists cannot be changed in place (the immutable
sandbox: `l.extend(l)` doubled a list per call), and `{% set %}` blocks and `{% block %}`s, whose output is
text no expression check sees, are refused like loops. Review of 2026-12: docs/security-review-2026-12.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateAssertionError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

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
    nodes.AssignBlock: "set blocks", nodes.Block: "blocks",
}


class RenderLimit(SecurityError):
    """The template would make too much text or take too long; the message says which limit."""


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` compiles to a size-checked join instead of Jinja2's unchecked str_join; list, tuple and
    dict literals are built through a size check (a literal of ten references to one list is ten lists)."""

    def _bounded_literal(self, visit: Callable[[Any, Frame], None], node: nodes.Expr, frame: Frame) -> None:
        if getattr(node, "ctx", "load") != "load":  # `{% set a, b = ... %}`: a target, not a value
            visit(node, frame)
            return
        self.write("environment.bounded_value(")
        visit(node, frame)
        self.write(")")

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._bounded_literal(super().visit_List, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        self._bounded_literal(super().visit_Tuple, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._bounded_literal(super().visit_Dict, node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _weight(value: Any, budget: int) -> int:
    """About how many characters `value` prints as: a text its length, a container one a member plus its
    members' weights (through nesting, each reference counted, as printing does), a number its digits.
    Stops soon after `budget` is passed, so a list that refers to itself a million times costs little."""
    total, pending = 0, [value]
    while pending and total <= budget:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += 1 + len(item)
            if total <= budget:
                pending.extend(item)
        elif isinstance(item, dict):
            total += 1 + 2 * len(item)
            if total <= budget:
                pending.extend(item.keys())
                pending.extend(item.values())
        elif isinstance(item, int) and not isinstance(item, bool):
            total += 1 + item.bit_length() * 3 // 10
        else:
            total += 1
    return total


class BoundedEnvironment(ImmutableSandboxedEnvironment):
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
    def _size(self, value: Any) -> int:
        return _weight(value, self.max_chars)

    def _tick(self) -> None:
        # The thread's CPU time, not the wall clock: the limit is against templates that work too
        # hard, and a loaded machine (a core shared with others) must not refuse a normal one.
        if time.thread_time() > getattr(self._local, "deadline", float("inf")):
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
            environment._fits(environment._size(result), "a filter")
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
                if isinstance(text, str | list | tuple) and isinstance(times, int) and not isinstance(times, bool):
                    self._fits(self._size(text) * max(times, 0), "repeating a text")
        elif operator == "+":
            self._fits(self._size(left) + self._size(right), "joining texts")
        elif operator == "%" and isinstance(left, str):
            raise RenderLimit("'%' formatting of texts is not allowed in a message template")
        elif operator == "**" and isinstance(left, int | float) and isinstance(right, int | float) and (
                abs(right) > 64 or abs(left) > 2**64):
            raise RenderLimit("the power in the template is too large")
        return super().call_binop(context, operator, left, right)

    def bounded_value(self, value: Any) -> Any:
        """A list, tuple or dict literal, once built (its members are already bounded values)."""
        self._fits(self._size(value), "a list")
        return value

    def bounded_concat(self, values: Iterable[Any]) -> str:
        self._tick()
        values = list(values)
        self._fits(sum(self._size(v) for v in values), "joining texts with ~")
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
        __self._fits(__self._size(result), "a call")
        return result

    # -- compiling and rendering --------------------------------------------------------------------------------
    def parse(self, source: str, name: str | None = None, filename: str | None = None) -> nodes.Template:
        """Parse, and name a filter or test that does not exist here (`|attr`, `|indent`) as a syntax error,
        not the compiler's later error that callers walking the tree (meta.find_undeclared_variables) miss."""
        parsed = super().parse(source, name, filename)
        for node in parsed.find_all((nodes.Filter, nodes.Test)):
            known = self.filters if isinstance(node, nodes.Filter) else self.tests
            if node.name not in known:
                kind = "filter" if isinstance(node, nodes.Filter) else "test"
                raise TemplateAssertionError(f"No {kind} named {node.name!r}.", node.lineno, name, filename)
        return parsed

    def refuse_unbounded(self, parsed: nodes.Template) -> None:
        """Loops, macros and includes are refused at check time, with what was found."""
        for kind, label in REFUSED_NODES.items():
            if parsed.find(kind) is not None:
                raise SecurityError(f"{label} are not allowed in a message template")

    def render_bounded(self, template: Any, values: dict[str, Any]) -> str:
        """Render, stopping at the time limit or as soon as the output passes the size limit."""
        self._local.deadline = time.thread_time() + self.max_seconds
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
