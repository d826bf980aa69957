"""Mixed precision: `auto_mixed_precision(network, amp_level)` and
`build_train_network(network, optimizer, loss_fn, level, **kwargs)`.

Levels: 'O0' float32; 'O1' the white-listed layers (Dense, the convolutions, ReLU) converted in
place to compute in float16 and return float32 (their class becomes `<Layer>Opt`), the network
returned as a new object sharing the sub-cells and Parameters (as MindSpore 2.10's rewrite
does); 'O2' float16
everywhere but BatchNorm (kept float32), outputs cast back to float32, dynamic loss scaling by
default; 'O3' float16 everywhere. A Cell set to float16 casts its float inputs to float16 and
computes in float16 while its Parameters stay float32 (the master weights): the gradients come
back float32 through the casts. `build_train_network` wraps the network with the loss
(computed in float32) and a TrainOneStepCell, or TrainOneStepWithLossScaleCell when the loss-scale
manager has an update cell (which skips steps whose gradients overflow).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from typing import Any

from .. import nn, ops
from ..common import dtype as mstype
from ..nn.cell import Cell
from ..nn.layer import BatchNorm1d, BatchNorm2d
from ..nn.loss_scale import TrainOneStepWithLossScaleCell
from ..nn.optim.optimizer import Optimizer
from ..nn.wrap import TrainOneStepCell, WithLossCell
from .loss_scale_manager import DynamicLossScaleManager, LossScaleManager

AMP_WHITE_LIST: tuple[type, ...] = tuple(
    getattr(nn, name) for name in ("Conv1d", "Conv2d", "Conv3d", "Conv1dTranspose",
                                   "Conv2dTranspose", "Conv3dTranspose", "Dense", "LSTMCell",
                                   "RNNCell", "GRUCell", "ReLU", "PReLU") if hasattr(nn, name))
AMP_BLACK_LIST: tuple[type, ...] = (BatchNorm1d, BatchNorm2d)
_LEVELS = ("O0", "O1", "O2", "O3", "auto")


def _cast_float(value: Any, dtype: mstype.DType) -> Any:
    if isinstance(value, tuple):
        return tuple(_cast_float(v, dtype) for v in value)
    if hasattr(value, "dtype") and getattr(value.dtype, "is_float", False) \
            and value.dtype is not dtype:
        return ops.cast(value, dtype)
    return value


class _OutputTo32(Cell):
    """`backbone`'s float outputs cast to float32."""

    def __init__(self, backbone: Cell) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone

    def construct(self, *args: Any) -> Any:
        return _cast_float(self._backbone(*args), mstype.float32)


class _OutputTo16(Cell):
    """`backbone` (kept float32) on float32 inputs, with its float outputs cast to float16."""

    def __init__(self, backbone: Cell, dtype: mstype.DType = mstype.float16) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self._dtype = dtype

    def construct(self, *args: Any) -> Any:
        return _cast_float(self._backbone(*_cast_float(args, mstype.float32)), self._dtype)


class _WithLossCell32(Cell):
    """`loss_fn(float32(backbone(data)), float32(label))`: the loss of a float16 network in
    float32."""

    def __init__(self, backbone: Cell, loss_fn: Cell) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self._loss_fn = loss_fn

    def construct(self, data: Any, label: Any) -> Any:
        out = self._backbone(data)
        return self._loss_fn(_cast_float(out, mstype.float32), _cast_float(label, mstype.float32))


def _keep_fp32(network: Cell, black_list: tuple[type, ...], dtype: mstype.DType) -> None:
    """Replace every sub-cell of a type in `black_list` by a float32 copy whose outputs are
    cast to `dtype`."""
    for name, sub in list(network.name_cells().items()):
        if isinstance(sub, black_list):
            network.insert_child_to_cell(name, _OutputTo16(sub.to_float(mstype.float32), dtype))
        else:
            _keep_fp32(sub, black_list, dtype)


class _Float32Outputs:
    """Mixed into the class of a layer O1 converts (`Dense` becomes `DenseOpt`, as MindSpore's
    rewrite names it): the layer, set to float16 by `to_float`, returns float32."""

    def construct(self, *args: Any, **kwargs: Any) -> Any:
        return _cast_float(super().construct(*args, **kwargs), mstype.float32)  # type: ignore[misc]


_OPT_CLASSES: dict[type, type] = {}


def _opt_class(cls: type) -> type:
    opt = _OPT_CLASSES.get(cls)
    if opt is None:
        opt = type(f"{cls.__name__}Opt", (_Float32Outputs, cls),
                   {"__module__": __name__, "__qualname__": f"{cls.__qualname__}Opt"})
        _OPT_CLASSES[cls] = opt
    return opt


def _white_list_to(network: Cell, white_list: tuple[type, ...], dtype: mstype.DType) -> None:
    """Convert, in place, each cell under `network` of a type in `white_list` to compute in
    `dtype` and return float32; cells whose precision the user set with `to_float` (and what is
    under them) are left alone."""
    if network._mixed_precision_type is not None or isinstance(network, _Float32Outputs):
        return
    if isinstance(network, white_list):
        network.to_float(dtype)
        network.__class__ = _opt_class(type(network))
        network.__dict__.pop("_graph_construct", None)
        return
    for sub in network.name_cells().values():
        _white_list_to(sub, white_list, dtype)


