"""Neural-network primitives: activations, softmax, convolution, pooling, normalisation,
dropout, losses."""

from __future__ import annotations
