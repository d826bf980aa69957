import math

import numpy as np
import pytest

import graphc as ms
import graphc.nn as nn


def _t(a, dtype=np.float32):
    return ms.Tensor(np.asarray(a, dtype))


def _conv2d_ref(x, w, stride=(1, 1), pads=(0, 0, 0, 0), dilation=(1, 1), groups=1):
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[1]), (pads[2], pads[3])))
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    eh, ew = (kh - 1) * dilation[0] + 1, (kw - 1) * dilation[1] + 1
    oh, ow = (h - eh) // stride[0] + 1, (wd - ew) // stride[1] + 1
    out = np.zeros((n, o, oh, ow))
    per = o // groups
    for oc in range(o):
        g = oc // per
        for i in range(oh):
            for j in range(ow):
                patch = x[:, g * cg:(g + 1) * cg,
                          i * stride[0]:i * stride[0] + eh:dilation[0],
                          j * stride[1]:j * stride[1] + ew:dilation[1]]
                out[:, oc, i, j] = (patch * w[oc]).sum(axis=(1, 2, 3))
    return out


# ---------------------------------------------------------------- Dense

def test_dense_forward_matches_numpy_with_activation_and_nd_input():
    ms.set_seed(1)
    net = nn.Dense(3, 4, activation="relu")
    w, b = net.weight.asnumpy(), net.bias.asnumpy()
    x = np.random.default_rng(0).normal(size=(2, 5, 3)).astype(np.float32)
    out = net(_t(x))
    assert out.shape == (2, 5, 4)
    np.testing.assert_allclose(out.asnumpy(), np.maximum(x @ w.T + b, 0), rtol=1e-5, atol=1e-6)


def test_dense_default_init_is_he_uniform_sqrt5_and_bias_uniform():
    ms.set_seed(0)
    net = nn.Dense(100, 50)
    bound = 1 / math.sqrt(100)  # HeUniform(sqrt(5)) and Uniform(1/sqrt(fan_in)) agree
    assert np.abs(net.weight.asnumpy()).max() <= bound
    assert np.abs(net.weight.asnumpy()).max() > 0.9 * bound
    assert np.abs(net.bias.asnumpy()).max() <= bound
    assert net.weight.shape == (50, 100) and net.weight.name == "weight"


def test_dense_no_bias_and_init_by_name_and_tensor():
    net = nn.Dense(2, 3, weight_init="ones", has_bias=False)
    assert net.bias is None and [p.name for p in net.trainable_params()] == ["weight"]
    np.testing.assert_allclose(net(_t([[1.0, 2.0]])).asnumpy(), [[3.0, 3.0, 3.0]])
    w = _t(np.arange(6).reshape(3, 2))
    net = nn.Dense(2, 3, weight_init=w, bias_init="zeros")
    np.testing.assert_allclose(net(_t([[1.0, 1.0]])).asnumpy(), [[1.0, 5.0, 9.0]])
    with pytest.raises(ValueError, match=r"Dense.*\[3, 2\].*\[2, 3\]"):
        nn.Dense(2, 3, weight_init=_t(np.ones((2, 3))))


def test_dense_wrong_input_dim_names_layer_and_shapes():
    net = nn.Dense(3, 4)
    with pytest.raises(ValueError, match=r"Dense.*in_channels=3.*\[2, 5\]"):
        net(_t(np.ones((2, 5))))
    with pytest.raises(TypeError, match="Dense"):
        net(np.ones((2, 3), np.float32))
    with pytest.raises(ValueError, match="in_channels"):
        nn.Dense(0, 3)
    with pytest.raises(KeyError, match="activation"):
        nn.Dense(2, 3, activation="nope")


# ---------------------------------------------------------------- Conv2d

