"""`mindspore.mint.nn.functional`: activations and dropout, graphc's functional ops."""

from ...ops import dropout, gelu, relu, sigmoid, tanh

__all__ = ["dropout", "gelu", "relu", "sigmoid", "tanh"]
