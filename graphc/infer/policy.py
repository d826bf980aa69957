"""The syntax level as an object: what the specialiser does where the graph cannot express the
program (a call into Python on run-time values, a value only Python knows, a change to an
object that lives outside the function, a construct the graph has no node for).

`GraphBuilder` asks its `Policy` at each such place instead of testing the level. Two policies:

- `StrictPolicy` (here): the place is an error with MindSpore's exception type and the user's
  line; values only Python knows never arise, so the LAX-only questions have trivial answers.
- `LaxPolicy` (`graphc.fallback.policy`, JIT Fallback): the place runs in CPython as an
  interpret node, and outside objects are tracked so that their changes happen at run time.

The runtime picks the policy and hands its factory to the builder (`infer` never imports
`fallback`). A policy returns `NOT_HANDLED` where the lowering should go on its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from ..common.errors import (
    GraphcError,
    GraphcStrictTypeError,
    GraphcStrictValueError,
    GraphcSyntaxError,
    GraphcTypeError,
)
from .graph_builtins import GRAPH_BUILTINS
from .python_objects import callable_name, changes_outside_object, is_mutable_object, is_plain_class
from .values import contains_graph_value

if TYPE_CHECKING:
    from .specialize import GraphBuilder
    from .support import Frame

NOT_HANDLED: Any = type("NotHandled", (), {"__repr__": lambda self: "NOT_HANDLED"})()


class Policy(Protocol):
    """What the specialiser asks where the graph cannot express the program."""

    folded: list[Any]  # calls into Python evaluated at compile time (for `explain`)

    # ---- running in Python
    def interpret(self, callee: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                  reason: str, *, effect: bool = False, pytype: type | None = None) -> Any:
        """`callee(*args, **kwargs)` run by Python (an interpret node)."""
    def interpret_method(self, obj: Any, name: str, args: tuple[Any, ...],
                         kwargs: dict[str, Any], reason: str) -> Any:
        """`obj.name(*args, **kwargs)` on a value only Python knows."""
    def interpret_expression(self, frame: Frame, node: Any, reason: str) -> Any:
        """The expression `node` evaluated by Python from its source text."""
    def as_any(self, value: Any) -> Any:
        """`value` as a Python object at run time (joining a value only Python knows)."""
    def on_unsupported(self, error: GraphcError, in_python: Callable[[], Any]) -> Any:
        """A place the graph cannot express: raise `error`, or run `in_python()` instead."""
    def checkpoint(self) -> Callable[[], None]:
        """A function undoing what the policy recorded since (for `rollback_point`)."""

    # ---- calls
    def before_python_call(self, func: Any, args: tuple[Any, ...],
                           kwargs: dict[str, Any]) -> Any:
        """A call into Python, before it is folded: its result, or NOT_HANDLED."""
    def on_folded_call(self, func: Any, result: Any) -> None:
        """A call into Python ran now, on constants."""
    def on_python_call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                       where: str) -> Any:
        """A call into Python on values computed in the graph."""
    def on_framework_call(self, func: Any, args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> Any:
        """A graphc op or framework Cell called from user code."""

    # ---- objects outside the graph
    def read_global(self, frame: Frame, name: str) -> Any:
        """A global, closure or builtin name read by user code."""
    def read_outside(self, value: Any) -> Any:
        """`value` read from a global or attribute, as the graph sees it."""
    def changed_at_run_time(self, value: Any) -> bool:
        """Whether the function changes the outside object `value` at run time."""
    def on_attribute_read(self, obj: Any, attr: str) -> Any:
        """`obj.attr`, before it is read now: its value, or NOT_HANDLED."""
    def on_attribute_value(self, obj: Any, attr: str, value: Any) -> Any:
        """`obj.attr` read now as `value` (an attribute of the object): or NOT_HANDLED."""
    def outside_graph(self, obj: Any) -> bool:
        """Whether branches and loops keep `obj` (a real object) instead of copying it."""
    def mutated_object(self, obj: Any) -> None:
        """`obj` is changed in place at run time."""
    def note_escape(self, value: Any) -> None:
        """`value` reaches Python at run time (an interpret node's operand, the output)."""
    def on_global_write(self, frame: Frame, name: str, value: Any) -> None:
        """`global name; name = value`."""
    def before_rolled_loop(self, frame: Frame, assigned: frozenset[str]) -> None:
        """A real (run-time) loop whose body assigns the names `assigned` is to be built: a
        global among them has no value known at compile time inside the loop."""
    def on_item_store(self, container: Any, index: Any, value: Any) -> bool:
        """`container[index] = value` on an object that may live outside: True if done."""
    def on_runtime_item_store(self, container: Any, index: Any, value: Any) -> Any:
        """`container[index] = value` the graph cannot do as values: the new container, or
        NOT_HANDLED."""
    def on_attribute_store(self, obj: Any, attr: str, value: Any, current: Any) -> None:
        """`obj.attr = value` where `obj.attr` is not a Parameter."""
    def on_runtime_item(self, items: Any, index: Any) -> Any:
        """`items[index]` of non-Tensor items, `index` known only at run time: the item, or
        NOT_HANDLED (a choice that a call turns into branches)."""
    def note_passed_to_python(self, operands: Any) -> None:
        """The operands of an interpret node reach Python at run time."""

    # ---- statements and values
    def expand_loop_else(self, stmts: list[Any]) -> list[Any]:
        """A block whose loops have an `else`, as the block to run."""
    def run_statement(self, frame: Frame, stmt: Any,
                      method: Callable[[Frame, Any], None]) -> None:
        """Run `stmt` by `method` (a `# @jit.typing:` comment may apply)."""
    def typed(self, value: Any) -> Any:
        """The value an assignment or return gives (its statement's annotation applied)."""
    def strict_error(self, exc: GraphcError) -> GraphcError | None:
        """The error to raise in place of `exc` (MindSpore's type for the level), or None."""
    def deferred_raise(self, exc_type: type, args: tuple[Any, ...], halt: bool) -> None:
        """The user's exception, found while compiling after run-time effects: raise it when
        the graph runs (by raising the builder's signal), or return to raise it now."""
    def raise_in_python(self, exc: BaseException) -> bool:
        """An exception whose arguments are computed in the graph: True if raised at run time."""
    def check_output(self, value: Any) -> None:
        """The value the compiled function returns."""
    def python_joins(self, a: Any, b: Any) -> bool:
        """Whether branch values the graph cannot join are joined as Python objects."""
    def joins_as_objects(self, a: Any, b: Any) -> bool:
        """Whether branch values `a` and `b` are different objects whose identity matters (a
        list or dict that lives outside the graph in one branch, another object in the other):
        which one the name holds is then known only at run time, as a Python object."""
    def on_runtime_boolop(self, frame: Frame, is_and: bool, left: Any, truth: Any,
                          operand: Any) -> Any:
        """`left and/or operand` where the truth of `left` is known only at run time."""


class StrictPolicy:
    """jit_syntax_level=STRICT: what the graph cannot express is a located error."""

    def __init__(self, builder: GraphBuilder) -> None:
        self.builder = builder
        self.folded: list[Any] = []

    # ---- running in Python: no interpreter at STRICT
    def interpret(self, callee: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                  reason: str, *, effect: bool = False, pytype: type | None = None) -> Any:
        raise GraphcSyntaxError(f"this line {_without_python(reason)}, which needs JIT Fallback "
                                "(running Python at run time): jit_syntax_level=STRICT has none. "
                                "Use LAX (the default), or compute it with graphc ops.",
                                self.builder.loc)

    def interpret_method(self, obj: Any, name: str, args: tuple[Any, ...],
                         kwargs: dict[str, Any], reason: str) -> Any:
        return self.interpret(getattr, (obj, name), {}, reason)

    def interpret_expression(self, frame: Frame, node: Any, reason: str) -> Any:
        return self.interpret(None, (), {}, reason)

    def as_any(self, value: Any) -> Any:
        return self.interpret(None, (value,), {}, "joins a value with one only Python knows")

    def on_unsupported(self, error: GraphcError, in_python: Callable[[], Any]) -> Any:
        raise error

    def checkpoint(self) -> Callable[[], None]:
        return _nothing

    # ---- calls
    def before_python_call(self, func: Any, args: tuple[Any, ...],
                           kwargs: dict[str, Any]) -> Any:
        builder = self.builder
        if changes_outside_object(builder.external, func):
            raise GraphcSyntaxError(
                f"'{callable_name(func)}' changes a {type(func.__self__).__name__} that lives "
                "outside the function in place, which the static graph cannot express. Use "
                "jit_syntax_level=LAX (JIT Fallback) or change the object outside.", builder.loc)
        if is_plain_class(func) and (contains_graph_value(args) or
                                     contains_graph_value(tuple(kwargs.values()))):
            raise GraphcStrictValueError(
                f"When handling the creation of a {func.__name__} object in graph mode, the "
                "inputs should be constant, but found a value computed in the graph. Try to set "
                "jit_syntax_level to LAX (or make the class a jit_class).", builder.loc)
        return NOT_HANDLED

    def on_folded_call(self, func: Any, result: Any) -> None:
        pass

    def on_python_call(self, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                       where: str) -> Any:
        builder = self.builder
        if func in GRAPH_BUILTINS:
            return GRAPH_BUILTINS[func](builder, *args, **kwargs)
        if callable(func):
            try:
                return func(*args, **kwargs)
            except GraphcError:
                raise
            except Exception as exc:
                raise GraphcStrictValueError(
                    f"'{where}' is called on a value computed in the graph, which needs JIT "
                    f"Fallback (running Python at run time): {type(exc).__name__}: {exc}. "
                    "jit_syntax_level=STRICT has none: use LAX (the default) to run it in "
                    "Python, or compute it with graphc ops.", builder.loc) from None
        raise GraphcTypeError(f"'{where}' is not callable", builder.loc)

    def on_framework_call(self, func: Any, args: tuple[Any, ...],
                          kwargs: dict[str, Any]) -> Any:
        return func(*args, **kwargs)

    # ---- objects outside the graph: read as constants, never changed
    def read_global(self, frame: Frame, name: str) -> Any:
        return self.builder.global_value(frame, name)

    def read_outside(self, value: Any) -> Any:
        if is_mutable_object(value):
            self.builder.external.setdefault(id(value), value)
        elif type(value) is tuple:  # the lists a folded tuple holds live outside too
            for item in value:
                self.read_outside(item)
        return value

    def changed_at_run_time(self, value: Any) -> bool:
        return False

    def on_attribute_read(self, obj: Any, attr: str) -> Any:
        return NOT_HANDLED

    def on_attribute_value(self, obj: Any, attr: str, value: Any) -> Any:
        return NOT_HANDLED

    def outside_graph(self, obj: Any) -> bool:
        return False

    def mutated_object(self, obj: Any) -> None:
        pass

    def note_escape(self, value: Any) -> None:
        pass

    def on_global_write(self, frame: Frame, name: str, value: Any) -> None:
        raise global_write_error(name, self.builder.loc)

    def before_rolled_loop(self, frame: Frame, assigned: frozenset[str]) -> None:
        pass  # no global is assigned at STRICT

    def on_item_store(self, container: Any, index: Any, value: Any) -> bool:
        if id(container) in self.builder.external:
            raise GraphcSyntaxError(
                f"assigning an item of a {type(container).__name__} that lives outside the "
                "function, which the static graph cannot express. Use jit_syntax_level=LAX "
                "(JIT Fallback) or change it outside.", self.builder.loc)
        return False

    def on_runtime_item_store(self, container: Any, index: Any, value: Any) -> Any:
        return NOT_HANDLED

    def on_attribute_store(self, obj: Any, attr: str, value: Any, current: Any) -> None:
        raise GraphcStrictTypeError(
            f"In JIT strict mode, if need to modify a member attribute of a class with "
            f"self.{attr}, the member attribute must be of the Parameter type. But got "
            f"'{current!r}' with type '{type(current).__name__}'. (Setting other attributes needs "
            "JIT Fallback: use jit_syntax_level=LAX, the default.)", self.builder.loc)

    def on_runtime_item(self, items: Any, index: Any) -> Any:
        return NOT_HANDLED

    def note_passed_to_python(self, operands: Any) -> None:
        pass

    # ---- statements and values
    def expand_loop_else(self, stmts: list[Any]) -> list[Any]:
        return stmts  # the loop statement itself raises MindSpore's error

    def run_statement(self, frame: Frame, stmt: Any,
                      method: Callable[[Frame, Any], None]) -> None:
        method(frame, stmt)

    def typed(self, value: Any) -> Any:
        return value

    def strict_error(self, exc: GraphcError) -> GraphcError | None:
        strict = getattr(exc, "strict", None)
        return strict if isinstance(strict, GraphcError) else None

    def deferred_raise(self, exc_type: type, args: tuple[Any, ...], halt: bool) -> None:
        pass  # raised now, at compile time

    def raise_in_python(self, exc: BaseException) -> bool:
        return False

    def check_output(self, value: Any) -> None:
        _refuse_strict_output(value)

    def python_joins(self, a: Any, b: Any) -> bool:
        return False

    def joins_as_objects(self, a: Any, b: Any) -> bool:
        return False

    def on_runtime_boolop(self, frame: Frame, is_and: bool, left: Any, truth: Any,
                          operand: Any) -> Any:
        builder = self.builder
        return builder.variable_boolop(is_and, left, builder.eval(frame, operand))


def global_write_error(name: str, loc: Any) -> GraphcSyntaxError:
    """Assigning a global needs JIT Fallback."""
    return GraphcSyntaxError(f"assigning the global '{name}' inside a compiled function needs "
                             "JIT Fallback: use jit_syntax_level=LAX (the default)", loc)


def _nothing() -> None:
    pass


def _without_python(reason: str) -> str:
    return reason.split(":")[0]


def _refuse_strict_output(value: Any) -> None:
    """STRICT's graph outputs are graph values and constants: a plain-class object or a function
    among them is MindSpore's RuntimeError (LAX returns them through JIT Fallback)."""
    from types import FunctionType, MethodType
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) in (tuple, list):
            stack.extend(item)
        elif type(item) is dict:
            stack.extend(item.values())
        elif is_plain_class(type(item)):
            raise GraphcSyntaxError(
                f"Illegal type in the graph: a {type(item).__name__} object (a plain class) "
                "cannot be an output of a graph compiled with jit_syntax_level=STRICT. Return "
                "Tensors or constants, make the class a jit_class, or use jit_syntax_level=LAX.")
        elif isinstance(item, (FunctionType, MethodType)):
            raise GraphcSyntaxError(
                "Function in output is not supported with jit_syntax_level=STRICT: return its "
                "result instead, or use jit_syntax_level=LAX.")


__all__ = ["NOT_HANDLED", "Policy", "StrictPolicy", "global_write_error"]
