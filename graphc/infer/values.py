"""Graph values: the stand-ins for run-time values while a graph is built.

`GraphTensor` is a `Tensor` whose data is not known yet: it holds the IR node that will compute
it, and an `ArrayMeta` (shape and NumPy dtype) where a real Tensor holds its array, so that
framework code reading `t.shape`, `t.dtype` or `t._data.dtype` works unchanged while anything
needing the values fails clearly. `GraphScalar` does the same for a Python number known only at
run time. Operations on them record nodes through the active tracer. `GraphAny` is the result of
an interpret node (JIT Fallback): any Python object, known only at run time.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.context import active_tracer
from ..common.errors import (
    GraphcError,
    GraphcStrictAttributeError,
    GraphcStrictValueError,
    GraphcTypeError,
)
from ..common.tensor import ArrayMeta, Tensor
from ..ir import node as ir
from .abstract import AbstractAny, AbstractScalar


class NeedsValueError(GraphcTypeError):
    """An operation needs the run-time value of a graph value (its data, text or truth); at
    LAX level the specialiser turns the operation into an interpret node instead. `strict`
    is the error STRICT raises in its place, with MindSpore's exception type."""

    def __init__(self, message: str, strict: GraphcError | None = None) -> None:
        super().__init__(message)
        self.strict = strict


def _no_value(what: str, strict: GraphcError | None = None) -> NeedsValueError:
    return NeedsValueError(
        f"{what}: inside a compiled function a Tensor computed from the inputs has no value "
        "until the graph runs. Use graphc ops on it instead, or run this part in PyNative mode.",
        strict)


def _strict_attribute(name: str, kind: str = "Tensor") -> GraphcStrictAttributeError:
    """MindSpore's STRICT refusal of a run-time attribute (AttributeError)."""
    return GraphcStrictAttributeError(
        f"In JIT strict mode, cannot get attributes {name} or the {kind} object has no "
        f"attribute: '{name}': a {kind} computed in the graph has no value until the graph "
        "runs. Use jit_syntax_level=LAX (the default) to run it in Python, or graphc ops.")


def _strict_constant_inputs(what: str) -> GraphcStrictValueError:
    """MindSpore's STRICT refusal of Python code on a graph value (ValueError)."""
    return GraphcStrictValueError(
        f"When handling {what} in graph mode, the inputs should be constant, but found a value "
        "computed in the graph. Try to set jit_syntax_level to LAX.")


class GraphTensor(Tensor):
    """A Tensor inside a graph being built: `node` computes it at run time."""

    __slots__ = ("node", "graphc_weight")

    def __init__(self, node: ir.Node, shape: tuple[int | None, ...], dtype: mstype.DType,
                 weight: Any = None) -> None:
        self.node = node
        self.graphc_weight = weight  # the Parameter this value reads, for ParameterTuple/grad
        self._data = ArrayMeta(tuple(shape), dtype.np_dtype)  # type: ignore[assignment]

    @property
    def dtype(self) -> mstype.DType:
        return mstype.from_numpy(self._data.dtype)

    def asnumpy(self) -> np.ndarray:
        raise _no_value("Tensor.asnumpy() on a graph value (needs JIT Fallback: use "
                        "jit_syntax_level=LAX)", _strict_attribute("asnumpy"))

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise _no_value("converting a graph Tensor to a NumPy array",
                        _strict_constant_inputs("a NumPy conversion of a Tensor"))

    def __bool__(self) -> bool:
        raise _no_value("the truth value of a graph Tensor")

    def item(self, index: Any = None) -> Any:
        if index is not None or self._data.size not in (1, -1):
            raise _no_value("Tensor.item() with an index")
        return tensor_to_scalar(self)

    def __int__(self) -> Any:
        return tensor_to_scalar(self, int)

    def __float__(self) -> Any:
        return tensor_to_scalar(self, float)

    def __index__(self) -> int:
        raise _no_value("using a graph Tensor as a Python index")

    def tolist(self) -> Any:
        raise _no_value("Tensor.tolist()", _strict_attribute("tolist"))

    def copy(self) -> Tensor:
        from ..ops.array_ops import identity
        return identity(self)

    def astype(self, dtype: Any, copy: bool = True) -> Tensor:
        from ..ops.array_ops import cast
        return cast(self, dtype)

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-D tensor")
        if self.shape[0] is None:
            raise _no_value("iterating over a Tensor whose first dimension is dynamic")
        for i in range(self.shape[0]):
            yield self[i]

    def __setitem__(self, index: Any, value: Any) -> Tensor:
        raise GraphcTypeError("in-place item assignment on a graph Tensor is done by the compiler "
                              "for `x[i] = v` statements only")

    def __str__(self) -> str:
        raise _no_value("str() of a graph Tensor (its text needs the value: print it instead)",
                        _strict_attribute("__str__"))

    def __repr__(self) -> str:
        return f"GraphTensor(shape={list(self.shape)}, dtype={self.dtype})"

    def __reduce__(self):
        raise _no_value("pickling a graph Tensor")


