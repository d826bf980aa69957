"""The type checker of a specialised graph: each primitive node's `infer`, run again on its
operands' abstract values and its attributes, must give the abstract value the node records;
each `tuple_getitem` records the type of the element it reads.

The verifier (`ir.verify`) checks structure; this checks types, as JAX's `check_jaxpr`
re-derives each equation's type. `passes.run_pipeline` runs both after every pass when
GRAPHC_VERIFY_IR=1 (on in the tests). A disagreement is a graphc bug: something changed a node,
an operand or an attribute after the node was inferred. The error names the node, the graph,
the user's line and both types.

It lives in `runtime` rather than `ir` because it reads the abstract values of `infer` and
`ops` (`TensorSpec`, `AbstractScalar`, `AbstractTuple`), which the IR itself holds opaquely.
"""

from __future__ import annotations

from typing import Any

from ..common import dtype as mstype
from ..common.errors import GraphcInternalError
from ..infer.abstract import AbstractScalar, AbstractTuple
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ops.primitive import PrimitiveDef, TensorSpec

# The tensor a run-time Python scalar is as a primitive's operand (as the specialiser gives it
# to `infer`, and NumPy to `impl`: a 0-d value of the default dtype of its kind).
_SCALAR_DTYPES = {bool: mstype.bool_, int: mstype.int64, float: mstype.float32}
# The abstract values a tuple's element is compared by (others are constants, or opaque).
_ABSTRACT = (TensorSpec, AbstractScalar, AbstractTuple)


def check_types(graph: FuncGraph) -> None:
    """Raise `GraphcInternalError` at the first primitive node of `graph` (or of a graph nested
    in it) whose recorded abstract value is not what its `infer` gives now."""
    seen: set[int] = set()
    for g in graph.all_graphs():
        if id(g) in seen:  # (a graph shared by both branches is checked once)
            continue
        seen.add(id(g))
        for node in g.nodes:
            callee = node.callee
            if isinstance(callee, PrimitiveDef):
                _check_primitive(g, node, callee)
            elif callee is ir.TUPLE_GETITEM:
                _check_getitem(g, node)


def operand_spec(operand: ir.Node) -> TensorSpec | None:
    """The `TensorSpec` a primitive sees for `operand`, or None if it is not a tensor."""
    a = operand.abstract
    if isinstance(a, TensorSpec):
        return a
    if isinstance(a, AbstractScalar) and a.type in _SCALAR_DTYPES:
        return TensorSpec((), _SCALAR_DTYPES[a.type])
    return None


def _check_primitive(graph: FuncGraph, node: ir.CNode, prim: PrimitiveDef) -> None:
    specs = []
    for i, operand in enumerate(node.args):
        spec = operand_spec(operand)
        if spec is None:
            raise _mismatch(graph, node, f"its operand {i} is {operand.abstract}, not a tensor")
        specs.append(spec)
    try:
        inferred = prim.infer(*specs, **node.attrs)
    except Exception as exc:  # noqa: BLE001  (any failure of infer here is the finding)
        raise _mismatch(graph, node, f"its infer now refuses its operands "
                                     f"({_show(specs)}): {exc}") from exc
    if not _same(inferred, node.abstract):
        raise _mismatch(graph, node, f"it records {node.abstract}, but its infer gives "
                                     f"{_show(inferred)} for operands {_show(specs)}")


def _check_getitem(graph: FuncGraph, node: ir.CNode) -> None:
    """An element of a tuple (a multi-output primitive's, a loop's, a branch's) records the
    type the tuple records for it, so what reads it is checked against the tuple's producer."""
    whole, index = node.args[0], node.args[1]
    elements = getattr(whole.abstract, "elements", None)
    if elements is None or not isinstance(index, ir.ValueNode) or type(index.value) is not int:
        return  # (a constant tuple, or a Python value: nothing recorded to compare)
    if not 0 <= index.value < len(elements):
        raise _mismatch(graph, node, f"it reads element {index.value} of {whole.abstract}")
    element = elements[index.value]
    if isinstance(element, _ABSTRACT) and element != node.abstract:
        raise _mismatch(graph, node, f"it records {node.abstract}, but element {index.value} "
                                     f"of {whole.abstract} is {element}")


def _same(inferred: Any, recorded: Any) -> bool:
    """`inferred` (what `infer` returns: a TensorSpec or a tuple of them) is `recorded`."""
    if isinstance(inferred, TensorSpec):
        return isinstance(recorded, TensorSpec) and recorded.dtype is inferred.dtype and \
            tuple(recorded.shape) == tuple(inferred.shape)
    if isinstance(inferred, (tuple, list)):
        return isinstance(recorded, AbstractTuple) and len(recorded.elements) == len(
            inferred) and all(_same(i, r) for i, r in zip(inferred, recorded.elements))
    return False


def _show(value: Any) -> str:
    if isinstance(value, (tuple, list)) and not isinstance(value, TensorSpec):
        return "(" + ", ".join(_show(v) for v in value) + ")"
    return str(value)


def _mismatch(graph: FuncGraph, node: ir.CNode, what: str) -> GraphcInternalError:
    return GraphcInternalError(f"graph {graph.name}: the '{node.callee.name}' node's type "
                               f"does not check: {what}", node.loc)


__all__ = ["check_types", "operand_spec"]
