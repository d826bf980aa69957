"""MindSpore's type-dispatched functions and maps: `MultitypeFuncGraph`, `HyperMap`, `Map`.

`MultitypeFuncGraph(name)` holds implementations registered for argument type names
(`@f.register("Tensor", "Number")`); a call runs the first registration whose names match the
arguments' types. The same dispatch serves PyNative and graphs: inside a graph being built the
arguments are graph values (a graph Tensor is a Tensor, a run-time number a `GraphScalar`),
their types are known, and the chosen implementation is handed to the graph builder (the
active tracer) to be compiled like any other call. `HyperMap` applies a function to the
leaves of nested tuples and lists (stopping where a MultitypeFuncGraph has an implementation
for the values as they are), `Map` to the elements of one level.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Number
from typing import Any

from ..common.context import active_tracer
from ..common.tensor import Tensor

# The type names `register` accepts, each with the names it also matches (its parents).
_PARENTS: dict[str, tuple[str, ...]] = {
    "Tensor": (), "Number": (), "Bool": ("Number",), "Int": ("Number",),
    "UInt": ("Number",), "Float": ("Number",), "Complex": ("Number",), "String": (),
    "Tuple": (), "List": (), "Dict": (), "None": (), "Function": (), "Slice": (),
    "Ellipsis": (), "Type": (), "Any": (),
}


def type_name(value: Any) -> str:
    """MindSpore's name for the type of `value` ("Tensor", "Int", "Tuple", ...), graph values
    included."""
    if isinstance(value, Tensor):
        return "Tensor"
    scalar_type = getattr(value, "graphc_scalar_type", None)  # a run-time number in a graph
    if scalar_type is not None:
        return {bool: "Bool", int: "Int", float: "Float"}.get(scalar_type, "Number")
    if isinstance(value, bool):
        return "Bool"
    if isinstance(value, int):
        return "Int"
    if isinstance(value, float):
        return "Float"
    if isinstance(value, complex):
        return "Complex"
    if isinstance(value, Number):
        return "Number"
    for kind, name in ((str, "String"), (tuple, "Tuple"), (list, "List"), (dict, "Dict"),
                       (slice, "Slice"), (type, "Type")):
        if isinstance(value, kind):
            return name
    if value is None:
        return "None"
    if value is Ellipsis:
        return "Ellipsis"
    if callable(value):
        return "Function"
    return type(value).__name__


def _matches(registered: str, actual: str) -> bool:
    return registered in (actual, "Any") or registered in _PARENTS.get(actual, ())


def _invoke(fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    """Call `fn`; while a graph is built, through the builder, so that user code is compiled."""
    tracer = active_tracer.get()
    if tracer is not None:
        return tracer.call(fn, args, {})
    return fn(*args)


class MultitypeFuncGraph:
    """`MultitypeFuncGraph(name)`: one function with an implementation per argument types."""

    def __init__(self, name: str, read_value: bool = False, doc_url: str = "",
                 need_raise: bool = False) -> None:
        if not isinstance(name, str):
            raise TypeError(f"For 'MultitypeFuncGraph', the argument 'name' must be a str, but "
                            f"got {type(name).__name__}.")
        self.name = name
        self.read_value = read_value
        self.entries: list[tuple[tuple[str, ...], Callable[..., Any]]] = []

    def register(self, *type_names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Decorator: the decorated function implements this one for arguments of
        `type_names` ("Tensor", "Number", "Bool", "Int", "Float", "String", "Tuple", "List",
        "Dict", "None", "Function", ...)."""
        for name in type_names:
            if not isinstance(name, str) or name not in _PARENTS:
                raise TypeError(
                    f"For 'MultitypeFuncGraph.register', the type names must be among "
                    f"{sorted(_PARENTS)}, but got {name!r}.")

        def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
            self.entries.append((tuple(type_names), fn))
            return fn
        return deco

    def accepts(self, args: tuple[Any, ...]) -> bool:
        """Whether an implementation is registered for the types of `args`."""
        actual = tuple(type_name(a) for a in args)
        return any(len(names) == len(actual) and all(map(_matches, names, actual))
                   for names, _ in self.entries)

    def select(self, args: tuple[Any, ...]) -> Callable[..., Any]:
        """The implementation registered for the types of `args`; ValueError if there is
        none (TypeError if none takes that many arguments)."""
        actual = tuple(type_name(a) for a in args)
        for names, fn in self.entries:
            if len(names) == len(actual) and all(map(_matches, names, actual)):
                return fn
        registered = ", ".join(f"({', '.join(names)})" for names, _ in self.entries)
        # No registration takes this many arguments: a TypeError; wrong types: a ValueError.
        error = ValueError if any(len(n) == len(actual) for n, _ in self.entries) else TypeError
        raise error(
            f"For 'MultitypeFuncGraph' '{self.name}', cannot find fn match given args. The "
            f"arguments have types ({', '.join(actual)}), and the registered types are "
            f"[{registered}]. Register an implementation for these types.")

    def __call__(self, *args: Any) -> Any:
        return _invoke(self.select(args), args)

    def __repr__(self) -> str:
        return f"MultitypeFuncGraph({self.name!r})"


