"""JIT Fallback (LAX level): what the graph cannot express runs in CPython as interpret nodes.

The specialiser (`infer`) finds the places — calls into third-party code, plain Python classes,
operations on values only Python knows (`Any`), attribute and item stores on real objects — and
asks its policy; this package's `LaxPolicy` decides what runs in Python and hands each to its
`Interpreter`, which records a `py_execute` node (or evaluates it at compile time when all its
inputs are constants).

Modules: `policy` (`LaxPolicy`, the LAX answers to `infer.policy.Policy`), `tracking` (what a
graph changes outside itself, as typed keys), `interpret` (the Interpreter and the node's
record), `annotation` (`# @jit.typing:`), `effects` (calls that must run at every call: files,
clocks, random state), `explain` (the report users read), `purity` (the export check).
"""

from .annotation import TypeAnnotation, parse_annotation
from .explain import ExplainEntry, ExplainReport
from .interpret import Interpreter, InterpretInfo
from .policy import LaxPolicy
from .purity import check_exportable, interpret_nodes
from .tracking import ArgumentKey, MutationKey, MutationTracker

__all__ = ["ArgumentKey", "ExplainEntry", "ExplainReport", "InterpretInfo", "Interpreter",
           "LaxPolicy", "MutationKey", "MutationTracker", "TypeAnnotation", "check_exportable",
           "interpret_nodes", "parse_annotation"]
