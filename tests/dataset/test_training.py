"""A MindSpore training loop fed by a GeneratorDataset pipeline, in both modes: the losses
MindSpore 2.10 printed for the same script (import swapped) by hand."""

import numpy as np
import pytest

import graphc as ms
import graphc.dataset as ds
import graphc.dataset.transforms as T
from graphc import nn

MS_LOSSES = [0.379148, 0.501848, 0.563714, 0.297398, 0.402349, 0.319308, 0.207155, 0.318258,
             0.136898]


@pytest.mark.parametrize("mode", [ms.PYNATIVE_MODE, ms.GRAPH_MODE])
def test_generator_pipeline_trains_to_mindspores_losses(mode):
    ms.set_context(mode=mode)
    gen = np.random.default_rng(0)
    x_all = gen.normal(size=(20, 4)).astype(np.float32)
    y_all = (x_all.sum(1) > 0).astype(np.int64)

    class Source:
        def __getitem__(self, i):
            return x_all[i], y_all[i]

        def __len__(self):
            return 20

    d = ds.GeneratorDataset(Source(), ["x", "y"], shuffle=False)
    d = d.map(T.TypeCast(ms.int32), input_columns="y").batch(8)
    w = ms.Tensor(gen.normal(size=(2, 4)).astype(np.float32) * 0.5)
    net = nn.Dense(4, 2, weight_init=w, bias_init="zeros")
    loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    step = nn.TrainOneStepCell(nn.WithLossCell(net, loss),
                               nn.Momentum(net.trainable_params(), 0.1, 0.9))
    it = d.create_tuple_iterator(num_epochs=3)
    losses = [float(step(x, y).asnumpy()) for _ in range(3) for x, y in it]
    assert d.get_dataset_size() == 3
    np.testing.assert_allclose(losses, MS_LOSSES, atol=2e-6)
