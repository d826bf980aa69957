"""MindSpore's `mindspore.ops.operations._sequence_ops`: primitives on Python tuples and lists
(`SequenceAddN()(xs)`, `SequenceMul()(xs, n)`, ...). They work on the sequence objects
themselves, eagerly and inside graphs (where the elements may be graph values)."""

from __future__ import annotations

import functools
import operator
from typing import Any

from ...common.tensor import Tensor
from ..linalg_ops import addn
from ..primitive import Primitive


def _check_sequence(op: str, value: Any, what: str = "input") -> None:
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"For '{op}', the {what} must be a tuple or a list, but got "
                        f"{type(value).__name__}.")


class _SequenceOp(Primitive):
    """A sequence primitive: constructed without arguments, named after its class."""

    def __init__(self) -> None:
        super().__init__(type(self).__name__)


class SequenceAddN(_SequenceOp):
    """`SequenceAddN()(xs)`: the sum of the elements of `xs` (Tensors or numbers)."""

    def __call__(self, input_1: Any) -> Any:
        _check_sequence(self.name, input_1)
        if not input_1:
            raise ValueError(f"For '{self.name}', the input must not be empty.")
        if all(isinstance(x, Tensor) for x in input_1):
            return addn(tuple(input_1))
        return functools.reduce(operator.add, input_1)


class SequenceMul(_SequenceOp):
    """`SequenceMul()(xs, n)`: `xs` repeated `n` times (`xs * n`)."""

    def __call__(self, input_1: Any, input_2: Any) -> Any:
        _check_sequence(self.name, input_1)
        if not isinstance(input_2, int) or isinstance(input_2, bool):
            raise TypeError(f"For '{self.name}', the times must be an int, but got "
                            f"{type(input_2).__name__}.")
        return input_1 * input_2


class SequenceAdd(_SequenceOp):
    """`SequenceAdd()(xs, ys)`: the concatenation `xs + ys` (same sequence type)."""

    def __call__(self, input_1: Any, input_2: Any) -> Any:
        _check_sequence(self.name, input_1)
        _check_sequence(self.name, input_2, "second input")
        if type(input_1) is not type(input_2):
            raise TypeError(f"For '{self.name}', both inputs must be tuples or both lists, but "
                            f"got {type(input_1).__name__} and {type(input_2).__name__}.")
        return input_1 + input_2


class SequenceCount(_SequenceOp):
    """`SequenceCount()(xs, x)`: how many elements of `xs` equal `x`."""

    def __call__(self, sequence: Any, target: Any) -> int:
        _check_sequence(self.name, sequence)
        return list(sequence).count(target)


class SequenceIndex(_SequenceOp):
    """`SequenceIndex()(xs, x)`: the index of the first element of `xs` equal to `x`."""

    def __call__(self, sequence: Any, target: Any) -> int:
        _check_sequence(self.name, sequence)
        if target not in sequence:
            raise ValueError(f"For '{self.name}', {target!r} is not in the sequence.")
        return list(sequence).index(target)


class SequenceMax(_SequenceOp):
    """`SequenceMax()(xs)`: the largest element."""

    def __call__(self, sequence: Any) -> Any:
        _check_sequence(self.name, sequence)
        return max(sequence)


class SequenceMin(_SequenceOp):
    """`SequenceMin()(xs)`: the smallest element."""

    def __call__(self, sequence: Any) -> Any:
        _check_sequence(self.name, sequence)
        return min(sequence)


class InSequence(_SequenceOp):
    """`InSequence()(x, xs)`: whether `x` is an element of `xs`."""

    def __call__(self, element: Any, sequence: Any) -> bool:
        _check_sequence(self.name, sequence, "second input")
        return element in sequence


class ListAppend(_SequenceOp):
    """`ListAppend()(xs, x)`: a new list, `xs` with `x` appended."""

    def __call__(self, input_data: Any, target: Any) -> list[Any]:
        _check_sequence(self.name, input_data)
        return [*input_data, target]


class ListInsert(_SequenceOp):
    """`ListInsert()(xs, index, x)`: a new list, `xs` with `x` inserted at `index`."""

    def __call__(self, input_data: Any, index: int, target: Any) -> list[Any]:
        _check_sequence(self.name, input_data)
        out = list(input_data)
        out.insert(index, target)
        return out
