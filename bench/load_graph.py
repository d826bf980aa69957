"""graphc.load on large valid files: the cost of reading and checking them.

Three files: `weights` (an MLP whose Parameters hold about 100 MB, so reading the archive
dominates), `chain` (a graph of 200,000 nodes, so the description's checks and code generation
dominate) and `lenet` (the digits LeNet, a typical small model). Each row is the best of N `load`
calls, and the first call of the loaded graph is checked against the network.
"""

from __future__ import annotations

import json
import os
import tempfile

import numpy as np
from timing import best, variants_parser

import graphc as ms
from graphc import nn, ops


class MLP(nn.Cell):
    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Dense(2048, 4096)
        self.b = nn.Dense(4096, 2048)
        self.c = nn.Dense(2048, 10)

    def construct(self, x):
        return self.c(ops.relu(self.b(ops.relu(self.a(x)))))


def weights_file(directory: str) -> tuple[str, tuple]:
    x = ms.Tensor(np.ones((4, 2048), np.float32))
    return ms.export(MLP(), x, file_name=os.path.join(directory, "mlp")), (x,)


def lenet_file(directory: str) -> tuple[str, tuple]:
    from graphc.dataset.lenet import DigitsLeNet
    x = ms.Tensor(np.ones((8, 1, 8, 8), np.float32))
    return ms.export(DigitsLeNet(), x, file_name=os.path.join(directory, "lenet")), (x,)


def chain_file(directory: str, n: int = 200_000) -> tuple[str, tuple]:
    spec = {"spec": [[2], {"dtype": "float32"}]}
    nodes = [{"id": 2 + i, "op": {"primitive": "neg"}, "inputs": [{"node": 1 + i}],
              "attrs": {}, "abstract": spec} for i in range(n)]
    desc = {"format": "graphc-graph", "version": 1, "root": 0, "name": "chain",
            "graphs": {"0": {"name": "c", "nodes": nodes, "output": {"node": n + 1},
                             "params": [{"id": 1, "name": "x", "abstract": spec,
                                         "weight": None}]}},
            "inputs": [{"shape": [2], "dtype": "float32"}], "params": [{"node": 1, "arg": 0}],
            "output": {"tensor": {"node": n + 1}}, "weights": []}
    path = os.path.join(directory, "chain.mindir")
    with open(path, "wb") as f:
        np.savez(f, graph=np.array(json.dumps(desc)))
    return path, (ms.Tensor([1.0, -2.0]),)


FILES = {"weights": weights_file, "chain": chain_file, "lenet": lenet_file}


def main() -> None:
    parser = variants_parser(__doc__, "loads", 1)
    parser.add_argument("--only", choices=sorted(FILES), help="one file only")
    args = parser.parse_args()
    ms.set_seed(0)
    with tempfile.TemporaryDirectory() as directory:
        print(f"{'file':10s} {'size MB':>9s} {'load ms':>10s}")
        for name, make in FILES.items():
            if args.only and name != args.only:
                continue
            path, inputs = make(directory)
            loaded = ms.load(path)
            loaded(*inputs)  # (the loaded graph runs)
            seconds = best(lambda p=path: ms.load(p), args.loads, args.repeat)
            size = os.path.getsize(path) / 1e6
            print(f"{name:10s} {size:9.1f} {seconds * 1e3:10.1f}")


if __name__ == "__main__":
    main()
