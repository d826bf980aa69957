"""Training and evaluation wrappers: WithLossCell, WithEvalCell, TrainOneStepCell,
ForwardValueAndGrad.

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


class ForwardValueAndGrad(Cell):
    """`ForwardValueAndGrad(network, weights, get_all, get_by_list, sens_param)(*inputs)`
    returns `(network(*inputs), gradients)`, the gradients as `GradOperation` with the same
    flags gives them (with `sens_param`, the last input is the sensitivity)."""

    def __init__(self, network: Any, weights: Any = None, get_all: bool = False,
                 get_by_list: bool = False, sens_param: bool = False) -> None:
        super().__init__(auto_prefix=False)
        if not callable(network):
            raise TypeError(f"For 'ForwardValueAndGrad', the argument 'network' must be a "
                            f"Cell, function or method, but got {type(network).__name__}.")
        for name, flag in (("get_all", get_all), ("get_by_list", get_by_list),
                           ("sens_param", sens_param)):
            if not isinstance(flag, bool):
                raise TypeError(f"For 'ForwardValueAndGrad', '{name}' must be a bool, but got "
                                f"{type(flag).__name__}.")
        if get_by_list and not isinstance(weights, (tuple, list)):
            raise TypeError("For 'ForwardValueAndGrad', when 'get_by_list' is True, 'weights' "
                            f"must be a ParameterTuple or list of Parameters, but got "
                            f"{type(weights).__name__}.")
        self.network = network
        self.weights = weights
        self.get_by_list = get_by_list
        self.sens_param = sens_param
        self.grad = GradOperation(get_all=get_all, get_by_list=get_by_list,
                                  sens_param=sens_param)

    def construct(self, *inputs: Any) -> Any:
        forward_inputs = inputs[:-1] if self.sens_param else inputs
        loss = self.network(*forward_inputs)
        if self.get_by_list:
            grads = self.grad(self.network, self.weights)(*inputs)
        else:
            grads = self.grad(self.network)(*inputs)
        return loss, grads


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