def test_conv2d_defaults_are_mindspores():
    conv = nn.Conv2d(3, 8, 3)
    assert conv.pad_mode == "same" and conv.has_bias is False and conv.bias is None
    assert conv.weight.shape == (8, 3, 3, 3)
    assert [p.name for p in conv.trainable_params()] == ["weight"]
    x = np.random.default_rng(0).normal(size=(2, 3, 7, 6)).astype(np.float32)
    out = conv(_t(x))
    assert out.shape == (2, 8, 7, 6)
    want = _conv2d_ref(x, conv.weight.asnumpy(), pads=(1, 1, 1, 1))
    np.testing.assert_allclose(out.asnumpy(), want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("kw,pads", [
    ({"pad_mode": "valid", "stride": 2}, (0, 0, 0, 0)),
    ({"pad_mode": "pad", "padding": 1, "has_bias": True}, (1, 1, 1, 1)),
    ({"pad_mode": "pad", "padding": (0, 1, 2, 0), "dilation": 2}, (0, 1, 2, 0)),
    ({"pad_mode": "valid", "group": 2}, (0, 0, 0, 0)),
])
def test_conv2d_forward_matches_numpy(kw, pads):
    ms.set_seed(2)
    conv = nn.Conv2d(4, 6, 3, **kw)
    x = np.random.default_rng(1).normal(size=(2, 4, 8, 9)).astype(np.float32)
    out = conv(_t(x)).asnumpy()
    stride = (kw.get("stride", 1),) * 2
    dilation = (kw.get("dilation", 1),) * 2
    want = _conv2d_ref(x, conv.weight.asnumpy(), stride, pads, dilation, kw.get("group", 1))
    if kw.get("has_bias"):
        want = want + conv.bias.asnumpy()[None, :, None, None]
    np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-5)


def test_conv2d_errors():
    with pytest.raises(ValueError, match="padding"):
        nn.Conv2d(1, 1, 3, padding=1)  # pad_mode 'same'
    with pytest.raises(ValueError, match="pad_mode"):
        nn.Conv2d(1, 1, 3, pad_mode="full")
    with pytest.raises(ValueError, match="group"):
        nn.Conv2d(3, 4, 3, group=2)
    conv = nn.Conv2d(3, 4, 3)
    with pytest.raises(ValueError, match=r"Conv2d.*in_channels=3.*\[1, 2, 5, 5\]"):
        conv(_t(np.ones((1, 2, 5, 5))))
    with pytest.raises(ValueError, match=r"Conv2d.*4-D"):
        conv(_t(np.ones((3, 5, 5))))


# ---------------------------------------------------------------- BatchNorm

def test_batchnorm2d_names_and_order():
    class Net(nn.Cell):
        def __init__(self):
            super().__init__()
            self.bn = nn.BatchNorm2d(3)

        def construct(self, x):
            return self.bn(x)

    net = Net()
    assert [n for n, _ in net.parameters_and_names()] == [
        "bn.moving_mean", "bn.moving_variance", "bn.gamma", "bn.beta"]
    assert [p.name for p in net.trainable_params()] == ["bn.gamma", "bn.beta"]
    assert [p.name for p in net.untrainable_params()] == ["bn.moving_mean",
                                                          "bn.moving_variance"]


