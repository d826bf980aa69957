"""`nn.probability.distribution`: Normal, Uniform, Bernoulli, Categorical, Exponential, eagerly
and in GRAPH_MODE. Expected values are MindSpore 2.10's (run by hand; MindSpore's own float32
kernels differ from the exact values in the 6th-7th digit, hence the tolerance)."""

import numpy as np
import pytest

import graphc as ms
from graphc import Tensor, nn
from graphc.nn.probability import distribution as msd

V = [0.0, 1.0, 2.0]


def _close(t, expected):
    np.testing.assert_allclose(t.asnumpy(), np.asarray(expected, np.float32), rtol=2e-6,
                               atol=2e-6)


def test_normal():
    n = msd.Normal(0.0, 1.0, dtype=ms.float32)
    v = Tensor(V, ms.float32)
    _close(n.prob(v), [0.39894214, 0.24197064, 0.05399092])
    _close(n.log_prob(v), [-0.9189385, -1.4189385, -2.9189386])
    _close(n.cdf(v), [0.5, 0.8413447, 0.97724986])
    _close(n.survival_function(v), [0.5, 0.15865529, 0.02275014])
    _close(n.log_cdf(v), [-0.6931472, -0.17275381, -0.02301292])
    _close(n.mean(), 0.0)
    _close(n.sd(), 1.0)
    _close(n.var(), 1.0)
    _close(n.entropy(), 1.4189385)
    _close(n.kl_loss("Normal", Tensor(1.0), Tensor(2.0)), 0.44314718)
    _close(n.cross_entropy("Normal", Tensor(1.0), Tensor(2.0)), 1.8620857)
    assert str(n) == "Normal(mean = 0.0, standard deviation = 1.0)"
    free = msd.Normal(dtype=ms.float32)  # parameters given per call
    _close(free.prob(v, Tensor(1.0), Tensor(2.0)), [0.17603227, 0.19947103, 0.17603227])
    _close(free.mean(Tensor(1.0), Tensor(2.0)), 1.0)
    with pytest.raises(ValueError, match="'mean' was not given"):
        free.prob(v)
    with pytest.raises(ValueError, match="greater than zero"):
        msd.Normal(0.0, -1.0)


def test_uniform_exponential():
    v = Tensor(V, ms.float32)
    u = msd.Uniform(0.0, 2.0, dtype=ms.float32)
    _close(u.prob(v), [0.5, 0.5, 0.5])
    _close(u.log_prob(v), [-0.6931472] * 3)
    _close(u.cdf(v), [0.0, 0.5, 1.0])
    _close(u.prob(Tensor([-1.0, 3.0])), [0.0, 0.0])
    _close(u.mean(), 1.0)
    _close(u.sd(), 0.57735026)
    _close(u.var(), 0.33333334)
    _close(u.entropy(), 0.6931472)
    with pytest.raises(ValueError, match="less than 'high'"):
        msd.Uniform(1.0, 0.0)
    e = msd.Exponential(2.0, dtype=ms.float32)
    _close(e.prob(v), [2.0, 0.27067047, 0.03663125])
    _close(e.log_prob(v), [0.6931472, -1.3068528, -3.3068528])
    _close(e.cdf(v), [0.0, 0.8646648, 0.9816844])
    _close(e.mean(), 0.5)
    _close(e.sd(), 0.5)
    _close(e.var(), 0.25)
    _close(e.entropy(), 0.30685282)
    _close(e.rate, 2.0)


