"""Recurrent layers: RNN (tanh or relu), LSTM and GRU — multi-layer, bidirectional,
`batch_first`, with initial states and per-sequence lengths (`seq_length`); the time loop is
unrolled while the graph is built, so the layers compile and differentiate like any other Cell.

Parameters are named and shaped as in MindSpore so that checkpoints map: `weight_ih_l{k}`
(gates * hidden, input) and `weight_hh_l{k}` (gates * hidden, hidden), `bias_ih_l{k}`,
`bias_hh_l{k}`, with a `_reverse` suffix for the backward direction; gates in the order
(i, f, g, o) for LSTM and (r, z, n) for GRU. They live in the ParameterTuples `w_ih_list`,
`w_hh_list`, `b_ih_list`, `b_hh_list`.
"""

from __future__ import annotations

import math
from typing import Any

from ... import ops
from ...common import dtype as mstype
from ...common.initializer import Uniform, initializer
from ...common.parameter import Parameter, ParameterTuple
from ..cell import Cell
from .basic import check_positive_int, check_tensor


def _lstm_step(gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
    i, f, g, o = ops.split(ops.add(gi, gh), gi.shape[-1] // 4, -1)
    c = ops.add(ops.mul(ops.sigmoid(f), c), ops.mul(ops.sigmoid(i), ops.tanh(g)))
    return ops.mul(ops.sigmoid(o), ops.tanh(c)), c


def _gru_step(gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
    size = gi.shape[-1] // 3
    i_r, i_z, i_n = ops.split(gi, size, -1)
    h_r, h_z, h_n = ops.split(gh, size, -1)
    r = ops.sigmoid(ops.add(i_r, h_r))
    z = ops.sigmoid(ops.add(i_z, h_z))
    n = ops.tanh(ops.add(i_n, ops.mul(r, h_n)))
    return ops.add(ops.mul(ops.sub(1.0, z), n), ops.mul(z, h)), None


def _tanh_step(gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
    return ops.tanh(ops.add(gi, gh)), None


def _relu_step(gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
    return ops.relu(ops.add(gi, gh)), None


class _RNNBase(Cell):
    """The shared stack of layers and directions; subclasses pick the cell step."""

    _gates = 1
    _has_cell_state = False

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 has_bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, dtype: Any = mstype.float32) -> None:
        super().__init__()
        op = type(self).__name__
        self.input_size = check_positive_int(op, "input_size", input_size)
        self.hidden_size = check_positive_int(op, "hidden_size", hidden_size)
        self.num_layers = check_positive_int(op, "num_layers", num_layers)
        for name, v in (("has_bias", has_bias), ("batch_first", batch_first),
                        ("bidirectional", bidirectional)):
            if not isinstance(v, bool):
                raise TypeError(f"For '{op}', the '{name}' must be a bool, but got "
                                f"{type(v).__name__}.")
        if isinstance(dropout, bool) or not isinstance(dropout, (int, float)) or \
                not 0 <= dropout < 1:
            raise ValueError(f"For '{op}', the 'dropout' must be a float in [0, 1), but got "
                             f"{dropout!r}.")
        self.has_bias = has_bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.num_directions = 2 if bidirectional else 1
        gate_size = self._gates * hidden_size
        init = Uniform(1 / math.sqrt(hidden_size))
        w_ih, w_hh, b_ih, b_hh = [], [], [], []
        for layer in range(num_layers):
            layer_in = input_size if layer == 0 else hidden_size * self.num_directions
            for direction in range(self.num_directions):
                suffix = f"_l{layer}" + ("_reverse" if direction else "")
                w_ih.append(Parameter(initializer(init, [gate_size, layer_in], dtype),
                                      name="weight_ih" + suffix))
                w_hh.append(Parameter(initializer(init, [gate_size, hidden_size], dtype),
                                      name="weight_hh" + suffix))
                if has_bias:
                    b_ih.append(Parameter(initializer(init, [gate_size], dtype),
                                          name="bias_ih" + suffix))
                    b_hh.append(Parameter(initializer(init, [gate_size], dtype),
                                          name="bias_hh" + suffix))
        self.w_ih_list = ParameterTuple(w_ih)
        self.w_hh_list = ParameterTuple(w_hh)
        if has_bias:
            self.b_ih_list = ParameterTuple(b_ih)
            self.b_hh_list = ParameterTuple(b_hh)

    def _step(self, gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
        raise NotImplementedError

    def _initial_states(self, hx: Any, batch: int, dtype: Any) -> tuple[Any, Any]:
        op = type(self).__name__
        shape = (self.num_layers * self.num_directions, batch, self.hidden_size)
        if hx is None:
            zeros = ops.zeros(shape, dtype)
            return zeros, (zeros if self._has_cell_state else None)
        if self._has_cell_state:
            if not isinstance(hx, (tuple, list)) or len(hx) != 2:
                raise TypeError(f"For '{op}', the 'hx' must be a tuple (h0, c0), but got "
                                f"{type(hx).__name__}.")
            h0, c0 = hx
        else:
            h0, c0 = hx, None
        for name, t in (("h0", h0), ("c0", c0)):
            if t is None:
                continue
            check_tensor(op, t, (3,), what=name)
            if tuple(t.shape) != shape:
                raise ValueError(f"For '{op}', the '{name}' must have shape (num_layers * "
                                 f"num_directions, batch, hidden_size) = {list(shape)}, but got "
                                 f"{list(t.shape)}.")
        return h0, c0

    def _masks(self, seq_length: Any, steps: int, batch: int, dtype: Any) -> list[Any]:
        """Per time step, (1 where the step is within the sequence's length, its complement),
        each (batch, 1)."""
        op = type(self).__name__
        check_tensor(op, seq_length, (1,), what="seq_length")
        if seq_length.shape[0] != batch or seq_length.dtype.kind not in ("int", "uint"):
            raise ValueError(f"For '{op}', the 'seq_length' must be an int Tensor of shape "
                             f"(batch,) = ({batch},), but got {seq_length.dtype} of shape "
                             f"{list(seq_length.shape)}.")
        lengths = ops.reshape(seq_length, (batch, 1))
        masks = []
        for t in range(steps):
            m = ops.cast(ops.greater(lengths, t), dtype)
            masks.append((m, ops.sub(1.0, m)))
        return masks

    def construct(self, x: Any, hx: Any = None, seq_length: Any = None) -> Any:
        op = type(self).__name__
        check_tensor(op, x, (3,))
        if x.shape[-1] != self.input_size:
            raise ValueError(f"For '{op}', the last dimension of the input must be "
                             f"input_size={self.input_size}, but got shape {list(x.shape)}.")
        if self.batch_first:
            x = ops.swapaxes(x, 0, 1)
        steps, batch = x.shape[0], x.shape[1]
        h0, c0 = self._initial_states(hx, batch, x.dtype)
        masks = None if seq_length is None else self._masks(seq_length, steps, batch, x.dtype)
        layer_input = x
        h_n, c_n = [], []
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(self.num_directions):
                k = layer * self.num_directions + direction
                gi_all = ops.matmul(layer_input, ops.transpose(self.w_ih_list[k], (1, 0)))
                w_hh_t = ops.transpose(self.w_hh_list[k], (1, 0))
                if self.has_bias:
                    gi_all = ops.add(gi_all, self.b_ih_list[k])
                h = h0[k]
                c = c0[k] if c0 is not None else None
                out = [None] * steps
                order = range(steps - 1, -1, -1) if direction else range(steps)
                for t in order:
                    gh = ops.matmul(h, w_hh_t)
                    if self.has_bias:
                        gh = ops.add(gh, self.b_hh_list[k])
                    h_new, c_new = self._step(gi_all[t], gh, h, c)
                    if masks is None:
                        h, c = h_new, c_new
                        out[t] = h
                        continue
                    # past a sequence's length its state stays and its output is 0 (the
                    # reverse direction thus starts at each sequence's last valid step)
                    m, keep = masks[t]
                    h = ops.add(ops.mul(h_new, m), ops.mul(h, keep))
                    if c is not None:
                        c = ops.add(ops.mul(c_new, m), ops.mul(c, keep))
                    out[t] = ops.mul(h_new, m)
                outputs.append(ops.stack(out, 0))
                h_n.append(h)
                c_n.append(c)
            layer_input = outputs[0] if len(outputs) == 1 else ops.concat(outputs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = ops.dropout(layer_input, self.dropout)
        output = ops.swapaxes(layer_input, 0, 1) if self.batch_first else layer_input
        if self._has_cell_state:
            return output, (ops.stack(h_n, 0), ops.stack(c_n, 0))
        return output, ops.stack(h_n, 0)

    def extend_repr(self) -> str:
        return (f"input_size={self.input_size}, hidden_size={self.hidden_size}, "
                f"num_layers={self.num_layers}, has_bias={self.has_bias}, "
                f"batch_first={self.batch_first}, dropout={self.dropout}, "
                f"bidirectional={self.bidirectional}")


class RNN(_RNNBase):
    """Elman RNN: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu with
    `nonlinearity='relu'`). Returns (output, h_n)."""

    def __init__(self, *args: Any, nonlinearity: str = "tanh", **kwargs: Any) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"For 'RNN', the 'nonlinearity' must be 'tanh' or 'relu', but got "
                             f"{nonlinearity!r}.")
        super().__init__(*args, **kwargs)
        self.nonlinearity = nonlinearity

    def _step(self, gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
        return (_tanh_step if self.nonlinearity == "tanh" else _relu_step)(gi, gh, h, c)


class LSTM(_RNNBase):
    """Long short-term memory: gates (i, f, g, o); returns (output, (h_n, c_n)); `hx` is
    (h_0, c_0), each (num_layers * num_directions, batch, hidden_size)."""

    _gates = 4
    _has_cell_state = True

    def _step(self, gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
        return _lstm_step(gi, gh, h, c)


class GRU(_RNNBase):
    """Gated recurrent unit: gates (r, z, n), n = tanh(x W_in + b_in + r * (h W_hn + b_hn));
    returns (output, h_n)."""

    _gates = 3

    def _step(self, gi: Any, gh: Any, h: Any, c: Any) -> tuple[Any, Any]:
        return _gru_step(gi, gh, h, c)
