"""LayerNorm, GroupNorm, Embedding, Conv1d, Conv2dTranspose, Conv3d, BatchNorm3d, PReLU, MatMul,
BCELoss, BCEWithLogitsLoss, SmoothL1Loss, RNN, LSTM and GRU against MindSpore 2.10: the same
cells with the same weights copied in give MindSpore's outputs and gradients (recorded in
ms_layer_values.py), in PyNative and in GRAPH_MODE."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn

from ..compare import assert_same
from .ms_layer_values import SEQ_VALUES, VALUES


def pattern(shape, k):
    n = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(n) * 0.37 + 0.1 + 0.71 * k) * 0.5).reshape(shape).astype(np.float32)


def inp(shape, k=0):
    n = int(np.prod(shape))
    return (np.cos(np.arange(n) * 0.23 + 0.3 * k) * 1.5).reshape(shape).astype(np.float32)


class EmbNet(nn.Cell):
    def __init__(self, emb, ids):
        super().__init__()
        self.emb = emb
        self.ids = ms.Tensor(ids)

    def construct(self, x):
        return self.emb(self.ids) * x


IDS = np.array([[0, 2, 4], [1, 1, 3]], np.int32)
P = (np.sin(np.arange(6)) * 0.4 + 0.5).reshape(2, 3).astype(np.float32)
LAB = np.array([[0., 1., 1.], [1., 0., 0.3]], np.float32)


def T(a):
    return ms.Tensor(a)


# name: (cell factory, input factory, grads?, training?)
CASES = {
    "layernorm_last": (lambda: nn.LayerNorm((3,)), lambda: (inp((2, 4, 3)),)),
    "layernorm_two": (lambda: nn.LayerNorm((4, 3), begin_norm_axis=1, begin_params_axis=1),
                      lambda: (inp((2, 4, 3)),)),
    "groupnorm": (lambda: nn.GroupNorm(2, 4), lambda: (inp((2, 4, 3, 2)),)),
    "embedding": (lambda: nn.Embedding(5, 3), lambda: (IDS,), False),
    "embedding_pad": (lambda: nn.Embedding(5, 3, padding_idx=1), lambda: (IDS,), False),
    "embedding_grad": (lambda: EmbNet(nn.Embedding(5, 3, padding_idx=1), IDS),
                       lambda: (inp((2, 3, 3)),)),
    "embedding_onehot": (lambda: EmbNet(nn.Embedding(5, 3, use_one_hot=True), IDS),
                         lambda: (inp((2, 3, 3)),)),
    "conv1d_same": (lambda: nn.Conv1d(2, 3, 3, has_bias=True), lambda: (inp((2, 2, 7)),)),
    "conv1d_pad": (lambda: nn.Conv1d(2, 4, 3, stride=2, pad_mode="pad", padding=1, group=2),
                   lambda: (inp((2, 2, 7)),)),
    "conv1d_valid": (lambda: nn.Conv1d(2, 3, 2, pad_mode="valid", dilation=2, has_bias=True),
                     lambda: (inp((1, 2, 7)),)),
    "conv2dt_same": (lambda: nn.Conv2dTranspose(2, 3, 3, stride=2, has_bias=True),
                     lambda: (inp((1, 2, 3, 3)),)),
    "conv2dt_valid": (lambda: nn.Conv2dTranspose(2, 3, (2, 3), stride=2, pad_mode="valid"),
                      lambda: (inp((1, 2, 3, 3)),)),
    "conv2dt_pad": (lambda: nn.Conv2dTranspose(2, 2, 3, stride=2, pad_mode="pad", padding=1,
                                               output_padding=1, has_bias=True),
                    lambda: (inp((2, 2, 3, 3)),)),
    "conv2dt_s1": (lambda: nn.Conv2dTranspose(2, 3, 3), lambda: (inp((1, 2, 4, 4)),)),
    "conv2dt_group": (lambda: nn.Conv2dTranspose(4, 2, 3, stride=2, pad_mode="pad",
                                                 padding=(1, 0, 0, 1), dilation=2, group=2,
                                                 has_bias=True), lambda: (inp((1, 4, 3, 3)),)),
    "conv2dt_same_s3": (lambda: nn.Conv2dTranspose(2, 2, (3, 2), stride=(3, 2)),
                        lambda: (inp((1, 2, 2, 3)),)),
    "conv3d_group": (lambda: nn.Conv3d(4, 2, (1, 2, 2), stride=(1, 2, 1), pad_mode="same",
                                       dilation=(1, 1, 2), group=2),
                     lambda: (inp((1, 4, 2, 5, 5)),)),
    "conv3d_same": (lambda: nn.Conv3d(2, 3, (2, 3, 3), has_bias=True),
                    lambda: (inp((1, 2, 3, 4, 4)),)),
    "conv3d_valid": (lambda: nn.Conv3d(2, 2, 2, stride=2, pad_mode="valid"),
                     lambda: (inp((1, 2, 4, 4, 5)),)),
    "conv3d_pad": (lambda: nn.Conv3d(2, 2, 3, pad_mode="pad", padding=1, has_bias=True),
                   lambda: (inp((1, 2, 3, 3, 3)),)),
    "bn3d_train": (lambda: nn.BatchNorm3d(2), lambda: (inp((2, 2, 2, 2, 3)),), True, True),
    "bn3d_eval": (lambda: nn.BatchNorm3d(2), lambda: (inp((2, 2, 2, 2, 3)),)),
    "prelu": (lambda: nn.PReLU(), lambda: (inp((2, 3, 2)) - 0.5,)),
    "prelu3": (lambda: nn.PReLU(3, w=0.1), lambda: (inp((2, 3, 2)) - 0.5,)),
    "matmul_t": (lambda: nn.MatMul(transpose_x2=True), lambda: (inp((2, 3, 4)), inp((5, 4), 1))),
    "matmul_t1": (lambda: nn.MatMul(transpose_x1=True), lambda: (inp((4, 3)), inp((4, 2), 1))),
    "bce_mean": (lambda: nn.BCELoss(weight=T(np.array([[1., 2., 0.5], [0.5, 1., 3.]],
                                                        np.float32))), lambda: (P, LAB)),
    "bce_none": (lambda: nn.BCELoss(reduction="none"), lambda: (P, LAB)),
    "bce_edges": (lambda: nn.BCELoss(reduction="sum"),
                  lambda: (np.array([0., 1., 1e-9, 0.5], np.float32),
                           np.array([1., 0., 1., 0.], np.float32)), False),
    "bcelogits": (lambda: nn.BCEWithLogitsLoss(pos_weight=T(np.array([2., 1., 0.5],
                                                                     np.float32))),
                  lambda: (inp((2, 3)), LAB)),
    "bcelogits_sum": (lambda: nn.BCEWithLogitsLoss(reduction="sum", weight=T(np.array(
        [1., 2., 3.], np.float32))), lambda: (inp((2, 3)), LAB)),
    "smoothl1": (lambda: nn.SmoothL1Loss(beta=0.5, reduction="mean"), lambda: (inp((2, 3)), LAB)),
    "smoothl1_none": (lambda: nn.SmoothL1Loss(), lambda: (inp((2, 3)), LAB)),
    "lstm_bi2_bf": (lambda: nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True),
                    lambda: (inp((2, 5, 3)), (T(inp((4, 2, 4), 1) * 0.3),
                                              T(inp((4, 2, 4), 2) * 0.3)))),
    "lstm_1": (lambda: nn.LSTM(3, 4), lambda: (inp((5, 2, 3)),)),
    "lstm_nobias": (lambda: nn.LSTM(2, 3, has_bias=False, bidirectional=True),
                    lambda: (inp((4, 1, 2)),)),
    "gru_bi2": (lambda: nn.GRU(3, 4, num_layers=2, bidirectional=True),
                lambda: (inp((5, 2, 3)), T(inp((4, 2, 4), 1) * 0.3))),
    "gru_bf": (lambda: nn.GRU(3, 4, batch_first=True), lambda: (inp((2, 5, 3)),)),
    "rnn_tanh": (lambda: nn.RNN(3, 4, num_layers=2, batch_first=True), lambda: (inp((2, 4, 3)),)),
    "rnn_relu_bi": (lambda: nn.RNN(3, 2, nonlinearity="relu", bidirectional=True),
                    lambda: (inp((3, 2, 3)), T(inp((2, 2, 2), 1) * 0.3))),
}


def _build(name):
    spec = CASES[name]
    cell = spec[0]()
    for k, p in enumerate(sorted(cell.get_parameters(), key=lambda p: p.name)):
        if p.requires_grad:
            p.set_data(T(pattern(p.shape, k)))
    training = len(spec) > 3 and spec[3]
    cell.set_train(training)
    args = [T(a) if isinstance(a, np.ndarray) else a for a in spec[1]()]
    return cell, args, (len(spec) <= 2 or spec[2])


def _flat(out):
    out = out if isinstance(out, tuple) else (out,)
    flat = []
    for v in out:
        flat.extend(v if isinstance(v, tuple) else (v,))
    return flat


def _run(name):
    """(outputs, gradient of the input, {parameter name: gradient}, cell) of one case."""
    cell, args, with_grad = _build(name)
    outs = _flat(cell(*args))
    if not with_grad:
        return outs, None, None, cell
    ws = [T(pattern(v.shape, 7 + i) + 1.0) for i, v in enumerate(outs)]

    def loss(*xs):
        total = None
        for v, w in zip(_flat(cell(*xs)), ws):
            s = (v * w).sum()
            total = s if total is None else total + s
        return total

    params = cell.trainable_params()
    gx, gws = ms.grad(loss, grad_position=0, weights=params)(*args)
    return outs, gx, {p.name: g for p, g in zip(params, gws)}, cell


def _close(got, want, what):
    np.testing.assert_allclose(got.asnumpy(), np.array(want, np.float64), rtol=1e-4, atol=2e-5,
                               err_msg=what)


@pytest.mark.parametrize("mode", ["pynative", "graph"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_mindspore(name, mode):
    if mode == "graph":
        ms.set_context(mode=ms.GRAPH_MODE)
    want = VALUES[name]
    outs, gx, gws, cell = _run(name)
    assert len(outs) == len(want["out"])
    for i, (got, expected) in enumerate(zip(outs, want["out"])):
        _close(got, expected, f"{name} output {i}")
    if gx is not None:
        _close(gx, want["gx"], f"{name} input gradient")
        assert sorted(gws) == sorted(want["gw"])
        for pname, g in gws.items():
            _close(g, want["gw"][pname], f"{name} gradient of {pname}")


def test_graph_mode_gives_what_pynative_gives():
    for name in ("lstm_bi2_bf", "gru_bi2", "conv3d_pad", "conv2dt_pad", "groupnorm"):
        eager = _run(name)
        ms.set_context(mode=ms.GRAPH_MODE)
        graph = _run(name)
        ms.set_context(mode=ms.PYNATIVE_MODE)
        assert_same(eager[:2], graph[:2], name, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("mode", ["pynative", "graph"])
def test_batchnorm3d_training_updates_the_moving_statistics(mode):
    if mode == "graph":
        ms.set_context(mode=ms.GRAPH_MODE)
    _, _, _, cell = _run("bn3d_train")  # a forward pass, then one more for the gradient
    _close(cell.bn2d.moving_mean, VALUES["bn3d_train"]["params"]["bn2d.moving_mean"],
           "moving_mean")
    # The variance update is BatchNorm2d's over the (N, C, D * H, W) view, as in MindSpore.
    ms.set_context(mode=ms.PYNATIVE_MODE)
    bn2d = nn.BatchNorm2d(2)
    bn2d.set_train(True)
    x = T(CASES["bn3d_train"][1]()[0]).reshape(2, 2, 4, 3)
    bn2d(x)
    bn2d(x)
    _close(cell.bn2d.moving_variance, bn2d.moving_variance.asnumpy(), "moving_variance")


def test_parameter_names_and_shapes_are_mindspores():
    lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    names = [(p.name, tuple(p.shape)) for p in lstm.get_parameters()]
    assert names == [
        ("weight_ih_l0", (16, 3)), ("weight_ih_l0_reverse", (16, 3)), ("weight_ih_l1", (16, 8)),
        ("weight_ih_l1_reverse", (16, 8)), ("weight_hh_l0", (16, 4)),
        ("weight_hh_l0_reverse", (16, 4)), ("weight_hh_l1", (16, 4)),
        ("weight_hh_l1_reverse", (16, 4)), ("bias_ih_l0", (16,)), ("bias_ih_l0_reverse", (16,)),
        ("bias_ih_l1", (16,)), ("bias_ih_l1_reverse", (16,)), ("bias_hh_l0", (16,)),
        ("bias_hh_l0_reverse", (16,)), ("bias_hh_l1", (16,)), ("bias_hh_l1_reverse", (16,))]
    gru = nn.GRU(3, 4)
    assert [(p.name, tuple(p.shape)) for p in gru.get_parameters()] == [
        ("weight_ih_l0", (12, 3)), ("weight_hh_l0", (12, 4)), ("bias_ih_l0", (12,)),
        ("bias_hh_l0", (12,))]
    assert [(p.name, tuple(p.shape)) for p in nn.Conv1d(2, 3, 3, has_bias=True)
            .get_parameters()] == [("weight", (3, 2, 1, 3)), ("bias", (3,))]
    assert [(p.name, tuple(p.shape)) for p in nn.Conv2dTranspose(2, 3, 3).get_parameters()] == [
        ("weight", (2, 3, 3, 3))]
    assert [(p.name, tuple(p.shape)) for p in nn.Conv3d(2, 3, 3).get_parameters()] == [
        ("weight", (3, 2, 3, 3, 3))]
    assert [p.name for p in nn.BatchNorm3d(2).get_parameters()] == [
        "bn2d.moving_mean", "bn2d.moving_variance", "bn2d.gamma", "bn2d.beta"]
    assert [p.name for p in nn.LayerNorm((3,)).get_parameters()] == ["gamma", "beta"]
    assert [p.name for p in nn.GroupNorm(2, 4).get_parameters()] == ["gamma", "beta"]
    assert [p.name for p in nn.Embedding(5, 3).get_parameters()] == ["embedding_table"]
    assert [(p.name, tuple(p.shape)) for p in nn.PReLU(3).get_parameters()] == [("a", (3,))]


def test_embedding_padding_row_starts_at_zero():
    np.testing.assert_array_equal(nn.Embedding(5, 3, padding_idx=1).embedding_table.asnumpy()[1],
                                  [0, 0, 0])


def test_layer_argument_errors():
    with pytest.raises(ValueError, match="divisible"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError, match="normalized_shape"):
        nn.LayerNorm((5,))(T(inp((2, 3))))
    with pytest.raises(TypeError, match="int Tensor"):
        nn.Embedding(5, 3)(T(inp((2,))))
    with pytest.raises(ValueError, match="input_size"):
        nn.LSTM(3, 4)(T(inp((5, 2, 2))))
    with pytest.raises(ValueError, match="h0"):
        nn.GRU(3, 4)(T(inp((5, 2, 3))), T(inp((2, 2, 4))))
    with pytest.raises(TypeError, match=r"\(h0, c0\)"):
        nn.LSTM(3, 4)(T(inp((5, 2, 3))), T(inp((1, 2, 4))))
    with pytest.raises(ValueError, match="seq_length"):
        nn.LSTM(3, 4)(T(inp((5, 2, 3))), None, T(np.array([5, 3, 1], np.int32)))
    with pytest.raises(ValueError, match="in_channels"):
        nn.Conv3d(2, 3, 3)(T(inp((1, 3, 4, 4, 4))))
    with pytest.raises(ValueError, match="output_padding"):
        nn.Conv2dTranspose(2, 2, 3, stride=2, pad_mode="pad", output_padding=2)


SEQ_CASES = {
    "lstm_seq_bi": (lambda: nn.LSTM(3, 4, bidirectional=True, batch_first=True), (3, 5, 3), None,
                    [5, 2, 3]),
    "gru_seq": (lambda: nn.GRU(3, 2, num_layers=2), (4, 3, 3), (2, 3, 2), [4, 1, 3]),
}


@pytest.mark.parametrize("mode", ["pynative", "graph"])
@pytest.mark.parametrize("name", sorted(SEQ_CASES))
def test_seq_length_matches_mindspore(name, mode):
    if mode == "graph":
        ms.set_context(mode=ms.GRAPH_MODE)
    make, x_shape, h_shape, lengths = SEQ_CASES[name]
    cell = make()
    for k, p in enumerate(sorted(cell.get_parameters(), key=lambda p: p.name)):
        p.set_data(T(pattern(p.shape, k)))
    x = T(inp(x_shape))
    hx = None if h_shape is None else T(inp(h_shape, 1) * 0.3)
    seq = T(np.array(lengths, np.int32))
    outs = _flat(cell(x, hx, seq))
    want = SEQ_VALUES[name]
    for i, (got, expected) in enumerate(zip(outs, want["out"])):
        _close(got, expected, f"{name} output {i}")
    ws = [T(pattern(v.shape, 7 + i) + 1.0) for i, v in enumerate(outs)]

    def loss(xx):
        total = None
        for v, w in zip(_flat(cell(xx, hx, seq)), ws):
            s = (v * w).sum()
            total = s if total is None else total + s
        return total

    _close(ms.grad(loss)(x), want["gx"], f"{name} input gradient")
