"""communication's API in a process started without a launcher (a world of one), the parallel
context, and the collectives' checks and gradients there."""

import subprocess
import sys

import numpy as np
import pytest

import graphc as ms
from graphc import communication as comm
from graphc import nn, ops
from graphc.ops.comm_ops import ReduceOp


@pytest.fixture
def world():
    comm.init()
    yield
    comm.release()
    ms.reset_auto_parallel_context()


def test_before_init_rank_0_of_1_and_collectives_say_to_init():
    assert comm.get_rank() == 0 and comm.get_group_size() == 1
    with pytest.raises(RuntimeError, match=r"For 'AllReduce', the communication is not "
                                           r"initialised: call graphc.communication.init"):
        ops.AllReduce()(ms.Tensor(np.ones(2, np.float32)))


def test_import_graphc_and_solo_init_never_load_mpi4py():
    code = ("import sys, graphc; graphc.communication.init(); "
            "print(graphc.communication.get_group_size(), 'mpi4py' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, env={k: v for k, v in __import__("os").environ.items()
                                          if not k.startswith(("PMI", "OMPI", "PMIX"))})
    assert out.stdout.split() == ["1", "False"], out.stderr


def test_solo_world(world):
    assert comm.GlobalComm.INITED
    assert (comm.get_rank(), comm.get_group_size()) == (0, 1)
    assert (comm.get_local_rank(), comm.get_local_rank_size()) == (0, 1)
    assert comm.HCCL_WORLD_COMM_GROUP == "hccl_world_group"
    assert comm.NCCL_WORLD_COMM_GROUP == "nccl_world_group"
    assert comm.GlobalComm.WORLD_COMM_GROUP == "hccl_world_group"
    assert comm.management.get_rank is comm.get_rank
    comm.create_group("pair", [0])
    assert comm.get_group_size("pair") == 1 and comm.get_rank("pair") == 0
    assert comm.get_world_rank_from_group_rank("pair", 0) == 0
    assert comm.get_group_rank_from_world_rank(0, "pair") == 0
    with pytest.raises(ValueError, match="already exists"):
        comm.create_group("pair", [0])
    comm.destroy_group("pair")
    with pytest.raises(ValueError, match="has not been created"):
        comm.destroy_group("pair")


def test_init_rejects_unknown_backend():
    with pytest.raises(RuntimeError, match=r"'backend_name' must be one of 'hccl', 'nccl'"):
        comm.init("bogus")
    assert not comm.GlobalComm.INITED


def test_create_group_checks_ranks(world):
    with pytest.raises(ValueError, match=r"every rank id must be an int in \[0, 1\)"):
        comm.create_group("g", [0, 1])
    with pytest.raises(TypeError, match="non-empty list"):
        comm.create_group("g", [])


def test_collective_on_unknown_group_is_a_clear_error(world):
    x = ms.Tensor(np.ones(3, np.float32))
    with pytest.raises(RuntimeError, match=r"For 'AllGather', the communication group 'nope' "
                                           r"has not been created\. Create it with"):
        ops.AllGather(group="nope")(x)


def test_collectives_in_a_world_of_one(world):
    x = ms.Tensor(np.arange(6, dtype=np.float32).reshape(3, 2))
    for op in (ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN, ReduceOp.PROD):
        np.testing.assert_array_equal(ops.AllReduce(op)(x).asnumpy(), x.asnumpy())
    np.testing.assert_array_equal(ops.AllGather()(x).asnumpy(), x.asnumpy())
    np.testing.assert_array_equal(ops.ReduceScatter()(x).asnumpy(), x.asnumpy())
    (b,) = ops.Broadcast(0)((x,))
    np.testing.assert_array_equal(b.asnumpy(), x.asnumpy())
    ops.Barrier()()
    with pytest.raises(ValueError, match=r"'root_rank' must be in \[0, 1\)"):
        ops.Broadcast(1)((x,))
    with pytest.raises(ValueError, match="'op' must be one of ReduceOp.SUM"):
        ops.AllReduce("mean")
    with pytest.raises(TypeError, match="bool Tensor"):
        ops.AllReduce()(ms.Tensor(np.ones(2, bool)))
    stats = comm.collective_stats(reset=True)
    assert stats.calls == 8 and stats.by_op["AllReduce"] == 4


def _compiled_collectives(x):
    ops.Barrier()()
    return ops.AllReduce(ops.ReduceOp.MAX)(x * 2) + ops.AllGather()(x)


