"""`ir.effects`: each special op's record says what it does besides computing a value, and
`effects_of`/`is_pure`/`makes_value` answer for a node, the graphs it runs included."""

import pytest

from graphc import ir
from graphc.common import dtype as mstype
from graphc.common.errors import SourceLocation
from graphc.ir import node as node_module
from graphc.ops.math_ops import ADD
from graphc.ops.primitive import PRIMITIVES, TensorSpec

LOC = SourceLocation("net.py", 3, 4, 3, 9, "f", "    y = x + x")
SPEC = TensorSpec((2,), mstype.float32)

# What each special op does besides computing its value, and whether it makes one.
EXPECTED = {
    "make_tuple": (set(), True), "make_list": (set(), True), "make_dict": (set(), True),
    "tuple_getitem": (set(), True), "switch": (set(), True), "while_loop": (set(), True),
    "scalar_op": (set(), True), "tensor_to_scalar": (set(), True),
    "assign_parameter": ({"parameter_write"}, False),
    "assign_argument": ({"argument_write"}, False),
    "print": ({"io"}, False), "raise": ({"raise"}, False), "py_execute": ({"python"}, True),
    "make_stack": ({"loop_stack"}, True), "stack_push": ({"loop_stack"}, False),
    "stack_pop": ({"loop_stack"}, True), "stack_nonempty": ({"loop_stack"}, True),
}


def _node(op, *args, attrs=None):
    return ir.CNode((ir.ValueNode(op),) + args, attrs or {}, None, LOC)


def _graph_of(*nodes):
    g = ir.FuncGraph("inner")
    g.nodes = list(nodes)
    g.output = ir.ValueNode(())
    return g


def test_the_table_holds_every_special_op_once():
    defined = [v for v in vars(node_module).values() if isinstance(v, ir.SpecialOp)]
    assert sorted(op.name for op in ir.SPECIAL_OPS) == sorted(op.name for op in defined)
    assert sorted(EXPECTED) == sorted(op.name for op in ir.SPECIAL_OPS)


@pytest.mark.parametrize("op", ir.SPECIAL_OPS, ids=lambda op: op.name)
def test_each_special_op_declares_its_effects(op):
    effects, value = EXPECTED[op.name]
    node = _node(op)
    assert ir.effects_of(node) == effects
    assert ir.is_pure(node) is (not effects)
    assert ir.makes_value(node) is value


@pytest.mark.parametrize("op", [ir.SWITCH, ir.WHILE_LOOP], ids=lambda op: op.name)
def test_a_graph_running_op_has_the_effects_of_its_graphs_nodes(op):
    pure = _graph_of(_node(ir.MAKE_TUPLE))
    printing = _graph_of(_node(ir.MAKE_TUPLE), _node(ir.PRINT))
    assert ir.is_pure(_node(op, ir.ValueNode(pure), ir.ValueNode(pure)))
    loud = _node(op, ir.ValueNode(pure), ir.ValueNode(printing))
    assert not ir.is_pure(loud) and ir.effects_of(loud) == {"io"}


def test_effects_of_nested_graphs_are_found_at_any_depth():
    innermost = _graph_of(_node(ir.ASSIGN_PARAMETER))
    middle = _graph_of(_node(ir.SWITCH, ir.ValueNode(True), ir.ValueNode(innermost),
                             ir.ValueNode(_graph_of())))
    outer = _node(ir.WHILE_LOOP, ir.ValueNode(_graph_of()), ir.ValueNode(middle))
    assert ir.effects_of(outer) == {"parameter_write"} and not ir.is_pure(outer)


def test_a_switch_that_only_keeps_effects_conditional_makes_no_value():
    branch = _graph_of(_node(ir.PRINT))
    plain = _node(ir.SWITCH, ir.ValueNode(True), ir.ValueNode(branch), ir.ValueNode(branch))
    effects_only = _node(ir.SWITCH, ir.ValueNode(True), ir.ValueNode(branch),
                         ir.ValueNode(branch), attrs={"effects_only": True})
    assert ir.makes_value(plain) and not ir.makes_value(effects_only)


def test_primitives_answer_from_their_own_effects():
    random_prims = [p for p in PRIMITIVES.values() if "random" in p.effects]
    assert random_prims
    x = ir.Parameter("x", SPEC)
    assert ir.is_pure(_node(ADD, x, x)) and ir.effects_of(_node(ADD, x, x)) == set()
    drawn = _node(random_prims[0])
    assert not ir.is_pure(drawn) and "random" in ir.effects_of(drawn)
    assert ir.makes_value(drawn)
    # a random draw inside a branch makes the switch impure
    switch = _node(ir.SWITCH, ir.ValueNode(True), ir.ValueNode(_graph_of(drawn)),
                   ir.ValueNode(_graph_of()))
    assert "random" in ir.effects_of(switch)
