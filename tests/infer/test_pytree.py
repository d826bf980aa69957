"""`infer.pytree`: a value's leaves and its structure, and the value rebuilt around new leaves."""

import pytest

from graphc.infer.pytree import Kind, TreeDef, TreeMismatch, flatten, flatten_up_to, unflatten


def is_str(value):
    return isinstance(value, str)


def test_flatten_walks_sequences_and_dicts_and_keeps_constants():
    value = ("a", [1, "b", {"k": "c", "n": None}], 2.5)
    leaves, tree = flatten(value, is_str)
    assert leaves == ["a", "b", "c"]
    assert tree.kind is Kind.SEQUENCE and tree.seq_type is tuple and tree.num_leaves == 3
    assert unflatten(tree, ["x", "y", "z"]) == ("x", [1, "y", {"k": "z", "n": None}], 2.5)


def test_dict_views_rebuild_as_views_of_a_new_dict():
    leaves, tree = flatten({"p": "a", "q": 1}.items(), is_str)
    assert leaves == ["a"]
    rebuilt = unflatten(tree, ["b"])
    assert type(rebuilt) is type({}.items()) and list(rebuilt) == [("p", "b"), ("q", 1)]


def test_without_mappings_a_dict_is_a_constant():
    mapping = {"k": "a"}
    leaves, tree = flatten([mapping], is_str, mappings=False)
    assert leaves == [] and tree.children[0].is_const and tree.children[0].value is mapping


def test_unflatten_takes_leaves_from_a_shared_iterator():
    _, first = flatten(("a", "b"), is_str)
    _, second = flatten(["c"], is_str)
    leaves = iter([1, 2, 3])
    assert (unflatten(first, leaves), unflatten(second, leaves)) == ((1, 2), [3])


def test_leaf_names_follow_the_positions():
    _, tree = flatten(("a", ["b", 0, "c"]), is_str)
    assert tree.leaf_names("x") == ["x_0", "x_1_0", "x_1_2"]
    assert TreeDef.leaf().leaf_names("x") == ["x"]


def test_flatten_up_to_takes_the_leaves_of_a_value_of_the_same_structure():
    _, tree = flatten(("a", [1, "b"]), is_str)
    assert flatten_up_to(tree, (10, [1, 20])) == [10, 20]


@pytest.mark.parametrize("value,what", [
    ((10, [2, 20]), "constant"),  # a constant part changed
    ((10, [True, 20]), "constant"),  # equal, but another type
    ((10, (1, 20)), "structure"),  # a list became a tuple
    ((10, [1, 20, 30]), "structure"),  # another length
])
def test_flatten_up_to_says_how_a_value_differs(value, what):
    _, tree = flatten(("a", [1, "b"]), is_str)
    with pytest.raises(TreeMismatch) as info:
        flatten_up_to(tree, value)
    assert info.value.what == what


def test_tree_definitions_are_frozen():
    with pytest.raises(AttributeError):
        TreeDef.leaf().kind = Kind.CONST


def test_compiled_outputs_are_rebuilt_on_the_nodes_the_passes_kept():
    import numpy as np

    from graphc import Tensor, ops
    from graphc.common.context import STRICT
    from graphc.runtime.compile import compile_call

    def f(x):
        a = ops.exp(x)
        b = ops.exp(x)  # merged into `a` by common-subexpression elimination
        return {"a": a, "b": [b, 3]}

    compiled = compile_call(f, None, (Tensor(np.ones(2, np.float32)),), None, STRICT, "k")
    out = compiled.output
    assert out["b"][1] == 3 and out["b"][0].node is out["a"].node
    assert out["a"].node in compiled.graph.nodes
    result = compiled.generated.fn(Tensor(np.zeros(2, np.float32)))
    np.testing.assert_allclose(result["b"][0].asnumpy(), [1.0, 1.0])


def test_a_slice_is_the_sequence_of_its_bounds():
    leaves, tree = flatten(("a", slice("b", None, 2)), is_str)
    assert leaves == ["a", "b"]
    assert tree.children[1].seq_type is slice and tree.children[1].num_leaves == 1
    assert unflatten(tree, ["x", "y"]) == ("x", slice("y", None, 2))
    assert flatten_up_to(tree, ("p", slice("q", None, 2))) == ["p", "q"]
    with pytest.raises(TreeMismatch):
        flatten_up_to(tree, ("p", ("q", None, 2)))
