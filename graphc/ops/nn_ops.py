"""Neural-network primitives, re-exported under their historical home from the modules that
define them: `nn_common` (shared checks), `activation_ops` (activations, softmax, bias_add),
`conv_ops` (windows, conv2d, pooling), `norm_ops` (batch normalisation, dropout) and `loss_ops`.

Invariants of them all:
- Each primitive keeps impl, infer and bprop together (`primitive.py`); backward passes are
  primitives of their own, so a bprop rule is a handful of graphc op calls that PyNative and
  graph mode run alike.
- Gradients of any order are right or refused, never silently zero: where a higher order is not
  implemented (the third derivative of smooth activations, `*_grad2`) the bprop raises
  `NotImplementedError` naming it. Batch norm's backward is written with differentiable ops
  whenever an enclosing tape records it, so its own gradient exists.
- Functional wrappers read only shapes and dtypes of their Tensor arguments and call ops, so they
  trace unchanged into graphs; running statistics are updated through `ops.assign`.
- Randomness lives inside the `dropout` primitive (effect "random", drawing from
  `context.rng()`); its mask is an output, so the gradient reuses the very same mask.
"""

from .activation_ops import (  # type: ignore[attr-defined]  # noqa: F401
    BIAS_ADD,
    ELU,
    GELU,
    HSIGMOID,
    HSWISH,
    LEAKY_RELU,
    LOG_SOFTMAX,
    LOGSIGMOID,
    MISH,
    RELU,
    RELU6,
    SELU,
    SIGMOID,
    SILU,
    SOFTMAX,
    SOFTPLUS,
    SOFTSIGN,
    BiasAdd,
    Elu,
    GeLU,
    HSigmoid,
    HSwish,
    LogSoftmax,
    Mish,
    ReLU,
    ReLU6,
    SeLU,
    Sigmoid,
    Softmax,
    Softplus,
    Softsign,
    bias_add,
    elu,
    gelu,
    hardsigmoid,
    hardswish,
    leaky_relu,
    log_softmax,
    logsigmoid,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    softsign,
)
from .conv_ops import (  # noqa: F401
    AVG_POOL2D,
    AVG_POOL2D_GRAD,
    CONV2D,
    CONV2D_BACKPROP_FILTER,
    CONV2D_BACKPROP_INPUT,
    MAX_POOL2D,
    MAX_POOL2D_ARGMAX,
    MAX_POOL2D_GRAD,
    MAX_POOL2D_SELECT,
    AvgPool,
    Conv2D,
    MaxPool,
    avg_pool2d,
    conv2d,
    conv2d_backprop_filter,
    conv2d_backprop_input,
    conv_attrs,
    max_pool2d,
    max_pool2d_impl,
    pads_of,
)
from .loss_ops import (  # noqa: F401
    BCE_WITH_LOGITS,
    BCE_WITH_LOGITS_GRAD,
    L1_DISTANCE,
    L1_DISTANCE_GRAD,
    NLL_LOSS,
    NLL_LOSS_GRAD,
    SMOOTH_L1,
    SMOOTH_L1_GRAD,
    BCEWithLogitsLoss,
    NLLLoss,
    SoftmaxCrossEntropyWithLogits,
    SparseSoftmaxCrossEntropyWithLogits,
    binary_cross_entropy_with_logits,
    cross_entropy,
    l1_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
)
from .norm_ops import (  # noqa: F401
    BATCH_NORM,
    BATCH_NORM_GRAD,
    DROPOUT,
    DROPOUT_GRAD,
    BatchNorm,
    Dropout,
    batch_norm,
    dropout,
)
