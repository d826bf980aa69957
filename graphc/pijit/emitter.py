"""The graph recorder the bytecode translator uses: graphc's tracer protocol over one FuncGraph.

While a function's bytecode is translated this object is `active_tracer`, so graphc's ops,
Tensor methods and framework Cells record their primitives here exactly as they do for the AST
front end (`ops.apply` -> `apply`, run-time scalars -> `emit_scalar`, Parameter reads and
assignments -> `weight_value` / `assign_weight`; Python's `print` is a graph break, in the
translator). Operations whose inputs are all constants are declined, so they run at once
(constant folding).

This is the thin emitter the issue asks for until the AST front end's `infer.GraphBuilder`
exposes one (issue 12): its tracer methods (`apply`, `emit_*`, `node_of`, `weight_value`,
`assign_weight`) are the shared part; the AST interpretation around them is not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..common import dtype as mstype
from ..common.errors import GraphcTypeError, SourceLocation
from ..common.mutable_input import Mutable
from ..common.parameter import Parameter as Weight
from ..common.tensor import Tensor
from ..infer.abstract import AbstractScalar, AbstractTuple
from ..infer.values import GraphAny, GraphScalar, GraphTensor
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.primitive import PrimitiveDef, TensorSpec, spec_of

__all__ = ["Emitter", "Mutable", "abstract_of", "holds_graph_value", "is_graph_value",
           "spec_of_value"]

_SCALAR_DTYPES = {bool: mstype.bool_, int: mstype.int64, float: mstype.float32}


def spec_of_value(value: Any) -> TensorSpec:
    """The abstract Tensor an op sees for `value` (a Tensor or a run-time scalar)."""
    if isinstance(value, GraphScalar):
        return TensorSpec((), _SCALAR_DTYPES[value.type])
    return spec_of(value)


def is_graph_value(value: Any) -> bool:
    return isinstance(value, (GraphTensor, GraphScalar, GraphAny))


def abstract_of(value: Any) -> Any:
    if isinstance(value, GraphScalar):
        return value.abstract
    if isinstance(value, Tensor):
        return spec_of_value(value)
    if isinstance(value, (tuple, list)):
        return AbstractTuple(tuple(abstract_of(v) for v in value))
    return None


def holds_graph_value(value: Any) -> bool:
    """Whether `value`, or a tuple/list/dict inside it, is known only at run time."""
    if isinstance(value, (GraphTensor, GraphScalar, GraphAny, Weight)):
        return True
    if type(value) in (tuple, list):
        return any(holds_graph_value(v) for v in value)
    if type(value) is dict:
        return any(holds_graph_value(v) for v in value.values())
    return False


class Emitter:
    """Records graphc ops into `graph`; `call` hands Cells and functions that framework code
    calls back to the translator (`call_back`), which inlines them."""

    def __init__(self, name: str, call_back: Callable[[Any, tuple[Any, ...], dict[str, Any]],
                                                     Any]) -> None:
        self.root = FuncGraph(name)
        self.graph = self.root
        self.loc: SourceLocation = SourceLocation.synthetic("pijit")
        self.call_back = call_back
        self.weights: dict[int, tuple[Weight, ir.Parameter]] = {}
        self.weight_values: dict[int, GraphTensor] = {}
        self.weight_reads: dict[int, GraphTensor] = {}
        self.effects = 0

    # ------------------------------------------------------------------ tracer protocol
    def apply(self, prim: PrimitiveDef, inputs: tuple[Any, ...], attrs: dict[str, Any]) -> Any:
        for t in inputs:
            if isinstance(t, (GraphTensor, Weight)):
                break
        else:
            return NotImplemented
        specs = prim.infer(*[spec_of_value(t) for t in inputs], **attrs)
        node = self.graph.add(ir.CNode((ir.ValueNode(prim),) + tuple(self.node_of(t)
                                                                      for t in inputs),
                                       dict(attrs), specs, self.loc))
        if prim.effects:
            self.effects += 1
        if prim.num_outputs == 1:
            return GraphTensor(node, specs.shape, specs.dtype)
        node.abstract = AbstractTuple(tuple(specs))
        out = []
        for i, spec in enumerate(specs):
            item = self.graph.add(ir.CNode((ir.ValueNode(ir.TUPLE_GETITEM), node,
                                            ir.ValueNode(i)), {}, spec, self.loc))
            out.append(GraphTensor(item, spec.shape, spec.dtype))
        return tuple(out)

    def emit_scalar(self, op: ir.SpecialOp, args: tuple[Any, ...], attrs: dict[str, Any],
                    pytype: type) -> GraphScalar:
        node = self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, AbstractScalar(pytype), self.loc))
        return GraphScalar(node, pytype)

    def emit_tensor(self, op: ir.SpecialOp, args: tuple[Any, ...], attrs: dict[str, Any],
                    shape: tuple[int | None, ...], dtype: mstype.DType) -> GraphTensor:
        spec = TensorSpec(tuple(shape), dtype)
        node = self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, spec, self.loc))
        return GraphTensor(node, spec.shape, spec.dtype)

    def emit_effect(self, op: ir.SpecialOp, args: tuple[Any, ...],
                    attrs: dict[str, Any]) -> ir.CNode:
        self.effects += 1
        return self.graph.add(ir.CNode((ir.ValueNode(op),) + tuple(self.node_of(a)
                                                                   for a in args),
                                       attrs, None, self.loc))

    def node_of(self, value: Any, python: bool = False) -> ir.Node:
        """The IR node producing `value`; a constant becomes a ValueNode. With `python` (the
        operands of print) a Parameter read is passed as the Parameter, as PyNative prints it."""
        if isinstance(value, (GraphTensor, GraphScalar, GraphAny)):
            if python and isinstance(value, GraphTensor) and value.graphc_weight is not None \
                    and id(value.graphc_weight) not in self.weight_values:
                return ir.ValueNode(value.graphc_weight)
            return value.node
        if isinstance(value, Weight):
            return ir.ValueNode(value) if python else self.weight_value(value).node
        if isinstance(value, Tensor):
            return ir.ValueNode(value._data, TensorSpec(value.shape, value.dtype))
        if type(value) in (tuple, list) and holds_graph_value(value):
            op = ir.MAKE_TUPLE if type(value) is tuple else ir.MAKE_LIST
            nodes = tuple(self.node_of(v, python) for v in value)
            return self.graph.add(ir.CNode((ir.ValueNode(op),) + nodes, {},
                                           AbstractTuple(tuple(abstract_of(v) for v in value)),
                                           self.loc))
        if type(value) is dict and holds_graph_value(value):
            nodes = tuple(self.node_of(v, python) for v in value.values())
            return self.graph.add(ir.CNode(
                (ir.ValueNode(ir.MAKE_DICT),) + nodes, {"keys": tuple(value), "view": ""},
                AbstractTuple(tuple(abstract_of(v) for v in value.values())), self.loc))
        return ir.ValueNode(value)

    def weight_value(self, weight: Weight) -> GraphTensor:
        """A Parameter's graph value: read at run time, or the value last assigned here."""
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
        """`weight` takes `value`: an ordered ASSIGN_PARAMETER effect node."""
        from ..ops.array_ops import cast
        from ..ops.convert import to_tensor
        value = to_tensor(value)
        if tuple(value.shape) != tuple(weight.shape):
            raise GraphcTypeError(f"cannot assign a value of shape {list(value.shape)} to the "
                                  f"Parameter '{weight.name}' of shape {list(weight.shape)}",
                                  self.loc)
        value = cast(value, weight.dtype)
        self.weight_value(weight)
        self.emit_effect(ir.ASSIGN_PARAMETER, (value,), {"weight": weight})
        self.weight_values[id(weight)] = GraphTensor(self.node_of(value), weight.shape,
                                                     weight.dtype, weight)

    def call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A Cell or jit function called by framework code while the graph is built."""
        return self.call_back(func, args, kwargs)
