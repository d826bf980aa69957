"""Mixed precision: amp levels on Model (float16 compute, float32 master weights) against
MindSpore 2.10's float16 run (recorded by hand), auto_mixed_precision's casts, and the loss-scale
managers with TrainOneStepWithLossScaleCell."""

import re

import numpy as np
import pytest

import graphc as ms
from graphc import amp, nn
from graphc.train import DynamicLossScaleManager, FixedLossScaleManager, LossMonitor, Model

from .standins import Net, TupleDataset, X

LINE = re.compile(r"^epoch: \d+ step: \d+, loss is ([-0-9.e]+)$")
# MindSpore 2.10, amp_level "O3" (and "O2" with FixedLossScaleManager(128, False)), LossMonitor(2)
MS_FP16_LOSSES = [1.3998606204986572, 0.7390946745872498, 0.13565203547477722,
                  0.4121018350124359]
MS_FP16_PREDICT = [[-3.414, 1.33], [-0.8135, 0.8135]]


@pytest.fixture(params=[ms.PYNATIVE_MODE, ms.GRAPH_MODE], ids=["pynative", "graph"])
def mode(request):
    ms.set_context(mode=request.param)
    yield
    ms.set_context(mode=ms.PYNATIVE_MODE)


def _model(level, **kwargs):
    net = Net()
    loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    scale = 128.0 if "loss_scale_manager" in kwargs else 1.0
    opt = nn.Momentum(net.trainable_params(), learning_rate=0.1, momentum=0.9, loss_scale=scale)
    return net, Model(net, loss, opt, metrics={"acc"}, amp_level=level, **kwargs)


@pytest.mark.parametrize("level, kwargs", [
    ("O3", {}),
    ("O2", {"loss_scale_manager": FixedLossScaleManager(128.0, drop_overflow_update=False)}),
])
def test_float16_levels_train_like_mindspore(mode, capsys, level, kwargs):
    net, model = _model(level, **kwargs)
    model.train(2, TupleDataset(), callbacks=LossMonitor(2))
    losses = [float(m[1]) for m in map(LINE.match, capsys.readouterr().out.splitlines()) if m]
    np.testing.assert_allclose(losses, MS_FP16_LOSSES, rtol=1e-3)
    assert net.fc1.weight.dtype == ms.float32  # the master weights stay float32
    assert model.eval(TupleDataset())["acc"] == pytest.approx(0.9)
    out = model.predict(ms.Tensor(X[:2]))
    assert out.dtype == ms.float16
    np.testing.assert_allclose(out.asnumpy(), MS_FP16_PREDICT, atol=2e-3)


def test_to_float16_layers_compute_in_float16_with_float32_gradients(mode):
    dense = nn.Dense(3, 2).to_float(ms.float16)
    x = ms.Tensor(np.ones((1, 3), np.float32))
    assert dense(x).dtype == ms.float16
    grads = ms.grad(lambda x: dense(x).sum(), grad_position=None,
                    weights=dense.trainable_params())(x)
    assert [g.dtype for g in grads] == [ms.float32, ms.float32]


def test_auto_mixed_precision_levels():
    x = ms.Tensor(np.ones((2, 4), np.float32))
    o1 = amp.auto_mixed_precision(Net(), "O1")
    assert o1.fc1._mixed_precision_type is ms.float16
    assert o1(x).dtype == ms.float32  # outputs cast back
    seq = nn.SequentialCell([nn.Dense(4, 3), nn.BatchNorm1d(3), nn.ReLU()])
    o2 = amp.auto_mixed_precision(seq, "O2")
    bn = seq.name_cells()["1"]
    assert type(bn).__name__ == "_OutputTo16"
    assert bn._backbone._mixed_precision_type is ms.float32  # BatchNorm kept float32
    assert o2(x).dtype == ms.float32
    assert amp.auto_mixed_precision(Net(), "O0")(x).dtype == ms.float32
    with pytest.raises(ValueError, match="not supported"):
        amp.auto_mixed_precision(Net(), "O9")
    with pytest.raises(TypeError, match="should be Cell"):
        amp.auto_mixed_precision(lambda x: x, "O2")


def test_build_train_network_picks_the_step_cell():
    net = Net()
    opt = nn.Momentum(net.trainable_params(), 0.1, 0.9)
    loss = nn.MSELoss()
    plain = amp.build_train_network(net, opt, loss)
    assert type(plain).__name__ == "TrainOneStepCell"
    scaled = amp.build_train_network(Net(), nn.Momentum(Net().trainable_params(), 0.1, 0.9),
                                     loss, level="O0",
                                     loss_scale_manager=DynamicLossScaleManager(2 ** 10))
    assert type(scaled).__name__ == "TrainOneStepWithLossScaleCell"
    assert float(scaled.scale_sense.asnumpy()) == 1024.0
    with pytest.raises(ValueError, match="Unsupported arg"):
        amp.build_train_network(net, opt, loss, scale=3)
    with pytest.raises(ValueError, match="level"):
        amp.build_train_network(net, opt, loss, level="O7")
    with pytest.raises(TypeError, match="Optimizer"):
        amp.build_train_network(net, "sgd", loss)


