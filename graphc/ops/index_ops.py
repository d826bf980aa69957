"""Python indexing of Tensors (`t[...]` and `t[...] = v`: basic, advanced and boolean indices),
and select/where.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

import numpy as np

from ..common import dtype as mstype
from ..common.tensor import Tensor
from .attr_types import IndexKey, Ints, NonNegative, Shape
from .catalog import install_spellings
from .convert import binary_operands, to_tensor
from .infer_rules import broadcast_shapes, normalize_axis, same_dtype
from .primitive import PrimitiveOp, TensorSpec, apply, op_error, primitive, spell
from .shape_ops import cast, int_arg, int_tuple, reshape, sum_to, zeros_like

# This module defines `ops.slice`, shadowing the builtin; the alias names the builtin.
_py_slice = slice

TENSOR_INDEX = "tensor"


def _slice_key(op: str, s: slice) -> tuple:
    start, stop, step = s.start, s.stop, s.step
    try:
        if not (start is None or type(start) is int):
            start = operator.index(start)
        if not (stop is None or type(stop) is int):
            stop = operator.index(stop)
        if not (step is None or type(step) is int):
            step = operator.index(step)
    except TypeError:
        raise op_error(op, f"slice bounds must be ints or None, but got {s!r}.",
                       IndexError) from None
    if step == 0:
        raise op_error(op, "the slice step cannot be zero.")
    return (start, stop, step)


def _parse_index(op: str, index: Any) -> tuple[tuple, list[Tensor]]:
    """A Python index as (static key, Tensor inputs); see the section comment."""
    items = index if type(index) is tuple else (index,)
    key: list[Any] = []
    tensors: list[Tensor] = []
    for it in items:
        t = type(it)
        if t is int or it is None or it is Ellipsis:
            key.append(it)
        elif t is _py_slice:
            key.append(_slice_key(op, it))
        elif isinstance(it, Tensor):
            key.append(TENSOR_INDEX)
            tensors.append(it)
        elif isinstance(it, (bool, np.bool_)):
            if not it:
                raise op_error(op, "when a Tensor is indexed by a bool object, the value only "
                               "supports 'True'.", IndexError)
            key.append(None)
        elif isinstance(it, np.integer):
            key.append(int(it))
        elif hasattr(it, "__graphc_tensor__") and getattr(it, "type", None) is int:
            # an int known only when the graph runs (a loop counter): a 0-d index Tensor,
            # which selects as the int would
            key.append(TENSOR_INDEX)
            tensors.append(it.__graphc_tensor__(mstype.int64))
        elif isinstance(it, (list, tuple, np.ndarray)):
            try:
                arr = Tensor(it)
            except (TypeError, ValueError):
                raise op_error(op, f"a list index must hold ints or bools, but got {it!r}.",
                               IndexError) from None
            if arr.dtype.kind not in ("bool", "int", "uint"):
                raise op_error(op, f"a list index must hold ints or bools, but got {it!r}.",
                               IndexError)
            key.append(TENSOR_INDEX)
            tensors.append(arr)
        else:
            raise op_error(op, "only integers, slices (`:`), ellipsis (`...`), None, bool, "
                           f"Tensor, list and tuple are supported as an index, but got {it!r} "
                           f"of type {t.__name__}.", IndexError)
    return tuple(key), tensors


def _slice_len(n: int | None, e: tuple) -> int | None:
    if n is None:
        return None
    return len(range(*_py_slice(*e).indices(n)))


def _index_shape(op: str, shape: tuple, index: IndexKey, adv: tuple[TensorSpec, ...]) -> tuple:
    """The shape of `x[index]` for an `x` of `shape` (NumPy rules, dims may be None)."""
    ndim = len(shape)
    has_adv = bool(adv)
    consumed = 0
    n_ellipsis = 0
    k = 0
    for e in index:
        if e is None:
            continue
        if e is Ellipsis:
            n_ellipsis += 1
        elif type(e) is str:
            spec = adv[k]
            k += 1
            if spec.dtype.kind == "bool":
                consumed += spec.ndim
            elif spec.dtype.kind in ("int", "uint"):
                consumed += 1
            else:
                raise op_error(op, f"Tensor indices must be of an integer or bool type, but got "
                               f"{spec.dtype}.", IndexError)
        else:
            consumed += 1
    if n_ellipsis > 1:
        raise op_error(op, "an index can only have a single ellipsis ('...').", IndexError)
    if consumed > ndim:
        raise op_error(op, f"too many indices for a Tensor of shape {list(shape)}: the index "
                       f"uses {consumed} dimensions, but the Tensor has {ndim}.", IndexError)
    out: list[Any] = []
    adv_shapes: list[tuple] = []
    adv_pos: int | None = None
    adjacent = True
    prev_adv = False
    dim = 0
    k = 0
    for e in index:
        is_adv = False
        if e is None:
            out.append(1)
        elif e is Ellipsis:
            n = ndim - consumed
            out.extend(shape[dim:dim + n])
            dim += n
        elif type(e) is tuple:
            out.append(_slice_len(shape[dim], e))
            dim += 1
        elif type(e) is int:
            size = shape[dim]
            if size is not None and not -size <= e < size:
                raise op_error(op, f"index {e} is out of bounds for dimension {dim} with size "
                               f"{size}.", IndexError)
            dim += 1
            if has_adv:
                is_adv = True
                adv_shapes.append(())
        else:
            spec = adv[k]
            k += 1
            is_adv = True
            if spec.dtype.kind == "bool":
                for j, d in enumerate(spec.shape):
                    s = shape[dim + j]
                    if d is not None and s is not None and d != s:
                        raise op_error(op, f"the boolean index of shape {list(spec.shape)} does "
                                       f"not match the indexed Tensor of shape {list(shape)} at "
                                       f"dimension {dim + j}: {d} != {s}.", IndexError)
                dim += spec.ndim
                adv_shapes.append((None,))
            else:
                dim += 1
                adv_shapes.append(spec.shape)
        if is_adv:
            if adv_pos is None:
                adv_pos = len(out)
            elif not prev_adv:
                adjacent = False
        prev_adv = is_adv
    out.extend(shape[dim:])
    if adv_pos is not None:
        try:
            joint = broadcast_shapes(op, *adv_shapes)
        except ValueError:
            raise op_error(op, "the index arrays could not be broadcast together: shapes "
                           f"{' '.join(str(list(s)) for s in adv_shapes)}.", IndexError) from None
        if adjacent:
            out[adv_pos:adv_pos] = joint
        else:
            out[:0] = joint
    return tuple(out)


def _np_index(index: IndexKey, arrays: tuple) -> Any:
    """The NumPy index for a static key and its index arrays."""
    if len(index) == 1 and not arrays:
        e = index[0]
        return _py_slice(*e) if type(e) is tuple else e
    it = iter(arrays)
    return tuple(_py_slice(*e) if type(e) is tuple else next(it) if type(e) is str else e
                 for e in index)


def _getitem_infer(x: TensorSpec, *adv: TensorSpec, index: IndexKey) -> TensorSpec:
    shape = x.shape
    if len(index) == 1 and not adv and shape:
        e = index[0]
        if type(e) is int:
            n = shape[0]
            if n is not None and not -n <= e < n:
                raise op_error("Tensor.__getitem__", f"index {e} is out of bounds for dimension "
                               f"0 with size {n}.", IndexError)
            return TensorSpec(shape[1:], x.dtype)
        if type(e) is tuple:
            return TensorSpec((_slice_len(shape[0], e),) + shape[1:], x.dtype)
    return TensorSpec(_index_shape("Tensor.__getitem__", shape, index, adv), x.dtype)


def _getitem_impl(x: np.ndarray, *arrays: np.ndarray, index: IndexKey) -> np.ndarray:
    try:
        return x[_np_index(index, arrays)]
    except IndexError as exc:
        raise IndexError(f"For 'Tensor.__getitem__', {exc} (Tensor of shape "
                         f"{list(x.shape)}).") from None


def _getitem_bprop(*args: Any, index: IndexKey):
    x, arrays, dout = args[0], args[1:-2], args[-1]
    if any(d is None for d in x.shape):  # a dimension known only at run time: read it then
        return (apply(GETITEM_GRAD_LIKE, dout, x, *arrays, index=index),
                *(None for _ in arrays))
    return (apply(GETITEM_GRAD, dout, *arrays, index=index, shape=tuple(x.shape)),
            *(None for _ in arrays))


GETITEM = primitive("getitem", _getitem_impl, _getitem_infer, _getitem_bprop)


def _getitem_grad_infer(dout: TensorSpec, *adv: TensorSpec, index: IndexKey,
                        shape: Shape) -> TensorSpec:
    x = TensorSpec(shape, dout.dtype)
    _check_region(dout, _getitem_infer(x, *adv, index=index))
    return x


def _check_region(dout: TensorSpec, region: TensorSpec) -> None:
    if len(dout.shape) != len(region.shape) or any(
            a is not None and b is not None and a != b for a, b in zip(dout.shape, region.shape)):
        raise op_error("Tensor.__getitem__", f"the gradient of shape {list(dout.shape)} is not "
                       f"the indexed region's shape {list(region.shape)}.")


def _getitem_grad_impl(dout: np.ndarray, *arrays: np.ndarray, index: IndexKey,
                       shape: tuple[int, ...]) -> np.ndarray:
    """The adjoint of getitem: `dout` placed (summed, for repeated advanced indices) into zeros
    of the indexed Tensor's shape."""
    z = np.zeros(shape, dout.dtype)
    npi = _np_index(index, arrays)
    if arrays:
        np.add.at(z, npi, dout)
    else:
        z[npi] = dout
    return z