def test_batchnorm2d_eval_uses_moving_stats():
    bn = nn.BatchNorm2d(2, gamma_init=_t([2.0, 1.0]), beta_init=_t([0.0, 1.0]),
                        moving_mean_init=_t([1.0, -1.0]), moving_var_init=_t([4.0, 0.25]))
    x = np.random.default_rng(0).normal(size=(3, 2, 4, 4)).astype(np.float32)
    mm = np.array([1.0, -1.0])[None, :, None, None]
    mv = np.array([4.0, 0.25])[None, :, None, None]
    g = np.array([2.0, 1.0])[None, :, None, None]
    b = np.array([0.0, 1.0])[None, :, None, None]
    want = (x - mm) / np.sqrt(mv + 1e-5) * g + b
    np.testing.assert_allclose(bn(_t(x)).asnumpy(), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(bn.moving_mean.asnumpy(), [1.0, -1.0])  # unchanged


def test_batchnorm2d_train_uses_batch_stats_and_updates_moving_stats():
    bn = nn.BatchNorm2d(2, momentum=0.8).set_train()
    x = np.random.default_rng(0).normal(2.0, 3.0, size=(4, 2, 3, 3)).astype(np.float32)
    out = bn(_t(x)).asnumpy()
    mean = x.mean(axis=(0, 2, 3))
    var = x.var(axis=(0, 2, 3))
    want = (x - mean[None, :, None, None]) / np.sqrt(var[None, :, None, None] + 1e-5)
    np.testing.assert_allclose(out, want, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(bn.moving_mean.asnumpy(), 0.2 * mean, rtol=1e-5)
    # the moving variance takes the unbiased batch variance (36 values per channel)
    np.testing.assert_allclose(bn.moving_variance.asnumpy(), 0.8 + 0.2 * var * 36 / 35,
                               rtol=1e-5)
    bn(_t(x))
    np.testing.assert_allclose(bn.moving_mean.asnumpy(), 0.8 * 0.2 * mean + 0.2 * mean,
                               rtol=1e-5)
    bn.set_train(False)
    before = bn.moving_mean.asnumpy().copy()
    bn(_t(x))
    np.testing.assert_array_equal(bn.moving_mean.asnumpy(), before)


def test_batchnorm_use_batch_statistics_overrides_training():
    x = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    bn = nn.BatchNorm1d(3, use_batch_statistics=True)
    out = bn(_t(x)).asnumpy()
    np.testing.assert_allclose(out, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5), rtol=1e-4,
                               atol=1e-4)
    bn = nn.BatchNorm1d(3, use_batch_statistics=False).set_train()
    np.testing.assert_allclose(bn(_t(x)).asnumpy(), x / np.sqrt(1 + 1e-5), rtol=1e-5)


def test_batchnorm1d_3d_input_and_errors():
    bn = nn.BatchNorm1d(2).set_train()
    x = np.random.default_rng(0).normal(size=(3, 2, 5)).astype(np.float32)
    out = bn(_t(x)).asnumpy()
    mean, var = x.mean(axis=(0, 2)), x.var(axis=(0, 2))
    np.testing.assert_allclose(out, (x - mean[None, :, None]) / np.sqrt(var[None, :, None]
                                                                         + 1e-5), atol=1e-4)
    with pytest.raises(ValueError, match=r"BatchNorm1d.*num_features=2.*\[3, 4\]"):
        bn(_t(np.ones((3, 4))))
    with pytest.raises(ValueError, match="BatchNorm2d.*4-D"):
        nn.BatchNorm2d(2)(_t(np.ones((3, 2))))
    with pytest.raises(ValueError, match="momentum"):
        nn.BatchNorm2d(2, momentum=1.5)


# ---------------------------------------------------------------- activations and friends

@pytest.mark.parametrize("cell,ref", [
    (nn.ReLU(), lambda x: np.maximum(x, 0)),
    (nn.ReLU6(), lambda x: np.clip(x, 0, 6)),
    (nn.LeakyReLU(), lambda x: np.where(x >= 0, x, 0.2 * x)),
    (nn.LeakyReLU(alpha=0.1), lambda x: np.where(x >= 0, x, 0.1 * x)),
    (nn.Sigmoid(), lambda x: 1 / (1 + np.exp(-x))),
    (nn.Tanh(), np.tanh),
    (nn.GELU(), lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))),
    (nn.GELU(approximate=False),
     lambda x: 0.5 * x * (1 + np.vectorize(math.erf)(x / np.sqrt(2)))),
    (nn.SiLU(), lambda x: x / (1 + np.exp(-x))),
    (nn.Softmax(), lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True)),
    (nn.Softmax(axis=0), lambda x: np.exp(x) / np.exp(x).sum(0, keepdims=True)),
    (nn.LogSoftmax(), lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True))),
    (nn.Identity(), lambda x: x),
])
def test_activation_matches_numpy(cell, ref):
    x = np.linspace(-8, 8, 24).reshape(4, 6).astype(np.float32)
    np.testing.assert_allclose(cell(_t(x)).asnumpy(), ref(x.astype(np.float64)), rtol=1e-5,
                               atol=1e-6)


def test_flatten():
    x = _t(np.arange(24).reshape(2, 3, 4))
    assert nn.Flatten()(x).shape == (2, 12)
    assert nn.Flatten(0, 1)(x).shape == (6, 4)
    assert nn.Flatten(start_dim=0)(x).shape == (24,)
    np.testing.assert_array_equal(nn.Flatten()(x).asnumpy(),
                                  np.arange(24).reshape(2, 12))
    with pytest.raises(ValueError, match="Flatten"):
        nn.Flatten(2, 1)(x)


