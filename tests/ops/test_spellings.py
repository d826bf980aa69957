"""Primitive classes and Tensor methods built from the primitives' spellings (`primitive.spell`,
`catalog.install_spellings`): each calls its primitive's functional op, and a name is never both
written by hand and spelled."""

import numpy as np
import pytest

import graphc as ms
from graphc import ops
from graphc.common.tensor import Tensor
from graphc.ops import OP_MODULES
from graphc.ops.catalog import install_spellings
from graphc.ops.primitive import SPELLINGS, PrimitiveOp

MODULES = {m.__name__: m for m in OP_MODULES}


def _functional(name):
    found = [vars(m)[name] for m in OP_MODULES if getattr(vars(m).get(name), "__module__", None)
             == m.__name__]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_every_spelling_is_installed_and_calls_the_functional_op(name):
    fn = _functional(name)
    for cls in SPELLINGS[name].classes:
        built = getattr(ops, cls)
        assert issubclass(built, PrimitiveOp) and built.fn is fn
        assert built.__module__ == fn.__module__
        assert built.__doc__.startswith(f"`ops.{cls}()(")
    for method in SPELLINGS[name].methods:
        assert getattr(Tensor, method) is fn


def test_a_spelled_class_behaves_as_the_hand_written_one_did():
    x = ms.Tensor(np.array([1.0, -2.0], np.float32))
    y = ms.Tensor(np.array([3.0, 4.0], np.float32))
    np.testing.assert_array_equal(ops.Add()(x, y).asnumpy(), [4.0, 2.0])
    np.testing.assert_array_equal(ops.Maximum()(x, y).asnumpy(), [3.0, 4.0])
    assert repr(ops.Add()) == "Prim[Add]"
    np.testing.assert_array_equal((-x).asnumpy(), [-1.0, 2.0])
    np.testing.assert_allclose(x.exp().asnumpy(), np.exp([1.0, -2.0]), rtol=1e-6)
    from graphc.ops.math_classes import Add  # (the old home re-exports it)
    assert Add is ops.Add


def test_a_name_both_written_and_spelled_is_refused():
    namespace = {"__name__": ops.arith_ops.__name__, "add": ops.arith_ops.add, "Add": object,
                 "TENSOR_METHODS": {}}
    with pytest.raises(RuntimeError, match="both defined and spelled"):
        install_spellings(namespace)
    namespace = {"__name__": ops.arith_ops.__name__, "neg": ops.arith_ops.neg,
                 "TENSOR_METHODS": {"negative": len}}
    with pytest.raises(RuntimeError, match="Tensor.negative is listed"):
        install_spellings(namespace)
