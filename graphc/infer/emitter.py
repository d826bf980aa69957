"""The IR-building state of one specialisation, and the tracer protocol `ops.apply` sees.

An `Emitter` holds the root graph, the graph being built (a branch or loop body while one is
built), the location new nodes get, the count of side-effect nodes, and the Parameters the
graph reads and assigns. It records nodes — `apply` for a primitive on graph values (declined
on constants, which fold), `emit_scalar`/`emit_tensor`/`emit_effect` for special ops — and
gives the node producing any value (`node_of`: a constant becomes a ValueNode, a container of
graph values a make-tuple/list/dict node). `in_graph` builds into a nested graph for a while;
`rollback_point` undoes what was recorded since.

It knows nothing of Python syntax: the AST specialiser (`GraphBuilder`) holds one and walks the
source around it; a bytecode front end can hold one the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..common import dtype as mstype
from ..common.errors import GraphcTypeError, SourceLocation
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.primitive import PrimitiveDef, TensorSpec, spec_of
from .abstract import AbstractScalar, AbstractTuple
from .values import GraphAny, GraphScalar, GraphTensor, contains_graph_value, dict_of


class _Never:
    """The value of a variable on a path that always raises: it never reaches a join (its
    node, if one is asked for, is a None constant)."""

    def __repr__(self) -> str:
        return "<never>"


NEVER = _Never()


# A dict and its views: the view's name for MAKE_DICT ("" for the dict itself).
DICT_KINDS: dict[type, str] = {dict: "", type({}.keys()): "keys", type({}.values()): "values",
                               type({}.items()): "items"}

_SCALAR_DTYPES = {bool: mstype.bool_, int: mstype.int64, float: mstype.float32}


def spec_of_value(value: Any) -> TensorSpec:
    """The abstract Tensor an op sees for `value` (a Tensor, or a run-time scalar as 0-d)."""
    if isinstance(value, GraphScalar):
        return TensorSpec((), _SCALAR_DTYPES[value.type])
    return spec_of(value)


def abstract_of(value: Any) -> Any:
    """The abstract value of `value` in a node's type (a type name for constants)."""
    if isinstance(value, GraphAny):
        return value.abstract
    if isinstance(value, Tensor):
        return spec_of_value(value)
    if isinstance(value, GraphScalar):
        return value.abstract
    if isinstance(value, (tuple, list)):
        return AbstractTuple(tuple(abstract_of(v) for v in value))
    return type(value).__name__


def python_view(value: Any) -> Any:
    """`value` as Python code sees it in PyNative: a Parameter read is the Parameter object
    itself (it prints as `Parameter (name=...)`, and `isinstance(v, Parameter)` holds)."""
    if not _reads_weight(value):
        return value  # (the same object: identity matters for outside containers)
    if isinstance(value, GraphTensor):
        return value.graphc_weight
    if type(value) in (tuple, list):
        return type(value)(python_view(v) for v in value)
    return {k: python_view(v) for k, v in value.items()}


def _reads_weight(value: Any) -> bool:
    """Whether `value` is, or a tuple/list/dict built in the graph holds, a Parameter read."""
    if isinstance(value, GraphTensor):
        return value.graphc_weight is not None
    if type(value) in (tuple, list):
        return any(_reads_weight(v) for v in value)
    if type(value) is dict:
        return any(_reads_weight(v) for v in value.values())
    return False