def _is_sequence(value: Any) -> bool:
    return isinstance(value, (tuple, list))


def _map_level(name: str, fn: Callable[..., Any], args: tuple[Any, ...],
               leaf: Callable[[Callable[..., Any], tuple[Any, ...]], Any]) -> tuple[Any, ...]:
    """Apply `leaf(fn, elements)` to the i-th elements of the sequences `args`."""
    if not all(_is_sequence(a) for a in args):
        kinds = ", ".join(type_name(a) for a in args)
        raise TypeError(f"For '{name}', the arguments must all be tuples or lists when one is, "
                        f"but got ({kinds}).")
    lengths = {len(a) for a in args}
    if len(lengths) != 1:
        raise ValueError(f"For '{name}', the sequences must have the same length, but got "
                         f"lengths {[len(a) for a in args]}.")
    out = tuple(leaf(fn, elements) for elements in zip(*args))
    # As MindSpore: in a graph, lists map to lists; PyNative gives tuples.
    return list(out) if isinstance(args[0], list) and active_tracer.get() is not None else out


class HyperMap:
    """`HyperMap(ops=None, reverse=False)`: applies a function to the leaves of (nested)
    tuples and lists, element by element: `HyperMap()(f, xs, ys)` or `HyperMap(f)(xs, ys)`."""

    def __init__(self, ops: Callable[..., Any] | None = None, reverse: bool = False) -> None:
        self.ops = ops
        self.reverse = reverse

    def _split(self, args: tuple[Any, ...]) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        if self.ops is not None:
            return self.ops, args
        if not args or not callable(args[0]):
            raise TypeError(f"For '{type(self).__name__}', with no function given to the "
                            "constructor the first argument must be the function to apply.")
        return args[0], args[1:]

    def _apply(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        # (a MultitypeFuncGraph registered for these very types, a "Tuple" among them, takes
        # them as they are instead of being mapped over the tuple)
        if any(_is_sequence(a) for a in args) and \
                not (isinstance(fn, MultitypeFuncGraph) and fn.accepts(args)):
            return _map_level("HyperMap", fn, args, self._apply)
        return _invoke(fn, args)

    def __call__(self, *args: Any) -> Any:
        fn, rest = self._split(args)
        if not rest:
            raise TypeError(f"For '{type(self).__name__}', at least one sequence to map over "
                            "is required.")
        return self._apply(fn, rest)


class Map(HyperMap):
    """`Map(ops=None, reverse=False)`: applies a function to the elements of tuples or lists
    (one level, no recursion into nested sequences)."""

    def _apply(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return _map_level("Map", fn, args, lambda f, elements: _invoke(f, elements))
