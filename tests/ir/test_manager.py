"""GraphManager: the users index across nested graphs, and replacing a node everywhere."""

from graphc import ir
from graphc.ops import math_ops
from graphc.ops.primitive import TensorSpec


def _graph():
    spec = TensorSpec((2,), None)
    g = ir.FuncGraph("f")
    x = g.add_parameter("x", spec)
    a = g.add(ir.CNode((ir.ValueNode(math_ops.NEG), x), {}, spec))
    b = g.add(ir.CNode((ir.ValueNode(math_ops.NEG), x), {}, spec))
    branch = ir.FuncGraph("f_true", parent=g)
    inner = branch.add(ir.CNode((ir.ValueNode(math_ops.ADD), b, a), {}, spec))
    branch.output = inner
    switch = g.add(ir.CNode((ir.ValueNode(ir.SWITCH), x, ir.ValueNode(branch),
                             ir.ValueNode(branch)), {}, spec))
    g.output = g.add(ir.CNode((ir.ValueNode(ir.MAKE_TUPLE), b, switch), {}, None))
    return g, x, a, b, inner, branch


def test_users_are_indexed_across_nested_graphs():
    g, x, a, b, inner, branch = _graph()
    m = ir.GraphManager(g)
    assert [(u.user, u.index) for u in m.uses(a)] == [(inner, 2)]
    assert {id(u.user) for u in m.uses(b)} == {id(inner), id(g.output)}
    assert m.uses(inner)[0].user is branch and m.uses(inner)[0].index == -1
    assert [(u.user, u.index) for u in m.uses(g.output)] == [(g, -1)]
    assert not m.is_used(x.__class__("unused"))


def test_replace_uses_rewrites_every_reader_and_keeps_the_index():
    g, x, a, b, inner, branch = _graph()
    m = ir.GraphManager(g)
    m.replace_uses({id(b): a})
    assert inner.inputs[1] is a and g.output.inputs[1] is a
    assert not m.is_used(b)
    assert len(m.uses(a)) == 3
    new = ir.CNode((ir.ValueNode(math_ops.NEG), a), {}, None)
    m.replace_uses({id(inner): new})
    assert branch.output is new
