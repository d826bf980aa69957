"""The checks of a graph read from a file as a whole, after its description passed the schema
(`ir.graph_schema`) and before any code is generated for it.

The schema knows each field alone; here every node is judged with what it reads, by the rule
`_RULES` holds for its operation. A primitive judges itself: its `infer` runs on its operands'
abstract values and attributes (so an attribute of the right type but out of range, such as an
axis past the rank, is refused with the primitive's own message), and what it infers must agree
with the abstract value the file records. Containers, branches, loops and tuple indices must
produce what their abstract values say (the code generated for them relies on it); conditions
and `tensor_to_scalar` operands hold one element; a Parameter assignment keeps the weight's
shape and dtype; a loop-gradient stack is popped only by the body of a loop that runs while it
is non-empty; constant arrays are what their abstract says, weights the shape and dtype of the
parameters that read them; what `print` shows is a tree of bounded size (its containers may
share parts, which the generated code and Python would walk once per use). Each failure is a
`GraphFormatError` naming the node and the field. Iterative over graphs and nodes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..infer.abstract import AbstractScalar, AbstractTuple
from ..ir import node as ir
from ..ir.graph import FuncGraph
from ..ir.serialize import GraphFormatError
from ..ops.primitive import PrimitiveDef, TensorSpec

MAX_SHOWN_ITEMS = 100_000  # the containers `print` converts, counted as a tree
MAX_SHOWN_DEPTH = 32
_CONTAINERS = (ir.MAKE_TUPLE, ir.MAKE_LIST, ir.MAKE_DICT)


def check_loaded(graph: FuncGraph, node_ids: dict[int, int]) -> None:
    """Raise `GraphFormatError` unless every node of `graph` (and of the graphs nested in it)
    agrees with its operation and its operands. `node_ids` maps `id(node)` to the node's id in
    the file, for the messages."""
    _Check(node_ids).run(graph)


@dataclass(slots=True)
class _Check:
    node_ids: dict[int, int]
    # a while loop's body graph (by id) -> the loop node, and its condition graph
    bodies: dict[int, tuple[ir.CNode, FuncGraph]] = field(default_factory=dict)
    pops: dict[int, int] = field(default_factory=dict)  # stack node id -> pops seen
    push_sizes: dict[int, set[int]] = field(default_factory=dict)
    pop_sizes: dict[int, set[int]] = field(default_factory=dict)

    def fail(self, what: str, node: Any, field_: str) -> GraphFormatError:
        nid = self.node_ids.get(id(node))
        return GraphFormatError(what, member=f"node {nid}" if nid is not None else None,
                                field=field_)

    def require(self, ok: bool, what: str, node: Any, field_: str) -> None:
        if not ok:
            raise self.fail(what, node, field_)

    def run(self, graph: FuncGraph) -> None:
        pending = [graph]
        while pending:
            g = pending.pop()
            for p in g.parameters:
                if p.weight is not None and isinstance(p.abstract, TensorSpec):
                    data = p.weight._data
                    if not _fits(TensorSpec(data.shape, p.weight.dtype), p.abstract):
                        raise self.fail(f"the weight '{p.weight.name}' is {p.weight.dtype}"
                                        f"{list(data.shape)}, but the graph reads it as "
                                        f"{p.abstract}", p, "weight")
            for node in g.nodes:
                self.node(node, g)
                for a in node.args:
                    if isinstance(a, ir.ValueNode) and isinstance(a.value, FuncGraph):
                        pending.append(a.value)
        for stack, sizes in self.push_sizes.items():
            popped = self.pop_sizes.get(stack, set())
            if popped and len(sizes | popped) != 1:
                raise GraphFormatError("a loop-gradient stack is pushed and popped with "
                                       "different numbers of values", field="inputs")

    def node(self, node: ir.CNode, graph: FuncGraph) -> None:
        for i, a in enumerate(node.args):
            if isinstance(a, ir.ValueNode) and isinstance(a.value, np.ndarray):
                spec = a.abstract
                if not (isinstance(spec, TensorSpec) and _fits(
                        TensorSpec(a.value.shape, spec.dtype), spec) and
                        a.value.dtype == spec.dtype.np_dtype):
                    raise self.fail(f"the constant array is {a.value.dtype}"
                                    f"{list(a.value.shape)}, not what its abstract value says",
                                    node, f"inputs[{i}]")
        callee = node.callee
        if isinstance(callee, PrimitiveDef):
            self.primitive(callee, node)
            return
        rule = _RULES.get(callee)
        if rule is not None:
            rule(self, node, graph)

    def primitive(self, prim: PrimitiveDef, node: ir.CNode) -> None:
        specs = []
        for i, a in enumerate(node.args):
            if isinstance(a, ir.ValueNode) and not isinstance(a.value, np.ndarray):
                raise self.fail(f"'{prim.name}' takes arrays, but operand {i} is a constant "
                                f"{type(a.value).__name__}", node, f"inputs[{i}]")
            if not isinstance(a.abstract, TensorSpec):
                raise self.fail(f"'{prim.name}' takes tensors, but operand {i} is "
                                f"{a.abstract or 'not one'}", node, f"inputs[{i}]")
            specs.append(a.abstract)
        try:
            inferred = prim.infer(*specs, **node.attrs)
        except Exception as exc:  # noqa: BLE001  (the primitive's own checks, on foreign data)
            raise self.fail(f"'{prim.name}' refuses its operands or attributes: {exc}", node,
                            "attrs") from None
        if not _agrees(inferred, node.abstract):
            raise self.fail(f"'{prim.name}' gives {_show(inferred)}, but the file says "
                            f"{node.abstract}", node, "abstract")

    def one_element(self, value: ir.Node, node: ir.CNode, field_: str) -> None:
        a = value.abstract
        ok = isinstance(a, AbstractScalar) or (
            isinstance(value, ir.ValueNode) and type(value.value) in (bool, int, float)) or (
            isinstance(a, TensorSpec) and None not in a.shape and math.prod(a.shape) == 1)
        if not ok:
            raise self.fail(f"expected one value (a scalar or a one-element tensor), got {a}",
                            node, field_)

    def stack(self, node: ir.CNode) -> ir.CNode:
        s = node.args[0]
        if not (isinstance(s, ir.CNode) and s.callee is ir.MAKE_STACK):
            raise self.fail("expected a stack made by make_stack", node, "inputs[0]")
        return s


def _containers(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    a = node.abstract
    c.require(isinstance(a, AbstractTuple) and len(a.elements) == len(node.args) and all(
        _consistent(e, _abstract_of(x)) for e, x in zip(a.elements, node.args)),
        "the abstract value does not describe the operands", node, "abstract")
    if node.callee is ir.MAKE_DICT:
        c.require(len(node.attrs["keys"]) == len(node.args), "one key per operand", node,
                  "attrs.keys")


def _getitem(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    whole, index = node.args[0], node.args[1]
    a = _abstract_of(whole)
    c.require(isinstance(a, AbstractTuple) and isinstance(index, ir.ValueNode) and
              type(index.value) is int and 0 <= index.value < len(a.elements),
              "the index is not within the tuple it reads", node, "inputs[1]")
    c.require(_consistent(_abstract_of(node), a.elements[index.value]),
              "the abstract value is not the element's", node, "abstract")


def _switch(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    c.one_element(node.args[0], node, "inputs[0]")
    for i in (1, 2):
        branch = node.args[i].value
        c.require(branch.output is not None and _consistent(node.abstract,
                                                            _abstract_of(branch.output)),
                  "the branch's output is not what the switch gives", node, f"inputs[{i}]")


def _while(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    cond, body = node.args[0].value, node.args[1].value
    init = node.args[2:]
    c.require(cond.output is not None, "the loop's condition has no output", node, "inputs[0]")
    c.one_element(cond.output, node, "inputs[0]")
    a = node.abstract
    c.require(isinstance(a, AbstractTuple) and len(a.elements) == len(init) and all(
        _consistent(e, _abstract_of(x)) and _consistent(e, p.abstract)
        for e, x, p in zip(a.elements, init, cond.parameters)),
        "the abstract value does not describe the carried values", node, "abstract")
    c.require(body.output is not None and _consistent(a, _abstract_of(body.output)),
              "the body's output is not the carried values", node, "inputs[1]")
    c.bodies[id(body)] = (node, cond)


def _scalar_op(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    for i, a in enumerate(node.args):
        ok = isinstance(a.abstract, AbstractScalar) or (
            isinstance(a, ir.ValueNode) and type(a.value) in (bool, int, float))
        if not ok:
            raise c.fail(f"expected a scalar operand, got {a.abstract}", node, f"inputs[{i}]")


def _to_scalar(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    c.require(isinstance(node.args[0].abstract, TensorSpec), "expected a tensor", node,
              "inputs[0]")
    c.one_element(node.args[0], node, "inputs[0]")


def _assign(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    weight = node.attrs["weight"]
    value = node.args[0].abstract
    if not (isinstance(value, TensorSpec) and _fits(
            TensorSpec(weight._data.shape, weight.dtype), value)):
        raise c.fail(f"the value {value} does not fit the weight '{weight.name}'", node,
                     "inputs[0]")


def _push(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    c.push_sizes.setdefault(id(c.stack(node)), set()).add(len(node.args) - 1)


def _pop(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    stack = c.stack(node)
    owner = c.bodies.get(id(graph))
    cond_out = owner[1].output if owner is not None else None
    c.require(isinstance(cond_out, ir.CNode) and cond_out.callee is ir.STACK_NONEMPTY and
              cond_out.args[0] is stack,
              "a stack is popped only by the body of a loop that runs while it is non-empty",
              node, "inputs[0]")
    c.pops[id(stack)] = c.pops.get(id(stack), 0) + 1
    c.require(c.pops[id(stack)] == 1, "a stack is popped once per loop iteration", node,
              "inputs[0]")
    c.require(isinstance(node.abstract, AbstractTuple), "expected a tuple", node, "abstract")
    c.pop_sizes.setdefault(id(stack), set()).add(len(node.abstract.elements))


def _nonempty(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    c.stack(node)


def _print(c: _Check, node: ir.CNode, graph: FuncGraph) -> None:
    for i, a in enumerate(node.args):
        c.require(_shown_size(a) is not None, "what it prints is a structure of more than "
                  f"{MAX_SHOWN_ITEMS} items or {MAX_SHOWN_DEPTH} levels", node, f"inputs[{i}]")


_RULES: dict[ir.SpecialOp, Callable[[_Check, ir.CNode, FuncGraph], None]] = {
    ir.MAKE_TUPLE: _containers, ir.MAKE_LIST: _containers, ir.MAKE_DICT: _containers,
    ir.TUPLE_GETITEM: _getitem, ir.SWITCH: _switch, ir.WHILE_LOOP: _while,
    ir.SCALAR_OP: _scalar_op, ir.TENSOR_TO_SCALAR: _to_scalar, ir.ASSIGN_PARAMETER: _assign,
    ir.STACK_PUSH: _push, ir.STACK_POP: _pop, ir.STACK_NONEMPTY: _nonempty, ir.PRINT: _print,
}


def _shown_size(root: ir.Node) -> int | None:
    """The number of container nodes under `root` counted as a tree (shared parts once per
    use), or None past the bounds. Iterative, each node's size computed once."""
    sizes: dict[int, int] = {}
    stack: list[tuple[ir.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack[-1]
        if id(node) in sizes:
            stack.pop()
            continue
        if not (isinstance(node, ir.CNode) and node.callee in _CONTAINERS):
            sizes[id(node)] = 1
            stack.pop()
            continue
        if depth > MAX_SHOWN_DEPTH:
            return None
        todo = [a for a in node.args if id(a) not in sizes]
        if todo:
            stack.extend((a, depth + 1) for a in todo)
            continue
        total = 1 + sum(sizes[id(a)] for a in node.args)
        if total > MAX_SHOWN_ITEMS:
            return None
        sizes[id(node)] = total
        stack.pop()
    return sizes[id(root)]


def _fits(actual: TensorSpec, declared: TensorSpec) -> bool:
    """`actual` is compatible with `declared`: same dtype and rank, dims equal where both are
    known."""
    return actual.dtype is declared.dtype and len(actual.shape) == len(declared.shape) and all(
        a is None or d is None or a == d for a, d in zip(actual.shape, declared.shape))


def _abstract_of(node: ir.Node) -> Any:
    """`node`'s abstract value; for a constant that records none, the one its value has."""
    if node.abstract is not None or not isinstance(node, ir.ValueNode):
        return node.abstract
    return _value_abstract(node.value, 0)


def _value_abstract(value: Any, depth: int) -> Any:
    if type(value) in (bool, int, float):
        return AbstractScalar(type(value))
    if type(value) in (tuple, list) and depth < MAX_SHOWN_DEPTH:
        return AbstractTuple(tuple(_value_abstract(v, depth + 1) for v in value))
    return None


def _consistent(recorded: Any, actual: Any) -> bool:
    """A recorded abstract value agrees with an operand's: tensors fit, tuples agree element
    by element, a scalar is a scalar or a constant; other kinds are not compared. Iterative."""
    pending = [(recorded, actual)]
    while pending:
        r, a = pending.pop()
        if isinstance(r, TensorSpec):  # (a join of any rank records only unknown dims)
            if not (isinstance(a, TensorSpec) and (_fits(a, r) or (
                    a.dtype is r.dtype and all(d is None for d in r.shape)))):
                return False
        elif isinstance(r, AbstractTuple):
            if not (isinstance(a, AbstractTuple) and len(a.elements) == len(r.elements)):
                return False
            pending.extend(zip(r.elements, a.elements))
        elif isinstance(r, AbstractScalar):  # (a Python constant records no abstract)
            if not (a is None or isinstance(a, AbstractScalar)):
                return False
    return True


def _agrees(inferred: Any, recorded: Any) -> bool:
    if isinstance(inferred, TensorSpec):
        return isinstance(recorded, TensorSpec) and _fits(inferred, recorded)
    if isinstance(inferred, tuple):
        return isinstance(recorded, AbstractTuple) and len(recorded.elements) == len(
            inferred) and all(_agrees(i, r) for i, r in zip(inferred, recorded.elements))
    return False


def _show(inferred: Any) -> str:
    if isinstance(inferred, tuple):
        return "(" + ", ".join(map(str, inferred)) + ")"
    return str(inferred)