def tensor_to_scalar(t: GraphTensor, pytype: type | None = None) -> GraphScalar:
    """A run-time Python scalar read from a one-element graph Tensor."""
    if pytype is None:
        kind = t.dtype.kind
        pytype = bool if kind == "bool" else int if kind in ("int", "uint") else float
    return active_tracer.get().emit_scalar(ir.TENSOR_TO_SCALAR, (t,), {"type": pytype}, pytype)


def dimension(array: Any, axis: int) -> int:
    """The run-time size of `array` along `axis` (the shape primitive behind a dynamic dim)."""
    return int(np.shape(array)[axis])


def run_time_shape(t: GraphTensor) -> tuple[Any, ...]:
    """`x.shape` as user code reads it: a dynamic dimension (None while the graph is built) is a
    run-time int read from the Tensor when the graph runs, as MindSpore's shape primitive."""
    shape = t.shape
    if None not in shape:
        return shape
    tracer = active_tracer.get()
    return tuple(d if d is not None else
                 tracer.emit_scalar(ir.SCALAR_OP, (t, i), {"op": dimension}, int)
                 for i, d in enumerate(shape))


_RESULT_TYPES = (bool, int, float)


def _scalar_result(op: Any, a: type, b: type) -> type:
    if op in (operator.lt, operator.le, operator.gt, operator.ge, operator.eq, operator.ne):
        return bool
    if op in (operator.and_, operator.or_, operator.xor):
        if float in (a, b):
            raise GraphcTypeError("unsupported operand types for a bit operator: float")
        return bool if a is bool and b is bool else int
    if op in (operator.lshift, operator.rshift):
        if float in (a, b):
            raise GraphcTypeError("unsupported operand types for a shift: float")
        return int
    if op is operator.truediv:
        return float
    rank = max(_RESULT_TYPES.index(a), _RESULT_TYPES.index(b), 1)
    return _RESULT_TYPES[rank]


class GraphScalar:
    """A Python int/float/bool known only at run time (a loop counter, `t.item()`, ...)."""

    __slots__ = ("node", "type")
    # what autodiff (below infer) reads: a `mutable` number argument gets a zero gradient
    graphc_run_time_scalar = True

    def __init__(self, node: ir.Node, pytype: type) -> None:
        self.node = node
        self.type = pytype

    @property
    def abstract(self) -> AbstractScalar:
        return AbstractScalar(self.type)

    @property
    def graphc_scalar_type(self) -> type:
        """The Python type, for framework code dispatching on types (`MultitypeFuncGraph`)."""
        return self.type

    def __graphc_tensor__(self, dtype: mstype.DType | None = None) -> Tensor:
        """This scalar as a 0-d graph Tensor (of `dtype`, or the scalar's default dtype)."""
        if dtype is None:
            dtype = {bool: mstype.bool_, int: mstype.int64, float: mstype.float32}[self.type]
        tracer = active_tracer.get()
        return tracer.emit_tensor(ir.SCALAR_OP, (self,), {"op": "to_tensor", "dtype": dtype},
                                  (), dtype)

    def _binary(self, op: Any, other: Any, reflected: bool = False) -> Any:
        if isinstance(other, Tensor):
            from ..ops import convert
            return op(convert.scalar_operand_as_tensor(self, other), other) if not reflected \
                else op(other, convert.scalar_operand_as_tensor(self, other))
        if isinstance(other, GraphScalar):
            other_type = other.type
        elif isinstance(other, (bool, int, float)):
            other_type = type(other)
        elif isinstance(other, GraphAny):  # a value only Python knows: Python does it
            args = (other, self) if reflected else (self, other)
            return active_tracer.get().policy.interpret(
                op, args, {}, f"applies {getattr(op, '__name__', op)} to a value computed by "
                "Python at run time: runs in Python; its result has type Any")
        else:
            return NotImplemented
        args = (other, self) if reflected else (self, other)
        result_type = _scalar_result(op, self.type, other_type)
        return active_tracer.get().emit_scalar(ir.SCALAR_OP, args, {"op": op}, result_type)

    def __bool__(self) -> bool:
        raise _no_value("the truth value of a run-time scalar")

    def __index__(self) -> int:
        raise _no_value("using a run-time scalar as an index")

    def __hash__(self) -> int:
        return id(self)

    def __str__(self) -> str:
        raise _no_value("str() of a run-time scalar (its text needs the value: print it "
                        "instead)")

    def __repr__(self) -> str:
        return f"GraphScalar({self.type.__name__})"

    def __neg__(self) -> GraphScalar:
        return active_tracer.get().emit_scalar(ir.SCALAR_OP, (self,), {"op": operator.neg},
                                               self.type if self.type is not bool else int)

    def __round__(self, ndigits: Any = None) -> GraphScalar:
        if ndigits is None:
            return active_tracer.get().emit_scalar(ir.SCALAR_OP, (self,), {"op": round}, int)
        return active_tracer.get().emit_scalar(ir.SCALAR_OP, (self, ndigits), {"op": round},
                                               self.type)

    def __abs__(self) -> GraphScalar:
        return active_tracer.get().emit_scalar(ir.SCALAR_OP, (self,), {"op": abs}, self.type)