def test_bernoulli_categorical():
    b = msd.Bernoulli(0.3, dtype=ms.int32)
    bv = Tensor([0, 1, 1], ms.int32)
    _close(b.prob(bv), [0.7, 0.3, 0.3])
    _close(b.log_prob(bv), [-0.35667497, -1.2039728, -1.2039728])
    _close(b.cdf(bv), [0.7, 1.0, 1.0])
    _close(b.mean(), 0.3)
    _close(b.sd(), 0.45825757)
    _close(b.var(), 0.21)
    _close(b.entropy(), 0.61086434)
    assert str(b) == "Bernoulli(probs = 0.3)"
    c = msd.Categorical([0.2, 0.3, 0.5], dtype=ms.int32)
    cv = Tensor([0, 1, 2], ms.int32)
    _close(c.prob(cv), [0.2, 0.3, 0.5])
    _close(c.log_prob(cv), [-1.609438, -1.2039728, -0.6931472])
    _close(c.cdf(cv), [0.2, 0.5, 1.0])
    _close(c.mean(), 1.3)
    _close(c.entropy(), 1.0296531)
    with pytest.raises(ValueError, match="sum to 1"):
        msd.Categorical([0.2, 0.2])


def test_samples_have_the_shape_dtype_and_statistics():
    ms.set_seed(3)
    n = msd.Normal(1.0, 2.0)
    s = n.sample((20000,))
    assert (s.shape, s.dtype) == ((20000,), ms.float32)
    assert abs(s.asnumpy().mean() - 1.0) < 0.05 and abs(s.asnumpy().std() - 2.0) < 0.05
    assert n.sample().shape == ()
    b = msd.Bernoulli(0.3).sample((20000,))
    assert b.dtype == ms.int32 and abs(b.asnumpy().mean() - 0.3) < 0.02
    c = msd.Categorical([0.2, 0.3, 0.5]).sample((20000,)).asnumpy()
    np.testing.assert_allclose(np.bincount(c, minlength=3) / c.size, [0.2, 0.3, 0.5], atol=0.02)
    e = msd.Exponential(2.0).sample((20000,)).asnumpy()
    assert abs(e.mean() - 0.5) < 0.02 and e.min() >= 0
    u = msd.Uniform(0.0, 2.0).sample((2, 3)).asnumpy()
    assert u.shape == (2, 3) and u.min() >= 0 and u.max() < 2


class _Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.n = msd.Normal(0.0, 1.0, dtype=ms.float32)
        self.b = msd.Bernoulli(0.3)

    def construct(self, x):
        return (self.n.prob(x), self.n.log_prob(x), self.n.cdf(x), self.n.mean(), self.n.sd(),
                self.n.entropy(), self.b.prob(x), self.n.sample((2,)))


def test_distributions_in_graph_mode_sample_afresh_each_run():
    ms.set_context(mode=ms.GRAPH_MODE)
    net = _Net()
    x = Tensor([0.0, 1.0, 2.0], ms.float32)
    prob, log_prob, cdf, mean, sd, entropy, bprob, sample = net(x)
    _close(prob, [0.39894214, 0.24197064, 0.05399092])
    _close(log_prob, [-0.9189385, -1.4189385, -2.9189386])
    _close(cdf, [0.5, 0.8413447, 0.97724986])
    _close(mean, 0.0)
    _close(sd, 1.0)
    _close(entropy, 1.4189385)
    _close(bprob[:2], [0.7, 0.3])
    assert sample.shape == (2,)
    assert not np.array_equal(sample.asnumpy(), net(x)[-1].asnumpy())  # a draw per run
    assert net.graph_cache_info().misses == 1
    _close(msd.Normal(0.0, 1.0)("mean"), 0.0)  # construct(name, *args) calls the method


def test_random_draws_are_not_folded_in_graphs():
    from graphc.ops import rand, randn

    @ms.jit
    def f(x):
        return x + randn((4,)), rand((4,))

    x = Tensor(np.zeros(4, np.float32))
    (a, ua), (b, ub) = f(x), f(x)
    assert not np.array_equal(a.asnumpy(), b.asnumpy())
    assert not np.array_equal(ua.asnumpy(), ub.asnumpy())
    ms.set_seed(7)
    first = f(x)[0].asnumpy()
    ms.set_seed(7)
    np.testing.assert_array_equal(first, f(x)[0].asnumpy())  # set_seed makes them repeatable
