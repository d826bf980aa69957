"""Lowering of f-strings (infer/lowering/fstrings.py): formatted while compiling on constants;
with a graph value, an interpret node at LAX and an error at STRICT."""

import gast
import pytest

from graphc.common.errors import GraphcSyntaxError

from .lowering_probe import compiled, expression_rule_module, t


def test_fstrings_are_lowered_by_the_fstring_rules():
    assert expression_rule_module(gast.JoinedStr) == "fstrings"
    assert expression_rule_module(gast.FormattedValue) == "fstrings"


def test_an_fstring_of_constants_is_formatted_while_compiling():
    def f(x):
        n = 3
        return f"{n:>3}|{n!r}|{'a'!s}"

    result, kinds = compiled(f, t([1.0]))
    assert result == "  3|3|a" and kinds["py_execute"] == 0


def test_an_fstring_of_a_graph_value_runs_in_python_at_lax():
    def f(x):
        return f"x={x}"

    result, kinds = compiled(f, t([1.0, 2.0]))
    assert result == "x=" + str(t([1.0, 2.0])) and kinds["py_execute"] >= 1


def test_an_fstring_of_a_graph_value_is_an_error_at_strict():
    def f(x):
        return f"x={x}"

    with pytest.raises(GraphcSyntaxError, match="f-string") as info:
        compiled(f, t([1.0]), strict=True)
    assert info.value.location.line == f.__code__.co_firstlineno + 1
