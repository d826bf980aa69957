"""The lowering rule tables (infer/lowering/rules.py) and the builder's dispatch into them: one
rule per node kind, a kind without a rule is an unsupported-syntax error (at LAX, the policy's
answer), and `GraphBuilder` is a plain class that is assembled from no mixins."""

import gast
import numpy as np
import pytest

from graphc.common.errors import GraphcSyntaxError
from graphc.infer.lowering import EXPRESSION_RULES, STATEMENT_RULES, rules
from graphc.infer.specialize import GraphBuilder

from .lowering_probe import compiled, t


def test_graph_builder_is_a_plain_class():
    assert GraphBuilder.__bases__ == (object,)


def test_every_rule_takes_the_builder_frame_and_node():
    import inspect
    for table in (STATEMENT_RULES, EXPRESSION_RULES):
        for kind, rule in table.items():
            params = list(inspect.signature(rule).parameters)
            assert params[0] == "b" and len(params) == 3, (kind, params)


def test_a_kind_gets_one_rule_only():
    with pytest.raises(ValueError, match="two lowering rules for If"):
        rules.statement_rule(gast.If)(lambda b, frame, stmt: None)
    assert STATEMENT_RULES[gast.If].__name__ == "stmt_if"


def test_a_statement_kind_without_a_rule_is_an_unsupported_syntax_error(monkeypatch):
    monkeypatch.delitem(STATEMENT_RULES, gast.Pass)

    def f(x):
        pass
        return x

    with pytest.raises(GraphcSyntaxError, match="Unsupported statement 'Pass'") as info:
        compiled(f, t([1.0]))
    assert info.value.location.line == f.__code__.co_firstlineno + 1


def test_a_set_comprehension_has_no_rule_and_runs_in_python_at_lax():
    assert gast.SetComp not in EXPRESSION_RULES

    def f(x):
        return len({v for v in range(3)}) + x

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [4.0])
    assert kinds["py_execute"] >= 1
    with pytest.raises(GraphcSyntaxError, match="Unsupported expression 'SetComp'"):
        compiled(f, t([1.0]), strict=True)


def test_an_expression_kind_without_a_rule_is_an_unsupported_syntax_error(monkeypatch):
    monkeypatch.delitem(EXPRESSION_RULES, gast.ListComp)

    def f(x):
        return len([v for v in range(3)]) + x

    with pytest.raises(GraphcSyntaxError, match="Unsupported expression 'ListComp'"):
        compiled(f, t([1.0]))
