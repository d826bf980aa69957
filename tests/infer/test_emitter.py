"""`infer.emitter.Emitter`: the IR-building state and the tracer protocol, without any source."""

import numpy as np

from graphc import Parameter, Tensor, ops
from graphc.common import dtype as mstype
from graphc.common.context import active_tracer
from graphc.infer.emitter import NEVER, Emitter
from graphc.infer.specialize import GraphBuilder
from graphc.infer.values import GraphScalar, GraphTensor
from graphc.ir import node as ir
from graphc.ir.graph import FuncGraph
from graphc.ops.primitive import TensorSpec


def _input(emitter, shape=(2,)):
    p = emitter.root.add_parameter("x", TensorSpec(shape, mstype.float32))
    return GraphTensor(p, shape, mstype.float32)


def _traced(emitter, fn, *args):
    token = active_tracer.set(emitter)
    try:
        return fn(*args)
    finally:
        active_tracer.reset(token)


def test_ops_on_graph_values_record_nodes_and_constants_fold():
    emitter = Emitter("f")
    x = _input(emitter)
    y = _traced(emitter, lambda: ops.exp(x) + 1.0)
    assert isinstance(y, GraphTensor)
    assert [n.callee.name for n in emitter.root.nodes] == ["exp", "add"]
    folded = _traced(emitter, lambda: ops.exp(Tensor(np.zeros(2, np.float32))))
    assert not isinstance(folded, GraphTensor) and len(emitter.root.nodes) == 2


def test_node_of_makes_containers_of_graph_values_and_constants_value_nodes():
    emitter = Emitter("f")
    x = _input(emitter)
    assert emitter.node_of(x) is x.node
    assert isinstance(emitter.node_of(3), ir.ValueNode)
    assert emitter.node_of(NEVER).value is None
    pair = emitter.node_of((x, 1))
    assert pair.callee is ir.MAKE_TUPLE and pair.args[0] is x.node


def test_in_graph_records_into_a_nested_graph_and_rollback_undoes():
    emitter = Emitter("f")
    x = _input(emitter)
    inner = FuncGraph("inner", parent=emitter.root)
    with emitter.in_graph(inner):
        _traced(emitter, lambda: ops.exp(x))
    assert len(inner.nodes) == 1 and not emitter.root.nodes and emitter.graph is emitter.root
    restore = emitter.rollback_point()
    _traced(emitter, lambda: ops.exp(x))
    emitter.emit_effect(ir.PRINT, (x,), {})
    restore()
    assert not emitter.root.nodes and emitter.effects == 0


def test_parameters_are_read_once_and_assignments_are_ordered_effects():
    emitter = Emitter("f")
    w = Parameter(Tensor(np.ones(2, np.float32)), name="w")
    first = emitter.weight_value(w)
    assert emitter.weight_value(w) is first and first.graphc_weight is w
    _traced(emitter, lambda: emitter.assign_weight(w, first * 2.0))
    assert emitter.effects == 1 and emitter.weight_value(w) is not first
    assert emitter.root.nodes[-1].callee is ir.ASSIGN_PARAMETER


def test_a_run_time_scalar_is_an_emitted_special_op():
    emitter = Emitter("f")
    x = _input(emitter, ())
    s = emitter.emit_scalar(ir.TENSOR_TO_SCALAR, (x,), {"type": float}, float)
    assert isinstance(s, GraphScalar) and s.type is float


def test_the_builder_holds_an_emitter_and_shares_its_state():
    builder = GraphBuilder("f")
    assert builder.root is builder.emitter.root and builder.apply == builder.emitter.apply
    other = FuncGraph("g", parent=builder.root)
    with builder.in_graph(other):
        assert builder.graph is other is builder.emitter.graph
