"""The type checker of a specialised graph: each primitive node's `infer`, run again on its
operands' abstract values and its attributes, must give the abstract value the node records.

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


def check_types(graph: FuncGraph) -> None:
    """Raise `GraphcInternalError` at the first primitive node of `graph` (or of a graph nested
    in it) whose recorded abstract value is not what its `infer` gives now."""
    seen: set[int] = set()
    for g in graph.all_graphs():
        if id(g) in seen:  # (a graph shared by both branches is checked once)
            continue
        seen.add(id(g))
        for node in g.nodes:
            if isinstance(node.callee, PrimitiveDef):
                _check_primitive(g, node, node.callee)


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
