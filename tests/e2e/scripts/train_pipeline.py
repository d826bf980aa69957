"""A MindSpore user's script: a GeneratorDataset pipeline with map and batch, Model.train with
LossMonitor and ModelCheckpoint, evaluation with Accuracy, and the saved checkpoint reloaded
into a fresh network. argv: checkpoint directory, "graph" or "pynative"."""
import os
import sys

import mindspore as ms
import mindspore.dataset as ds
import mindspore.dataset.transforms as transforms
import numpy as np
from mindspore import nn
from mindspore.train import (
    Accuracy,
    CheckpointConfig,
    LossMonitor,
    Model,
    ModelCheckpoint,
    load_checkpoint,
    load_param_into_net,
)

CKPT_DIR = sys.argv[1]
ms.set_context(mode=ms.GRAPH_MODE if sys.argv[2] == "graph" else ms.PYNATIVE_MODE)

rng = np.random.default_rng(7)
FEATURES = rng.standard_normal((64, 4)) * 3.0
LABELS = (FEATURES[:, 0] + 0.5 * FEATURES[:, 1] > 0).astype(np.int64) + \
    (FEATURES[:, 2] > 2.0).astype(np.int64)


class Source:
    def __init__(self, start, stop):
        self.start, self.stop = start, stop

    def __getitem__(self, i):
        return FEATURES[self.start + i], LABELS[self.start + i]

    def __len__(self):
        return self.stop - self.start


def pipeline(start, stop, batch_size):
    data = ds.GeneratorDataset(Source(start, stop), ["x", "y"], shuffle=False)
    data = data.map(operations=[lambda x: x / 3.0, transforms.TypeCast(ms.float32)],
                    input_columns="x")
    data = data.map(operations=transforms.TypeCast(ms.int32), input_columns="y")
    return data.batch(batch_size, drop_remainder=True)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(4, 8)
        self.relu = nn.ReLU()
        self.fc2 = nn.Dense(8, 3)
        weights = np.random.default_rng(3)
        for p in self.trainable_params():
            p.set_data(ms.Tensor((weights.standard_normal(p.shape) * 0.5).astype(np.float32)))

    def construct(self, x):
        return self.fc2(self.relu(self.fc1(x)))


train_set, eval_set = pipeline(0, 48, 8), pipeline(48, 64, 16)
print(train_set.get_dataset_size(), train_set.get_col_names())
net = Net()
loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
model = Model(net, loss, nn.Momentum(net.trainable_params(), 0.1, 0.9), metrics={"acc": Accuracy()})
config = CheckpointConfig(save_checkpoint_steps=6, keep_checkpoint_max=2)
saver = ModelCheckpoint("pipe", CKPT_DIR, config)
model.train(4, train_set, callbacks=[LossMonitor(3), saver])
print(sorted(f for f in os.listdir(CKPT_DIR) if f.endswith(".ckpt")))
print("eval", model.eval(eval_set))
print("train", model.eval(train_set))

fresh = Net()
print(load_param_into_net(fresh, load_checkpoint(os.path.join(CKPT_DIR, "pipe-4_6.ckpt"))))
reloaded = Model(fresh, loss, metrics={"acc": Accuracy()})
print("reloaded", reloaded.eval(eval_set))
for batch in eval_set.create_tuple_iterator():
    print(np.round(reloaded.predict(batch[0]).asnumpy()[:3], 4))
    break
