"""What a call in user code does, by the kind of its callee.

`CALLEE_KINDS` is the ordered table of callee kinds, each a `CalleeKind` with its test
(`claims`) and its `call`: `print` (a print node), a value only Python knows (an interpret
node), a run-time choice between callables (`items[i](...)`: branches), `functools.partial`
(unwrapped), inner functions and user functions (inlined by interpreting their source), `@jit`
functions (transparent), Cells (user Cells inlined, framework Cells run), user methods,
framework callables (run, recording their primitives), a jit_class instance without
`__call__` (an error) and any other Python callable (folded on constants, else the policy's).
The first kind that claims the callee calls it; the last claims everything. A kind tests the
callee's type first (`CalleeKind.types`), so the walk costs what the if-ladder it replaces did.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import TYPE_CHECKING, Any

from ...common import dtype as mstype
from ...common.errors import GraphcTypeError, GraphcValueError
from ...common.internal import user_operations
from ...common.tensor import Tensor, tensor
from ...ir import node as ir
from ...ir.graph import FuncGraph
from ...parser.resolve import Origin, origin_of
from ..policy import NOT_HANDLED
from ..python_objects import contains_any
from ..support import (
    InterpretedFunction,
    RuntimeChoice,
    cell_call_target,
    copy_container,
    is_framework,
)
from ..values import GraphAny, GraphScalar, GraphTensor, contains_graph_value
from . import branches

if TYPE_CHECKING:
    from ..specialize import GraphBuilder


def tensor_of_graph_value(data: Any, dtype: Any) -> Tensor:
    """`Tensor(data, dtype)` for run-time numbers or Tensors (or sequences of them): the graph
    builds it (a conversion, a cast, or a stack)."""
    from ...ops import array_ops
    dtype = mstype.to_dtype(dtype) if dtype is not None else None
    if isinstance(data, GraphScalar):
        return data.__graphc_tensor__(dtype)
    if isinstance(data, GraphTensor):
        return array_ops.cast(data, dtype) if dtype is not None else array_ops.identity(data)
    items = [tensor_of_graph_value(v, dtype) if contains_graph_value(v) else
             Tensor(v, dtype) for v in data]
    if dtype is None:  # the promoted type of the items, as Tensor([...]) would give
        dtype = functools.reduce(mstype.promote, [t.dtype for t in items])
        items = [array_ops.cast(t, dtype) for t in items]
    return array_ops.stack(items)


def call_choice(b: GraphBuilder, choice: RuntimeChoice, args: tuple[Any, ...],
                kwargs: dict[str, Any]) -> Any:
    """Call the item a run-time index picks: one branch per item, joined like an `if`."""
    from ...ops import math_ops
    position = math_ops.floor_mod(choice.index, len(choice.items))

    def build(lo: int, hi: int) -> Any:
        if hi - lo == 1:
            return b.call(choice.items[lo], args, kwargs)
        mid = (lo + hi) // 2
        cond = b.truth(math_ops.less(position, mid))
        values, graphs = [], []
        for a, vb in ((lo, mid), (mid, hi)):
            graph = FuncGraph(f"{b.graph.name}_case_{len(b.graph.nodes)}",
                              parent=b.graph, loc=b.loc)
            with b.in_graph(graph):
                values.append(build(a, vb))
            graphs.append(graph)
        (merged,) = branches.join_branches(b, cond, graphs[0], graphs[1], [values[0]],
                                           [values[1]], ["<selected call>"])
        return merged

    return build(0, len(choice.items))


def call_user(b: GraphBuilder, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
              self_obj: Any = None) -> Any:
    b.call_stack.append(b.loc)
    try:
        return b.call_function(fn, args, kwargs, self_obj)
    finally:
        b.call_stack.pop()


def call_framework(b: GraphBuilder, func: Any, args: tuple[Any, ...],
                   kwargs: dict[str, Any]) -> Any:
    if (func is Tensor or func is tensor) and args and \
            isinstance(args[0], (GraphScalar, GraphTensor, tuple, list)) and \
            contains_graph_value(args[0]) and not contains_any(args[0]):
        dtype = kwargs.get("dtype", args[1] if len(args) > 1 else None)
        return tensor_of_graph_value(args[0], dtype)
    return b.policy.on_framework_call(func, args, kwargs)


@user_operations
def call_python(b: GraphBuilder, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """A builtin, class, or third-party callable: run it now when its inputs are constants
    (MindSpore folds these even in STRICT); otherwise the policy decides (STRICT: it cannot
    be in the graph; LAX: it runs in Python at run time)."""
    handled = b.policy.before_python_call(func, args, kwargs)
    if handled is not NOT_HANDLED:
        return handled
    if not contains_graph_value(args) and not contains_graph_value(tuple(kwargs.values())):
        result = func(*args, **kwargs)
        b.policy.on_folded_call(func, result)
        return result
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func))
    module = getattr(func, "__module__", None)
    where = f"{module}.{name}" if module and module != "builtins" else str(name)
    return b.policy.on_python_call(func, args, kwargs, where)


def call_print(b: GraphBuilder, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A print node for `print(*args, **kwargs)`, run in program order (`ops.Print`)."""
    for key in kwargs:
        if key not in ("sep", "end", "file", "flush"):
            raise GraphcTypeError(f"print() got an unexpected keyword argument '{key}'",
                                  b.loc)
    if contains_graph_value(kwargs.get("sep")) or contains_graph_value(kwargs.get("end")):
        raise GraphcTypeError("print(): 'sep' and 'end' must be constants", b.loc)
    b.effects += 1
    # a list or dict the graph built prints as it is now (later changes are made while
    # compiling); one from outside prints as it is when the print runs
    args = tuple(copy_container(a, b.policy.outside_graph) for a in args)
    b.graph.add(ir.CNode((ir.ValueNode(ir.PRINT),) +
                         tuple(b.node_of(a, python=True) for a in args),
                         dict(kwargs), None, b.loc))
    return None