def _getitem_grad_bprop(*args: Any, index: IndexKey, shape: tuple[int, ...]):
    arrays, ddx = args[1:-2], args[-1]
    return (apply(GETITEM, ddx, *arrays, index=index), *(None for _ in arrays))


GETITEM_GRAD = primitive("getitem_grad", _getitem_grad_impl, _getitem_grad_infer,
                         _getitem_grad_bprop)


def _getitem_grad_like_bprop(*args: Any, index: IndexKey):
    arrays, ddx = args[2:-2], args[-1]
    return (apply(GETITEM, ddx, *arrays, index=index), None, *(None for _ in arrays))


# The same adjoint when the indexed Tensor's shape is only known at run time (taken from `x`).
def _getitem_grad_like_infer(dout: TensorSpec, x: TensorSpec, *adv: TensorSpec,
                             index: IndexKey) -> TensorSpec:
    return _getitem_grad_infer(dout, *adv, index=index, shape=x.shape)


GETITEM_GRAD_LIKE = primitive(
    "getitem_grad_like",
    lambda dout, x, *arrays, index: _getitem_grad_impl(dout, *arrays, index=index,
                                                       shape=x.shape),
    _getitem_grad_like_infer, _getitem_grad_like_bprop)


def getitem(x: Any, index: Any) -> Tensor:
    """`x[index]` with NumPy semantics: ints, slices (any step, negative too), None, Ellipsis,
    True, and int/bool Tensors, lists or arrays (advanced indexing), alone or in a tuple.
    Differentiable with respect to `x`."""
    x = to_tensor(x)
    t = type(index)
    if t is int:
        return apply(GETITEM, x, index=(index,))
    if t is _py_slice:
        return apply(GETITEM, x, index=(_slice_key("Tensor.__getitem__", index),))
    key, tensors = _parse_index("Tensor.__getitem__", index)
    return apply(GETITEM, x, *tensors, index=key)


