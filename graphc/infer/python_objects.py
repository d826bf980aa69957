"""What the specialiser knows about the Python objects and callables it meets: plain classes,
builtins, in-place methods of containers, how a message names them, and the small functions
that interpret nodes call at run time (`raise_exception`, `join_str`, ...).

Both policies use these (STRICT to say why something cannot be graphed, LAX to decide what runs
in Python); nothing here decides between them.
"""

from __future__ import annotations

import operator
from types import BuiltinFunctionType, MethodType, ModuleType
from typing import Any

import numpy as np

from ..common.tensor import Tensor
from ..ir import node as ir
from ..parser.resolve import Origin, origin_of
from .values import GraphAny

# Mutable values whose contents a guard checks when a graph folded them.
CONTENT_GUARDED = (list, dict, set, np.ndarray)


# Expression kinds the graph has no node for, run in Python at LAX level.
INTERPRETABLE_EXPRESSIONS = frozenset({"SetComp"})


# In-place methods of builtin containers: on an object from outside the graph they run at run
# time, on the real object (SPEC 3.5).
MUTATORS: dict[type, frozenset[str]] = {
    list: frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear",
                     "__setitem__", "__delitem__", "__iadd__"}),
    dict: frozenset({"update", "pop", "popitem", "setdefault", "clear", "__setitem__",
                     "__delitem__"}),
    set: frozenset({"add", "discard", "remove", "update", "clear", "pop",
                    "intersection_update", "difference_update", "symmetric_difference_update"}),
    bytearray: frozenset({"append", "extend", "insert", "pop", "remove", "reverse", "clear"}),
    np.ndarray: frozenset({"fill", "sort", "resize", "put", "itemset", "partition",
                           "setfield", "setflags", "__setitem__"}),
}


OPERATOR_WORDS = {
    operator.add: "'+'", operator.sub: "'-'", operator.mul: "'*'", operator.truediv: "'/'",
    operator.floordiv: "'//'", operator.mod: "'%'", operator.pow: "'**'",
    operator.matmul: "'@'", operator.and_: "'&'", operator.or_: "'|'", operator.xor: "'^'",
    operator.lshift: "'<<'", operator.rshift: "'>>'", operator.eq: "'=='",
    operator.ne: "'!='", operator.lt: "'<'", operator.le: "'<='", operator.gt: "'>'",
    operator.ge: "'>='", operator.is_: "'is'", operator.is_not: "'is not'",
    operator.getitem: "indexing", operator.neg: "unary '-'", operator.pos: "unary '+'",
    operator.invert: "'~'",
}


# Builtins whose answer on a graph value would describe the stand-in, not the run-time value.
_VALUE_BUILTINS = frozenset({repr, id, hash, type, vars, dir, str, format, ascii})


# Standard modules whose functions only combine values (they run while the graph is built).
_STRUCTURAL_MODULES = frozenset({"functools", "operator", "_operator", "itertools"})


def contains_any(value: Any) -> bool:
    """Whether `value` (or a tuple, list or dict inside it) is a value only Python knows."""
    if isinstance(value, GraphAny):
        return True
    if isinstance(value, (tuple, list)):
        return any(contains_any(v) for v in value)
    if isinstance(value, dict):
        return any(contains_any(v) for v in value.values())
    return False


def callable_name(func: Any) -> str:
    """How a message names `func` (`Tensor.sum()`, `list.append()`, `numpy.sum`)."""
    if isinstance(func, MethodType) and isinstance(func.__self__, Tensor):
        return f"Tensor.{func.__name__}()"
    if isinstance(func, MethodType) or (isinstance(func, BuiltinFunctionType)
                                        and not isinstance(getattr(func, "__self__", None),
                                                           ModuleType)
                                        and getattr(func, "__self__", None) is not None):
        owner = func.__self__
        owner_name = owner.__name__ if isinstance(owner, type) else type(owner).__name__
        return f"{owner_name}.{func.__name__}()"
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
    if name is None:
        return f"a {type(func).__name__} object"
    module = getattr(func, "__module__", None) or ""
    top = module.split(".")[0]
    return f"{top + '.' if top and top != 'builtins' else ''}{name}"


def changes_outside_object(external: dict[int, Any], func: Any) -> bool:
    """Whether `func` is an in-place method of an object from outside the graph (`external`:
    those objects, by id)."""
    owner = getattr(func, "__self__", None)
    return owner is not None and id(owner) in external and \
        getattr(func, "__name__", "") in MUTATORS.get(type(owner), ())


