"""Lowering rules per construct, one module per family; importing the package fills the tables
of `rules` (`STATEMENT_RULES`, `EXPRESSION_RULES`)."""

from . import (  # noqa: F401  (each module registers its rules)
    access,
    assignment,
    branches,
    callees,
    calls,
    comprehensions,
    exits,
    fstrings,
    literals,
    loop_grad,
    loops,
    operators,
    rolled_loops,
    statements,
)
from .rules import EXPRESSION_RULES, STATEMENT_RULES

__all__ = ["EXPRESSION_RULES", "STATEMENT_RULES"]
