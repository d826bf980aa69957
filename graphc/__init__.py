"""graphc: MindSpore's programming model on NumPy, with an AST-parsing graph compiler.

`import graphc as ms` gives the MindSpore-shaped public names: Tensor, Parameter, dtypes,
set_context/get_context and the modes, grad/value_and_grad, jit, and the `ops` and `nn`
packages.
"""

import functools
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
from .common.mutable import mutable

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
