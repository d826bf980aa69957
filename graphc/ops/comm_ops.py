"""Collective communication primitives: `ops.AllReduce`, `AllGather`, `ReduceScatter`,
`Broadcast`, `Barrier` and `ops.ReduceOp`.

Each is a primitive of the table with effect "collective": eagerly it calls the installed
collective backend; inside a graph it is recorded as a node even when its inputs are constants,
and the passes neither drop, merge nor fold it, so every rank runs the same collectives in
program order. The gradients are collectives too (AllReduce's is AllReduce(sum), AllGather's is
ReduceScatter(sum), ReduceScatter's is AllGather, Broadcast's sums the gradients onto the root).

The backend (the processes, the groups, the transport) lives above ops, in
`graphc.communication`, which installs it (`collective_backend.py`) when `init()` runs; before
that a collective is a RuntimeError saying to call `init()`. The Tensor-returning functions here
are private: the public `ops.all_reduce` and friends are MindSpore 2.10's in-place functions
(`comm_func.py`); these serve the primitive classes.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .collective_backend import WORLD_GROUP, collective_backend
from .convert import to_tensor
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive


class ReduceOp:
    """The reductions of `AllReduce` and `ReduceScatter` (MindSpore's spellings)."""

    SUM = "sum"
    MAX = "max"
    MIN = "min"
    PROD = "prod"


_REDUCE_OPS = (ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PROD)
ReduceName = Literal["sum", "max", "min", "prod"]  # the attribute: one of _REDUCE_OPS


def _check_reduce(op: str, reduce: Any) -> str:
    if reduce not in _REDUCE_OPS:
        raise op_error(op, f"the 'op' must be one of ReduceOp.SUM, MAX, MIN, PROD "
                       f"({list(_REDUCE_OPS)}), but got {reduce!r}.")
    return str(reduce)


def _check_group(op: str, group: Any) -> str:
    if not isinstance(group, str) or not group:
        raise op_error(op, f"the 'group' must be a non-empty str, but got {group!r}.", TypeError)
    return group


def _check_dtype(op: str, x: TensorSpec) -> None:
    if x.dtype == mstype.bool_:
        raise op_error(op, "the input must be a numeric Tensor, but got a bool Tensor; "
                       "cast it to int32 first.", TypeError)


# --- AllReduce -----------------------------------------------------------------------------

def _all_reduce_infer(x: TensorSpec, *, op: ReduceName, group: str) -> TensorSpec:
    _check_dtype("AllReduce", x)
    collective_backend("AllReduce").group_size("AllReduce", group)
    return x


def _all_reduce_impl(x: np.ndarray, *, op: ReduceName, group: str) -> np.ndarray:
    return collective_backend("AllReduce").all_reduce("AllReduce", x, op, group)


def _all_reduce_bprop(x: Any, out: Any, dout: Any, *, op: str, group: str) -> tuple[Any]:
    from .arith_ops import div, mul
    from .array_ops import cast
    from .compare_ops import equal
    if op == ReduceOp.SUM:
        return (apply(ALL_REDUCE, dout, op=ReduceOp.SUM, group=group),)
    if op == ReduceOp.PROD:  # d(prod_r x_r)/dx_me = out / x_me, summed over the ranks' douts
        return (div(apply(ALL_REDUCE, mul(dout, out), op=ReduceOp.SUM, group=group), x),)
    # max/min: the gradient flows to the ranks whose value was the result
    mask = cast(equal(x, out), dout.dtype)
    return (mul(apply(ALL_REDUCE, dout, op=ReduceOp.SUM, group=group), mask),)


ALL_REDUCE = primitive("all_reduce", _all_reduce_impl, _all_reduce_infer, _all_reduce_bprop,
                       effects=frozenset({"collective"}))


def _all_reduce(x: Any, op: str = ReduceOp.SUM, group: str = WORLD_GROUP) -> Tensor:
    """`x` reduced element-wise over the ranks of `group` with `op`; every rank gets it."""
    return apply(ALL_REDUCE, to_tensor(x), op=_check_reduce("AllReduce", op),
                 group=_check_group("AllReduce", group))


# --- AllGather / ReduceScatter -------------------------------------------------------------

def _all_gather_infer(x: TensorSpec, *, group: str) -> TensorSpec:
    _check_dtype("AllGather", x)
    n = collective_backend("AllGather").group_size("AllGather", group)
    if not x.shape:
        raise op_error("AllGather", "the input must have at least one dimension, but got a "
                       "scalar Tensor.")
    first = None if x.shape[0] is None else x.shape[0] * n
    return TensorSpec((first,) + tuple(x.shape[1:]), x.dtype)


def _all_gather_impl(x: np.ndarray, *, group: str) -> np.ndarray:
    return collective_backend("AllGather").all_gather("AllGather", x, group)


ALL_GATHER = primitive(
    "all_gather", _all_gather_impl, _all_gather_infer,
    lambda x, out, dout, *, group: (apply(REDUCE_SCATTER, dout, op=ReduceOp.SUM, group=group),),
    effects=frozenset({"collective"}))


def _all_gather(x: Any, group: str = WORLD_GROUP) -> Tensor:
    """The `x` of every rank of `group`, concatenated along dimension 0 in rank order."""
    return apply(ALL_GATHER, to_tensor(x), group=_check_group("AllGather", group))


def _reduce_scatter_infer(x: TensorSpec, *, op: ReduceName, group: str) -> TensorSpec:
    _check_dtype("ReduceScatter", x)
    n = collective_backend("ReduceScatter").group_size("ReduceScatter", group)
    if not x.shape or (x.shape[0] is not None and x.shape[0] % n):
        raise op_error("ReduceScatter", f"the first dimension of the input (shape "
                       f"{list(x.shape)}) must be divisible by the group size {n} of "
                       f"'{group}'.")
    first = None if x.shape[0] is None else x.shape[0] // n
    return TensorSpec((first,) + tuple(x.shape[1:]), x.dtype)


def _reduce_scatter_impl(x: np.ndarray, *, op: ReduceName, group: str) -> np.ndarray:
    return collective_backend("ReduceScatter").reduce_scatter("ReduceScatter", x, op, group)


def _reduce_scatter_bprop(x: Any, out: Any, dout: Any, *, op: str, group: str) -> tuple[Any]:
    if op != ReduceOp.SUM:
        raise op_error("ReduceScatter", f"the gradient is defined for ReduceOp.SUM only, but "
                       f"the op is {op!r}.", RuntimeError)
    return (apply(ALL_GATHER, dout, group=group),)


REDUCE_SCATTER = primitive("reduce_scatter", _reduce_scatter_impl, _reduce_scatter_infer,
                           _reduce_scatter_bprop, effects=frozenset({"collective"}))


def _reduce_scatter(x: Any, op: str = ReduceOp.SUM, group: str = WORLD_GROUP) -> Tensor:
    """`x` reduced over the ranks of `group`, then split along dimension 0: rank i keeps the
    i-th piece."""
    return apply(REDUCE_SCATTER, to_tensor(x), op=_check_reduce("ReduceScatter", op),
                 group=_check_group("ReduceScatter", group))


# --- Broadcast / Barrier -------------------------------------------------------------------

def _broadcast_infer(x: TensorSpec, *, root_rank: int, group: str) -> TensorSpec:
    n = collective_backend("Broadcast").group_size("Broadcast", group)
    if not 0 <= root_rank < n:
        raise op_error("Broadcast", f"the 'root_rank' must be in [0, {n}) for the group "
                       f"'{group}' of {n} ranks, but got {root_rank}.")
    return x


def _broadcast_impl(x: np.ndarray, *, root_rank: int, group: str) -> np.ndarray:
    return collective_backend("Broadcast").broadcast("Broadcast", x, root_rank, group)


def _broadcast_bprop(x: Any, out: Any, dout: Any, *, root_rank: int, group: str) -> tuple[Any]:
    # Every rank's output is the root's input: the root's gradient is the sum of all ranks'
    # output gradients; the others' inputs are unused.
    from .arith_ops import mul
    total = apply(ALL_REDUCE, dout, op=ReduceOp.SUM, group=group)
    is_root = collective_backend("Broadcast").group_rank("Broadcast", group) == root_rank
    return (total if is_root else mul(total, 0),)


BROADCAST = primitive("broadcast", _broadcast_impl, _broadcast_infer, _broadcast_bprop,
                      effects=frozenset({"collective"}))


def _broadcast(x: Any, root_rank: int, group: str = WORLD_GROUP) -> Any:
    """The root's Tensors on every rank of `group`. `x` is a tuple of Tensors (MindSpore's
    form; the result is a tuple) or one Tensor (the result is a Tensor)."""
    if not isinstance(root_rank, int) or isinstance(root_rank, bool):
        raise op_error("Broadcast", f"the 'root_rank' must be an int, but got {root_rank!r}.",
                       TypeError)
    group = _check_group("Broadcast", group)
    if isinstance(x, (tuple, list)):
        return tuple(apply(BROADCAST, to_tensor(t), root_rank=root_rank, group=group)
                     for t in x)
    return apply(BROADCAST, to_tensor(x), root_rank=root_rank, group=group)


def _barrier_impl(token: np.ndarray, *, group: str) -> np.ndarray:
    collective_backend("Barrier").barrier("Barrier", group)
    return token


def _barrier_infer(token: TensorSpec, *, group: str) -> TensorSpec:
    collective_backend("Barrier").group_size("Barrier", group)
    return token


BARRIER = primitive("barrier", _barrier_impl, _barrier_infer,
                    lambda token, out, dout, *, group: (None,),
                    effects=frozenset({"collective"}))


def _barrier(group: str = WORLD_GROUP) -> Tensor:
    """Wait until every rank of `group` reaches this point."""
    return apply(BARRIER, Tensor._make(np.zeros((), np.int32)),
                 group=_check_group("Barrier", group))


# --- MindSpore's primitive classes ---------------------------------------------------------

class AllReduce(PrimitiveOp):
    """`ops.AllReduce(op=ReduceOp.SUM, group=GlobalComm.WORLD_COMM_GROUP)(x)`."""

    def __init__(self, op: str = ReduceOp.SUM, group: str = WORLD_GROUP) -> None:
        super().__init__(op=_check_reduce("AllReduce", op), group=_check_group("AllReduce", group))

    fn = staticmethod(_all_reduce)


class AllGather(PrimitiveOp):
    """`ops.AllGather(group=...)(x)`: concatenation along dimension 0 in rank order."""

    def __init__(self, group: str = WORLD_GROUP) -> None:
        super().__init__(group=_check_group("AllGather", group))

    fn = staticmethod(_all_gather)


class ReduceScatter(PrimitiveOp):
    """`ops.ReduceScatter(op=ReduceOp.SUM, group=...)(x)`."""

    def __init__(self, op: str = ReduceOp.SUM, group: str = WORLD_GROUP) -> None:
        super().__init__(op=_check_reduce("ReduceScatter", op),
                         group=_check_group("ReduceScatter", group))

    fn = staticmethod(_reduce_scatter)


class Broadcast(PrimitiveOp):
    """`ops.Broadcast(root_rank, group=...)((x, ...))`."""

    def __init__(self, root_rank: int, group: str = WORLD_GROUP) -> None:
        super().__init__(root_rank=root_rank, group=_check_group("Broadcast", group))

    fn = staticmethod(_broadcast)


class Barrier(PrimitiveOp):
    """`ops.Barrier(group=...)()`."""

    def __init__(self, group: str = WORLD_GROUP) -> None:
        super().__init__(group=_check_group("Barrier", group))

    fn = staticmethod(_barrier)
