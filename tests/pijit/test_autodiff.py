"""Autodiff and training through PIJit capture: `grad`/`value_and_grad` of a PIJit function or
Cell, gradients taken inside one, and training steps. Each test checks what was captured (the
gradient graph's ops, breaks, compiles) as well as PyNative's numbers."""

import numpy as np

import graphc as ms
from graphc import nn, ops


def t(data, dtype=np.float32):
    return ms.Tensor(np.asarray(data, dtype))


def pijit(fn=None, **kw):
    return ms.jit(fn, capture_mode="bytecode", **kw) if fn is not None else \
        ms.jit(capture_mode="bytecode", **kw)


def close(a, b):
    np.testing.assert_allclose(a.asnumpy(), b.asnumpy(), rtol=1e-6)


def sin_times(x, y):
    return ops.sin(x) * y


X, Y = [1.0, 2.0], [3.0, 4.0]


def test_grad_of_a_pijit_function_is_one_captured_graph_of_forward_and_backward():
    g = ms.grad(pijit(sin_times), grad_position=(0, 1))
    gx, gy = g(t(X), t(Y))
    ex, ey = ms.grad(sin_times, grad_position=(0, 1))(t(X), t(Y))
    close(gx, ex)
    close(gy, ey)
    info = g.cache_info()
    assert info.graph_count == 1 and info.break_count == 0
    # sin's bprop (cos) and mul's: the backward pass is in the captured graph
    assert sorted(info.graphs[0].ops) == ["cos", "mul", "mul", "mul", "sin"]
    g(t([0.5, 0.5]), t(Y))
    info = g.cache_info()
    assert info.compiles == ["first call"] and info.hits == 1


def test_value_and_grad_of_a_pijit_cell_with_weights_is_captured():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(t([2.0, -1.0]), name="w")

        @ms.jit(capture_mode="bytecode")
        def construct(self, x):
            return (x * self.w).sum()

    class Plain(nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(t([2.0, -1.0]), name="w")

        def construct(self, x):
            return (x * self.w).sum()

    net, plain = Net(), Plain()
    vg = ms.value_and_grad(net, 0, net.trainable_params())
    (value, (gx, (gw,))) = vg(t(X))
    (e_value, (e_gx, (e_gw,))) = ms.value_and_grad(plain, 0, plain.trainable_params())(t(X))
    close(value, e_value)
    close(gx, e_gx)
    close(gw, e_gw)
    info = vg.cache_info()
    assert info.graph_count == 1 and info.break_count == 0
    assert "reduce_sum" in info.graphs[0].ops and info.graphs[0].ops.count("mul") >= 3


def test_grad_of_a_pijit_function_that_breaks_gives_pynative_numbers():
    def with_print(x):
        y = ops.exp(x)
        print("between")
        return y * x

    g = ms.grad(pijit(with_print))
    close(g(t(X)), ms.grad(with_print)(t(X)))
    info = g.cache_info()  # the gradient call runs on the tape, in Python: said as a break
    assert info.break_count == 1 and "with_print" in info.breaks[0].reason


def test_grad_inside_a_pijit_function_records_the_backward_pass():
    @pijit
    def outer(x, y):
        return ms.grad(sin_times)(x, y) * 2

    close(outer(t(X), t(Y)), ms.grad(sin_times)(t(X), t(Y)) * 2)
    info = outer.capture_info()
    assert info.graph_count == 1 and info.break_count == 0 and "cos" in info.graphs[0].ops


def make_dense():
    net = nn.Dense(2, 1)
    net.weight.set_data(t([[0.5, -0.5]]))
    net.bias.set_data(t([0.1]))
    return net


def test_train_one_step_cell_captured_trains_like_pynative():
    x, y = t([[1.0, 2.0]]), t([[3.0]])
    eager_net = make_dense()
    eager = nn.TrainOneStepCell(nn.WithLossCell(eager_net, nn.MSELoss()),
                                nn.SGD(eager_net.trainable_params(), 0.05))
    net = make_dense()
    step = pijit(nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                     nn.SGD(net.trainable_params(), 0.05)))
    for _ in range(3):
        close(step(x, y), eager(x, y))
    close(net.weight, eager_net.weight)
    close(net.bias, eager_net.bias)
    info = step.capture_info()
    assert info.graph_count == 1 and info.break_count == 0
    assert info.compiles == ["first call"] and info.hits == 2
    assert "assign_parameter" in info.graphs[0].ops  # the optimizer's update is in the graph


