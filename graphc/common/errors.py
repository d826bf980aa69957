"""Source locations and the error classes users see.

Every error raised for a user's mistake carries, where there is one, a `SourceLocation`: the
file, line and column span, and the source line itself, rendered in MindSpore's trace format
(`# 0 In file f.py:3, 4~9`, the line, a caret line). Errors that are graphc's own fault are
`GraphcInternalError` and say so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a node came from in the user's source. Columns are 0-based offsets into the
    original (not dedented) line; `end_col` is exclusive."""

    filename: str
    line: int
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    function: str = ""
    line_text: str = ""

    @staticmethod
    def synthetic(origin: str) -> SourceLocation:
        """A location for a node that no user line made (built by a pass)."""
        return SourceLocation(f"<{origin}>", 0)

    def format(self, index: int = 0) -> str:
        """MindSpore's trace entry: header, source line, caret line under the span."""
        end_line = self.end_line or self.line
        span = f"{self.line}" if end_line == self.line else f"{self.line}~{end_line}"
        end_col = self.end_col if self.end_col > self.col else len(self.line_text.rstrip())
        head = f"# {index} In file {self.filename}:{span}, {self.col}~{end_col}"
        if not self.line_text:
            return head
        width = max(1, end_col - self.col) if end_line == self.line else max(
            1, len(self.line_text.rstrip()) - self.col)
        caret = " " * self.col + "^" + "~" * (width - 1)
        return f"{head}\n{self.line_text.rstrip()}\n{caret}"

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}"


TRACE_HEADER = (
    "\n\n----------------------------------------------------\n"
    "- The Traceback of Net Construct Code:\n"
    "----------------------------------------------------\n"
)


def format_trace(locations: list[SourceLocation]) -> str:
    """The source-location trace appended to compile errors, outermost call first."""
    if not locations:
        return ""
    return TRACE_HEADER + "\n".join(loc.format(i) for i, loc in enumerate(locations))


class GraphcError(Exception):
    """Base of graphc's own error classes; `location` names the user's line when known."""

    def __init__(self, message: str, location: SourceLocation | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        # Where the compiler was when it failed, outermost call first (ends at `location`).
        self.trace: list[SourceLocation] = []

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return self.message + format_trace(self.trace or [self.location])


class GraphcInternalError(GraphcError, RuntimeError):
    """A graphc bug (for example a graph that fails verification). Please report it."""

    def __init__(self, message: str, location: SourceLocation | None = None):
        super().__init__(f"internal error (a graphc bug, please report it): {message}", location)


class GraphcSyntaxError(GraphcError, RuntimeError):
    """Python syntax the graph compiler does not accept (at this jit_syntax_level).

    Fix: rewrite the line with the static graph syntax (SPEC.md section 2), move it out of the
    compiled function, or, for library calls and custom objects, use jit_syntax_level=LAX.
    """


class GraphcTypeError(GraphcError, TypeError):
    """A value of the wrong type reached a graph operation (found while compiling)."""


class GraphcValueError(GraphcError, ValueError):
    """A value the graph operation cannot accept (found while compiling)."""


class GraphcAttributeError(GraphcError, AttributeError):
    """An attribute that does not exist was read inside a compiled function."""


class GraphcStrictAttributeError(GraphcSyntaxError, AttributeError):
    """STRICT (jit_syntax_level=STRICT, `fullgraph=True`) refuses a run-time attribute of a graph
    value, such as `x.asnumpy()` of a Tensor computed in the graph (MindSpore's AttributeError)."""


class GraphcStrictValueError(GraphcSyntaxError, ValueError):
    """STRICT refuses a Python call (a NumPy function, a plain class) on a value computed in the
    graph: its inputs must be constants (MindSpore's ValueError)."""


class GraphcStrictTypeError(GraphcSyntaxError, TypeError):
    """STRICT refuses a value of a type the static graph cannot hold (MindSpore's TypeError)."""


def with_trace(exc: BaseException, locations: list[SourceLocation]) -> BaseException:
    """A user error raised while compiling (TypeError, ValueError, ...), re-created with the
    MindSpore-style source trace of `locations` (outermost call first). The class is kept, so
    `except TypeError` still catches it; plain TypeError/ValueError/AttributeError become
    graphc's located subclasses."""
    located = [loc for loc in locations if loc.line]
    cls = type(exc)
    kinds = {TypeError: GraphcTypeError, ValueError: GraphcValueError,
             AttributeError: GraphcAttributeError}
    graphc_cls = kinds.get(cls)
    if graphc_cls is not None:
        err = graphc_cls(str(exc), locations[-1] if locations else None)
        err.trace = located
        return err
    try:
        return cls(f"{exc}{format_trace(located)}")
    except Exception:  # an exception class with a different constructor
        return exc
