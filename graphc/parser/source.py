"""Loading the source of a function once: text, file, line offsets, and its gast tree.

`load_source(fn)` finds the function's source with `inspect`, dedents it, parses it with
`gast`, and returns a `SourceFunction` from which every node's `SourceLocation` is made
(0-based columns into the original, not dedented, line). Results are cached per code object,
and so, with each, the facts the specialiser asks about its nodes (`analysis.Analysis`).
"""

from __future__ import annotations

import inspect
import linecache
import textwrap
import threading
from dataclasses import dataclass, field
from types import CodeType, FunctionType
from typing import Any

import gast

from ..common.errors import GraphcError, SourceLocation
from .analysis import Analysis


@dataclass(frozen=True, slots=True)
class SourceFunction:
    """A parsed function: its gast `FunctionDef` or `Lambda` node and where it came from."""

    tree: Any  # gast.FunctionDef | gast.Lambda
    filename: str
    first_line: int  # line number in the file of the first source line
    indent: int  # columns removed by dedent
    lines: tuple[str, ...]  # the original lines of the file region, with indentation
    qualname: str
    # the facts about its nodes, computed on first use; shared with the functions defined in it
    analysis: Analysis = field(default_factory=Analysis, compare=False, repr=False)

    def inner(self, tree: Any, qualname: str) -> SourceFunction:
        """The source of a function or lambda defined inside this one (`tree` is its node)."""
        return SourceFunction(tree, self.filename, self.first_line, self.indent, self.lines,
                              qualname, self.analysis)

    def location(self, node: Any) -> SourceLocation:
        """The location of `node` in the user's file."""
        line = getattr(node, "lineno", None)
        if line is None:
            return SourceLocation(self.filename, self.first_line, function=self.qualname)
        end_line = getattr(node, "end_lineno", None) or line
        col = (getattr(node, "col_offset", 0) or 0) + self.indent
        end_col = getattr(node, "end_col_offset", None)
        end_col = (end_col + self.indent) if end_col is not None else 0
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return SourceLocation(self.filename, self.first_line + line - 1, col,
                              self.first_line + end_line - 1, end_col, self.qualname, text)


_cache: dict[CodeType, SourceFunction] = {}
_lock = threading.Lock()


def load_source(fn: FunctionType) -> SourceFunction:
    """The parsed source of `fn`; OSError when there is none (REPL, exec)."""
    code = fn.__code__
    cached = _cache.get(code)
    if cached is not None:
        return cached
    try:
        lines, first_line = inspect.getsourcelines(fn)
    except (OSError, TypeError):
        raise OSError(
            f"graphc cannot get the source of '{fn.__qualname__}', so it can not compile "
            "temporary source code in terminal. Please write source code to a python file and "
            "run the file."
        ) from None
    first_line = max(first_line, 1)
    filename = inspect.getsourcefile(fn) or code.co_filename
    raw = "".join(lines)
    dedented = textwrap.dedent(raw)
    indent = _indent_of(raw) - _indent_of(dedented)
    if fn.__name__ == "<lambda>":
        tree = _find_lambda(dedented, code, first_line, indent, filename)
    else:
        module = gast.parse(dedented)
        tree = module.body[0]
        if not isinstance(tree, gast.FunctionDef):
            raise GraphcError(f"expected a function definition for '{fn.__qualname__}'")
    result = SourceFunction(tree, filename, first_line, indent,
                            tuple(line.rstrip("\n") for line in lines), fn.__qualname__)
    with _lock:
        _cache[code] = result
    return result


def _indent_of(text: str) -> int:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return len(first) - len(first.lstrip())


def _find_lambda(text: str, code: CodeType, first_line: int, indent: int,
                 filename: str) -> Any:
    """The Lambda node in `text` whose body starts where `code` does."""
    try:
        module = gast.parse(text)
    except SyntaxError:
        try:  # a lambda inside a larger expression that does not parse on its own line(s)
            module = _shifted(gast.parse("(\n" + text + "\n)"), 1, 0)
        except SyntaxError:  # (a statement's header, `for f in (lambda: ...):`): the file
            whole = "".join(linecache.getlines(filename))
            module = _shifted(gast.parse(whole), first_line - 1, indent)
    lambdas = [n for n in gast.walk(module) if isinstance(n, gast.Lambda)]
    # where the body starts: the leftmost position of the code's instructions (RESUME and
    # the final return are placed at column 0 with no extent: not the body's)
    positions = [(ln, col) for ln, _, col, end in code.co_positions()
                 if ln is not None and col is not None and (col, end) != (0, 0)]
    want = min(positions, default=None)
    names = list(code.co_varnames[:code.co_argcount])
    for lam in lambdas:
        body = lam.body
        if want is not None and (first_line + body.lineno - 1, body.col_offset + indent) == want:
            return lam
    for lam in lambdas:
        if [a.id for a in lam.args.args] == names:
            return lam
    raise OSError("graphc could not locate the source of a lambda")


def _shifted(module: Any, lines: int, columns: int) -> Any:
    """`module` with its positions moved up by `lines` and left by `columns`."""
    for node in gast.walk(module):
        if hasattr(node, "lineno"):
            node.lineno -= lines
            node.col_offset = max(node.col_offset - columns, 0)
            if getattr(node, "end_lineno", None):
                node.end_lineno -= lines
            if getattr(node, "end_col_offset", None):
                node.end_col_offset = max(node.end_col_offset - columns, 0)
    return module


def source_line(filename: str, line: int) -> str:
    return linecache.getline(filename, line).rstrip("\n")
