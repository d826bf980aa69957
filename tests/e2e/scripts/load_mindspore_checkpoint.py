"""A MindSpore user's script: load a checkpoint MindSpore wrote, predict, save, evaluate."""
import sys

import mindspore as ms
import numpy as np
from mindspore import Tensor, nn
from mindspore.nn.metrics import Accuracy
from mindspore.train import Model
from mindspore.train.serialization import load_checkpoint, load_param_into_net, save_checkpoint

CKPT, OUT = sys.argv[1], sys.argv[2]
ms.set_context(mode=ms.GRAPH_MODE if sys.argv[3] == "graph" else ms.PYNATIVE_MODE)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc = nn.Dense(3, 2)
        self.scale = ms.Parameter(Tensor(np.array([1.5, -2.0], np.float16)), name="scale")
        self.steps = ms.Parameter(Tensor(np.array([7], np.int32)), name="steps",
                                  requires_grad=False)

    def construct(self, x):
        return self.fc(x) * self.scale


net = Net()
param_dict = load_checkpoint(CKPT)
print(load_param_into_net(net, param_dict))
print(param_dict["fc.weight"])
print(param_dict["epoch_num"].asnumpy(), param_dict["lr"].asnumpy(), param_dict["name"])
model = Model(net)
x = Tensor(np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], np.float32))
print(model.predict(x))
save_checkpoint(net, OUT, append_dict={"epoch_num": 3, "lr": 0.1, "name": "abc"})
print(open(OUT, "rb").read() == open(CKPT, "rb").read())
metric = Accuracy()
metric.update(model.predict(x), Tensor(np.array([0, 0], np.int32)))
print(metric.eval())
try:
    load_param_into_net(nn.Dense(3, 4), {"weight": param_dict["fc.weight"]})
except RuntimeError as err:
    print("RuntimeError:", str(err).split(".")[0])
