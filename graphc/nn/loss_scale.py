"""Loss scaling for mixed precision: `TrainOneStepWithLossScaleCell` and the update Cells
`DynamicLossScaleUpdateCell`, `FixedLossScaleUpdateCell`.

One step: the loss, its gradients with the sensitivity `scale_sense` (the loss scale), the
gradients divided by the scale, an overflow check (any gradient not finite), the update cell's
new scale, and the optimiser step only when there was no overflow. It returns
`(loss, overflow, scale)` as MindSpore does. The scale is the Parameter 'scale_sense'.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import ops
from ..common import dtype as mstype
from ..common.parameter import Parameter
from ..common.tensor import Tensor
from ._effects import assign_all
from .cell import Cell
from .optim.optimizer import Optimizer
from .wrap import TrainOneStepCell


class DynamicLossScaleUpdateCell(Cell):
    """`(scale, overflow) -> overflow`, updating `scale` in place: on overflow it is divided by
    `scale_factor` (not below 1); after `scale_window` steps without one it is multiplied by
    it."""

    def __init__(self, loss_scale_value: float, scale_factor: float, scale_window: int) -> None:
        super().__init__()
        self.scale_window = Tensor(np.array(scale_window, np.int32))
        self.scale_factor = Tensor(np.array(scale_factor, np.float32))
        self.loss_scale_value = loss_scale_value
        self.cur_iter = Parameter(Tensor(np.array(1, np.int32)), name="current_iterator_step")
        self.last_overflow_iter = Parameter(Tensor(np.array(0, np.int32)),
                                            name="last_overflow_iterator_step")
        self.minimum_loss_scale = Tensor(np.array(1.0, np.float32))

    def get_loss_scale(self) -> float:
        return self.loss_scale_value

    def construct(self, loss_scale: Any, overflow: Any) -> Any:
        scale = loss_scale
        cur = self.cur_iter
        on_overflow = ops.select(overflow, ops.maximum(ops.div(scale, self.scale_factor),
                                                       self.minimum_loss_scale), scale)
        last = self.last_overflow_iter
        should_inc = ops.less_equal(self.scale_window, ops.sub(cur, last))
        last_overflow = ops.select(ops.logical_or(overflow, should_inc), cur, last)
        grow = ops.logical_and(should_inc, ops.logical_not(overflow))
        new_scale = ops.select(grow, ops.mul(on_overflow, self.scale_factor), on_overflow)
        assign_all([(self.last_overflow_iter, last_overflow), (loss_scale, new_scale),
                    (self.cur_iter, ops.add(cur, 1))])
        return overflow


class FixedLossScaleUpdateCell(Cell):
    """`(scale, overflow) -> overflow`; the scale never changes."""

    def __init__(self, loss_scale_value: float) -> None:
        super().__init__()
        self.loss_scale_value = loss_scale_value

    def get_loss_scale(self) -> float:
        return self.loss_scale_value

    def construct(self, loss_scale: Any, overflow: Any) -> Any:
        return overflow


class TrainOneStepWithLossScaleCell(TrainOneStepCell):
    """One loss-scaled training step (see the module docstring). `scale_sense` is an update
    Cell (its `get_loss_scale()` is the first scale) or a Tensor of shape () or (1,)."""

    def __init__(self, network: Cell, optimizer: Optimizer, scale_sense: Any) -> None:
        super().__init__(network, optimizer, sens=None)
        self.loss_scaling_manager = None
        if isinstance(scale_sense, Cell):
            self.loss_scaling_manager = scale_sense
            value = np.array(scale_sense.get_loss_scale(), np.float32)
        elif isinstance(scale_sense, Tensor):
            if tuple(scale_sense.shape) not in ((), (1,)):
                raise ValueError("For 'TrainOneStepWithLossScaleCell', the shape of 'scale_sense' "
                                 f"must be (1,) or (), but got {tuple(scale_sense.shape)}.")
            value = scale_sense.asnumpy().astype(np.float32)
        else:
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the 'scale_sense' must be Cell "
                            f"or Tensor, but got 'scale_sense' type: {type(scale_sense)}.")
        self.scale_sense = Parameter(Tensor(value), name="scale_sense", requires_grad=False)

    def construct(self, *inputs: Any) -> Any:
        loss = self.network(*inputs)
        scale = ops.mul(self.scale_sense, 1.0)  # this step's scale, read before the update
        sens = ops.mul(ops.ones_like(loss), ops.cast(scale, loss.dtype))
        grads = self.grad(self.network, self.weights)(*inputs, sens)
        if self.reducer_flag:  # DATA_PARALLEL: averaged before unscaling, as MindSpore does
            grads = self.grad_reducer(grads)
        grads = tuple(ops.mul(g, ops.cast(ops.div(1.0, scale), g.dtype)) for g in grads)
        cond = self.get_overflow_status(grads)
        overflow = self.process_loss_scale(cond)
        if not overflow:
            self.optimizer(grads)
        return loss, cond, scale

    def get_overflow_status(self, grads: Any) -> Any:
        """True when any gradient holds an inf or NaN."""
        finite = [ops.reduce_all(ops.isfinite(g)) for g in grads]
        return ops.logical_not(ops.reduce_all(ops.stack(finite)))

    def process_loss_scale(self, overflow: Any) -> Any:
        if self.loss_scaling_manager is None:
            return overflow
        return self.loss_scaling_manager(self.scale_sense, overflow)

    def set_sense_scale(self, sens: Any) -> None:
        if not isinstance(sens, Tensor):
            raise TypeError("For 'TrainOneStepWithLossScaleCell', the type of 'sens' must be "
                            f"Tensor, but got {type(sens)}")
        self.scale_sense.set_data(ops.cast(sens, mstype.float32))


__all__ = ["TrainOneStepWithLossScaleCell", "DynamicLossScaleUpdateCell",
           "FixedLossScaleUpdateCell"]
