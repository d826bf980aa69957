import numpy as np
import pytest

import graphc as ms
import graphc.nn as nn

W0 = np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)
B0 = np.array([0.1, -0.2], np.float32)
G1 = [np.array([[0.3, -0.1], [0.2, 0.4]], np.float32), np.array([0.5, -0.5], np.float32)]
G2 = [np.array([[-0.2, 0.6], [0.1, -0.3]], np.float32), np.array([0.25, 0.1], np.float32)]


def _params(names=("w", "b")):
    return [ms.Parameter(ms.Tensor(W0.copy()), name=names[0]),
            ms.Parameter(ms.Tensor(B0.copy()), name=names[1])]


def _grads(gs):
    return tuple(ms.Tensor(g) for g in gs)


def _run(opt, params):
    for gs in (G1, G2):
        assert opt(_grads(gs))
    return [p.asnumpy().astype(np.float64) for p in params]


def _ref_sgd(lr, momentum=0.0, dampening=0.0, wd=0.0, nesterov=False, loss_scale=1.0):
    ps = [W0.astype(np.float64), B0.astype(np.float64)]
    accum = [np.zeros_like(p) for p in ps]
    for step, gs in enumerate((G1, G2)):
        for i, g in enumerate(gs):
            g = g.astype(np.float64) / loss_scale + wd * ps[i]
            if momentum > 0:
                accum[i] = g if step == 0 else momentum * accum[i] + (1 - dampening) * g
                g = g + momentum * accum[i] if nesterov else accum[i]
            ps[i] = ps[i] - lr * g
    return ps


@pytest.mark.parametrize("kw", [
    {},
    {"momentum": 0.9},
    {"momentum": 0.9, "dampening": 0.3, "weight_decay": 0.1},
    {"momentum": 0.8, "nesterov": True, "weight_decay": 0.05},
    {"weight_decay": 0.2, "loss_scale": 4.0},
])
def test_sgd_two_steps_match_numpy(kw):
    params = _params()
    opt = nn.SGD(params, learning_rate=0.1, **kw)
    ref = _ref_sgd(0.1, kw.get("momentum", 0.0), kw.get("dampening", 0.0),
                   kw.get("weight_decay", 0.0), kw.get("nesterov", False),
                   kw.get("loss_scale", 1.0))
    for got, want in zip(_run(opt, params), ref):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def _ref_momentum(lr, momentum, wd=0.0, nesterov=False, loss_scale=1.0, decay_mask=(1, 1)):
    ps = [W0.astype(np.float64), B0.astype(np.float64)]
    moments = [np.zeros_like(p) for p in ps]
    for gs in (G1, G2):
        for i, g in enumerate(gs):
            g = (g.astype(np.float64) + wd * loss_scale * decay_mask[i] * ps[i]) / loss_scale
            moments[i] = momentum * moments[i] + g
            step = g + momentum * moments[i] if nesterov else moments[i]
            ps[i] = ps[i] - lr * step
    return ps


@pytest.mark.parametrize("kw", [
    {},
    {"weight_decay": 0.1},
    {"use_nesterov": True, "weight_decay": 0.01, "loss_scale": 2.0},
])
def test_momentum_two_steps_match_numpy(kw):
    params = _params()
    opt = nn.Momentum(params, learning_rate=0.05, momentum=0.9, **kw)
    ref = _ref_momentum(0.05, 0.9, kw.get("weight_decay", 0.0), kw.get("use_nesterov", False),
                        kw.get("loss_scale", 1.0))
    for got, want in zip(_run(opt, params), ref):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert [p.name for p in opt.moments] == ["moments.w", "moments.b"]


def test_weight_decay_skips_beta_and_gamma_names():
    params = _params(("fc.weight", "bn.gamma"))
    opt = nn.Momentum(params, learning_rate=0.05, momentum=0.9, weight_decay=0.1)
    assert opt.decay_flags == (True, False)
    ref = _ref_momentum(0.05, 0.9, 0.1, decay_mask=(1, 0))
    for got, want in zip(_run(opt, params), ref):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def _ref_adam(lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, nesterov=False, amsgrad=False):
    ps = [W0.astype(np.float64), B0.astype(np.float64)]
    m = [np.zeros_like(p) for p in ps]
    v = [np.zeros_like(p) for p in ps]
    vhat = [np.zeros_like(p) for p in ps]
    for t, gs in enumerate((G1, G2), start=1):
        lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        for i, g in enumerate(gs):
            g = g.astype(np.float64) + wd * ps[i]
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            denom = v[i]
            if amsgrad:
                vhat[i] = np.maximum(vhat[i], v[i])
                denom = vhat[i]
            numer = b1 * m[i] + (1 - b1) * g if nesterov else m[i]
            ps[i] = ps[i] - lr_t * numer / (np.sqrt(denom) + eps)
    return ps


@pytest.mark.parametrize("kw", [
    {},
    {"weight_decay": 0.1},
    {"use_nesterov": True},
    {"use_amsgrad": True, "beta2": 0.5},
])
def test_adam_two_steps_match_numpy(kw):
    params = _params()
    opt = nn.Adam(params, learning_rate=0.01, **kw)
    ref = _ref_adam(0.01, b2=kw.get("beta2", 0.999), wd=kw.get("weight_decay", 0.0),
                    nesterov=kw.get("use_nesterov", False), amsgrad=kw.get("use_amsgrad", False))
    for got, want in zip(_run(opt, params), ref):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert [p.name for p in opt.moment1] == ["moment1.w", "moment1.b"]
    np.testing.assert_allclose(opt.beta1_power.asnumpy(), 0.81, rtol=1e-6)


