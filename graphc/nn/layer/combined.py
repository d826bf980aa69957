"""MindSpore's combined layer `nn.Conv2dBnAct`: a Conv2d, then (with `has_bn`) a BatchNorm2d,
then (with `activation`) an activation, as the sub-cells `conv`, `batchnorm` and
`activation` (so parameter names are `conv.weight`, `batchnorm.gamma`, ...)."""

from __future__ import annotations

from typing import Any

from ..cell import Cell
from .activation import LeakyReLU, get_activation
from .conv import Conv2d
from .normalization import BatchNorm2d


class Conv2dBnAct(Cell):
    """`nn.Conv2dBnAct(in_channels, out_channels, kernel_size, stride=1, pad_mode='same',
    padding=0, dilation=1, group=1, has_bias=False, weight_init='normal', bias_init='zeros',
    has_bn=False, momentum=0.997, eps=1e-5, activation=None, alpha=0.2, after_fake=True)`;
    `alpha` is LeakyReLU's slope when activation='leakyrelu'; `after_fake` (quantisation)
    has no effect."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 pad_mode: str = "same", padding: Any = 0, dilation: Any = 1, group: int = 1,
                 has_bias: bool = False, weight_init: Any = "normal", bias_init: Any = "zeros",
                 has_bn: bool = False, momentum: float = 0.997, eps: float = 1e-5,
                 activation: Any = None, alpha: float = 0.2, after_fake: bool = True) -> None:
        super().__init__()
        self.conv = Conv2d(in_channels, out_channels, kernel_size, stride, pad_mode, padding,
                           dilation, group, has_bias, weight_init, bias_init)
        self.has_bn = bool(has_bn)
        if self.has_bn:
            self.batchnorm = BatchNorm2d(out_channels, eps, momentum)
        if activation == "leakyrelu":
            self.activation = LeakyReLU(alpha)
        elif isinstance(activation, Cell) or activation is None:
            self.activation = activation
        else:
            self.activation = get_activation(activation, "Conv2dBnAct")
        self.has_act = self.activation is not None

    def construct(self, x: Any) -> Any:
        x = self.conv(x)
        if self.has_bn:
            x = self.batchnorm(x)
        if self.has_act:
            x = self.activation(x)
        return x
