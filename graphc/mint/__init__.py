"""MindSpore's `mindspore.mint`: the functions of its PyTorch-styled API whose arguments are the
ones graphc's functional ops take (elementwise math, comparisons, `clamp`, `where`, `matmul`,
the `*_like` constructors), as the same objects; `mint.nn.functional` has the activations and
`dropout`. Functions whose mint signature differs from graphc's (`sum(input, dim, keepdim)`,
`cat(tensors, dim)`, ...) are not here rather than here with other meanings.
"""

from ..ops import (
    abs,
    add,
    clamp,
    cos,
    div,
    equal,
    exp,
    greater,
    less,
    log,
    logical_and,
    logical_not,
    matmul,
    maximum,
    minimum,
    mul,
    neg,
    ones_like,
    pow,
    sigmoid,
    sin,
    sqrt,
    sub,
    tanh,
    where,
    zeros_like,
)
from . import nn

clip = clamp

__all__ = ["abs", "add", "clamp", "clip", "cos", "div", "equal", "exp", "greater", "less",
           "log", "logical_and", "logical_not", "matmul", "maximum", "minimum", "mul", "neg",
           "nn", "ones_like", "pow", "sigmoid", "sin", "sqrt", "sub", "tanh", "where",
           "zeros_like"]