def _tensor_getitem(self: Tensor, index: Any) -> Tensor:
    """`x[index]`: see `ops.getitem`. Plain int and slice indices take a short path."""
    t = type(index)
    if t is int:
        return apply(GETITEM, self, index=(index,))
    if t is _py_slice and not _is_runtime_slice(index):
        return apply(GETITEM, self, index=(_slice_key("Tensor.__getitem__", index),))
    self, index = _take_runtime_slices(self, index)
    key, tensors = _parse_index("Tensor.__getitem__", index)
    return apply(GETITEM, self, *tensors, index=key)


def _is_runtime(value: Any) -> bool:
    return hasattr(value, "__graphc_tensor__")


def _is_runtime_slice(item: Any) -> bool:
    return type(item) is _py_slice and any(
        _is_runtime(b) for b in (item.start, item.stop, item.step))


def _slice_positions_infer(x: TensorSpec, *bounds: TensorSpec, axis: NonNegative,
                           present: tuple[bool, bool, bool]) -> TensorSpec:
    op = "Tensor.__getitem__"
    if axis >= x.ndim or len(bounds) != sum(present):
        raise op_error(op, f"a run-time slice of axis {axis} of a Tensor of shape "
                       f"{list(x.shape)} with {len(bounds)} bounds for {present} is malformed.")
    for b in bounds:
        if b.ndim != 0 or b.dtype.kind not in ("int", "uint"):
            raise op_error(op, f"a run-time slice bound must be a 0-d int Tensor, not {b}.",
                           TypeError)
    return TensorSpec((None,), mstype.int64)


