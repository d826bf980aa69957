"""graphc: MindSpore's programming model on NumPy, with an AST-parsing graph compiler.

`import graphc as ms` gives the MindSpore-shaped public names: Tensor, Parameter, dtypes,
set_context/get_context and the modes, grad/value_and_grad, jit, and the `ops` and `nn`
packages.
"""

import functools
import sys
import warnings

# NumPy's floating-point RuntimeWarnings (division by zero, log of a negative, ...) raised in
# graphc's kernels are not shown: MindSpore's kernels give inf/nan silently, and so does graphc.
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"graphc(\.|$)")

from . import ops  # noqa: E402
from .autodiff import GradOperation, grad, value_and_grad
from .common import (
    COMPATIBLE,
    GRAPH_MODE,
    LAX,
    PYNATIVE_MODE,
    STRICT,
    GraphcError,
    Parameter,
    ParameterTuple,
    Tensor,
    get_context,
    get_seed,
    set_context,
    set_seed,
    tensor,
)
from .common.dtype import (
    DType,
    bool_,
    complex64,
    complex128,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    single,
    uint8,
    uint16,
    uint32,
    uint64,
)
from .common.mutable_input import mutable
from .common.sparse_tensor import COOTensor, CSRTensor, RowTensor
from .ops.vmap import vmap

# MindSpore spells the autodiff API inside `ops` too; ops cannot import autodiff (it sits
# below it), so the public layer adds the names.
ops.GradOperation = GradOperation
ops.grad = grad
ops.value_and_grad = value_and_grad
ops.partial = functools.partial

from . import (
    nn,  # noqa: E402  (nn sits on top of everything above)
    pijit,  # noqa: E402,F401  (registers jit(capture_mode="bytecode"))
)
from .runtime import JitConfig, explain, export, jit, jit_class, load  # noqa: E402

__version__ = "0.1.0"

# Data parallelism over MPI (issue 14): mindspore.communication and the parallel context.
# MindSpore's module layout: `mindspore.context`, `mindspore.dtype` (the module), `log`, and the
# names of upper packages MindSpore spells in lower modules (`graphc.layout`).
from . import (  # noqa: E402
    communication,
    context,
    layout,
    log,
)
from .common import dtype  # noqa: E402
from .communication import (  # noqa: E402
    ParallelMode,
    get_auto_parallel_context,
    reset_auto_parallel_context,
    set_auto_parallel_context,
)

layout.install()

# The data pipeline (on nn), reachable as `ms.dataset` as in MindSpore.
# The training API (graphc.train sits on top of nn): checkpoints, Model, callbacks, metrics,
# mixed precision. MindSpore spells all of mindspore.train at the top level too, and the
# metrics in nn as well (nn cannot import train, which sits above it).
from . import (  # noqa: E402
    amp,
    dataset,  # noqa: E402
    train,
)
from .train import *  # noqa: E402,F403

for _name in train.metrics.__all__:
    setattr(nn, _name, getattr(train.metrics, _name))
del _name
nn.metrics = train.metrics  # `from mindspore.nn.metrics import Accuracy` (MindSpore 1.x scripts)
sys.modules[f"{__name__}.nn.metrics"] = train.metrics

# MindSpore 2.10's `mindspore.set_device` (issue 16: names 20+ public programs use).
# Names MindSpore's PIJit suite reaches: ops.get_grad, `from mindspore import _no_grad`,
# Symbol, train.serialization's export/load, and mindspore.mint (its functions whose arguments
# match graphc's).
from . import (
    device_manager,  # noqa: E402
    mint,  # noqa: E402,F401
    profiler,  # noqa: E402  (mindspore.profiler.Profiler)
)
from .autodiff.get_grad import get_grad as _get_grad  # noqa: E402
from .common.api import NoGrad as _no_grad  # noqa: E402,F401
from .common.symbol import Symbol  # noqa: E402,F401
from .device_manager import set_device  # noqa: E402

ops.get_grad = _get_grad
train.serialization.export = export  # `from mindspore.train.serialization import export, load`
train.serialization.load = load

# `mindspore.dtype_to_nptype` and friends at the top level (MindSpore's PIJit suite, issue 13).
from .common.dtype import dtype_to_nptype, dtype_to_pytype, pytype_to_dtype  # noqa: E402,F401
