"""JIT Fallback (LAX level): what the graph cannot express runs in CPython as interpret nodes.

The specialiser (`infer`) finds the places — calls into third-party code, plain Python classes,
operations on values only Python knows (`Any`), attribute and item stores on real objects — and
hands each to this package's `Interpreter`, which records a `py_execute` node (or evaluates it at
compile time when all its inputs are constants). `ExplainReport` lists the interpret nodes of a
function with their lines and reasons; `check_exportable` refuses a graph that has any.
"""

from .annotation import TypeAnnotation, parse_annotation
from .explain import ExplainEntry, ExplainReport
from .interpret import Interpreter, InterpretInfo
from .purity import check_exportable, interpret_nodes

__all__ = ["ExplainEntry", "ExplainReport", "InterpretInfo", "Interpreter", "TypeAnnotation",
           "check_exportable", "interpret_nodes", "parse_annotation"]
