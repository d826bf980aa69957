"""Lowering of names, literals, attributes and subscripts (infer/lowering/literals.py,
access.py): constants and containers are built while compiling; a run-time index into a tuple
of Tensors selects in the graph; sets are the policy's."""

import gast
import numpy as np
import pytest

from graphc.common.errors import GraphcSyntaxError

from .lowering_probe import compiled, expression_rule_module, t


def test_names_literals_and_access_have_their_rules():
    for kind in (gast.Constant, gast.Name, gast.Tuple, gast.List, gast.Dict, gast.Set,
                 gast.Slice, gast.Lambda):
        assert expression_rule_module(kind) == "literals"
    for kind in (gast.Attribute, gast.Subscript):
        assert expression_rule_module(kind) == "access"


def test_a_run_time_index_into_a_tuple_of_tensors_selects_in_the_graph():
    import graphc as ms

    def f(x, i):
        return (x, x + 1, x + 2)[i]

    result, kinds = compiled(f, t([1.0, 2.0]), ms.Tensor(1, ms.int32))
    np.testing.assert_allclose(result.asnumpy(), [2.0, 3.0])
    assert kinds["select"] == 2 and kinds["floor_mod"] == 1


def test_constant_subscripts_and_slices_fold():
    def f(x):
        items = [x, x * 2, x * 3]
        return items[1:][-1] + x.shape[0]

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [5.0, 8.0])
    assert kinds["getitem"] == 0 and kinds["mul"] == 1


def test_a_set_runs_in_python_at_lax_and_is_an_error_at_strict():
    def f(x):
        return x + len({1, 2})

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [3.0])
    with pytest.raises(GraphcSyntaxError, match="Unsupported expression 'Set'"):
        compiled(f, t([1.0]), strict=True)


def test_a_returned_slice_holds_the_tensors_of_its_graph_bounds():
    import graphc as ms

    @ms.jit
    def f(x):
        y = x * 2
        return slice(y, None, x + 1), y

    s, y = f(t([1.0]))
    assert isinstance(s, slice) and s.stop is None
    assert type(s.start) is ms.Tensor and type(s.step) is ms.Tensor
    np.testing.assert_allclose(s.start.asnumpy(), [2.0])
    np.testing.assert_allclose(s.step.asnumpy(), [2.0])
