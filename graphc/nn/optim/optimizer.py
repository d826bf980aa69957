"""`Optimizer`: the base of the optimisers (a Cell called with the gradients).

It owns the parameter list (`self.parameters`, a ParameterTuple), the learning rate (a
Parameter 'learning_rate', or per-group ones, or a dynamic list indexed by the Parameter
'global_step'), weight decay and loss scale, and MindSpore's gradient pipeline:

    g = g + weight_decay * loss_scale * p   (decay_weight: not for 'beta'/'gamma' Parameters
                                             unless groups give their own weight_decay)
    g = g - mean(g over all but axis 0)     (gradients_centralization, groups that ask for it)
    g = g / loss_scale                      (scale_grad)

A step is atomic: subclasses compute every new value (Parameters, accumulators, step
counters) first, `_check_gradients` rejects a wrong number or shape of gradients before any
work, and `_commit` writes all of them at the end, so a step that raises leaves everything as
it was. NaN values are not errors; they propagate.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from ... import ops
from ...common import dtype as mstype
from ...common.parameter import Parameter, ParameterTuple
from ...common.tensor import Tensor
from .._effects import assign_all
from ..cell import Cell

_GROUP_KEYS = ("params", "lr", "weight_decay", "order_params", "grad_centralization")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Optimizer(Cell):
    """Base class of optimisers. `parameters` is a list of Parameters (e.g.
    `net.trainable_params()`) or a list of group dicts with keys 'params' and optionally 'lr',
    'weight_decay', 'grad_centralization', plus at most one {'order_params': [...]}."""

    def __init__(self, learning_rate: Any, parameters: Any, weight_decay: float = 0.0,
                 loss_scale: float = 1.0) -> None:
        super().__init__(auto_prefix=False)
        op = type(self).__name__
        params = self._parameters_base_check(parameters)
        if isinstance(loss_scale, int) and not isinstance(loss_scale, bool):
            loss_scale = float(loss_scale)
        if not isinstance(loss_scale, float):
            raise TypeError(f"For '{op}', the 'loss_scale' must be a float, but got "
                            f"{type(loss_scale).__name__}.")
        if loss_scale <= 0:
            raise ValueError(f"For '{op}', the 'loss_scale' must be > 0, but got {loss_scale}.")
        self.loss_scale = loss_scale
        weight_decay = self._preprocess_weight_decay(weight_decay)
        self.dynamic_lr = False
        self.is_group = isinstance(params[0], dict)
        self.is_group_lr = False
        lr = self._preprocess_single_lr(learning_rate)

        if self.is_group:
            plist, group_of, group_lrs, group_wds, group_gcs = self._parse_groups(
                params, lr, weight_decay)
        else:
            plist, group_of = params, [0] * len(params)
            group_lrs, group_wds, group_gcs = [lr], [weight_decay], [False]
        names = set()
        for p in plist:
            if p.name in names:
                raise ValueError(f"For '{op}', two parameters are named '{p.name}': the "
                                 "optimizer names its state after them, so give each a "
                                 "unique name (put the layers in one Cell).")
            names.add(p.name)
        self.parameters = ParameterTuple(plist)
        self._group_of = group_of
        # every optimiser has the step counter, as in MindSpore (checkpoints of a training
        # network hold it)
        self.global_step = Parameter(Tensor(np.zeros([1], np.int32)), name="global_step",
                                     requires_grad=False)
        self._lr_values = [self._build_single_lr(v, i) for i, v in enumerate(group_lrs)]
        if self.is_group_lr:
            self.learning_rate = ParameterTuple(v for v in self._lr_values
                                                if isinstance(v, Parameter))
        else:
            self._set_learning_rate_attr(self._lr_values[0])
        if self.is_group:
            self.weight_decay = tuple(wd * loss_scale for wd in group_wds)
            self.decay_flags = tuple(group_wds[g] > 0 for g in group_of)
            self._param_decay = tuple(group_wds[g] * loss_scale for g in group_of)
            self.grad_centralization_flags = tuple(group_gcs[g] for g in group_of)
        else:
            self.weight_decay = weight_decay * loss_scale
            self.decay_flags = tuple("beta" not in p.name and "gamma" not in p.name
                                     for p in plist)
            self._param_decay = tuple(self.weight_decay if f else 0.0 for f in self.decay_flags)
            self.grad_centralization_flags = (False,) * len(plist)
        self._raw_decay = tuple(group_wds[g] for g in group_of)
        self.exec_weight_decay = any(d > 0 for d in self._param_decay)
        self.reciprocal_scale = 1.0 / loss_scale
        self.need_scale = loss_scale != 1.0

    # ------------------------------------------------------------------ construction helpers
    def _parameters_base_check(self, parameters: Any) -> list[Any]:
        op = type(self).__name__
        if parameters is None:
            raise ValueError(f"For '{op}', the 'parameters' can not be None.")
        if isinstance(parameters, Parameter) or not isinstance(parameters, Iterable):
            raise TypeError(f"For '{op}', the 'parameters' must be an iterable of Parameters or "
                            f"of group dicts, but got {type(parameters).__name__}.")
        params = list(parameters)
        if not params:
            raise ValueError(f"For '{op}', the 'parameters' list is empty.")
        if not (all(isinstance(p, Parameter) for p in params)
                or all(isinstance(p, dict) for p in params)):
            bad = next(p for p in params if not isinstance(p, (Parameter, dict)))
            raise TypeError(f"For '{op}', all elements of the 'parameters' must be Parameters "
                            f"or all must be dicts, but got an element of type "
                            f"{type(bad).__name__}.")
        return params

    def _preprocess_weight_decay(self, weight_decay: Any) -> float:
        op = type(self).__name__
        if not _is_number(weight_decay):
            raise TypeError(f"For '{op}', the 'weight_decay' must be an int or a float, but got "
                            f"{type(weight_decay).__name__}.")
        if weight_decay < 0:
            raise ValueError(f"For '{op}', the 'weight_decay' must be >= 0, but got "
                             f"{weight_decay}.")
        return float(weight_decay)

    def _preprocess_single_lr(self, learning_rate: Any) -> Any:
        """A float, a 0-d Tensor, a 1-D Tensor (dynamic: one value per step) or a Cell that
        maps the global step to a learning rate (dynamic)."""
        op = type(self).__name__
        if _is_number(learning_rate):
            if learning_rate < 0:
                raise ValueError(f"For '{op}', the 'learning_rate' must be >= 0, but got "
                                 f"{learning_rate}.")
            return float(learning_rate)
        if isinstance(learning_rate, Tensor) and learning_rate.ndim == 0:
            return learning_rate
        if isinstance(learning_rate, Cell):
            self.dynamic_lr = True
            return learning_rate
        if isinstance(learning_rate, Tensor):
            if learning_rate.ndim > 1:
                raise ValueError(f"For '{op}', a Tensor 'learning_rate' must be 0-D or 1-D, but "
                                 f"got shape {list(learning_rate.shape)}.")
            self.dynamic_lr = True
            return Tensor(learning_rate.asnumpy().astype(np.float32))
        if isinstance(learning_rate, (list, tuple)):
            if not learning_rate or not all(_is_number(v) for v in learning_rate):
                raise TypeError(f"For '{op}', a list 'learning_rate' must be a non-empty list of "
                                f"numbers, but got {learning_rate!r}.")
            self.dynamic_lr = True
            return Tensor(np.array(learning_rate, np.float32))
        raise TypeError(f"For '{op}', the 'learning_rate' must be an int, a float, a Tensor, a "
                        f"list of floats or a learning-rate Cell, but got "
                        f"{type(learning_rate).__name__}.")

    def _parse_groups(self, groups: list[dict[str, Any]], lr: Any, weight_decay: float
                      ) -> tuple[list[Parameter], list[int], list[Any], list[float], list[bool]]:
        op = type(self).__name__
        plist: list[Parameter] = []
        group_of: list[int] = []
        lrs: list[Any] = []
        wds: list[float] = []
        gcs: list[bool] = []
        order: list[Parameter] | None = None
        for group in groups:
            bad = [k for k in group if k not in _GROUP_KEYS]
            if bad:
                raise KeyError(f"For '{op}', the group keys {bad} are not supported: expected "
                               f"keys among {list(_GROUP_KEYS)}.")
            if "order_params" in group:
                if len(group) > 1:
                    raise ValueError(f"For '{op}', the 'order_params' group must not hold other "
                                     "keys.")
                order = list(group["order_params"])
                continue
            members = group.get("params")
            if members is None or isinstance(members, Parameter):
                raise TypeError(f"For '{op}', each group's 'params' must be a list of "
                                f"Parameters, but got {members!r}.")
            members = list(members)
            if not members or not all(isinstance(p, Parameter) for p in members):
                raise TypeError(f"For '{op}', each group's 'params' must be a non-empty list of "
                                "Parameters.")
            gid = len(lrs)
            if "lr" in group:
                lrs.append(self._preprocess_single_lr(group["lr"]))
                self.is_group_lr = True
            else:
                lrs.append(lr)
            wds.append(self._preprocess_weight_decay(group.get("weight_decay", weight_decay)))
            gc = group.get("grad_centralization", False)
            if not isinstance(gc, bool):
                raise TypeError(f"For '{op}', the 'grad_centralization' must be a bool, but got "
                                f"{gc!r}.")
            gcs.append(gc)
            for p in members:
                if any(p is q for q in plist):
                    raise RuntimeError(f"For '{op}', the Parameter '{p.name}' is in more than "
                                       "one group.")
                plist.append(p)
                group_of.append(gid)
        if order is not None:
            if len(order) != len(plist) or any(not any(p is q for q in plist) for p in order):
                raise ValueError(f"For '{op}', the 'order_params' must list exactly the "
                                 "parameters of the groups.")
            index = {id(p): i for i, p in enumerate(plist)}
            group_of = [group_of[index[id(p)]] for p in order]
            plist = order
        return plist, group_of, lrs, wds, gcs

    def _build_single_lr(self, lr: Any, group: int) -> Any:
        name = f"learning_rate_group_{group}" if self.is_group_lr else "learning_rate"
        if isinstance(lr, float):
            return Parameter(Tensor(np.array(lr, np.float32)), name=name)
        if isinstance(lr, Tensor) and lr.ndim == 0 and not isinstance(lr, Parameter):
            return Parameter(lr, name=name)
        return lr  # a Parameter, a 1-D Tensor of per-step values, or a Cell

    def _set_learning_rate_attr(self, lr: Any) -> None:
        if isinstance(lr, (Parameter, Cell)):
            self.learning_rate = lr
        else:
            object.__setattr__(self, "learning_rate", lr)

    # ------------------------------------------------------------------ the gradient pipeline
    def _check_gradients(self, gradients: Any) -> list[Tensor]:
        """The gradients as a list of Tensors in the Parameters' dtypes, after checking there is
        one per Parameter with its shape. Raises before anything is computed."""
        op = type(self).__name__
        params = self.parameters
        if isinstance(gradients, Tensor) or not isinstance(gradients, (tuple, list)):
            raise TypeError(f"For '{op}', the gradients must be a tuple or list of Tensors, one "
                            f"per parameter, but got {type(gradients).__name__}.")
        if len(gradients) != len(params):
            raise ValueError(f"For '{op}', expected {len(params)} gradients (one per parameter), "
                             f"but got {len(gradients)}.")
        out = []
        for p, g in zip(params, gradients):
            if not isinstance(g, Tensor):
                raise TypeError(f"For '{op}', the gradient of '{p.name}' must be a Tensor, but "
                                f"got {type(g).__name__}.")
            if tuple(g.shape) != tuple(p.shape):
                raise ValueError(f"For '{op}', the gradient of '{p.name}' has shape "
                                 f"{list(g.shape)}, but the parameter has shape "
                                 f"{list(p.shape)}.")
            out.append(ops.cast(g, p.dtype) if g.dtype is not p.dtype else g)
        return out

    def decay_weight(self, gradients: Any) -> tuple[Any, ...]:
        """g + weight_decay * p for the Parameters that decay."""
        if not self.exec_weight_decay:
            return tuple(gradients)
        return tuple(ops.add(g, ops.mul(p, wd)) if wd > 0 else g
                     for p, g, wd in zip(self.parameters, gradients, self._param_decay))

    def gradients_centralization(self, gradients: Any) -> tuple[Any, ...]:
        """g - mean(g over every axis but the first), for groups with grad_centralization."""
        out = []
        for g, flag in zip(gradients, self.grad_centralization_flags):
            if flag and g.ndim > 1:
                g = ops.sub(g, ops.reduce_mean(g, tuple(range(1, g.ndim)), keep_dims=True))
            out.append(g)
        return tuple(out)

    def scale_grad(self, gradients: Any) -> tuple[Any, ...]:
        """g / loss_scale."""
        if not self.need_scale:
            return tuple(gradients)
        return tuple(ops.mul(g, self.reciprocal_scale) for g in gradients)

    # ------------------------------------------------------------------ learning rate
    def _lr_of_group(self, group: int) -> Tensor:
        lr = self._lr_values[group]
        if isinstance(lr, Parameter):
            return lr.value()
        step = self.global_step.value()
        if isinstance(lr, Cell):
            return ops.reshape(ops.cast(lr(step), mstype.float32), ())
        # Written with ops, not by reading `step`'s value, so a compiled training step
        # reads the current step at run time.
        n = lr.shape[0]
        index = ops.minimum(ops.reshape(step, (1,)), n - 1)
        return ops.reshape(ops.cast(ops.gather(lr, index, 0), mstype.float32), ())

    def _current_lrs(self) -> list[Tensor]:
        """The learning rate of each Parameter at the current step (no side effect)."""
        by_group = [self._lr_of_group(g) for g in range(len(self._lr_values))]
        return [by_group[g] for g in self._group_of]

    def get_lr(self) -> Any:
        """The current learning rate (a tuple of them with per-group rates). As in MindSpore,
        a dynamic learning rate advances the global step."""
        by_group = [self._lr_of_group(g) for g in range(len(self._lr_values))]
        if self.dynamic_lr:
            self._commit([], advance_step=True)
        return tuple(by_group) if self.is_group_lr else by_group[0]

    def get_lr_parameter(self, param: Any) -> Any:
        """The learning rate (Parameter, Tensor or Cell) used for `param` (or a list of them)."""
        def one(p: Parameter) -> Any:
            for i, q in enumerate(self.parameters):
                if q is p:
                    return self._lr_values[self._group_of[i]]
            raise ValueError(f"For 'get_lr_parameter', the Parameter '{p.name}' is not in the "
                             "optimizer.")
        if isinstance(param, Parameter):
            return one(param)
        return [one(p) for p in param]

    # ------------------------------------------------------------------ committing a step
    def _commit(self, updates: list[tuple[Parameter, Any]], advance_step: bool = True) -> None:
        """Write all new values and advance 'global_step' (every step, as MindSpore 2.x's
        optimisers do, so a checkpoint holds the step count)."""
        updates = list(updates)
        if advance_step:
            updates.append((self.global_step, ops.add(self.global_step.value(), 1)))
        assign_all(updates)

    def _prepare(self, gradients: Any, decay: bool = True) -> tuple[list[Tensor], list[Tensor]]:
        """Checked, decayed, centralised and unscaled gradients, and each Parameter's lr."""
        grads = self._check_gradients(gradients)
        if decay:
            grads = list(self.decay_weight(grads))
        grads = list(self.scale_grad(self.gradients_centralization(grads)))
        return grads, self._current_lrs()

    def construct(self, gradients: Any) -> Any:
        raise NotImplementedError(f"'{type(self).__name__}' must override 'construct'.")

    def _success(self) -> tuple[bool, ...]:
        return (True,) * len(self.parameters)


def nonnegative_float(op: str, name: str, value: Any) -> float:
    """`value` (an int or float at least 0) as a float; MindSpore's errors otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, float):
        raise TypeError(f"For '{op}', the argument '{name}' must be float type, but got "
                        f"{type(value).__name__}.")
    if value < 0.0:
        raise ValueError(f"For '{op}', the argument '{name}' must be at least 0.0, but got "
                         f"{value}.")
    return value


def zeros_like_params(params: ParameterTuple, prefix: str, fill: float = 0.0) -> ParameterTuple:
    """One state Parameter per Parameter, named '<prefix>.<name>', filled with `fill`."""
    return ParameterTuple(
        Parameter(Tensor(np.full(p.shape, fill, p.dtype.np_dtype)), name=f"{prefix}.{p.name}",
                  requires_grad=False)
        for p in params)
