"""`DigitsLeNet`: a small LeNet-style network for the 8x8 digits, shared by the demo, the
end-to-end test and the benchmarks.

    (N, 1, 8, 8) -> Conv2d 3x3 'same' (c1) -> ReLU -> MaxPool 2x2 -> (N, c1, 4, 4)
                 -> Conv2d 3x3 'same' (c2) -> ReLU -> MaxPool 2x2 -> (N, c2, 2, 2)
                 -> Flatten -> Dense(4 * c2, hidden) -> ReLU -> Dense(hidden, 10) logits
"""

from __future__ import annotations

from typing import Any

from .. import nn


class DigitsLeNet(nn.Cell):
    """LeNet-style classifier of 1x8x8 images into `num_classes` logits."""

    def __init__(self, num_classes: int = 10, channels: tuple[int, int] = (16, 32),
                 hidden: int = 64) -> None:
        super().__init__()
        c1, c2 = channels
        self.conv1 = nn.Conv2d(1, c1, 3, pad_mode="same", has_bias=True)
        self.conv2 = nn.Conv2d(c1, c2, 3, pad_mode="same", has_bias=True)
        self.relu = nn.ReLU()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.flatten = nn.Flatten()
        self.fc1 = nn.Dense(c2 * 2 * 2, hidden)
        self.fc2 = nn.Dense(hidden, num_classes)

    def construct(self, x: Any) -> Any:
        x = self.pool(self.relu(self.conv1(x)))
        x = self.pool(self.relu(self.conv2(x)))
        x = self.flatten(x)
        x = self.relu(self.fc1(x))
        return self.fc2(x)
