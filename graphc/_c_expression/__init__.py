"""MindSpore's private `mindspore._c_expression` (its C++ extension module), as far as programs
written for MindSpore import it: `security`, `TensorPy` (its C++ Tensor: graphc's Tensor), and
PIJit's introspection and switches (`get_code_extra`, `update_pijit_default_config`,
`jit_mode_pi_enable` / `jit_mode_pi_disable`, from graphc.pijit). graphc has no C++
extension; this package holds only the Python answers those programs ask for."""

from ..common.tensor import Tensor as TensorPy
from ..pijit import (
    get_code_extra,
    jit_mode_pi_disable,
    jit_mode_pi_enable,
    update_pijit_default_config,
)
from ..pijit.function_id import function_id
from . import security

__all__ = ["TensorPy", "function_id", "get_code_extra", "jit_mode_pi_disable",
           "jit_mode_pi_enable", "security", "update_pijit_default_config"]
