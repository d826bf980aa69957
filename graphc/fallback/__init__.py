"""JIT Fallback (LAX level): what the graph cannot express runs in CPython as interpret nodes.

The specialiser (`infer`) finds the places — calls into third-party code, plain Python classes,
operations on values only Python knows (`Any`), attribute and item stores on real objects — and
hands each to this package's `Interpreter`, which records a `py_execute` node (or evaluates it at
compile time when all its inputs are constants).

Modules: `interpret` (the Interpreter and the node's record), `annotation` (`# @jit.typing:`),
`effects` (calls that must run at every call: files, clocks, random state), `explain` (the
report users read), `purity` (the export check).
"""

from .annotation import TypeAnnotation, parse_annotation
from .explain import ExplainEntry, ExplainReport
from .interpret import Interpreter, InterpretInfo
from .purity import check_exportable, interpret_nodes

__all__ = ["ExplainEntry", "ExplainReport", "InterpretInfo", "Interpreter", "TypeAnnotation",
           "check_exportable", "interpret_nodes", "parse_annotation"]
