"""The type checker: each primitive node's `infer`, run again on its operands, must give the type
the node records; it runs beside the verifier after every pass when GRAPHC_VERIFY_IR is set."""

import numpy as np
import pytest

import graphc as ms
from graphc import ir, ops
from graphc.common import dtype as mstype
from graphc.common.errors import GraphcInternalError, SourceLocation
from graphc.infer.abstract import AbstractScalar, AbstractTuple
from graphc.ops.math_ops import ADD
from graphc.ops.primitive import PRIMITIVES, TensorSpec
from graphc.runtime import passes
from graphc.runtime.typecheck import check_types, operand_spec

LOC = SourceLocation("net.py", 3, 4, 3, 9, "f", "    y = x + x")
SPEC = TensorSpec((2, 3), mstype.float32)


def _compiled_graph():
    """A real specialised graph: primitives with attributes, a multi-output op, a scalar operand,
    a branch."""
    def f(x, n):
        y = ops.reduce_sum(x + x * 2, 1)
        if y.sum() > 0:
            y = ops.tanh(y)
        parts = ops.split(x, 1, axis=0)
        return y + parts[0].sum() + n

    jf = ms.jit(f)
    jf(ms.Tensor(np.ones((2, 3), np.float32)), ms.mutable(2))
    return jf.graphs()[0].graph


def _primitive_nodes(graph, name):
    return [n for g in graph.all_graphs() for n in g.nodes
            if not isinstance(n.callee, ir.SpecialOp) and n.callee.name == name]


def test_a_specialised_graph_checks():
    graph = _compiled_graph()
    assert _primitive_nodes(graph, "split") and _primitive_nodes(graph, "tanh")
    check_types(graph)


def test_a_wrong_recorded_dtype_is_caught_with_the_node_and_both_types():
    graph = _compiled_graph()
    node = _primitive_nodes(graph, "tanh")[0]
    node.abstract = TensorSpec(node.abstract.shape, mstype.float16)
    with pytest.raises(GraphcInternalError, match=r"'tanh' node's type does not check: it "
                       r"records Tensor\[Float16, \(2,\)\], but its infer gives "
                       r"Tensor\[Float32, \(2,\)\]") as info:
        check_types(graph)  # (the node is in a branch: nested graphs are checked too)
    assert info.value.location is node.loc


def test_a_wrong_recorded_shape_is_caught():
    graph = _compiled_graph()
    node = _primitive_nodes(graph, "reduce_sum")[0]
    node.abstract = TensorSpec((3,), node.abstract.dtype)
    with pytest.raises(GraphcInternalError, match=r"records Tensor\[Float32, \(3,\)\]"):
        check_types(graph)


def test_a_wrong_element_of_a_multi_output_node_is_caught():
    graph = _compiled_graph()
    node = _primitive_nodes(graph, "split")[0]
    first, second = node.abstract.elements
    node.abstract = AbstractTuple((first, TensorSpec((5, 3), second.dtype)))
    with pytest.raises(GraphcInternalError, match="'split' node's type does not check"):
        check_types(graph)


def test_an_element_recorded_unlike_its_tuple_is_caught():
    graph = _compiled_graph()
    split = _primitive_nodes(graph, "split")[0]
    item = next(n for g in graph.all_graphs() for n in g.nodes
                if n.callee is ir.TUPLE_GETITEM and n.args[0] is split)
    item.abstract = TensorSpec((2, 3), mstype.float32)
    with pytest.raises(GraphcInternalError, match=r"'tuple_getitem' node's type does not check: "
                       r"it records Tensor\[Float32, \(2, 3\)\], but element 0 of "
                       r"Tuple\[Tensor\[Float32, \(1, 3\)\], Tensor\[Float32, \(1, 3\)\]\] is "
                       r"Tensor\[Float32, \(1, 3\)\]"):
        check_types(graph)
    item.inputs = (item.inputs[0], split, ir.ValueNode(2))
    with pytest.raises(GraphcInternalError, match="it reads element 2 of"):
        check_types(graph)


def test_operands_changed_under_a_node_are_caught():
    g = ir.FuncGraph("g")
    x, y = g.add_parameter("x", SPEC), g.add_parameter("y", SPEC)
    node = g.add(ir.CNode((ir.ValueNode(ADD), x, y), {}, SPEC, LOC))
    g.output = node
    check_types(g)
    x.abstract = y.abstract = TensorSpec((4, 3), mstype.float32)  # (a wider loop value, say)
    with pytest.raises(GraphcInternalError, match=r"records Tensor\[Float32, \(2, 3\)\], but "
                       r"its infer gives Tensor\[Float32, \(4, 3\)\]"):
        check_types(g)
    y.abstract = TensorSpec((5,), mstype.float32)
    with pytest.raises(GraphcInternalError, match="its infer now refuses its operands"):
        check_types(g)
    y.abstract = AbstractTuple((SPEC,))
    with pytest.raises(GraphcInternalError, match="operand 1 is Tuple.*not a tensor"):
        check_types(g)


def test_attributes_changed_under_a_node_are_caught():
    g = ir.FuncGraph("g")
    x = g.add_parameter("x", SPEC)
    node = g.add(ir.CNode((ir.ValueNode(PRIMITIVES["reduce_sum"]), x),
                          {"axis": (1,), "keep_dims": False}, TensorSpec((2,), mstype.float32),
                          LOC))
    g.output = node
    check_types(g)
    node.attrs["keep_dims"] = True
    with pytest.raises(GraphcInternalError, match=r"infer gives Tensor\[Float32, \(2, 1\)\]"):
        check_types(g)


def test_run_time_scalars_are_the_0d_tensors_primitives_see():
    assert operand_spec(ir.Parameter("n", AbstractScalar(int))) == TensorSpec((), mstype.int64)
    assert operand_spec(ir.Parameter("b", AbstractScalar(bool))) == TensorSpec((), mstype.bool_)
    assert operand_spec(ir.Parameter("f", AbstractScalar(float))) == TensorSpec(
        (), mstype.float32)
    assert operand_spec(ir.Parameter("t", AbstractTuple(()))) is None


def test_the_pipeline_runs_it_beside_the_verifier_only_when_verifying():
    def wrong_graph():
        g = ir.FuncGraph("g")
        x = g.add_parameter("x", SPEC)
        g.output = g.add(ir.CNode((ir.ValueNode(ADD), x, x), {},
                                  TensorSpec((2, 3), mstype.int32), LOC))
        return g

    passes.run_pipeline(wrong_graph(), [], verify=False)
    with pytest.raises(GraphcInternalError, match="'add' node's type does not check"):
        passes.run_pipeline(wrong_graph(), [], verify=True)