def kind_of(func: Any) -> CalleeKind:
    """The first callee kind of `CALLEE_KINDS` that claims `func` (`GraphBuilder.call` makes
    the same walk, inline)."""
    for kind in CALLEE_KINDS:
        if (kind.types is None or isinstance(func, kind.types)) and \
                (kind.claims is None or kind.claims(func)):
            return kind
    raise AssertionError("the last callee kind claims every callee")  # pragma: no cover


Call = Callable[["GraphBuilder", Any, tuple[Any, ...], dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class CalleeKind:
    """One kind of callee and how a call of it is built (`call`). It claims the instances of
    `types` (any callee when None) for which `claims(callee)`, when given, is true. (A test of
    the type first keeps the dispatch as cheap as the if-ladder it replaces.)"""

    name: str
    call: Call
    types: tuple[type, ...] | type | None = None
    claims: Callable[[Any], Any] | None = None


def _print(b: GraphBuilder, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    return call_print(b, args, kwargs)


def _python_value(b: GraphBuilder, func: Any, args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> Any:
    return b.policy.interpret(func, args, kwargs, "calls a value computed by Python at run "
                              "time: runs in Python; its result has type Any")


def _partial(b: GraphBuilder, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return b.call(func.func, tuple(func.args) + tuple(args), {**func.keywords, **kwargs})


def _jit_function(b: GraphBuilder, func: Any, args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> Any:
    fn, bound_self = func.__graphc_jit_function__()  # a @jit function in a graph: transparent
    return call_user(b, fn, args, kwargs, bound_self)


def _cell(b: GraphBuilder, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    cell, construct = cell_call_target(func)  # type: ignore[misc]
    args = cell.__graphc_cast_inputs__(args)  # to_float's input casts (nn/cell.py)
    if origin_of(type(cell)) is Origin.FRAMEWORK:
        return call_framework(b, construct.__get__(cell), args, kwargs)
    return call_user(b, construct, args, kwargs, cell)


def _is_user_method(func: MethodType) -> bool:
    target, bound = func.__func__, func.__self__
    return isinstance(target, FunctionType) and not isinstance(bound, type) \
        and origin_of(target) is Origin.USER and not isinstance(bound, Tensor)


def _is_user_code(func: Any) -> bool:
    return origin_of(func) is Origin.USER


def _has_attribute(name: str, func: Any) -> bool:
    return getattr(func, name, None) is not None


def _uncallable_ms_class_instance(func: Any) -> bool:
    return bool(getattr(type(func), "__ms_class__", False)) and not callable(func)


def _user_method(b: GraphBuilder, func: Any, args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> Any:
    return call_user(b, func.__func__, args, kwargs, func.__self__)


def _uncallable_ms_class(b: GraphBuilder, func: Any, args: tuple[Any, ...],
                         kwargs: dict[str, Any]) -> Any:
    raise GraphcValueError(f"MsClassObject: '{type(func).__name__}' has no __call__ function, "
                           "please check the code.", b.loc)


CALLEE_KINDS: tuple[CalleeKind, ...] = (
    CalleeKind("print", _print, BuiltinFunctionType, functools.partial(operator.is_, print)),
    CalleeKind("a value computed by Python", _python_value, GraphAny),
    CalleeKind("a run-time choice", call_choice, RuntimeChoice),
    CalleeKind("functools.partial", _partial, functools.partial),
    CalleeKind("an inner function", call_user, InterpretedFunction),
    CalleeKind("a @jit function", _jit_function,
               claims=functools.partial(_has_attribute, "__graphc_jit_function__")),
    CalleeKind("a Cell", _cell, claims=cell_call_target),
    CalleeKind("a user method", _user_method, MethodType, _is_user_method),
    CalleeKind("a user function", call_user, FunctionType, _is_user_code),
    CalleeKind("a framework callable", call_framework, claims=is_framework),
    # (only user classes are jit_classes: no framework callable is one)
    CalleeKind("a jit_class instance without __call__", _uncallable_ms_class,
               claims=_uncallable_ms_class_instance),
    CalleeKind("a Python callable", call_python),
)
