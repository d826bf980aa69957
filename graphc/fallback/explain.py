"""`explain`'s report: every interpret node of a compiled function, where it is and why.

The words are for users: what the line does that the graph cannot, that it runs in Python, and
what to do about it — never an internal code.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ir.graph import FuncGraph
from .interpret import InterpretInfo
from .purity import interpret_nodes


@dataclass(frozen=True, slots=True)
class ExplainEntry:
    """One interpret node: its location, the source it runs and why it falls back."""

    filename: str
    line: int
    source_line: str
    source: str
    reason: str
    at_compile_time: bool = False

    def __str__(self) -> str:
        when = " (its inputs are constants: evaluated once, at compile time)" \
            if self.at_compile_time else ""
        return (f"{self.filename}:{self.line}: {self.source_line.strip()}\n"
                f"    {self.source}: {self.reason}{when}")


@dataclass(frozen=True, slots=True)
class ExplainReport:
    """What `graphc.explain(fn, *args)` returns; `str()` of it is the readable report."""

    name: str
    entries: tuple[ExplainEntry, ...]

    @property
    def count(self) -> int:
        """How many interpret nodes run each time the graph runs."""
        return sum(1 for e in self.entries if not e.at_compile_time)

    @staticmethod
    def build(name: str, graph: FuncGraph, folded: list[InterpretInfo]) -> ExplainReport:
        entries = [_entry(node.attrs["info"], False) for node in interpret_nodes(graph)]
        entries += [_entry(info, True) for info in folded]
        return ExplainReport(name, tuple(entries))

    def __str__(self) -> str:
        if not self.entries:
            return f"'{self.name}': no interpret nodes — the whole function is graph code."
        head = (f"'{self.name}': {self.count} interpret node(s) run in the Python interpreter "
                "(JIT Fallback)")
        folded = len(self.entries) - self.count
        if folded:
            head += f"; {folded} more evaluated at compile time"
        return head + ":\n" + "\n".join(str(e) for e in self.entries)


def _entry(info: InterpretInfo, at_compile_time: bool) -> ExplainEntry:
    return ExplainEntry(info.loc.filename, info.loc.line, info.loc.line_text, info.source,
                        info.reason, at_compile_time)
