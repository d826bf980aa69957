"""MindSpore's `mindspore.nn.probability.distribution`: Normal, Uniform, Exponential,
Bernoulli and Categorical, each a Cell with `prob`, `log_prob`, `cdf`, `log_cdf`,
`survival_function`, `mean`, `sd`, `var`, `entropy`, `kl_loss`, `cross_entropy` and `sample`,
written with graphc ops so that they run eagerly and inside graphs alike."""

from .continuous import Exponential, Normal, Uniform
from .discrete import Bernoulli, Categorical
from .distribution import Distribution

__all__ = ["Bernoulli", "Categorical", "Distribution", "Exponential", "Normal", "Uniform"]
