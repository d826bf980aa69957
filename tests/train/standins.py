"""A tiny stand-in for a graphc.dataset pipeline (MindSpore's dataset protocol), the network
the Model tests train, and its starting weights."""

import numpy as np

import graphc as ms
from graphc import nn

RS = np.random.RandomState(0)
X = RS.randn(20, 4).astype(np.float32)
Y = (X[:, 0] > 0).astype(np.int32)
W1 = np.linspace(-1, 1, 32).reshape(8, 4).astype(np.float32)
W2 = np.linspace(1, -1, 16).reshape(2, 8).astype(np.float32)


class TupleDataset:
    """Batches of (X, Y) in order; `create_tuple_iterator(num_epochs)` gives one iterator that
    ends each epoch with StopIteration and continues with the next, as MindSpore's does."""

    def __init__(self, x=X, y=Y, batch_size=5):
        self.x, self.y, self.batch_size = x, y, batch_size
        self.iterators = 0

    def get_dataset_size(self):
        return len(self.x) // self.batch_size

    def create_tuple_iterator(self, num_epochs=-1, output_numpy=False):
        self.iterators += 1
        data = self

        class _Iterator:
            def __init__(self):
                self.i = 0
                self.epochs = 0

            def __iter__(self):
                return self

            def __next__(self):
                if self.i >= data.get_dataset_size() or 0 < num_epochs <= self.epochs:
                    self.i = 0
                    self.epochs += 1
                    raise StopIteration
                b = slice(self.i * data.batch_size, (self.i + 1) * data.batch_size)
                self.i += 1
                xb, yb = data.x[b], data.y[b]
                return [xb, yb] if output_numpy else [ms.Tensor(xb), ms.Tensor(yb)]

        return _Iterator()


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(4, 8)
        self.relu = nn.ReLU()
        self.fc2 = nn.Dense(8, 2)
        self.fc1.weight.set_data(ms.Tensor(W1))
        self.fc2.weight.set_data(ms.Tensor(W2))
        self.fc1.bias.set_data(ms.Tensor(np.zeros(8, np.float32)))
        self.fc2.bias.set_data(ms.Tensor(np.zeros(2, np.float32)))

    def construct(self, x):
        return self.fc2(self.relu(self.fc1(x)))


def make_model(metrics=None, lr=0.1):
    net = Net()
    loss = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    opt = nn.Momentum(net.trainable_params(), learning_rate=lr, momentum=0.9)
    return net, ms.Model(net, loss, opt, metrics=metrics)