def test_collectives_are_ordered_nodes_of_a_compiled_graph(world):
    f = ms.jit(_compiled_collectives)
    x = ms.Tensor(np.ones((2, 2), np.float32))
    np.testing.assert_array_equal(f(x).asnumpy(), np.full((2, 2), 3, np.float32))
    source = f.graphs()[0].source
    names = [n for n in ("barrier", "all_reduce", "all_gather") if n in source]
    assert names == ["barrier", "all_reduce", "all_gather"]
    assert source.index("barrier") < source.index("all_reduce") < source.index("all_gather")
    comm.collective_stats(reset=True)
    f(x)
    assert comm.collective_stats().calls == 3  # run at run time, not folded at compile time


def _constant_all_reduce():
    return ops.AllReduce()(ops.ones((2,), ms.float32))


def test_collective_on_constants_runs_each_call(world):
    f = ms.jit(_constant_all_reduce)
    f()
    comm.collective_stats(reset=True)
    f()
    assert comm.collective_stats().calls == 1


def test_gradients_in_a_world_of_one(world):
    x = ms.Tensor(np.array([1.0, -2.0, 3.0], np.float32))
    g = ms.grad(lambda t: (ops.AllReduce(ReduceOp.PROD)(t) * t).sum())(x)
    np.testing.assert_allclose(g.asnumpy(), 4 * x.asnumpy() / 2, rtol=1e-6)  # d(x^2) = 2x
    g = ms.grad(lambda t: (ops.AllGather()(t) ** 2).sum())(x)
    np.testing.assert_allclose(g.asnumpy(), 2 * x.asnumpy())
    g = ms.grad(lambda t: ops.Broadcast(0)((t,))[0].sum() * 3)(x)
    np.testing.assert_allclose(g.asnumpy(), [3, 3, 3])


def test_parallel_context_defaults_and_errors():
    assert ms.get_auto_parallel_context("parallel_mode") == "stand_alone"
    assert ms.get_auto_parallel_context("gradients_mean") is False
    assert ms.get_auto_parallel_context("device_num") == 1
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL,
                                 gradients_mean=True, device_num=4)
    try:
        assert ms.get_auto_parallel_context("parallel_mode") == "data_parallel"
        assert ms.get_auto_parallel_context("device_num") == 4
        with pytest.raises(ValueError, match="graphc supports the parallel_mode 'stand_alone' "
                                             "and 'data_parallel' only"):
            ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.SEMI_AUTO_PARALLEL)
        with pytest.raises(ValueError, match="only support 'stand_alone', 'data_parallel'"):
            ms.set_auto_parallel_context(parallel_mode="bogus")
        with pytest.raises(ValueError, match="Set context keyword bogus is not recognized"):
            ms.set_auto_parallel_context(bogus=1, gradients_mean=False)
        assert ms.get_auto_parallel_context("gradients_mean") is True  # nothing half-applied
    finally:
        ms.reset_auto_parallel_context()
    assert ms.get_auto_parallel_context("parallel_mode") == "stand_alone"
    assert ms.get_auto_parallel_context("device_num") == 1


def test_device_num_follows_the_job_unless_set(world):
    assert ms.get_auto_parallel_context("device_num") == 1
    assert ms.get_auto_parallel_context("global_rank") == 0


def test_grad_reducer_packs_buckets_and_averages(world):
    params = [ms.Parameter(ms.Tensor(np.zeros(s, np.float32)), name=f"p{i}")
              for i, s in enumerate([(3, 2), (4,), (2, 2)])]
    reducer = nn.DistributedGradReducer(params, mean=True, degree=2, bucket_bytes=40)
    assert [b.indices for b in reducer.buckets] == [(0, 1), (2,)]
    grads = tuple(ms.Tensor(np.full(p.shape, i + 1, np.float32)) for i, p in enumerate(params))
    comm.collective_stats(reset=True)
    out = reducer(grads)
    assert comm.collective_stats().calls == 2  # one collective per bucket
    for i, (g, p) in enumerate(zip(out, params)):
        assert g.shape == p.shape
        np.testing.assert_allclose(g.asnumpy(), (i + 1) / 2)  # summed over 1 rank, / degree
    with pytest.raises(ValueError, match="expected 3 gradients"):
        reducer(grads[:2])


def test_train_one_step_cell_reduces_only_under_data_parallel(world):
    net = nn.Dense(3, 2)
    opt = nn.SGD(net.trainable_params(), learning_rate=0.1)
    plain = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
    assert not plain.reducer_flag
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL,
                                 gradients_mean=True)
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), opt)
    assert step.reducer_flag and step.grad_reducer.mean and step.grad_reducer.degree == 1
    comm.collective_stats(reset=True)
    step(ms.Tensor(np.ones((4, 3), np.float32)), ms.Tensor(np.zeros((4, 2), np.float32)))
    assert comm.collective_stats().calls == 1  # weight and bias share one bucket


