"""The lowering rule tables: how each statement and expression kind is interpreted.

`STATEMENT_RULES` and `EXPRESSION_RULES` map a gast node type (or one of the specialiser's
synthesized statements, `support.Block`-like records) to the function that lowers it. A rule
takes the builder first, then the interpreter frame and the node:
`rule(b: GraphBuilder, frame: Frame, node) -> value`. The family modules of this package fill
the tables with `@statement_rule(gast.If)` / `@expression_rule(gast.Call)` when they are
imported (`lowering/__init__.py` imports them all); the tables are read-only afterwards.
A node type without a rule is the unsupported-syntax error (at LAX, the policy's
`on_unsupported`), raised by `GraphBuilder.exec_stmt` / `GraphBuilder.eval`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ..specialize import GraphBuilder
    from ..support import Frame

Rule = Callable[["GraphBuilder", "Frame", Any], Any]
R = TypeVar("R", bound=Callable[..., Any])

STATEMENT_RULES: dict[type, Rule] = {}
EXPRESSION_RULES: dict[type, Rule] = {}


def _register(table: dict[type, Rule], kinds: tuple[type, ...]) -> Callable[[R], R]:
    def register(rule: R) -> R:
        for kind in kinds:
            if kind in table:
                raise ValueError(f"two lowering rules for {kind.__name__}")
            table[kind] = rule
        return rule
    return register


def statement_rule(*kinds: type) -> Callable[[R], R]:
    """Register the decorated function as the lowering of the statement kinds `kinds`."""
    return _register(STATEMENT_RULES, kinds)


def expression_rule(*kinds: type) -> Callable[[R], R]:
    """Register the decorated function as the lowering of the expression kinds `kinds`."""
    return _register(EXPRESSION_RULES, kinds)
