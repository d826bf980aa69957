"""Loss-scale managers for mixed precision: `FixedLossScaleManager` and
`DynamicLossScaleManager`. `amp.build_train_network` asks one for its scale and for the
update Cell that `nn.TrainOneStepWithLossScaleCell` runs each step; `Model` also tells it whether
each step overflowed (`update_loss_scale`), so `get_loss_scale()` follows the run."""

from __future__ import annotations

from typing import Any

from ..nn.loss_scale import DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell


class LossScaleManager:
    """Base class: `get_loss_scale`, `update_loss_scale(overflow)`, `get_update_cell`."""

    def get_loss_scale(self) -> Any:
        raise NotImplementedError

    def update_loss_scale(self, overflow: bool) -> None:
        raise NotImplementedError

    def get_update_cell(self) -> Any:
        raise NotImplementedError

    def get_drop_overflow_update(self) -> bool:
        return True


class FixedLossScaleManager(LossScaleManager):
    """A constant scale. With `drop_overflow_update` (the default) steps whose gradients
    overflow are skipped by TrainOneStepWithLossScaleCell; without it, the scale is only the
    sensitivity of TrainOneStepCell (give the optimiser the same `loss_scale` to undo it)."""

    def __init__(self, loss_scale: float = 128.0, drop_overflow_update: bool = True) -> None:
        if loss_scale < 1:
            raise ValueError(f"The argument 'loss_scale' must be >= 1, but got {loss_scale}")
        self._loss_scale = loss_scale
        self._drop_overflow_update = drop_overflow_update

    def get_loss_scale(self) -> float:
        return self._loss_scale

    def get_drop_overflow_update(self) -> bool:
        return self._drop_overflow_update

    def update_loss_scale(self, overflow: bool) -> None:
        return None

    def get_update_cell(self) -> FixedLossScaleUpdateCell | None:
        if not self._drop_overflow_update:
            return None
        return FixedLossScaleUpdateCell(self._loss_scale)


class DynamicLossScaleManager(LossScaleManager):
    """A scale divided by `scale_factor` on each overflow (not below 1) and multiplied by it
    after `scale_window` steps without one."""

    def __init__(self, init_loss_scale: float = 2 ** 24, scale_factor: int = 2,
                 scale_window: int = 2000) -> None:
        if init_loss_scale < 1.0:
            raise ValueError(f"The argument 'init_loss_scale' must be > 1, but got "
                             f"{init_loss_scale}")
        if not isinstance(scale_window, int) or isinstance(scale_window, bool) \
                or scale_window <= 0:
            raise ValueError(f"For 'DynamicLossScaleManager', the 'scale_window' must be a "
                             f"positive int, but got {scale_window!r}.")
        if scale_factor <= 0:
            raise ValueError(f"The argument 'scale_factor' must be > 0, but got {scale_factor}")
        self.loss_scale = init_loss_scale
        self.scale_window = scale_window
        self.scale_factor = scale_factor
        self.increase_ratio = scale_factor
        self.decrease_ratio = 1 / scale_factor
        self.cur_iter = 1
        self.last_overflow_iter = 0
        self.bad_step_max = 1000
        self.bad_step = 0

    def get_loss_scale(self) -> float:
        return self.loss_scale

    def update_loss_scale(self, overflow: bool) -> None:
        if overflow:
            self.loss_scale = max(self.loss_scale * self.decrease_ratio, 1)
            self.last_overflow_iter = self.cur_iter
            self.bad_step += 1
        else:
            if (self.cur_iter - self.last_overflow_iter) % self.scale_window == 0:
                self.loss_scale *= self.increase_ratio
            self.bad_step = 0
        if self.bad_step > self.bad_step_max:
            raise RuntimeError(f"Dynamic loss scale Continuous overflow {self.bad_step} times, has "
                               "exceeded maximum threshold.")
        self.cur_iter += 1

    def get_drop_overflow_update(self) -> bool:
        return True

    def get_update_cell(self) -> DynamicLossScaleUpdateCell:
        return DynamicLossScaleUpdateCell(self.loss_scale, self.scale_factor, self.scale_window)
