"""A MindSpore user's script: a GeneratorDataset from a generator function with a two-column map,
Model.fit with a custom Callback (the whole protocol), Adam on a cosine-decay learning rate,
several metrics, ModelCheckpoint, the checkpoint reloaded into a fresh network, and a generator
that yields the wrong number of columns. argv: checkpoint directory, "graph" or "pynative"."""
import os
import sys

import mindspore as ms
import mindspore.dataset as ds
import numpy as np
from mindspore import nn
from mindspore.train import (
    Accuracy,
    Callback,
    CheckpointConfig,
    Loss,
    Model,
    ModelCheckpoint,
    Precision,
    Recall,
    TopKCategoricalAccuracy,
)

CKPT_DIR = sys.argv[1]
ms.set_context(mode=ms.GRAPH_MODE if sys.argv[2] == "graph" else ms.PYNATIVE_MODE)

rng = np.random.default_rng(11)
POINTS = rng.uniform(-2.0, 2.0, (60, 3)).astype(np.float32)
CLASSES = (np.floor(POINTS[:, 0] + POINTS[:, 1] * POINTS[:, 2]) % 3).astype(np.int32)


def samples(start, stop):
    def generate():
        for i in range(start, stop):
            yield POINTS[i], CLASSES[i]
    return generate


def with_square(x):
    return x, (x * x).astype(np.float32)


def pipeline(start, stop):
    data = ds.GeneratorDataset(samples(start, stop), ["x", "y"], shuffle=False)
    data = data.map(operations=with_square, input_columns=["x"], output_columns=["x", "x2"])
    data = data.map(operations=lambda x, x2: np.concatenate([x, x2]), input_columns=["x", "x2"],
                    output_columns=["x"])
    return data.project(["x", "y"]).batch(10)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Dense(6, 12, activation="tanh")
        self.out = nn.Dense(12, 3)
        weights = np.random.default_rng(5)
        for p in self.trainable_params():
            p.set_data(ms.Tensor((weights.standard_normal(p.shape) * 0.4).astype(np.float32)))

    def construct(self, x):
        return self.out(self.hidden(x))


class Report(Callback):
    def on_train_begin(self, run_context):
        args = run_context.original_args()
        print("begin", args.epoch_num, args.batch_num)

    def on_train_epoch_end(self, run_context):
        args = run_context.original_args()
        print("epoch", args.cur_epoch_num, args.cur_step_num,
              round(float(args.net_outputs.asnumpy()), 4))

    def on_eval_end(self, run_context):
        results = run_context.original_args().eval_results
        print("eval", {k: np.round(np.asarray(v, np.float64), 4).tolist()
                       for k, v in sorted(results.items())})

    def on_train_end(self, run_context):
        print("end", run_context.original_args().cur_step_num)


train_set, valid_set = pipeline(0, 40), pipeline(40, 60)
print(train_set.get_dataset_size(), train_set.get_col_names(), valid_set.output_shapes())
net = Net()
lr = nn.cosine_decay_lr(0.001, 0.05, total_step=12, step_per_epoch=4, decay_epoch=3)
print([round(v, 5) for v in lr])
loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
metrics = {"acc": Accuracy(), "loss": Loss(), "top2": TopKCategoricalAccuracy(2),
           "precision": Precision(), "recall": Recall()}
model = Model(net, loss, nn.Adam(net.trainable_params(), learning_rate=lr), metrics=metrics)
saver = ModelCheckpoint("fit", CKPT_DIR, CheckpointConfig(save_checkpoint_steps=4,
                                                          keep_checkpoint_max=1))
model.fit(3, train_set, valid_set, callbacks=[Report(), saver], dataset_sink_mode=False)
print(sorted(f for f in os.listdir(CKPT_DIR) if f.endswith(".ckpt")))
result = model.eval(valid_set)
print(round(result["acc"], 4), round(result["loss"], 4), round(result["top2"], 4),
      np.round(result["precision"], 4).tolist(), np.round(result["recall"], 4).tolist())

fresh = Net()
ms.load_checkpoint(os.path.join(CKPT_DIR, "fit-3_4.ckpt"), net=fresh)
again = Model(fresh, loss, metrics={"acc": Accuracy(), "loss": Loss()}).eval(valid_set)
print(round(again["acc"], 4), round(again["loss"], 4))


def three_columns():
    yield np.ones(2, np.float32), np.int32(1), np.int32(2)


try:
    for _ in ds.GeneratorDataset(three_columns, ["x", "y"]).create_tuple_iterator():
        pass
except RuntimeError as err:
    print("RuntimeError:", "the size of column_names is:2" in str(err))