def test_dynamic_loss_scale_skips_overflowing_steps_in_model():
    # float16 gradients of a loss scaled by 2**24 overflow: the steps are skipped and the scale
    # halves each time, until the scaled gradients fit
    manager = DynamicLossScaleManager(init_loss_scale=2 ** 24, scale_factor=2, scale_window=1000)
    net, model = _model("O3", loss_scale_manager=manager)
    before = net.fc1.weight.asnumpy().copy()
    conds = []

    class Watch(ms.train.Callback):
        def on_train_step_end(self, rc):
            conds.append(bool(rc.original_args().net_outputs[1].asnumpy()))

    model.train(3, TupleDataset(), callbacks=Watch())
    assert conds[0] is True and conds[-1] is False
    assert manager.get_loss_scale() == 2 ** 24 / 2 ** sum(conds)
    scale = float(model.train_network.scale_sense.asnumpy())
    assert scale == manager.get_loss_scale()
    assert not np.array_equal(net.fc1.weight.asnumpy(), before)


def test_loss_scale_managers():
    fixed = FixedLossScaleManager(64.0)
    assert fixed.get_loss_scale() == 64.0 and fixed.get_drop_overflow_update()
    assert fixed.get_update_cell().get_loss_scale() == 64.0
    assert FixedLossScaleManager(64.0, False).get_update_cell() is None
    dyn = DynamicLossScaleManager(8, 2, 2)
    dyn.update_loss_scale(True)
    assert dyn.get_loss_scale() == 4
    dyn.update_loss_scale(False)
    dyn.update_loss_scale(False)
    assert dyn.get_loss_scale() == 8
    with pytest.raises(ValueError, match="loss_scale"):
        FixedLossScaleManager(0.5)
    with pytest.raises(ValueError, match="scale_window"):
        DynamicLossScaleManager(scale_window=0)
    assert ms.amp.FixedLossScaleManager is FixedLossScaleManager is ms.FixedLossScaleManager


class _Half(nn.Cell):
    def construct(self, x, n):
        return x * 2, x + 0.0001, n + 1


class _Top(nn.Cell):
    def __init__(self):
        super().__init__()
        self.half = _Half().to_float(ms.float16)
        self.dense = nn.Dense(3, 2).to_float(ms.float16)
        self.dense.weight.set_data(ms.Tensor(np.array([[0.5, -1.25, 2.0], [1.0, 0.25, -0.5]],
                                                      np.float32)))
        self.dense.bias.set_data(ms.Tensor(np.array([0.1, -0.2], np.float32)))

    def construct(self, x, n):
        return self.half(x, n) + (self.dense(x), x * 2)


def test_a_to_float_sub_cell_casts_its_float_inputs_in_both_modes(mode):
    # MindSpore 2.10 printed these in both modes: the sub-cell's float input is float16 inside
    # it (the int input is left alone), the parent's own x stays float32
    x = ms.Tensor(np.array([[1.0001, 2.0003, -3.0007]], np.float32))
    out = _Top()(x, ms.Tensor(np.array([3], np.int32)))
    assert [o.dtype for o in out] == [ms.float16, ms.float16, ms.int32, ms.float16, ms.float32]
    assert out[0].asnumpy().tolist() == [[2.0, 4.0, -6.0]]
    assert out[1].asnumpy().tolist() == [[1.0, 2.0, -3.0]]
    assert out[2].asnumpy().tolist() == [4]
    np.testing.assert_allclose(out[3].asnumpy(), [[-7.8984375, 2.80078125]], rtol=1e-3)
    np.testing.assert_allclose(out[4].asnumpy(), [[2.0002, 4.0006, -6.0014]], rtol=1e-6)