def _slice_positions_impl(x, *bounds, axis, present):
    values = iter(int(b) for b in bounds)
    start, stop, step = (next(values) if p else None for p in present)
    return np.arange(*_py_slice(start, stop, step).indices(x.shape[axis]), dtype=np.int64)


SLICE_POSITIONS = primitive(
    "slice_positions", _slice_positions_impl, _slice_positions_infer, None)


def _take_runtime_slices(x: Tensor, index: Any) -> tuple[Tensor, Any]:
    """Slices whose bounds are known only when the graph runs (`x[t:t + 2]` with a loop
    counter `t`): each becomes a gather along its axis of the positions the slice selects
    (a dimension of run-time length), and then `:` in the index."""
    items = list(index) if type(index) is tuple else [index]
    if not any(_is_runtime_slice(it) for it in items):
        return x, index
    if any(it is Ellipsis or isinstance(it, (Tensor, list, tuple, np.ndarray)) for it in items):
        raise op_error("Tensor.__getitem__", "a slice with bounds known only at run time can "
                       "be combined only with ints, constant slices and None", IndexError)
    from .gather_ops import gather
    axis = 0
    for i, it in enumerate(items):
        if _is_runtime_slice(it):
            bounds = (it.start, it.stop, it.step)
            present = tuple(b is not None for b in bounds)
            tensors = [b.__graphc_tensor__(mstype.int64) if _is_runtime(b) else
                       Tensor(np.array(b, np.int64)) for b in bounds if b is not None]
            positions = apply(SLICE_POSITIONS, x, *tensors, axis=axis, present=present)
            x = gather(x, positions, axis)
            items[i] = _py_slice(None)
        if it is not None:
            axis += 1
    return x, tuple(items)


def _setitem_infer(x: TensorSpec, value: TensorSpec, *adv: TensorSpec,
                   index: IndexKey) -> TensorSpec:
    op = "Tensor.__setitem__"
    region = _index_shape(op, x.shape, index, adv)
    vshape = value.shape
    while len(vshape) > len(region) and vshape[0] == 1:
        vshape = vshape[1:]
    lead = len(region) - len(vshape)
    if lead < 0 or any(v not in (1, None) and r is not None and v != r
                       for v, r in zip(vshape, region[lead:])):
        raise op_error(op, f"the value of shape {list(value.shape)} cannot be broadcast to the "
                       f"indexed region of shape {list(region)} (Tensor of shape "
                       f"{list(x.shape)}).")
    if value.dtype is not x.dtype:
        raise op_error(op, f"the value's dtype {value.dtype} must be the Tensor's dtype "
                       f"{x.dtype}.", TypeError)
    return x


def _setitem_impl(x: np.ndarray, value: np.ndarray, *arrays: np.ndarray,
                  index: IndexKey) -> np.ndarray:
    out = x.copy()
    try:
        out[_np_index(index, arrays)] = value
    except (IndexError, ValueError) as exc:
        raise type(exc)(f"For 'Tensor.__setitem__', {exc} (Tensor of shape "
                        f"{list(x.shape)}).") from None
    return out


def _reduce_to_shape(g: Tensor, shape: tuple) -> Tensor:
    """`g` summed down to `shape`, which broadcasts to it (possibly with extra leading 1s)."""
    if g.ndim < len(shape):
        g = reshape(g, (1,) * (len(shape) - g.ndim) + tuple(g.shape))
    return sum_to(g, tuple(shape))