def _new_top(network: Cell) -> Cell:
    """A new cell object with `network`'s attributes, sub-cells and Parameters (MindSpore's O1
    returns the rewritten network as a new object)."""
    top = copy.copy(network)
    d = top.__dict__
    d.pop("_graph_construct", None)
    for store in ("_params", "_params_list", "_cells", "_forward_pre_hooks", "_forward_hooks"):
        d[store] = OrderedDict(network.__dict__[store])
    d["_flags"] = dict(network.__dict__["_flags"])
    return top


def auto_mixed_precision(network: Cell, amp_level: str = "O0",
                         dtype: mstype.DType = mstype.float16) -> Cell:
    """`network` set up for mixed precision at `amp_level` (see the module docstring)."""
    if not isinstance(network, Cell):
        raise TypeError(f"For amp_level '{amp_level}', the network type should be Cell.")
    if dtype is not mstype.float16:
        raise ValueError(f"The dtype should be one of (mstype.float16, mstype.bfloat16), but got "
                         f"{dtype} (graphc has no bfloat16).")
    if amp_level not in _LEVELS:
        raise ValueError(f"The amp level {amp_level} is not supported")
    if amp_level == "O0":
        return network
    if amp_level in ("O1", "auto"):  # 'auto' (MindSpore: per-primitive lists) returns network
        out: Cell = _new_top(network) if amp_level == "O1" else network
        _white_list_to(out, AMP_WHITE_LIST, dtype)
    elif amp_level == "O2":
        network.to_float(dtype)
        _keep_fp32(network, AMP_BLACK_LIST, dtype)
        out = _OutputTo32(network)
    else:
        network.to_float(dtype)
        out = _OutputTo32(network)
    out.__dict__["_amp_level"] = amp_level
    return out


_CONFIG = {
    "O0": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32,
           "loss_scale_manager": None},
    "O1": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32,
           "loss_scale_manager": None},
    "O2": {"keep_batchnorm_fp32": True, "cast_model_type": mstype.float16,
           "loss_scale_manager": "dynamic"},
    "O3": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float16,
           "loss_scale_manager": None},
    "auto": {"keep_batchnorm_fp32": False, "cast_model_type": mstype.float32,
             "loss_scale_manager": None},
}


def _check_kwargs(kwargs: dict[str, Any]) -> None:
    for arg in kwargs:
        if arg not in ("cast_model_type", "keep_batchnorm_fp32", "loss_scale_manager"):
            raise ValueError(f"Unsupported arg '{arg}'")
    if "cast_model_type" in kwargs and kwargs["cast_model_type"] not in (mstype.float16,
                                                                         mstype.float32):
        raise TypeError(f"For 'build_train_network', the 'cast_model_type' must be float16 or "
                        f"float32, but got {kwargs['cast_model_type']}.")
    if "keep_batchnorm_fp32" in kwargs and not isinstance(kwargs["keep_batchnorm_fp32"], bool):
        raise TypeError("For 'build_train_network', the 'keep_batchnorm_fp32' must be a bool.")
    manager = kwargs.get("loss_scale_manager")
    if manager is not None and not isinstance(manager, LossScaleManager):
        raise TypeError(f"For 'build_train_network', the 'loss_scale_manager' must be a "
                        f"LossScaleManager, but got {type(manager).__name__}.")


def build_train_network(network: Cell, optimizer: Optimizer, loss_fn: Cell | None = None,
                        level: str = "O0", boost_level: str = "O0", **kwargs: Any) -> Cell:
    """The training Cell of `network` (see the module docstring). kwargs: `cast_model_type`,
    `keep_batchnorm_fp32`, `loss_scale_manager`, overriding the level's defaults."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"For 'build_train_network', the 'optimizer' must be an Optimizer, but "
                        f"got {type(optimizer).__name__}.")
    if not isinstance(level, str) or level not in _LEVELS:
        raise ValueError(f"The argument `level` must be a string in {list(_LEVELS)}, but got "
                         f"{level!r}.")
    if boost_level not in ("O0", "O1", "O2"):
        raise ValueError(f"The argument `boost_level` must be in ['O0', 'O1', 'O2'], but got "
                         f"{boost_level!r}.")
    _check_kwargs(kwargs)
    config = dict(_CONFIG[level], **kwargs)
    if config["loss_scale_manager"] == "dynamic":
        config["loss_scale_manager"] = DynamicLossScaleManager()
    half = config["cast_model_type"] is mstype.float16
    if half:
        network.to_float(mstype.float16)
        if config["keep_batchnorm_fp32"]:
            _keep_fp32(network, AMP_BLACK_LIST, mstype.float16)
    elif level in ("O1", "auto"):
        network = auto_mixed_precision(network, level)
    if loss_fn is not None:
        if not isinstance(loss_fn, Cell):
            raise TypeError(f"For 'build_train_network', the 'loss_fn' must be a Cell, but got "
                            f"{type(loss_fn).__name__}.")
        network = _WithLossCell32(network, loss_fn) if half else WithLossCell(network, loss_fn)
    manager = config["loss_scale_manager"]
    loss_scale = None
    if manager is not None:
        loss_scale = manager.get_loss_scale()
        update_cell = manager.get_update_cell()
        if update_cell is not None:
            return TrainOneStepWithLossScaleCell(network, optimizer,
                                                 scale_sense=update_cell).set_train()
    return TrainOneStepCell(network, optimizer, loss_scale).set_train()
