"""Lowering of assignments (infer/lowering/assignment.py): names, unpacking with a star,
augmented assignment, `:=`, and stores into Tensor, list and dict items."""

import gast
import numpy as np

from graphc.infer.support import AssignValue

from .lowering_probe import compiled, expression_rule_module, statement_rule_module, t


def test_assignments_are_lowered_by_the_assignment_rules():
    for kind in (gast.Assign, gast.AugAssign, gast.AnnAssign, AssignValue):
        assert statement_rule_module(kind) == "assignment"
    assert expression_rule_module(gast.NamedExpr) == "assignment"


def test_unpacking_with_a_star_binds_each_target():
    def f(x):
        a, *rest = x, x + 1, x + 2
        return a + rest[1], len(rest)

    (value, count), kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(value.asnumpy(), [4.0, 6.0])
    assert count == 2 and kinds["add"] == 2


def test_augmented_assignment_and_walrus_record_their_operation():
    def f(x):
        y = x
        y += 1
        if (n := 2) > 1:
            y = y * n
        return y

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [4.0, 6.0])
    assert kinds["add"] == 1 and kinds["mul"] == 1 and kinds["switch"] == 0


def test_a_tensor_item_store_is_a_setitem_node():
    def f(x):
        x[0] = 7.0
        return x

    result, kinds = compiled(f, t([1.0, 2.0]))
    np.testing.assert_allclose(result.asnumpy(), [7.0, 2.0])
    assert kinds["setitem"] == 1


def test_list_and_dict_item_stores_are_resolved_while_compiling():
    def f(x):
        d = {"a": x}
        d["b"] = x + 1
        items = [x, x]
        items[1] = d["b"] * 2
        return items[1]

    result, kinds = compiled(f, t([1.0]))
    np.testing.assert_allclose(result.asnumpy(), [4.0])
    assert kinds["add"] == 1 and kinds["mul"] == 1 and kinds["py_execute"] == 0
