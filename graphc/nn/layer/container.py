"""MindSpore's `mindspore.nn.layer.container`: the Cell containers (`SequentialCell`,
`CellList`, `CellDict`), the same classes as `graphc.nn`'s (defined in `graphc.nn.container`)."""

from ..container import CellDict, CellList, SequentialCell

__all__ = ["CellDict", "CellList", "SequentialCell"]
