"""What `GradOperation` and `grad` return in the corner cases MindSpore 2.10 defines: no inputs,
one Parameter given alone, `get_by_list` without weights, an empty `grad_position` (numbers
recorded from MindSpore 2.10)."""

import pytest

import graphc as ms
from graphc import nn, ops


class Affine(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(ms.Tensor([6], ms.int32), name="w")
        self.b = ms.Parameter(ms.Tensor([2], ms.int32), name="b")

    def construct(self, x, y):
        return self.w * x + self.b * y


class Constant(nn.Cell):
    def construct(self):
        return 3


X, Y = ms.Tensor([10], ms.int32), ms.Tensor([20], ms.int32)


def values(out):
    if isinstance(out, tuple):
        return tuple(values(o) for o in out)
    return out.asnumpy().tolist()


def test_without_inputs_the_gradient_is_an_empty_tuple():
    assert ops.GradOperation()(Constant())() == ()


def test_one_parameter_given_alone_gives_one_gradient_not_a_tuple():
    net = Affine()
    out = ops.GradOperation(get_by_list=True)(net, net.w)(X, Y)
    assert isinstance(out, ms.Tensor) and values(out) == [10]


def test_get_by_list_without_weights_takes_the_cells_trainable_parameters():
    net = Affine()
    assert values(ops.GradOperation(get_by_list=True)(net, None)(X, Y)) == ([10], [20])
    both = ops.GradOperation(get_all=True, get_by_list=True)(net, None)(X, Y)
    assert values(both) == (([6], [2]), ([10], [20]))


def test_an_empty_grad_position_is_a_runtime_error():
    net = Affine()
    with pytest.raises(RuntimeError, match="grad_position should not be empty"):
        ops.grad(net, grad_position=(), weights=net.trainable_params()[0])(X, Y)