def is_builtin_callable(func: Any) -> bool:
    """A builtin or structural function, type, or method of a builtin object (`len`,
    `list.append`, `functools.partial`): tried on graph values while the graph is built."""
    owner = getattr(func, "__self__", None)
    if isinstance(func, BuiltinFunctionType) and owner is not None and \
            not isinstance(owner, ModuleType):
        return type(owner).__module__ == "builtins"
    if func in _VALUE_BUILTINS:
        return False
    module = getattr(func, "__module__", None)
    return module == "builtins" or module in _STRUCTURAL_MODULES


def third_party_reason(func: Any, where: str) -> str:
    """Why a call of the third-party `func` (named `where`) runs in Python."""
    module = (getattr(func, "__module__", None) or "").split(".")[0]
    what = f"{module}.{getattr(func, '__name__', where)}" if module and module != "builtins" \
        else where
    if isinstance(func, type):
        return (f"creates a {what}, a class the graph does not know: runs in Python; the "
                "object has type Any")
    return (f"calls {what}, a third-party function: runs in Python; its result has type Any — "
            "add a `# @jit.typing:` comment to type it")


def any_words(value: Any) -> str:
    """How a reason names a value only Python knows."""
    if isinstance(value, GraphAny) and isinstance(value.node, ir.ValueNode):
        return (f"the {type(value.node.value).__name__} that lives outside the function, "
                "which it changes")
    return "a value computed by Python"


def kind_words(obj: Any) -> str:
    """How a reason names the kind of `obj`."""
    if isinstance(obj, GraphAny):
        return "value computed by Python"
    return f"{type(obj).__name__} object"


def is_plain_class(func: Any) -> bool:
    """A user class that is neither a Cell nor a `jit_class` nor an exception (SPEC 3.3)."""
    return isinstance(func, type) and origin_of(func) is Origin.USER and \
        not getattr(func, "__ms_class__", False) and not hasattr(func, "construct") and \
        not issubclass(func, BaseException)


def is_mutable_object(value: Any) -> bool:
    """A container, array or plain-class object: something code can change in place."""
    kind = type(value)
    if kind in (list, dict, set, bytearray) or isinstance(value, np.ndarray):
        return True
    return is_plain_class(kind)


# ---- the functions interpret nodes call at run time


def raise_exception(exc: Any, *args: Any) -> None:
    """Raise `exc` (an exception, or an exception class called with `args`) at run time."""
    raise exc(*args) if isinstance(exc, type) else exc


def python_and(a: Any, b: Any) -> Any:
    return a and b


def make_set(*items: Any) -> set[Any]:
    return set(items)


def join_str(*parts: Any) -> str:
    return "".join(str(p) for p in parts)


def format_value(value: Any, conversion: int, spec: str) -> str:
    """One `{value!conversion:spec}` of an f-string."""
    if conversion == ord("r"):
        value = repr(value)
    elif conversion == ord("s"):
        value = str(value)
    elif conversion == ord("a"):
        value = ascii(value)
    return format(value, spec)


def unpack_python(value: Any, count: int, star: int) -> tuple[Any, ...]:
    """Python's unpacking of `value` into `count` targets (the one at `star` starred)."""
    if star < 0:
        items = tuple(value)
        if len(items) != count:
            raise ValueError(f"{'too many' if len(items) > count else 'not enough'} values to "
                             f"unpack (expected {count}, got {len(items)})")
        return items
    items = tuple(value)
    after = count - star - 1
    if len(items) < count - 1:
        raise ValueError(f"not enough values to unpack (expected at least {count - 1}, got "
                         f"{len(items)})")
    return items[:star] + (list(items[star:len(items) - after]),) + items[len(items) - after:]


def item_at(items: Any, index: Any) -> Any:
    """`items[index]` at run time, `index` an int or a one-element integer Tensor."""
    return items[int(index)]


def with_item(container: Any, index: Any, value: Any) -> Any:
    """A copy of the list or dict `container` with `container[index] = value` (the graph's
    value semantics for a container it built)."""
    new = type(container)(container)
    new[index] = value
    return new


def array_with_item(array: np.ndarray, index: Any, value: Any) -> np.ndarray:
    """`array[index] = value` on a copy (the graph's NumPy arrays are values: each name that
    is assigned gets the changed array)."""
    new = array.copy()
    new[index] = np.asarray(value) if isinstance(value, Tensor) else value
    return new