def test_graph_mode_step_compiles_the_bucketed_reduction(world):
    ms.set_context(mode=ms.GRAPH_MODE)
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL,
                                 gradients_mean=True)
    net = nn.SequentialCell(nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2))
    step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()),
                               nn.SGD(net.trainable_params(), learning_rate=0.1))
    x, y = ms.Tensor(np.ones((4, 3), np.float32)), ms.Tensor(np.zeros((4, 2), np.float32))
    assert ms.explain(step, x, y).count == 0  # compiled, no Python fallback
    step(x, y)
    comm.collective_stats(reset=True)
    step(x, y)
    assert comm.collective_stats().calls == 1  # four Parameters, one bucket, one all-reduce


def test_gradient_reducer_for_follows_the_parallel_mode(world):
    params = nn.Dense(2, 2).trainable_params()
    assert nn.grad_reducer.gradient_reducer_for(params) is None
    ms.set_auto_parallel_context(parallel_mode=ms.ParallelMode.DATA_PARALLEL)
    reducer = nn.grad_reducer.gradient_reducer_for(params)
    assert isinstance(reducer, nn.DistributedGradReducer) and reducer.mean is False


def test_functional_collectives_work_in_place_as_mindspore_2_10(world):
    t = ms.Tensor(np.array([1.0, 4.0], np.float32))
    assert ops.all_reduce(t) is None  # in place; the handle is None when synchronous
    np.testing.assert_array_equal(t.asnumpy(), [1.0, 4.0])
    assert ops.all_reduce(t, "avg", async_op=True).wait() is None
    outs = [ms.Tensor(np.zeros(2, np.float32))]
    assert ops.all_gather(outs, t) is None
    np.testing.assert_array_equal(outs[0].asnumpy(), [1.0, 4.0])
    out = ms.Tensor(np.zeros(2, np.float32))
    ops.reduce_scatter(out, [ms.Tensor(np.array([2.0, 3.0], np.float32))])
    np.testing.assert_array_equal(out.asnumpy(), [2.0, 3.0])
    assert ops.broadcast(t, 0) is None and ops.barrier() is None
    with pytest.raises(TypeError, match="For all_reduce, the input op value must be one of"):
        ops.all_reduce(t, "mean")
    with pytest.raises(ValueError, match="the src 1 is not a world rank of the group"):
        ops.broadcast(t, 1)
    with pytest.raises(TypeError, match="must be a list of 1 Tensors"):
        ops.all_gather([], t)


def _functional_in_graph(x):
    ops.all_reduce(x)
    return x


def test_functional_collectives_refuse_graphs(world):
    with pytest.raises(RuntimeError, match="For 'all_reduce', only PyNative mode is supported"):
        ms.jit(_functional_in_graph)(ms.Tensor(np.ones(2, np.float32)))


def test_parameter_broadcast_and_fusion_config_keys(world):
    ms.set_auto_parallel_context(all_reduce_fusion_config=[1, 3], parameter_broadcast=True,
                                 parallel_mode=ms.ParallelMode.DATA_PARALLEL)
    assert ms.get_auto_parallel_context("all_reduce_fusion_config") == [1, 3]
    params = [ms.Parameter(ms.Tensor(np.full((2,), i, np.float32)), name=f"w{i}")
              for i in range(4)]
    reducer = nn.grad_reducer.gradient_reducer_for(params)  # broadcasts (a world of one)
    assert [b.indices for b in reducer.buckets] == [(0,), (1, 2), (3,)]
    with pytest.raises(ValueError, match="must be sorted in ascending order"):
        ms.set_auto_parallel_context(all_reduce_fusion_config=[3, 1])
    with pytest.raises(ValueError, match="supports only enable_parallel_optimizer=False"):
        ms.set_auto_parallel_context(enable_parallel_optimizer=True)
    with pytest.raises(ValueError, match="supports only pipeline_stages=1"):
        ms.set_auto_parallel_context(pipeline_stages=2)
    assert ms.get_auto_parallel_context("dataset_strategy") == "data_parallel"


def test_grad_reducer_checks_degree_as_mindspore(world):
    with pytest.raises(ValueError, match="parameter 'degree' in DistributedGradReducer should "
                                         "large than 0 and be int, degree: 0"):
        nn.DistributedGradReducer(nn.Dense(2, 2).trainable_params(), degree=0)
