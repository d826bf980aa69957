"""What the lowering tests share: compile a function and list the kinds of node its graphs
hold (primitive and special-op names, nested graphs included), and which rule lowers a kind."""

from __future__ import annotations

import collections
from typing import Any

import numpy as np

import graphc as ms
from graphc.infer.lowering import EXPRESSION_RULES, STATEMENT_RULES

STRICT = ms.JitConfig(jit_syntax_level="STRICT")


def t(values: Any) -> ms.Tensor:
    return ms.Tensor(np.array(values, np.float32))


def node_kinds(jf: Any) -> collections.Counter:
    """How many nodes of each kind (`add`, `switch`, `while_loop`, `py_execute`...) the last
    graph `jf` compiled holds, after the passes."""
    graph = jf.graphs()[-1].graph
    return collections.Counter(getattr(n.callee, "name", type(n.callee).__name__)
                               for g in graph.all_graphs() for n in g.nodes)


def compiled(fn: Any, *args: Any, strict: bool = False) -> tuple[Any, collections.Counter]:
    """`fn(*args)` compiled (LAX, or STRICT), and the kinds of node of its graph."""
    jf = ms.jit(fn, jit_config=STRICT) if strict else ms.jit(fn)
    result = jf(*args)
    return result, node_kinds(jf)


def statement_rule_module(kind: type) -> str:
    """The lowering module whose rule lowers statements of `kind` (KeyError: none does)."""
    return STATEMENT_RULES[kind].__module__.rsplit(".", 1)[-1]


def expression_rule_module(kind: type) -> str:
    return EXPRESSION_RULES[kind].__module__.rsplit(".", 1)[-1]
