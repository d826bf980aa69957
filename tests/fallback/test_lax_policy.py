"""JIT Fallback as the specialiser's policy (`fallback.LaxPolicy`) and its typed tracker of what
a graph changes outside itself (`fallback.tracking`)."""

import numpy as np

from graphc import Tensor
from graphc.common.context import LAX, STRICT
from graphc.fallback import ArgumentKey, LaxPolicy, MutationTracker
from graphc.fallback.tracking import AttributeKey, GlobalKey, ObjectKey
from graphc.infer.specialize import GraphBuilder
from graphc.runtime.compile import compile_call

COUNTER = 0


def _lax_builder(tracker=None):
    tracker = tracker if tracker is not None else MutationTracker()
    return GraphBuilder("f", LaxPolicy.factory(tracker)), tracker


def test_lax_runs_in_python_what_strict_refuses():
    builder, _ = _lax_builder()
    assert isinstance(builder.policy, LaxPolicy)
    assert builder.policy.on_unsupported(ValueError("strict says no"), lambda: 42) == 42


def test_the_policy_shares_the_tracker_it_is_made_with():
    tracker = MutationTracker()
    first, _ = _lax_builder(tracker)
    second, _ = _lax_builder(tracker)
    assert first.policy.tracker is second.policy.tracker is tracker
    assert first.policy.interpreter is not second.policy.interpreter


def test_keys_are_values_and_a_folded_key_found_changing_asks_for_a_rebuild():
    tracker = MutationTracker()
    assert ObjectKey(5) == ObjectKey(5) and AttributeKey(5, "a") != AttributeKey(5, "b")
    tracker.folded_reads.add(GlobalKey(1, "x"))
    known = set(tracker.volatile)
    assert not tracker.needs_rebuild(known)
    tracker.volatile.add(GlobalKey(1, "x"))
    assert tracker.needs_rebuild(known)
    tracker.rebuild_with(ArgumentKey(0))
    assert ArgumentKey(0) in tracker.volatile and ArgumentKey(0) in tracker.folded_reads


def test_an_argument_changed_in_place_is_tracked_by_position():
    def f(x, items):
        items.append(1)
        return x

    volatile = set()
    compile_call(f, None, (Tensor(np.ones(2, np.float32)), [0]), None, LAX, "k",
                 volatile=volatile)
    assert ArgumentKey(1) in volatile


def test_a_global_assigned_at_lax_is_a_global_key():
    def f(x):
        global COUNTER
        COUNTER = 3
        return x

    volatile = set()
    compile_call(f, None, (Tensor(np.ones(2, np.float32)),), None, LAX, "k", volatile=volatile)
    assert GlobalKey(id(globals()), "COUNTER") in volatile


def test_strict_compiles_track_nothing():
    def f(x):
        return x + 1

    volatile = set()
    compiled = compile_call(f, None, (Tensor(np.ones(2, np.float32)),), None, STRICT, "k",
                            volatile=volatile)
    assert volatile == set() and compiled.folded == ()