def _setitem_bprop(*args: Any, index: IndexKey):
    x, value, arrays, dout = args[0], args[1], args[2:-2], args[-1]
    dx = apply(SETITEM, dout, zeros_like(cast(value, dout.dtype)), *arrays, index=index)
    dv = apply(GETITEM, dout, *arrays, index=index)
    if arrays:
        # repeated advanced indices: only the last write of each element reaches the output
        winners = apply(SETITEM_WINNERS, x, *arrays, index=index)
        dv = apply(SELECT, winners, dv, zeros_like(dv))
    return (dx, _reduce_to_shape(dv, value.shape), *(None for _ in arrays))


SETITEM = primitive("setitem", _setitem_impl, _setitem_infer, _setitem_bprop)


def _setitem_winners_infer(x: TensorSpec, *adv: TensorSpec, index: IndexKey) -> TensorSpec:
    return TensorSpec(_index_shape("Tensor.__setitem__", x.shape, index, adv), mstype.bool_)


def _setitem_winners_impl(x: np.ndarray, *arrays: np.ndarray, index: IndexKey) -> np.ndarray:
    """Which elements of the indexed region `x[index] = region` actually lands (NumPy keeps the
    last of repeated writes). Not differentiable: a mask of constants."""
    npi = _np_index(index, arrays)
    ids = np.arange(x[npi].size).reshape(x[npi].shape)
    buf = np.full(x.shape, -1, np.int64)
    buf[npi] = ids
    return buf[npi] == ids


SETITEM_WINNERS = primitive("setitem_winners", _setitem_winners_impl, _setitem_winners_infer)


def tensor_setitem(x: Any, index: Any, value: Any) -> Tensor:
    """A new Tensor equal to `x` with `x[index] = value` applied (out of place, so it can be
    used in graphs and differentiated with respect to `x` and `value`). `value` is broadcast
    to the indexed region and converted to `x`'s dtype. `index` is as for `getitem`."""
    x = to_tensor(x)
    key, tensors = _parse_index("Tensor.__setitem__", index)
    if not (isinstance(value, Tensor) and value._data.dtype == x._data.dtype):
        value = to_tensor(value, x.dtype)
    return apply(SETITEM, x, value, *tensors, index=key)


@functools.lru_cache(maxsize=256)
def _strided_key(begin: Ints, end: Ints, strides: Ints, begin_mask: int, end_mask: int,
                 ellipsis_mask: int, new_axis_mask: int, shrink_axis_mask: int) -> tuple:
    """StridedSlice's arguments as a getitem key (TensorFlow's mask semantics)."""
    op = "StridedSlice"
    if not len(begin) == len(end) == len(strides):
        raise op_error(op, f"'begin', 'end' and 'strides' must have the same length, but got "
                       f"lengths {len(begin)}, {len(end)} and {len(strides)}.")
    if 0 in strides:
        raise op_error(op, f"'strides' cannot contain 0, but got {strides}.")
    if bin(ellipsis_mask).count("1") > 1:
        raise op_error(op, f"only one bit of 'ellipsis_mask' may be set, but got "
                       f"{ellipsis_mask}.")
    key: list[Any] = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            if s < 0:
                raise op_error(op, f"'strides[{i}]' cannot be negative when bit {i} of "
                               f"'shrink_axis_mask' is set, but got {s}.")
            key.append(b)
        else:
            key.append((None if begin_mask & bit else b, None if end_mask & bit else e, s))
    return tuple(key)


_STRIDED_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                  "shrink_axis_mask")


def _strided_slice_infer(x: TensorSpec, **attrs: Any) -> TensorSpec:
    return TensorSpec(_index_shape("StridedSlice", x.shape, _strided_key(**attrs), ()), x.dtype)


def _strided_slice_impl(x: np.ndarray, **attrs: Any) -> np.ndarray:
    return x[_np_index(_strided_key(**attrs), ())]


def _strided_slice_bprop(x: Tensor, out: Tensor, dout: Tensor, **attrs: Any):
    return (apply(GETITEM_GRAD, dout, index=_strided_key(**attrs), shape=tuple(x.shape)),)


STRIDED_SLICE = primitive("strided_slice", _strided_slice_impl, _strided_slice_infer,
                          _strided_slice_bprop, attrs=_strided_key)


