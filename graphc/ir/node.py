"""The nodes of graphc's MindIR-like SSA graph.

A graph is a list of `CNode`s in program order (so side effects keep their order), over graph
inputs (`Parameter`) and constants (`ValueNode`). A `CNode`'s `inputs[0]` is what it calls: a
`ValueNode` holding a primitive (from the primitive table) or a `SpecialOp` (structure the table
does not describe: tuples, control flow, scalar Python operators; each records its effects).
Control flow is structured: a `switch` or `while_loop` CNode owns its branch/body graphs
(`FuncGraph`s) as ValueNode inputs.
Nodes compare by identity; they carry their abstract value (set when the graph is specialised)
and the user's source location.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..common.errors import SourceLocation


class Effect:
    """The names of the special ops' side effects. They are strings, like the names primitives
    give theirs in `PrimitiveDef.effects` ("random", "collective"), so that a node's effects
    are one set whatever its callee (`ir.effects.effects_of`)."""

    IO = "io"  # writes to the terminal (print)
    RAISE = "raise"  # raises the user's exception
    PARAMETER_WRITE = "parameter_write"  # a Parameter takes a new value
    ARGUMENT_WRITE = "argument_write"  # a Tensor argument of the caller takes a new value
    PYTHON = "python"  # runs arbitrary Python code (an interpret node)
    LOOP_STACK = "loop_stack"  # changes or reads a differentiated loop's stack of values


@dataclass(frozen=True, slots=True, eq=False)
class SpecialOp:
    """A non-primitive operation (`make_tuple`, `switch`, `print`, ...), with what passes and
    transformations must know of it:

    - `effects`: what it does besides computing a value (`Effect` names; empty = pure). A node
      with effects is never dropped, merged or reordered.
    - `nested`: it runs graphs of its own (the branches of `switch`, the condition and body of
      `while_loop`), so the effects of their nodes are the node's effects too.
    - `makes_value`: False for ops run only for their effect (print, raise, assignments,
      `stack_push`): nothing reads what they give.

    How each op becomes Python is code generation's table (`runtime.codegen.EMITTERS`).
    """

    name: str
    effects: frozenset[str] = frozenset()
    nested: bool = False
    makes_value: bool = True

    @property
    def pure(self) -> bool:
        """The op's own effects are none (`ir.effects.is_pure(node)` also counts the nodes of a
        `switch`'s or `while_loop`'s graphs)."""
        return not self.effects

    def __repr__(self) -> str:
        return self.name


MAKE_TUPLE = SpecialOp("make_tuple")
MAKE_LIST = SpecialOp("make_list")
# A dict of run-time values: attrs `keys` (constants, in order) and `view` ("", or "keys",
# "values", "items" for the dict's view object).
MAKE_DICT = SpecialOp("make_dict")
TUPLE_GETITEM = SpecialOp("tuple_getitem")
# `switch(cond, true_graph, false_graph)`; attr `effects_only` when it only keeps side effects
# of if-converted branches conditional (its value is the empty tuple, read by nothing).
SWITCH = SpecialOp("switch", nested=True)
# `while_loop(cond_graph, body_graph, *init)`: the carried values, as a tuple.
WHILE_LOOP = SpecialOp("while_loop", nested=True)
SCALAR_OP = SpecialOp("scalar_op")
TENSOR_TO_SCALAR = SpecialOp("tensor_to_scalar")
ASSIGN_PARAMETER = SpecialOp("assign_parameter", frozenset({Effect.PARAMETER_WRITE}),
                             makes_value=False)
# A Tensor argument updated in place (`x.add_(y)`): its final value written back into the
# caller's Tensor, reached by the access path `attrs["path"]` from the graph's arguments.
ASSIGN_ARGUMENT = SpecialOp("assign_argument", frozenset({Effect.ARGUMENT_WRITE}),
                            makes_value=False)
PRINT = SpecialOp("print", frozenset({Effect.IO}), makes_value=False)
RAISE = SpecialOp("raise", frozenset({Effect.RAISE}), makes_value=False)
# An interpret node (JIT Fallback): calls its first operand on the rest in CPython at run time.
PY_EXECUTE = SpecialOp("py_execute", frozenset({Effect.PYTHON}))
# The stack a differentiated run-time loop keeps its carried values on, for the reverse loop:
# `make_stack()` is a new empty stack, `stack_push(s, *values)` saves one iteration's values,
# `stack_pop(s)` takes the last ones back, `stack_nonempty(s)` asks whether any are left.
MAKE_STACK = SpecialOp("make_stack", frozenset({Effect.LOOP_STACK}))
STACK_PUSH = SpecialOp("stack_push", frozenset({Effect.LOOP_STACK}), makes_value=False)
STACK_POP = SpecialOp("stack_pop", frozenset({Effect.LOOP_STACK}))
STACK_NONEMPTY = SpecialOp("stack_nonempty", frozenset({Effect.LOOP_STACK}))

SPECIAL_OPS: tuple[SpecialOp, ...] = (
    MAKE_TUPLE, MAKE_LIST, MAKE_DICT, TUPLE_GETITEM, SWITCH, WHILE_LOOP, SCALAR_OP,
    TENSOR_TO_SCALAR, ASSIGN_PARAMETER, ASSIGN_ARGUMENT, PRINT, RAISE, PY_EXECUTE, MAKE_STACK,
    STACK_PUSH, STACK_POP, STACK_NONEMPTY)
"""Every special op: the table passes, the printer, the serialiser and code generation cover."""


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