class _OneDense(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(4, 2)
        self.fc1.weight.set_data(ms.Tensor(np.linspace(-1, 1.1, 8).reshape(2, 4)
                                           .astype(np.float32)))
        self.fc1.bias.set_data(ms.Tensor(np.array([0.3, -0.2], np.float32)))

    def construct(self, x):
        return self.fc1(x)


def test_o1_converts_the_white_listed_layers_in_place_and_returns_a_new_network(mode):
    net = _OneDense()
    new = amp.auto_mixed_precision(net, "O1")
    # as MindSpore 2.10's rewrite: a new top object, the same (converted) layers and Parameters
    assert new is not net and new.fc1 is net.fc1 and type(net.fc1).__name__ == "DenseOpt"
    assert isinstance(net.fc1, nn.Dense) and net.fc1.weight.dtype == ms.float32
    x = ms.Tensor(np.array([[0.1234567, -1.2345678, 2.3456789, 0.5]], np.float32))
    for out in (new(x), net(x)):
        assert out.dtype == ms.float32  # computed in float16, returned as float32
        values = out.asnumpy()
        np.testing.assert_array_equal(values.astype(np.float16).astype(np.float32), values)
        # MindSpore 2.10: [[0.0528564453125, 1.6328125]] (PyNative), [[0.052825927734375,
        # 1.6337890625]] (GRAPH); in float32 it is [[0.052469194, 1.6339505]]
        np.testing.assert_allclose(values, [[0.0528564453125, 1.6328125]], atol=1e-3)


def test_o1_leaves_layers_whose_precision_the_user_set():
    net = Net()
    net.fc2.to_float(ms.float32)
    amp.auto_mixed_precision(net, "O1")
    assert type(net.fc1).__name__ == "DenseOpt" and type(net.relu).__name__ == "ReLUOpt"
    assert type(net.fc2) is nn.Dense and net.fc2._mixed_precision_type is ms.float32


# MindSpore 2.10, Model(amp_level="O1"), LossMonitor(2), two epochs of TupleDataset
MS_O1_LOSSES = {"graph": [1.4004404544830322, 0.7390833497047424, 0.13564805686473846,
                          0.4120515286922455],
                "pynative": [1.3998606204986572, 0.7390946745872498, 0.13565203547477722,
                             0.4121018350124359]}


@pytest.mark.parametrize("mode_name", ["graph", "pynative"])
def test_o1_model_trains_like_mindspore(capsys, mode_name):
    ms.set_context(mode=ms.GRAPH_MODE if mode_name == "graph" else ms.PYNATIVE_MODE)
    try:
        net, model = _model("O1")
        model.train(2, TupleDataset(), callbacks=LossMonitor(2))
        out = model.predict(ms.Tensor(X[:2]))  # the user's network now has the O1 layers
        acc = model.eval(TupleDataset())["acc"]
    finally:
        ms.set_context(mode=ms.PYNATIVE_MODE)
    losses = [float(m[1]) for m in map(LINE.match, capsys.readouterr().out.splitlines()) if m]
    np.testing.assert_allclose(losses, MS_O1_LOSSES[mode_name], rtol=1e-3)
    assert out.dtype == ms.float32
    np.testing.assert_allclose(out.asnumpy(), [[-3.4140625, 1.330078125],
                                               [-0.8134765625, 0.8134765625]], atol=2e-3)
    assert acc == pytest.approx(0.9)
    assert net.fc1.weight.dtype == ms.float32


class _Scale(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = ms.Parameter(ms.Tensor(np.array([1.0001, -2.0, 0.5], np.float32)), name="w")
        self.buf = ms.Parameter(ms.Tensor(np.array([0.1, 0.2, 0.3], np.float32)), name="buf",
                                requires_grad=False)

    def construct(self, x):
        return x * self.w, x + self.buf


class _ScaleTop(nn.Cell):
    def __init__(self):
        super().__init__()
        self.s = _Scale().to_float(ms.float16)

    def construct(self, x):
        a, _ = self.s(x)
        return a.sum()


def test_a_to_float_cell_computes_with_its_trainable_parameters_in_float16(mode):
    # MindSpore 2.10, both modes: x * w is float16 [1.0, -4.0, -1.5] (w read as float16), its
    # sum -4.5 in float16, and w's gradient float32 [1.0, 2.0, -3.0]
    x = ms.Tensor(np.array([1.0001, 2.0003, -3.0007], np.float32))
    net = _ScaleTop()
    a, b = net.s(x)
    assert a.dtype == ms.float16 and a.asnumpy().tolist() == [1.0, -4.0, -1.5]
    # graphc leaves Parameters with requires_grad=False (buffers, which construct may assign)
    # float32, where MindSpore casts them too: b is float32 [1.1, 2.2, -2.7] here
    assert b.dtype == ms.float32
    np.testing.assert_allclose(b.asnumpy(), [1.1, 2.2, -2.7], rtol=1e-6)
    out = net(x)
    assert out.dtype == ms.float16 and float(out.asnumpy()) == -4.5
    (grad,) = ms.grad(net, grad_position=None, weights=net.trainable_params())(x)
    assert grad.dtype == ms.float32 and grad.asnumpy().tolist() == [1.0, 2.0, -3.0]
    assert net.s.w.dtype == ms.float32  # the master copy
