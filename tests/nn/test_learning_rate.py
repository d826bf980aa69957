"""Learning-rate lists and schedules: exactly MindSpore 2.10's values (recorded by hand), the
schedules in both modes and as an optimiser's learning rate inside the compiled step."""

import numpy as np
import pytest

import graphc as ms
from graphc import nn

LISTS = [
    (nn.exponential_decay_lr, (0.1, 0.9, 6, 2, 1),
     [0.1, 0.1, 0.09000000000000001, 0.09000000000000001, 0.08100000000000002,
     0.08100000000000002]),
    (nn.exponential_decay_lr, (0.1, 0.9, 6, 2, 2, True),
     [0.1, 0.1, 0.1, 0.1, 0.09000000000000001, 0.09000000000000001]),
    (nn.natural_exp_decay_lr, (0.1, 0.9, 6, 2, 2, True),
     [0.1, 0.1, 0.1, 0.1, 0.016529888822158657, 0.016529888822158657]),
    (nn.inverse_decay_lr, (0.1, 0.5, 6, 2, 2, False),
     [0.1, 0.1, 0.08, 0.08, 0.06666666666666667, 0.06666666666666667]),
    (nn.cosine_decay_lr, (0.01, 0.1, 6, 2, 2),
     [0.1, 0.1, 0.05500000000000001, 0.05500000000000001, 0.01, 0.01]),
    (nn.polynomial_decay_lr, (0.1, 0.01, 6, 2, 2, 0.5),
     [0.1, 0.1, 0.07363961030678928, 0.07363961030678928, 0.01, 0.01]),
    (nn.polynomial_decay_lr, (0.1, 0.01, 6, 1, 2, 0.5, True),
     [0.1, 0.07363961030678928, 0.01, 0.05500000000000001, 0.01, 0.04674234614174767]),
    (nn.warmup_lr, (0.1, 6, 2, 2), [0.0, 0.0, 0.05, 0.05, 0.1, 0.1]),
    (nn.piecewise_constant_lr, ([2, 5, 6], [0.1, 0.05, 0.01]), [0.1, 0.1, 0.05, 0.05, 0.05, 0.01]),
]


@pytest.mark.parametrize("fn, args, expected", LISTS)
def test_lr_lists_are_mindspores_exactly(fn, args, expected):
    assert fn(*args) == expected


STEPS = (0, 1, 3, 5, 9)
SCHEDULES = [
    (nn.ExponentialDecayLR, (0.1, 0.9, 4),
     [0.10000000149011612, 0.09740037471055984, 0.09240210801362991, 0.08766033500432968,
     0.07889430224895477]),
    (nn.ExponentialDecayLR, (0.1, 0.9, 4, True),
     [0.10000000149011612, 0.10000000149011612, 0.10000000149011612, 0.08999999612569809,
     0.08099999278783798]),
    (nn.NaturalExpDecayLR, (0.1, 0.9, 4, True),
     [0.10000000149011612, 0.10000000149011612, 0.10000000149011612, 0.0027323728427290916,
     7.465861563105136e-05]),
    (nn.InverseDecayLR, (0.1, 0.5, 4),
     [0.10000000149011612, 0.08888889104127884, 0.0727272778749466, 0.061538465321063995,
     0.0470588244497776]),
    (nn.CosineDecayLR, (0.01, 0.1, 4),
     [0.10000000149011612, 0.08681980520486832, 0.023180190473794937, 0.009999999776482582,
     0.009999999776482582]),
    (nn.PolynomialDecayLR, (0.1, 0.01, 4, 0.5),
     [0.10000000149011612, 0.08794228732585907, 0.054999999701976776, 0.009999999776482582,
     0.009999999776482582]),
    (nn.PolynomialDecayLR, (0.1, 0.01, 4, 0.5, True),
     [0.10000000149011612, 0.08794228732585907, 0.054999999701976776, 0.06511352211236954,
     0.054999999701976776]),
    (nn.WarmUpLR, (0.1, 4),
     [0.0, 0.02500000037252903, 0.07500000298023224, 0.10000000149011612, 0.10000000149011612]),
]


@pytest.fixture(params=[ms.PYNATIVE_MODE, ms.GRAPH_MODE], ids=["pynative", "graph"])
def mode(request):
    ms.set_context(mode=request.param)
    yield
    ms.set_context(mode=ms.PYNATIVE_MODE)


@pytest.mark.parametrize("cls, args, expected", SCHEDULES)
def test_schedules_are_mindspores_in_both_modes(mode, cls, args, expected):
    schedule = cls(*args)
    got = [float(schedule(ms.Tensor(np.array(i, np.int32))).asnumpy()) for i in STEPS]
    assert got == expected


def test_a_schedule_drives_the_optimiser_in_the_compiled_step(mode):
    net = nn.Dense(2, 1)
    net.weight.set_data(ms.Tensor(np.array([[0.5, -0.5]], np.float32)))
    net.bias.set_data(ms.Tensor(np.zeros(1, np.float32)))
    opt = nn.SGD(net.trainable_params(), learning_rate=nn.CosineDecayLR(0.01, 0.1, 3))
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
    x = ms.Tensor(np.array([[1.0, 2.0], [3.0, -1.0]], np.float32))
    y = ms.Tensor(np.array([[1.0], [0.0]], np.float32))
    losses = [round(float(step(x, y).asnumpy()), 6) for _ in range(5)]
    # MindSpore 2.10's losses and final weight
    assert losses == [3.125, 0.505, 0.165933, 0.113633, 0.101899]
    np.testing.assert_allclose(net.weight.asnumpy(), [[0.10594548, 0.22455814]], rtol=1e-6)


def test_bad_arguments():
    with pytest.raises(TypeError, match="min_lr"):
        nn.cosine_decay_lr(0, 0.1, 6, 2, 2)
    with pytest.raises(ValueError, match="greater than the 'min_lr'"):
        nn.cosine_decay_lr(0.2, 0.1, 6, 2, 2)
    with pytest.raises(ValueError, match="total_step"):
        nn.exponential_decay_lr(0.1, 0.9, 0, 2, 1)
    with pytest.raises(ValueError, match="size of 'milestone'"):
        nn.piecewise_constant_lr([1, 2], [0.1])
    with pytest.raises(ValueError, match="must be greater than milestone"):
        nn.piecewise_constant_lr([3, 2], [0.1, 0.2])
    with pytest.raises(TypeError, match="learning_rate"):
        nn.WarmUpLR(1, 4)
    with pytest.raises(ValueError, match="decay_steps"):
        nn.ExponentialDecayLR(0.1, 0.9, 0)
