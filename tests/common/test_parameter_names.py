"""Parameter names: given, numbered like MindSpore's (`Parameter#N`) when not, and renamed after
the Cell attribute that holds an unnamed one."""

import numpy as np

import graphc as ms
from graphc.common import parameter


def test_unnamed_parameters_are_numbered_and_cells_rename_them(monkeypatch):
    import itertools

    monkeypatch.setattr(parameter, "_UNNAMED", itertools.count(2))  # as a fresh process
    p = ms.Parameter(1.0)
    assert p.name == "Parameter#2"

    class Net(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.w = ms.Parameter(ms.Tensor(np.ones(2, np.float32)))

    assert Net().w.name == "w"
    q = ms.Parameter(2.0)
    assert repr(q) == "Parameter (name=Parameter#4, shape=(), dtype=Float32, requires_grad=True)"
    assert ms.Parameter(3.0, name="scale").name == "scale"


def test_numpy_floating_point_warnings_from_kernels_are_silent(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "warn.py"  # a file: jit reads the lambda's source
    script.write_text("import graphc as ms\nfrom graphc import ops\nx = ms.Tensor([0.0, -1.0])\n"
                      "print(ops.log(x), x / 0, ms.jit(lambda v: ops.sqrt(v) / 0)(x))\n")
    done = subprocess.run([sys.executable, "-W", "default", str(script)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[-inf  nan] [ nan -inf] [nan nan]"
    assert "RuntimeWarning" not in done.stderr