def strided_slice(input_x: Any, begin: Any, end: Any, strides: Any, begin_mask: int = 0,
                  end_mask: int = 0, ellipsis_mask: int = 0, new_axis_mask: int = 0,
                  shrink_axis_mask: int = 0) -> Tensor:
    """`input_x[begin[0]:end[0]:strides[0], ...]`; bit i of a mask changes entry i: begin/end
    masks ignore the bound, ellipsis_mask makes it `...`, new_axis_mask `None`, and
    shrink_axis_mask the int `begin[i]`. Dimensions not covered are taken whole."""
    op = "StridedSlice"
    return apply(STRIDED_SLICE, to_tensor(input_x), begin=int_tuple(op, "begin", begin),
                 end=int_tuple(op, "end", end), strides=int_tuple(op, "strides", strides),
                 begin_mask=begin_mask, end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                 new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask)


class StridedSlice(PrimitiveOp):
    """`ops.StridedSlice(begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
    shrink_axis_mask=0)(x, begin, end, strides)`."""

    def __init__(self, begin_mask: int = 0, end_mask: int = 0, ellipsis_mask: int = 0,
                 new_axis_mask: int = 0, shrink_axis_mask: int = 0) -> None:
        super().__init__(begin_mask=begin_mask, end_mask=end_mask, ellipsis_mask=ellipsis_mask,
                         new_axis_mask=new_axis_mask, shrink_axis_mask=shrink_axis_mask)

    fn = staticmethod(strided_slice)


def _slice_infer(x: TensorSpec, *, begin: tuple[int, ...], size: tuple[int, ...]) -> TensorSpec:
    op = "Slice"
    if x.ndim == 0:
        raise ValueError("For primitive[Slice], the rank of input_x must be greater than 0, but "
                         "got 0. Slice a Tensor of at least one dimension (reshape a scalar to "
                         "(1,) first).")
    if not len(begin) == len(size) == x.ndim:
        raise op_error(op, f"the lengths of 'begin' {begin} and 'size' {size} must equal the rank "
                       f"of the input (shape {list(x.shape)}).")
    out = []
    for i, (b, s, d) in enumerate(zip(begin, size, x.shape)):
        if b < 0 or s < -1:
            raise op_error(op, f"'begin' must be non-negative and 'size' >= -1, but got "
                           f"begin {begin} and size {size}.")
        if d is not None and (b > d or (s != -1 and b + s > d)):
            raise op_error(op, f"begin[{i}] + size[{i}] must be no greater than dimension {i} of "
                           f"the input (shape {list(x.shape)}), but got begin {begin} and size "
                           f"{size}.")
        out.append((None if d is None else d - b) if s == -1 else s)
    return TensorSpec(tuple(out), x.dtype)


def _slice_index(begin: tuple[int, ...], size: tuple[int, ...]) -> tuple:
    return tuple((b, None if s == -1 else b + s, None) for b, s in zip(begin, size))


def _slice_bprop(x: Tensor, out: Tensor, dout: Tensor, *, begin: tuple, size: tuple):
    return (apply(GETITEM_GRAD, dout, index=_slice_index(begin, size), shape=tuple(x.shape)),)


SLICE = primitive("slice", lambda x, *, begin, size: x[_np_index(_slice_index(begin, size), ())],
                  _slice_infer, _slice_bprop)
spell(SLICE, classes=("Slice",))


def slice(input_x: Any, begin: Any, size: Any) -> Tensor:
    """The block of `input_x` starting at `begin` with extent `size` (-1: to the end)."""
    return apply(SLICE, to_tensor(input_x), begin=int_tuple("Slice", "begin", begin),
                 size=int_tuple("Slice", "size", size))


def narrow(input: Any, axis: int, start: int, length: int) -> Tensor:
    """`length` entries of `input` along `axis` from `start` (negative counts from the end)."""
    op = "narrow"
    x = to_tensor(input)
    ax = normalize_axis(op, int_arg(op, "axis", axis), x.ndim)
    start, length = int_arg(op, "start", start), int_arg(op, "length", length)
    dim = x.shape[ax]
    if dim is not None:
        if not -dim <= start <= dim:
            raise op_error(op, f"'start' must be in [{-dim}, {dim}], but got {start}.")
        start %= max(dim, 1)
        if length < 0 or start + length > dim:
            raise op_error(op, f"'start' + 'length' must be in [0, {dim}] (dimension {ax} of "
                           f"shape {list(x.shape)}), but got start {start} and length {length}.")
    full = (None, None, None)
    return apply(GETITEM, x, index=(full,) * ax + ((start, start + length, None),))


