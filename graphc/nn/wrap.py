"""Training and evaluation wrappers: WithLossCell, WithEvalCell, TrainOneStepCell.

`TrainOneStepCell(network, optimizer, sens)` runs one step: the loss of `network(*inputs)`,
its gradients with respect to `optimizer.parameters` (the sensitivity is a Tensor of `sens`
shaped like the loss), the optimiser update, and returns the loss.
"""

from __future__ import annotations

from typing import Any

from .. import ops
from ..autodiff import GradOperation, value_and_grad
from .cell import Cell
from .grad_reducer import gradient_reducer_for
from .optim.optimizer import Optimizer


def _check_cell(op: str, name: str, value: Any) -> None:
    if not isinstance(value, Cell):
        raise TypeError(f"For '{op}', the '{name}' must be a Cell, but got "
                        f"{type(value).__name__}.")


class WithLossCell(Cell):
    """`loss_fn(backbone(data), label)`."""

    def __init__(self, backbone: Cell, loss_fn: Cell) -> None:
        super().__init__(auto_prefix=False)
        _check_cell("WithLossCell", "backbone", backbone)
        _check_cell("WithLossCell", "loss_fn", loss_fn)
        self._backbone = backbone
        self._loss_fn = loss_fn

    def construct(self, data: Any, label: Any) -> Any:
        out = self._backbone(data)
        return self._loss_fn(out, label)

    @property
    def backbone_network(self) -> Cell:
        return self._backbone


class WithEvalCell(Cell):
    """`(loss, outputs, label)` of `network(data)`; with `add_cast_fp32` the outputs and a float
    label are cast to float32 first."""

    def __init__(self, network: Cell, loss_fn: Cell, add_cast_fp32: bool = False) -> None:
        super().__init__(auto_prefix=False)
        _check_cell("WithEvalCell", "network", network)
        _check_cell("WithEvalCell", "loss_fn", loss_fn)
        self._network = network
        self._loss_fn = loss_fn
        self.add_cast_fp32 = add_cast_fp32

    def construct(self, data: Any, label: Any) -> Any:
        outputs = self._network(data)
        if self.add_cast_fp32:
            if label.dtype.is_float:  # integer class labels stay integers (MindSpore's
                label = ops.cast(label, "float32")  # mixed_precision_cast)
            outputs = ops.cast(outputs, "float32")
        loss = self._loss_fn(outputs, label)
        return loss, outputs, label


class TrainOneStepCell(Cell):
    """One training step of `network` (which returns the loss) with `optimizer`."""

    def __init__(self, network: Cell, optimizer: Optimizer, sens: float | None = None,
                 return_grad: bool = False) -> None:
        super().__init__(auto_prefix=False)
        _check_cell("TrainOneStepCell", "network", network)
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"For 'TrainOneStepCell', the 'optimizer' must be an Optimizer, but "
                            f"got {type(optimizer).__name__}.")
        self.network = network
        self.network.set_grad()
        self.optimizer = optimizer
        self.weights = optimizer.parameters
        self.grad = GradOperation(get_by_list=True, sens_param=True)
        self.sens = 1.0 if sens is None else sens
        self.return_grad = return_grad
        # The network runs once per step: its forward pass is the one differentiated, so
        # BatchNorm statistics and dropout masks are not drawn twice.
        self._value_and_grad = value_and_grad(network, None, self.weights)
        # DATA_PARALLEL (set_auto_parallel_context): gradients are averaged over the processes
        # (as MindSpore's TrainOneStepCell builds its DistributedGradReducer).
        self.grad_reducer = gradient_reducer_for(self.weights)
        self.reducer_flag = self.grad_reducer is not None

    def construct(self, *inputs: Any) -> Any:
        loss, grads = self._value_and_grad(*inputs)
        if self.reducer_flag:
            grads = self.grad_reducer(grads)
        if self.sens != 1.0:
            # A constant sensitivity s scales every gradient by s.
            grads = tuple(ops.mul(g, self.sens) for g in grads)
        self.optimizer(grads)
        if self.return_grad:
            return loss, dict(zip((w.name for w in self.weights), grads))
        return loss


class GraphCell(Cell):
    """`nn.GraphCell(graph)`: a Cell that runs a graph `graphc.load` read back from a file
    (`graphc.export` wrote it); its inputs must have the exported shapes and dtypes."""

    def __init__(self, graph: Any) -> None:
        super().__init__()
        from ..runtime.export import LoadedGraph
        if not isinstance(graph, LoadedGraph):
            raise TypeError(f"For 'GraphCell', the argument 'graph' must be a graph returned "
                            f"by graphc.load, but got {type(graph).__name__}.")
        self.graph = graph

    def construct(self, *inputs: Any) -> Any:
        return self.graph(*inputs)

    def __call__(self, *inputs: Any) -> Any:  # already compiled: no mode dispatch
        return self.graph(*inputs)