def _make_binary(op: Any, reflected: bool = False):
    def method(self: GraphScalar, other: Any) -> Any:
        return self._binary(op, other, reflected)
    return method


for _name, _op in [("add", operator.add), ("sub", operator.sub), ("mul", operator.mul),
                   ("truediv", operator.truediv), ("floordiv", operator.floordiv),
                   ("mod", operator.mod), ("pow", operator.pow)]:
    setattr(GraphScalar, f"__{_name}__", _make_binary(_op))
    setattr(GraphScalar, f"__r{_name}__", _make_binary(_op, reflected=True))
for _name, _op in [("and", operator.and_), ("or", operator.or_), ("xor", operator.xor),
                   ("lshift", operator.lshift), ("rshift", operator.rshift)]:
    setattr(GraphScalar, f"__{_name}__", _make_binary(_op))
    setattr(GraphScalar, f"__r{_name}__", _make_binary(_op, reflected=True))
for _name, _op in [("lt", operator.lt), ("le", operator.le), ("gt", operator.gt),
                   ("ge", operator.ge), ("eq", operator.eq), ("ne", operator.ne)]:
    setattr(GraphScalar, f"__{_name}__", _make_binary(_op))


class GraphAny:
    """The result of an interpret node: a Python object known only at run time (type `Any`).

    The specialiser turns every operation on it into another interpret node; `annotation` is
    what a `# @jit.typing:` comment says it holds (checked when the node runs), or None.
    """

    __slots__ = ("node", "annotation")

    def __init__(self, node: ir.Node, annotation: Any = None) -> None:
        self.node = node
        self.annotation = annotation

    @property
    def abstract(self) -> AbstractAny:
        return AbstractAny(self.annotation)

    def __bool__(self) -> bool:
        raise _no_value("the truth value of a value computed by Python at run time")

    def __iter__(self):
        raise _no_value("iterating over a value computed by Python at run time")

    def __len__(self) -> int:
        raise _no_value("len() of a value computed by Python at run time")

    def __index__(self) -> int:
        raise _no_value("using a value computed by Python at run time as an index")

    def __hash__(self) -> int:
        return id(self)

    def __str__(self) -> str:
        raise _no_value("str() of a value computed by Python at run time")

    def __repr__(self) -> str:
        return "GraphAny()" if self.annotation is None else f"GraphAny({self.annotation})"


def dict_of(value: Any) -> dict[Any, Any]:
    """The dict behind `value` (a dict or one of its views)."""
    return value if type(value) is dict else dict(value.mapping)


_VIEW_TYPES: tuple[type, ...] = (type({}.keys()), type({}.values()), type({}.items()))


def contains_graph_value(value: Any) -> bool:
    """Whether `value` (or a container, or a dict view, holding it) is known only at run time:
    a graph Tensor, scalar or Any, or a Parameter (read at run time)."""
    from ..common.parameter import Parameter
    if isinstance(value, (GraphTensor, GraphScalar, GraphAny, Parameter)):
        return True
    if isinstance(value, (tuple, list)):
        return any(contains_graph_value(v) for v in value)
    if isinstance(value, dict):
        return any(contains_graph_value(v) for v in value.values())
    if type(value) in _VIEW_TYPES:
        return contains_graph_value(dict_of(value))
    return False
