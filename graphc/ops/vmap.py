"""`vmap(fn, in_axes=0, out_axes=0)`: MindSpore's vectorising map, as a loop over the mapped
axis. Each argument is split along its axis (`None`: passed whole to every call), `fn` runs
once per index, and each output is stacked along its out axis (a Python number becomes a
Tensor of the numbers). `in_axes`/`out_axes` are an int or None for everything, or a tuple
or list matching the arguments (outputs), nested as they are. The loop is plain code, so it
runs the same eagerly, in graphs (unrolled: the batch size is a shape) and under PIJit, and
gradients flow back through the splits and stacks. Bad axes raise MindSpore's RuntimeErrors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..common.context import active_tracer
from ..common.tensor import Tensor
from .join_ops import stack


def vmap(fn: Callable[..., Any], in_axes: Any = 0, out_axes: Any = 0) -> Callable[..., Any]:
    """`fn` mapped over axis `in_axes` of its arguments, its outputs stacked on `out_axes`."""
    def vectorized(*args: Any) -> Any:
        if isinstance(in_axes, (tuple, list)) and len(in_axes) != len(args):
            raise ValueError(f"For 'vmap', 'in_axes' has {len(in_axes)} items but the "
                             f"function was called with {len(args)} arguments.")
        axes = in_axes if isinstance(in_axes, (tuple, list)) else (in_axes,) * len(args)
        sizes: list[int] = []
        split = tuple(_split(a, axis, sizes) for a, axis in zip(args, axes))
        if not sizes:
            raise RuntimeError("The 'in_axes' of 'vmap' cannot be all None while 'fn' is not a "
                               f"'CellList', but got {tuple(axes)}.")
        tracer = active_tracer.get()  # in a graph being built, user code is interpreted
        outputs = [tracer.call(fn, _take(split, i), {}) if tracer is not None
                   else fn(*_take(split, i)) for i in range(sizes[0])]
        return _stack(outputs, out_axes)
    return vectorized


class _Mapped:
    """An argument's slices along its mapped axis."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]) -> None:
        self.items = items


def _split(value: Any, axis: Any, sizes: list[int]) -> Any:
    """`value` with each mapped Tensor replaced by its slices (sizes collects batch sizes)."""
    if isinstance(axis, (tuple, list)):
        if not isinstance(value, (tuple, list)) or len(value) != len(axis):
            raise ValueError(f"For 'vmap', 'in_axes' {axis!r} does not match the structure of "
                             f"its argument {type(value).__name__}.")
        return type(value)(_split(v, a, sizes) for v, a in zip(value, axis))
    if axis is None:
        return value
    if isinstance(value, (tuple, list)):
        return type(value)(_split(v, axis, sizes) for v in value)
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise TypeError(f"For 'vmap', an axis in 'in_axes' must be an int or None, but got "
                        f"{axis!r}.")
    if not isinstance(value, Tensor):
        raise RuntimeError(f"For 'vmap', 'in_axes' maps axis {axis} of a "
                           f"{type(value).__name__}, which is not a Tensor: give it None.")
    ndim = len(value.shape)
    if not -ndim <= axis < ndim:
        raise RuntimeError(f"The axis: {axis} in 'in_axes' is out of bounds for array of "
                           f"dimension [{-ndim},{ndim}).")
    axis %= ndim
    size = value.shape[axis]
    if sizes and sizes[0] != size:
        raise RuntimeError("The 'axis_size' of each argument in the scope of 'vmap' should be "
                           f"equal, but got {sizes[0]} and {size}.")
    sizes.append(size)
    index = (slice(None),) * axis
    return _Mapped([value[index + (i,)] for i in range(size)])  # type: ignore[index]


def _take(value: Any, i: int) -> Any:
    """Slice `i` of every mapped argument in `value`."""
    if isinstance(value, _Mapped):
        return value.items[i]
    if isinstance(value, (tuple, list)):
        return type(value)(_take(v, i) for v in value)
    return value


def _stack(outputs: list[Any], axis: Any) -> Any:
    """The per-index outputs as one output, each leaf stacked on `axis` (None: the first's)."""
    first = outputs[0]
    if isinstance(first, (tuple, list)):
        axes = axis if isinstance(axis, (tuple, list)) else (axis,) * len(first)
        if len(axes) != len(first):
            raise ValueError(f"For 'vmap', 'out_axes' has {len(axes)} items but the function "
                             f"returned {len(first)}.")
        return type(first)(_stack([o[k] for o in outputs], a) for k, a in enumerate(axes))
    if axis is None:
        return first
    if isinstance(axis, (tuple, list)):
        raise ValueError(f"For 'vmap', 'out_axes' {axis!r} does not match the function's "
                         "single output.")
    items = [o if isinstance(o, Tensor) else Tensor(o) for o in outputs]
    ndim = len(items[0].shape) + 1
    if not -ndim <= axis < ndim:
        raise RuntimeError(f"The axis: {axis} in 'out_axes' is out of bounds for array of "
                           f"dimension [{-ndim},{ndim}).")
    return stack(items, axis % ndim)


__all__ = ["vmap"]
