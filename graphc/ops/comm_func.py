"""MindSpore 2.10's functional collectives: `ops.all_reduce`, `ops.all_gather`,
`ops.reduce_scatter`, `ops.broadcast`, `ops.barrier`.

As in MindSpore they work in PyNative only and in place: `all_reduce(tensor)` overwrites
`tensor` with the result, `all_gather(tensor_list, tensor)` fills `tensor_list`,
`reduce_scatter(output, input_list)` fills `output`, `broadcast(tensor, src)` overwrites
`tensor` on every rank but `src`. Each returns the communication handle: None, or with
`async_op=True` a `CommHandle` whose `wait()` returns at once (graphc's collectives complete
before returning). Inside graphs use the primitive classes (`ops.AllReduce`, ...).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..common.context import active_tracer
from ..common.tensor import Tensor
from .collective_backend import WORLD_GROUP, CommHandle, collective_backend
from .primitive import op_error

_OPS = ("sum", "prod", "max", "min", "avg")


def _start(name: str, group: Any, async_op: Any) -> str:
    if active_tracer.get() is not None:
        raise RuntimeError(f"For '{name}', only PyNative mode is supported (it changes its "
                           "Tensors in place); inside a graph use the primitive class "
                           "(ops.AllReduce, ops.AllGather, ops.ReduceScatter, ops.Broadcast, "
                           "ops.Barrier).")
    if not isinstance(async_op, bool):
        raise TypeError(f"The argument 'async_op' must be a bool, but got {type(async_op)}.")
    group = WORLD_GROUP if group is None else group
    if not isinstance(group, str):
        raise TypeError("The argument 'group' must be type of string, but got 'group' type : "
                        f"{type(group)}.")
    return group


def _tensor(name: str, what: str, value: Any) -> Tensor:
    if not isinstance(value, Tensor):
        raise TypeError(f"For {name}, the {what} must be tensor")
    return value


def _handle(async_op: bool) -> CommHandle | None:
    return CommHandle() if async_op else None


def _reduce_arg(name: str, op: Any) -> str:
    if not isinstance(op, str):
        raise TypeError(f"For {name}, the input op type must be str")
    if op not in _OPS:
        raise TypeError(f"For {name}, the input op value must be one of sum, prod, min, max, "
                        f"avg, but got {op!r}.")
    return op


def _reduce(name: str, data: np.ndarray, op: str, group: str) -> np.ndarray:
    backend = collective_backend(name)
    out = backend.all_reduce(name, data, "sum" if op == "avg" else op, group)
    if op == "avg":
        out = (out / backend.group_size(name, group)).astype(data.dtype, copy=False)
    return out


def all_reduce(tensor: Any, op: str = "sum", group: str | None = None,
               async_op: bool = False) -> CommHandle | None:
    """`tensor` becomes its element-wise reduction over the ranks of `group`."""
    group = _start("all_reduce", group, async_op)
    t = _tensor("all_reduce", "input tensor", tensor)
    t._data = _reduce("all_reduce", t._data, _reduce_arg("all_reduce", op), group)
    return _handle(async_op)


def all_gather(tensor_list: Any, tensor: Any, group: str | None = None,
               async_op: bool = False) -> CommHandle | None:
    """`tensor_list[i]` becomes rank i's `tensor` (one Tensor per rank of `group`)."""
    group = _start("all_gather", group, async_op)
    t = _tensor("all_gather_into_tensor", "input tensor", tensor)
    backend = collective_backend("all_gather")
    size = backend.group_size("all_gather", group)
    if not isinstance(tensor_list, list) or len(tensor_list) != size or \
            not all(isinstance(o, Tensor) for o in tensor_list):
        raise TypeError(f"For all_gather, the 'tensor_list' must be a list of {size} Tensors "
                        f"(one per rank of '{group}'), but got {tensor_list!r}.")
    data = t._data.reshape((1,) + t._data.shape)
    gathered = backend.all_gather("all_gather", data, group)
    for out, piece in zip(tensor_list, gathered):
        if out.shape != t.shape:
            raise op_error("all_gather", f"every Tensor of 'tensor_list' must have the input's "
                           f"shape {list(t.shape)}, but one has {list(out.shape)}.")
        out._data = np.array(piece, dtype=out._data.dtype)
    return _handle(async_op)


def reduce_scatter(output: Any, input_list: Any, op: str = "sum", group: str | None = None,
                   async_op: bool = False) -> CommHandle | None:
    """`output` becomes the reduction over the ranks of their `input_list[my rank]`."""
    group = _start("reduce_scatter", group, async_op)
    out = _tensor("reduce_scatter", "output tensor", output)
    backend = collective_backend("reduce_scatter")
    size = backend.group_size("reduce_scatter", group)
    if not isinstance(input_list, list) or len(input_list) != size or \
            not all(isinstance(t, Tensor) and t.shape == out.shape for t in input_list):
        raise TypeError(f"For reduce_scatter, the 'input_list' must be a list of {size} Tensors "
                        f"shaped like the output {list(out.shape)}.")
    op = _reduce_arg("reduce_scatter", op)
    stacked = np.stack([t._data for t in input_list])
    mine = backend.reduce_scatter("reduce_scatter", stacked, "sum" if op == "avg" else op,
                                  group)[0]
    if op == "avg":
        mine = mine / size
    out._data = np.array(mine, dtype=out._data.dtype)
    return _handle(async_op)


def broadcast(tensor: Any, src: int, group: str | None = None,
              async_op: bool = False) -> CommHandle | None:
    """`tensor` on every rank of `group` becomes the `tensor` of world rank `src`."""
    group = _start("broadcast", group, async_op)
    t = _tensor("broadcast", "input tensor", tensor)
    if not isinstance(src, int) or isinstance(src, bool):
        raise TypeError("For broadcast, the src must be int")
    backend = collective_backend("broadcast")
    ranks = backend.world_ranks("broadcast", group)
    if src not in ranks:
        raise ValueError(f"For broadcast, the src {src} is not a world rank of the group "
                         f"'{group}' (ranks {list(ranks)}).")
    t._data = backend.broadcast("broadcast", t._data, ranks.index(src), group)
    return _handle(async_op)


def barrier(group: str | None = None, async_op: bool = False,
            device_ids: Any = None) -> CommHandle | None:
    """Wait until every rank of `group` calls `barrier`."""
    group = _start("barrier", group, async_op)
    collective_backend("barrier").barrier("barrier", group)
    return _handle(async_op)
