"""The nodes of graphc's MindIR-like SSA graph.

A graph is a list of `CNode`s in program order (so side effects keep their order), over graph
inputs (`Parameter`) and constants (`ValueNode`). A `CNode`'s `inputs[0]` is what it calls: a
`ValueNode` holding a primitive (from the primitive table) or a `SpecialOp` (structure the table
does not describe: tuples, control flow, scalar Python operators). Control flow is structured:
a `switch` or `while_loop` CNode owns its branch/body graphs (`FuncGraph`s) as ValueNode inputs.
Nodes compare by identity; they carry their abstract value (set when the graph is specialised)
and the user's source location.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..common.errors import SourceLocation


@dataclass(frozen=True, slots=True, eq=False)
class SpecialOp:
    """A non-primitive operation: `make_tuple`, `tuple_getitem`, `switch`, `while_loop`,
    `scalar_op` (a Python operator on run-time scalars), `assign_parameter`, ...

    `pure` is False for side effects, which passes may neither drop nor reorder.
    """

    name: str
    pure: bool = True

    def __repr__(self) -> str:
        return self.name


MAKE_TUPLE = SpecialOp("make_tuple")
MAKE_LIST = SpecialOp("make_list")
# A dict of run-time values: attrs `keys` (constants, in order) and `view` ("", or "keys",
# "values", "items" for the dict's view object).
MAKE_DICT = SpecialOp("make_dict")
TUPLE_GETITEM = SpecialOp("tuple_getitem")
SWITCH = SpecialOp("switch")
WHILE_LOOP = SpecialOp("while_loop")
SCALAR_OP = SpecialOp("scalar_op")
TENSOR_TO_SCALAR = SpecialOp("tensor_to_scalar")
ASSIGN_PARAMETER = SpecialOp("assign_parameter", pure=False)
# A Tensor argument updated in place (`x.add_(y)`): its final value written back into the
# caller's Tensor, reached by the access path `attrs["path"]` from the graph's arguments.
ASSIGN_ARGUMENT = SpecialOp("assign_argument", pure=False)
PRINT = SpecialOp("print", pure=False)
RAISE = SpecialOp("raise", pure=False)
# An interpret node (JIT Fallback): calls its first operand on the rest in CPython at run time.
PY_EXECUTE = SpecialOp("py_execute", pure=False)
# The stack a differentiated run-time loop keeps its carried values on, for the reverse loop:
# `make_stack()` is a new empty stack, `stack_push(s, *values)` saves one iteration's values,
# `stack_pop(s)` takes the last ones back, `stack_nonempty(s)` asks whether any are left.
MAKE_STACK = SpecialOp("make_stack", pure=False)
STACK_PUSH = SpecialOp("stack_push", pure=False)
STACK_POP = SpecialOp("stack_pop", pure=False)
STACK_NONEMPTY = SpecialOp("stack_nonempty", pure=False)


@dataclass(slots=True, eq=False)
class Parameter:
    """A graph input: an argument of the function, or a weight (`common.Parameter`) read at run
    time (`weight` is then set), or a value carried round a loop or into a branch."""

    name: str
    abstract: Any = None
    loc: SourceLocation | None = None
    weight: Any = None  # the common.Parameter this input reads, if any


@dataclass(slots=True, eq=False)
class ValueNode:
    """A compile-time constant."""

    value: Any
    abstract: Any = None


@dataclass(slots=True, eq=False)
class CNode:
    """One operation: `inputs[0]` is the callee (a ValueNode of a Primitive or SpecialOp), the rest
    are its operands; `attrs` are the primitive's keyword attributes (compile-time constants)."""

    inputs: tuple[Node, ...]
    attrs: dict[str, Any] = field(default_factory=dict)
    abstract: Any = None
    loc: SourceLocation | None = None

    @property
    def callee(self) -> Any:
        head = self.inputs[0]
        return head.value if isinstance(head, ValueNode) else head

    @property
    def args(self) -> tuple[Node, ...]:
        return self.inputs[1:]


Node = Parameter | ValueNode | CNode