def _select_infer(cond: TensorSpec, x: TensorSpec, y: TensorSpec) -> TensorSpec:
    op = "Select"
    if cond.dtype is not mstype.bool_:
        raise op_error(op, f"the dtype of 'condition' must be Bool, but got {cond.dtype}.",
                       TypeError)
    return TensorSpec(broadcast_shapes(op, cond.shape, x.shape, y.shape), same_dtype(op, x, y))


def _select_bprop(cond: Tensor, x: Tensor, y: Tensor, out: Tensor, dout: Tensor):
    zeros = zeros_like(dout)
    return (None, sum_to(apply(SELECT, cond, dout, zeros), x.shape),
            sum_to(apply(SELECT, cond, zeros, dout), y.shape))


SELECT = primitive("select", np.where, _select_infer, _select_bprop)
spell(SELECT, classes=("Select",))


def select(condition: Any, input: Any, other: Any) -> Tensor:
    """Elementwise `input` where `condition` is True, else `other` (broadcast; Tensors or
    scalars, promoted to one dtype). Gradients flow to `input` and `other`."""
    x, y = binary_operands("Select", input, other)
    return apply(SELECT, to_tensor(condition), x, y)


def where(condition: Any, input: Any, other: Any) -> Tensor:
    """`ops.where`: the same as `select(condition, input, other)`."""
    x, y = binary_operands("Select", input, other)
    return apply(SELECT, to_tensor(condition), x, y)


def _gate_bprop(x: Tensor, taken: Tensor, out: Tensor, dout: Tensor):
    return (apply(SELECT, taken, dout, zeros_like(dout)), None)


# Identity on `x`; its gradient is the incoming one where `taken` (a bool scalar Tensor) holds,
# else exactly zero. An if-converted branch (both sides computed, `select` picks) reads its
# inputs through it, so a NaN or inf the untaken side computes never reaches the gradient (the
# "safe select": a select, not a multiplication by zero).
BRANCH_GATE = primitive("branch_gate", lambda x, taken: x, lambda x, taken: x, _gate_bprop)


def branch_gate(x: Tensor, taken: Any) -> Tensor:
    """`x`, its gradient zeroed unless `taken` (see BRANCH_GATE)."""
    taken = to_tensor(taken)
    if taken.dtype is not mstype.bool_:
        taken = cast(taken, mstype.bool_)
    if len(taken.shape):
        taken = reshape(taken, ())
    return apply(BRANCH_GATE, x, taken)


def masked_fill(input_x: Any, mask: Any, value: Any) -> Tensor:
    """`input_x` with `value` (a scalar or 0-d Tensor, converted to `input_x`'s dtype) where the
    Bool `mask` (broadcast against `input_x`) is True."""
    x, mask = to_tensor(input_x), to_tensor(mask)
    if mask.dtype is not mstype.bool_:
        raise op_error("MaskedFill", f"the dtype of 'mask' must be Bool, but got {mask.dtype}.",
                       TypeError)
    if not (isinstance(value, Tensor) and value._data.dtype == x._data.dtype):
        value = to_tensor(value, x.dtype)
    return apply(SELECT, mask, value, x)


class MaskedFill(PrimitiveOp):
    """`ops.MaskedFill()(input_x, mask, value)`."""

    fn = staticmethod(masked_fill)


def _tensor_iter(self: Tensor) -> Any:
    """`for row in x`: the rows along the first dimension, each through the getitem op (so a
    recording tape sees them and gradients flow back to `x`)."""
    if self.ndim == 0:
        raise TypeError("iteration over a 0-D tensor")
    for i in range(self.shape[0]):
        yield apply(GETITEM, self, index=(i,))


TENSOR_METHODS = {
    "__getitem__": _tensor_getitem,
    "__iter__": _tensor_iter,
}


install_spellings(globals())  # (the primitive classes and Tensor methods spelled above)
