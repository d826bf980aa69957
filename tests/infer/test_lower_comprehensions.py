"""Lowering of comprehensions (infer/lowering/comprehensions.py): unrolled in the graph over a
constant iterable; one it cannot unroll is the policy's (LAX: Python's)."""

import gast
import numpy as np

from .lowering_probe import compiled, expression_rule_module, t


def test_comprehensions_are_lowered_by_the_comprehension_rules():
    for kind in (gast.ListComp, gast.GeneratorExp, gast.DictComp):
        assert expression_rule_module(kind) == "comprehensions"


def test_list_comprehension_over_tensors_unrolls_one_node_per_item():
    def f(x):
        ys = [v * 2 for v in (x, x + 1) if v is not None]
        return ys[0] + ys[1]

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [6.0, 10.0])
    assert kinds["mul"] == 2 and kinds["py_execute"] == 0


def test_generator_and_dict_comprehensions_unroll_too():
    def f(x):
        d = {k: x + k for k in (1, 2)}
        return sum(v for v in (x, x)) + d[2]

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [5.0])
    assert kinds["add"] >= 3 and kinds["py_execute"] == 0


def test_a_comprehension_over_a_value_only_python_knows_runs_in_python_at_lax():
    def f(x):
        values = x.asnumpy().tolist()
        return len([v for v in values])

    result, kinds = compiled(f, t([1.0, 2.0, 3.0]))
    assert result == 3 and kinds["py_execute"] >= 1