def _snapshot(opt):
    return {p.name: p.asnumpy().copy() for p in opt.get_parameters()}


@pytest.mark.parametrize("make", [
    lambda ps: nn.SGD(ps, 0.1, momentum=0.9),
    lambda ps: nn.Momentum(ps, 0.1, 0.9),
    lambda ps: nn.Adam(ps, 0.1),
    lambda ps: nn.SGD(ps, [0.1, 0.2, 0.3]),
])
def test_failing_step_changes_nothing(make):
    params = _params()
    opt = make(params)
    opt(_grads(G1))
    before = _snapshot(opt)
    assert "w" in before and len(before) > 2
    bad_inputs = [
        _grads(G2)[:1],                                               # too few
        _grads(G2) + (ms.Tensor(B0),),                                # too many
        (ms.Tensor(G2[0]), ms.Tensor(np.ones(3, np.float32))),        # wrong shape, last
        (ms.Tensor(G2[0]), "not a tensor"),
        ms.Tensor(G2[0]),
    ]
    for bad in bad_inputs:
        with pytest.raises((ValueError, TypeError)):
            opt(bad)
        after = _snapshot(opt)
        assert before.keys() == after.keys()
        for k in before:
            np.testing.assert_array_equal(before[k], after[k], err_msg=k)


def test_shape_error_names_parameter_and_shapes():
    opt = nn.SGD(_params(), 0.1)
    with pytest.raises(ValueError, match=r"'b'.*\[3\].*\[2\]"):
        opt((ms.Tensor(G1[0]), ms.Tensor(np.ones(3, np.float32))))
    with pytest.raises(ValueError, match="expected 2 gradients"):
        opt((ms.Tensor(G1[0]),))


def test_nan_gradient_is_not_an_error():
    params = _params()
    opt = nn.SGD(params, 0.1)
    opt((ms.Tensor(np.full((2, 2), np.nan, np.float32)), ms.Tensor(G1[1])))
    assert np.isnan(params[0].asnumpy()).all()


def test_learning_rate_tensor_and_dynamic_list():
    params = _params()
    opt = nn.SGD(params, ms.Tensor(np.float32(0.5)))
    opt(_grads(G1))
    np.testing.assert_allclose(params[0].asnumpy(), W0 - 0.5 * G1[0], rtol=1e-6)

    params = _params()
    opt = nn.SGD(params, [0.1, 0.01])
    opt(_grads(G1))
    opt(_grads(G2))
    opt(_grads(G2))  # past the end: the last rate is kept
    want = W0 - 0.1 * G1[0] - 0.01 * G2[0] - 0.01 * G2[0]
    np.testing.assert_allclose(params[0].asnumpy(), want, rtol=1e-5)
    assert opt.global_step.asnumpy().tolist() == [3]


def test_group_params_with_own_lr_and_weight_decay():
    w, b = _params()
    opt = nn.Momentum([{"params": [w], "lr": 0.01, "weight_decay": 0.1},
                       {"params": [b]}], learning_rate=0.1, momentum=0.0)
    opt(_grads(G1))
    np.testing.assert_allclose(w.asnumpy(), W0 - 0.01 * (G1[0] + 0.1 * W0), rtol=1e-5)
    np.testing.assert_allclose(b.asnumpy(), B0 - 0.1 * G1[1], rtol=1e-5)
    assert [p.name for p in opt.learning_rate] == ["learning_rate_group_0",
                                                   "learning_rate_group_1"]


def test_order_params_reorders():
    w, b = _params()
    opt = nn.SGD([{"params": [w]}, {"params": [b], "lr": 0.5}, {"order_params": [b, w]}], 0.1)
    assert [p.name for p in opt.parameters] == ["b", "w"]
    opt((ms.Tensor(G1[1]), ms.Tensor(G1[0])))
    np.testing.assert_allclose(b.asnumpy(), B0 - 0.5 * G1[1], rtol=1e-6)


def test_constructor_errors():
    with pytest.raises(ValueError, match="empty"):
        nn.SGD([], 0.1)
    with pytest.raises(TypeError, match="Parameters"):
        nn.SGD([1, 2], 0.1)
    with pytest.raises(ValueError, match="momentum"):
        nn.SGD(_params(), 0.1, momentum=-1.0)
    with pytest.raises(ValueError, match="nesterov"):
        nn.SGD(_params(), 0.1, nesterov=True)
    with pytest.raises(ValueError, match="weight_decay"):
        nn.Momentum(_params(), 0.1, 0.9, weight_decay=-1.0)
    with pytest.raises(ValueError, match="beta1"):
        nn.Adam(_params(), beta1=1.0)
    with pytest.raises(TypeError, match="learning_rate"):
        nn.SGD(_params(), "fast")
    with pytest.raises(ValueError, match="unique name"):
        nn.SGD(_params(("x", "x")), 0.1)


def test_optimizer_accepts_trainable_params_and_get_lr():
    net = nn.Dense(2, 3)
    opt = nn.Momentum(net.trainable_params(), learning_rate=0.1, momentum=0.9)
    assert [p.name for p in opt.parameters] == ["weight", "bias"]
    np.testing.assert_allclose(opt.get_lr().asnumpy(), 0.1, rtol=1e-6)
    assert opt.learning_rate.name == "learning_rate"