class Emitter:
    """Records the nodes of one specialised graph (and its nested graphs)."""

    __slots__ = ("root", "graph", "loc", "effects", "weights", "weight_values", "weight_reads")

    def __init__(self, name: str) -> None:
        self.root = FuncGraph(name)
        self.graph = self.root
        self.loc: SourceLocation = SourceLocation.synthetic("entry")
        self.effects = 0  # number of side-effect nodes recorded
        self.weights: dict[int, tuple[Weight, ir.Parameter]] = {}
        self.weight_values: dict[int, GraphTensor] = {}  # values assigned in the graph
        self.weight_reads: dict[int, GraphTensor] = {}  # the run-time read of each weight

    def apply(self, prim: PrimitiveDef, inputs: tuple[Any, ...], attrs: dict[str, Any]) -> Any:
        """Record `prim` on graph-valued inputs; decline (fold) when all are constants."""
        for t in inputs:
            if isinstance(t, (GraphTensor, Weight)):
                break
        else:
            if not prim.effects:  # effects (random draws, collectives) happen at run time
                return NotImplemented
        specs = prim.infer(*[spec_of_value(t) for t in inputs], **attrs)
        node = self.graph.add(ir.CNode((ir.ValueNode(prim),) + tuple(self.node_of(t)
                                                                      for t in inputs),
                                       dict(attrs), specs, self.loc))
        if prim.num_outputs == 1:
            return GraphTensor(node, specs.shape, specs.dtype)
        node.abstract = AbstractTuple(tuple(specs))
        return tuple(self._getitem_tensor(node, i, s) for i, s in enumerate(specs))

    def _getitem_tensor(self, node: ir.Node, i: int, spec: TensorSpec) -> GraphTensor:
        item = self.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), node,
                                        ir.ValueNode(i)), {}, spec, self.loc))
        return GraphTensor(item, spec.shape, spec.dtype)

    def emit_scalar(self, op: ir.SpecialOp, args: tuple[Any, ...], attrs: dict[str, Any],
                    pytype: type) -> GraphScalar:
        """A special op giving a run-time Python scalar of `pytype`."""
        node = self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, AbstractScalar(pytype), self.loc))
        return GraphScalar(node, pytype)

    def emit_tensor(self, op: ir.SpecialOp, args: tuple[Any, ...], attrs: dict[str, Any],
                    shape: tuple[int | None, ...], dtype: mstype.DType) -> GraphTensor:
        """A special op giving a Tensor of `shape` and `dtype`."""
        spec = TensorSpec(tuple(shape), dtype)
        node = self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, spec, self.loc))
        return GraphTensor(node, spec.shape, spec.dtype)

    def emit_effect(self, op: ir.SpecialOp, args: tuple[Any, ...],
                    attrs: dict[str, Any]) -> ir.CNode:
        """A special op run for its effect, in program order (it gives no value)."""
        self.effects += 1
        return self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, None, self.loc))

    def node_of(self, value: Any, python: bool = False) -> ir.Node:
        """The IR node producing `value` (a constant becomes a ValueNode). With `python` (the
        operands of print and interpret nodes), a Parameter is passed as the Parameter object,
        as Python code sees it in PyNative."""
        if python:
            value = python_view(value)
        if isinstance(value, (GraphTensor, GraphScalar, GraphAny)):
            return value.node
        if value is NEVER:
            return ir.ValueNode(None)
        if isinstance(value, Weight):
            return ir.ValueNode(value) if python else self.weight_value(value).node
        if isinstance(value, Tensor):
            return ir.ValueNode(value._data, TensorSpec(value.shape, value.dtype))
        if type(value) in DICT_KINDS and contains_graph_value(dict_of(value)):
            mapping = dict_of(value)
            nodes = tuple(self.node_of(v, python) for v in mapping.values())
            return self.graph.add(ir.CNode(
                (ir.ValueNode(ir.MAKE_DICT),) + nodes,
                {"keys": tuple(mapping), "view": DICT_KINDS[type(value)]},
                AbstractTuple(tuple(abstract_of(v) for v in mapping.values())), self.loc))
        if isinstance(value, (tuple, list)) and contains_graph_value(value):
            op = ir.MAKE_TUPLE if isinstance(value, tuple) else ir.MAKE_LIST
            nodes = tuple(self.node_of(v, python) for v in value)
            return self.graph.add(ir.CNode((ir.ValueNode(op),) + nodes, {},
                                           AbstractTuple(tuple(abstract_of(v) for v in value)),
                                           self.loc))
        return ir.ValueNode(value)

    def weight_value(self, weight: Weight) -> GraphTensor:
        """The graph value of a Parameter: read from the Parameter at run time, or the value
        most recently assigned to it in this graph."""
        current = self.weight_values.get(id(weight))
        if current is not None:
            return current
        entry = self.weights.get(id(weight))
        if entry is None:
            param = self.root.add_parameter(weight.name, TensorSpec(weight.shape, weight.dtype),
                                            self.loc, weight=weight)
            entry = self.weights[id(weight)] = (weight, param)
        value = self.weight_reads.get(id(weight))
        if value is None:
            value = self.weight_reads[id(weight)] = GraphTensor(entry[1], weight.shape,
                                                                weight.dtype, weight)
        return value

    def assign_weight(self, weight: Weight, value: Any) -> None:
        """`weight` takes `value` (an in-place Parameter update, ordered as a side effect)."""
        from ..ops.array_ops import cast
        from ..ops.convert import to_tensor
        value = to_tensor(value)
        if tuple(value.shape) != tuple(weight.shape):
            raise GraphcTypeError(f"cannot assign a value of shape {list(value.shape)} to the "
                                  f"Parameter '{weight.name}' of shape {list(weight.shape)}",
                                  self.loc)
        value = cast(value, weight.dtype)
        self.weight_value(weight)  # make sure it is a graph input
        self.emit_effect(ir.ASSIGN_PARAMETER, (value,), {"weight": weight})
        # the Parameter's value from now on: a graph value that knows its Parameter
        self.weight_values[id(weight)] = GraphTensor(self.node_of(value), weight.shape,
                                                     weight.dtype, weight)

    @contextmanager
    def in_graph(self, graph: FuncGraph) -> Iterator[None]:
        """Record into `graph` (a nested graph) while the block runs."""
        outer = self.graph
        self.graph = graph
        try:
            yield
        finally:
            self.graph = outer

    def rollback_point(self) -> Callable[[], None]:
        """A function that undoes what was recorded into the current graph since this call
        (its nodes, Parameter assignments, effect count)."""
        graph, saved_nodes = self.graph, len(self.graph.nodes)
        saved_weights, saved_effects = dict(self.weight_values), self.effects

        def restore() -> None:
            del graph.nodes[saved_nodes:]
            self.weight_values, self.effects = saved_weights, saved_effects
        return restore


__all__ = ["DICT_KINDS", "NEVER", "Emitter", "abstract_of", "python_view", "spec_of_value"]