def test_dropout_train_and_eval():
    x = _t(np.ones((100, 100)))
    drop = nn.Dropout(p=0.3)
    assert drop.p == 0.3 and str(drop) == "Dropout<p=0.3>"
    np.testing.assert_array_equal(drop(x).asnumpy(), x.asnumpy())  # not training
    drop.set_train()
    ms.set_seed(5)
    out = drop(x).asnumpy()
    kept = out != 0
    assert 0.6 < kept.mean() < 0.8
    np.testing.assert_allclose(out[kept], 1 / 0.7, rtol=1e-6)
    ms.set_seed(5)
    np.testing.assert_array_equal(drop(x).asnumpy(), out)
    assert nn.Dropout().p == 0.5 and nn.Dropout(keep_prob=0.9).p == pytest.approx(0.1)
    with pytest.raises(ValueError, match="Dropout"):
        nn.Dropout(p=1.0)


# ---------------------------------------------------------------- pooling

def _pool_ref(x, k, s, fn):
    n, c, h, w = x.shape
    oh, ow = (h - k[0]) // s[0] + 1, (w - k[1]) // s[1] + 1
    out = np.zeros((n, c, oh, ow), x.dtype)
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = fn(x[:, :, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1]],
                                 axis=(2, 3))
    return out


def test_max_and_avg_pool_valid():
    x = np.random.default_rng(0).normal(size=(2, 3, 6, 7)).astype(np.float32)
    mp = nn.MaxPool2d(kernel_size=2, stride=2)
    np.testing.assert_allclose(mp(_t(x)).asnumpy(), _pool_ref(x, (2, 2), (2, 2), np.max))
    ap = nn.AvgPool2d(kernel_size=3, stride=(1, 2))
    np.testing.assert_allclose(ap(_t(x)).asnumpy(), _pool_ref(x, (3, 3), (1, 2), np.mean),
                               rtol=1e-5, atol=1e-6)
    assert str(mp) == "MaxPool2d<kernel_size=(2, 2), stride=(2, 2), pad_mode=valid>"


def test_pool_same_padding_and_unbatched_input():
    x = np.random.default_rng(0).normal(size=(3, 5, 5)).astype(np.float32)
    out = nn.MaxPool2d(kernel_size=2, stride=2, pad_mode="same")(_t(x))
    assert out.shape == (3, 3, 3)
    padded = np.pad(x[None], ((0, 0), (0, 0), (0, 1), (0, 1)), constant_values=-np.inf)
    np.testing.assert_allclose(out.asnumpy(), _pool_ref(padded, (2, 2), (2, 2), np.max)[0])
    with pytest.raises(ValueError, match="MaxPool2d"):
        nn.MaxPool2d(2)(_t(np.ones((5, 5))))


# MindSpore 2.10 (CPU, PyNative and GRAPH_MODE alike) after one training step of a default
# BatchNorm on these inputs: the moving variance is updated with the unbiased batch variance.
_MS_BN2D_MOVING_VARIANCE = [1.0318677425384521, 0.985343873500824]
_MS_BN1D_MOVING_VARIANCE = [1.0601388216018677, 0.9980693459510803, 1.121119737625122]


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_batchnorm_moving_variance_is_unbiased_as_in_mindspore(mode):
    ms.set_context(mode=mode)
    np.random.seed(0)
    bn2 = nn.BatchNorm2d(2).set_train()
    bn2(_t(np.random.randn(4, 2, 3, 3).astype(np.float32)))
    np.testing.assert_allclose(bn2.moving_variance.asnumpy(), _MS_BN2D_MOVING_VARIANCE,
                               rtol=1e-6)
    bn1 = nn.BatchNorm1d(3).set_train()
    bn1(_t(np.random.RandomState(1).randn(5, 3).astype(np.float32)))
    np.testing.assert_allclose(bn1.moving_variance.asnumpy(), _MS_BN1D_MOVING_VARIANCE,
                               rtol=1e-6)


def test_batchnorm_moving_variance_with_a_dynamic_batch_dimension():
    bn = nn.BatchNorm1d(3).set_train()
    step = ms.jit(lambda x: bn(x),
                  input_signature=(ms.Tensor(shape=[None, 3], dtype=ms.float32),))
    step(_t(np.random.RandomState(1).randn(5, 3).astype(np.float32)))
    np.testing.assert_allclose(bn.moving_variance.asnumpy(), _MS_BN1D_MOVING_VARIANCE,
                               rtol=1e-6)
