"""AdamWeightDecay, RMSProp (plain and centered), Adagrad against MindSpore 2.10's losses and
weights after 4 steps (recorded by hand), in both modes; Lamb (MindSpore has no CPU kernel for
it) against a NumPy reference of its formula."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn

X = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [-1.0, 0.5, 0.2]], np.float32)
Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], np.float32)
W0 = np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]], np.float32)
B0 = np.array([0.05, -0.05], np.float32)

MAKERS = {
    "AdamWeightDecay": lambda p: nn.AdamWeightDecay(p, learning_rate=0.01, weight_decay=0.1),
    "RMSProp": lambda p: nn.RMSProp(p, learning_rate=0.01, momentum=0.9),
    "RMSPropC": lambda p: nn.RMSProp(p, learning_rate=0.01, momentum=0.5, centered=True,
                                     weight_decay=0.01),
    "Adagrad": lambda p: nn.Adagrad(p, learning_rate=0.1),
}
# MindSpore 2.10: the 4 losses (%.7g), then fc.weight and fc.bias after the 4 steps
EXPECTED = {
    "AdamWeightDecay": ([1.443, 1.281497, 1.088044, 0.895077],
        [-0.0678242519, -0.0219650771, 0.158702955, 0.566395402, 0.319834381, -0.422045439],
        [0.221711949, 0.126686245]),
    "RMSProp": ([1.443, 1.379335, 1.270501, 1.135151],
        [0.0773315877, -0.140288591, 0.279437751, 0.426097602, 0.455609739, -0.45317477],
        [0.0514887869, 0.0546955392]),
    "RMSPropC": ([1.443, 1.378386, 1.290417, 1.198205],
        [0.0844125375, -0.158750489, 0.285734415, 0.417468399, 0.469011366, -0.496545076],
        [0.0509927087, 0.0228148736]),
    "Adagrad": ([1.443, 1.019424, 0.7984129, 0.6529508],
        [-0.0481905341, 0.0360480845, 0.210258991, 0.509074986, 0.248173997, -0.364679754],
        [0.098527655, 0.195228249]),
}


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(3, 2)
        self.fc.weight.set_data(ms.Tensor(W0))
        self.fc.bias.set_data(ms.Tensor(B0))

    def construct(self, x):
        return self.fc(x)


@pytest.fixture(params=[ms.PYNATIVE_MODE, ms.GRAPH_MODE], ids=["pynative", "graph"])
def mode(request):
    ms.set_context(mode=request.param)
    yield
    ms.set_context(mode=ms.PYNATIVE_MODE)


def _train(make, steps=4):
    net = Net()
    opt = make(net.trainable_params())
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
    losses = [float(step(ms.Tensor(X), ms.Tensor(Y)).asnumpy()) for _ in range(steps)]
    return net, opt, losses


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_steps_match_mindspore(mode, name):
    net, _, losses = _train(MAKERS[name])
    losses_ms, w_ms, b_ms = EXPECTED[name]
    np.testing.assert_allclose(losses, losses_ms, rtol=1e-6)
    np.testing.assert_allclose(net.fc.weight.asnumpy().ravel(), w_ms, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(net.fc.bias.asnumpy(), b_ms, rtol=1e-5, atol=1e-7)


def _lamb_reference(steps, lr, wd, b1=0.9, b2=0.999, eps=1e-6):
    f = np.float32
    w, b = W0.copy(), B0.copy()
    state = {id(w): [np.zeros_like(w), np.zeros_like(w)], id(b): [np.zeros_like(b),
                                                                  np.zeros_like(b)]}
    for t in range(1, steps + 1):
        out = X @ w.T + b
        d = (f(2) * (out - Y) / f(out.size)).astype(f)
        for p, g in ((w, (d.T @ X).astype(f)), (b, d.sum(0).astype(f))):
            m, v = state[id(p)]
            m[...] = f(b1) * m + (f(1) - f(b1)) * g
            v[...] = f(b2) * v + (f(1) - f(b2)) * g * g
            r = (m / (f(1) - f(b1) ** t)) / (np.sqrt(v / (f(1) - f(b2) ** t)) + f(eps)) + f(wd) * p
            wn, rn = np.linalg.norm(p), np.linalg.norm(r)
            trust = wn / rn if wn > 0 and rn > 0 else 1.0
            p -= f(lr) * f(trust) * r
    return w, b


def test_lamb_follows_its_formula(mode):
    net, _, losses = _train(lambda p: nn.Lamb(p, learning_rate=0.01, weight_decay=0.01))
    w, b = _lamb_reference(4, 0.01, 0.01)
    np.testing.assert_allclose(net.fc.weight.asnumpy(), w, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(net.fc.bias.asnumpy(), b, rtol=1e-5, atol=1e-7)
    assert losses[-1] < losses[0]


def test_state_parameter_names_are_mindspores():
    net = Net()
    params = net.trainable_params()
    names = {
        "AdamWeightDecay": ["adam_m.fc.weight", "adam_m.fc.bias", "adam_v.fc.weight",
                            "adam_v.fc.bias"],
        "RMSPropC": ["mean_square.fc.weight", "mean_square.fc.bias", "moment.fc.weight",
                     "moment.fc.bias", "mean_grad.fc.weight", "mean_grad.fc.bias"],
        "Adagrad": ["accum.fc.weight", "accum.fc.bias"],
    }
    for name, expected in names.items():
        opt = MAKERS[name](params)
        got = [p.name for _, p in opt.parameters_and_names()
               if p.name not in ("global_step", "learning_rate") and p.name not in
               ("fc.weight", "fc.bias")]
        assert sorted(got) == sorted(expected), name
    rms = nn.RMSProp(params)
    assert float(rms.ms[0].asnumpy()[0, 0]) == 1.0  # mean_square starts at ones
    ada = nn.Adagrad(params, accum=0.5)
    assert float(ada.accum[1].asnumpy()[0]) == 0.5
    lamb = nn.Lamb(params, learning_rate=0.1)
    assert [p.name for p in lamb.moments1] == ["lamb_m.fc.weight", "lamb_m.fc.bias"]


def test_global_step_counts_every_step():
    _, opt, _ = _train(MAKERS["Adagrad"], steps=3)
    assert opt.global_step.asnumpy().tolist() == [3]


def test_bad_hyperparameters():
    params = Net().trainable_params()
    with pytest.raises(ValueError, match="beta1"):
        nn.AdamWeightDecay(params, beta1=1.0)
    with pytest.raises(TypeError, match="eps"):
        nn.Lamb(params, 0.1, eps=1)
    with pytest.raises(ValueError, match="epsilon"):
        nn.RMSProp(params, epsilon=0.0)
    with pytest.raises(TypeError, match="centered"):
        nn.RMSProp(params, centered=1)
    with pytest.raises(ValueError, match="accum"):
        nn.Adagrad(params, accum=-1.0)