def test_a_pijit_construct_with_grad_and_optimizer_step_is_one_graph():
    class Step(nn.Cell):
        def __init__(self, net, opt):
            super().__init__()
            self.net, self.opt, self.loss = net, opt, nn.MSELoss()
            self.grad = ops.GradOperation(get_by_list=True)
            self.weights = opt.parameters

        def forward(self, x, y):
            return self.loss(self.net(x), y)

        @ms.jit(capture_mode="bytecode")
        def construct(self, x, y):
            loss = self.forward(x, y)
            self.opt(self.grad(self.forward, self.weights)(x, y))
            return loss

    x, y = t([[1.0, 2.0]]), t([[3.0]])
    eager_net = make_dense()
    eager = nn.TrainOneStepCell(nn.WithLossCell(eager_net, nn.MSELoss()),
                                nn.SGD(eager_net.trainable_params(), 0.05))
    net = make_dense()
    step = Step(net, nn.SGD(net.trainable_params(), 0.05))
    for _ in range(3):
        close(step(x, y), eager(x, y))
    close(net.weight, eager_net.weight)
    info = Step.construct.capture_info(step)
    assert info.graph_count == 1 and info.break_count == 0 and info.hits == 2


class DenseTwice(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = make_dense()

    def construct(self, x):
        return ops.relu(self.fc(x) * 2) + self.fc(x)


class PIJitDenseTwice(DenseTwice):
    @ms.jit(capture_mode="bytecode")
    def construct(self, x):
        return ops.relu(self.fc(x) * 2) + self.fc(x)


def test_train_one_step_cell_over_a_pijit_construct_runs_its_graph_on_the_tape():
    x, y = t([[1.0, 2.0]]), t([[3.0]])
    losses, weights = [], []
    for cls in (DenseTwice, PIJitDenseTwice):
        net = cls()
        step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                                   nn.SGD(net.trainable_params(), 0.05))
        losses.append([step(x, y) for _ in range(3)])
        weights.append(net.fc.weight)
    for a, b in zip(*losses):
        close(a, b)
    close(weights[0], weights[1])
    info = PIJitDenseTwice.construct.capture_info(net)
    assert info.graph_count == 1 and info.compiles == ["first call"] and info.hits == 2
    assert info.graphs[0].ops == ["matmul", "bias_add", "mul", "relu", "add"]
    (backward,) = info.backward  # the tape's backward pass ran one captured gradient graph
    assert backward.graph_count == 1 and backward.compiles == ["first call"]
    assert backward.hits == 2 and "relu_grad" in backward.graphs[0].ops


def test_a_pijit_graph_with_a_side_effect_runs_as_plain_code_on_the_tape():
    class Counting(nn.Cell):
        def __init__(self):
            super().__init__()
            self.fc = make_dense()
            self.calls = 0

        @ms.jit(capture_mode="bytecode")
        def construct(self, x):
            self.calls = self.calls + 1
            return self.fc(x) * 3

    net = Counting()
    gx = ms.grad(lambda x: net(x).sum())(t([[1.0, 2.0]]))
    close(gx, t([[1.5, -1.5]]) * 1.0)  # 3 * weight
    assert net.calls == 1
    assert net.construct.capture_info().backward == []


def _scaled_first(pair, y):
    return 2 * pair[0] + y


def _scaled_first_args(*args):
    return 2 * args[0][0] + args[1]


def _scaled_from_dict(m):
    return 2 * m["x"][0] + m["y"]


def test_a_tensor_inside_a_tuple_list_or_dict_argument_gets_its_gradient_under_the_tape():
    """Plain code calling a PIJit function with a Tensor inside a container (and through
    *args): the captured call is counted, and the tape still sees the Tensor (MindSpore's
    [6, 6, 6]; the graph as one tape op whose inputs missed it gave zeros)."""
    inner = pijit(_scaled_first)
    inner_args = pijit(_scaled_first_args)
    inner_dict = pijit(_scaled_from_dict)
    callers = {
        inner: lambda x, y: inner((x * 3,), y),
        inner_args: lambda x, y: inner_args([x * 3], y),
        inner_dict: lambda x, y: inner_dict({"x": (x * 3, "a"), "y": y}),
    }
    for f, caller in callers.items():
        for dtype in (np.float32, np.int64):
            got = ms.ops.GradOperation()(caller)(t([1, 2, 3], dtype), t([1, 1, 1], dtype))
            assert got.asnumpy().tolist() == [6, 6, 6], (f, dtype)
        info = f.capture_info()
        assert info.calls == 2 and info.graph_count == 1 and info.break_count == 0
