"""Cell containers: `SequentialCell` (runs its cells in order), `CellList` (an indexable
list of cells) and `CellDict` (cells by key).

Children are registered under their index ('0', '1', ...) or key, so a child's Parameters
are named '<index>.<path>' inside the container and '<attr>.<index>.<path>' once the
container is an attribute of another cell, as in MindSpore.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from .cell import Cell


def _check_cell(cell: Any, op: str) -> Cell:
    if not isinstance(cell, Cell):
        raise TypeError(f"For '{op}', each element must be a Cell, but got "
                        f"{type(cell).__name__}.")
    return cell


def _normalize_index(op: str, index: Any, length: int) -> int:
    if not isinstance(index, int) or isinstance(index, bool):
        raise TypeError(f"For '{op}', the index must be an int or a slice, but got "
                        f"{type(index).__name__}.")
    if not -length <= index < length:
        raise IndexError(f"For '{op}', the index {index} is out of range for a container of "
                         f"{length} cells.")
    return index % length


class _ListContainer(Cell):
    """What SequentialCell and CellList share: children keyed '0'..'n-1', kept in order."""

    def _children(self) -> list[Cell]:
        return list(self._cells.values())

    def _reset(self, cells: list[Cell], names: list[str] | None = None) -> None:
        self._cells.clear()
        for i, cell in enumerate(cells):
            name = names[i] if names is not None else str(i)
            self._add(name, cell)

    def _add(self, name: str, cell: Cell) -> None:
        self.insert_child_to_cell(name, cell)
        if self._auto_prefix:
            cell.update_parameters_name(name + ".")

    def __len__(self) -> int:
        return len(self._cells)

    def __iter__(self) -> Iterator[Cell]:
        return iter(self._children())

    def __bool__(self) -> bool:
        return len(self._cells) > 0

    def __setitem__(self, index: int, cell: Cell) -> None:
        _check_cell(cell, type(self).__name__)
        i = _normalize_index(type(self).__name__, index, len(self))
        key = list(self._cells)[i]
        self._cells[key] = cell
        if self._auto_prefix:
            cell.update_parameters_name(key + ".")

    def __delitem__(self, index: int | slice) -> None:
        cells = self._children()
        if isinstance(index, slice):
            del cells[index]
        else:
            del cells[_normalize_index(type(self).__name__, index, len(cells))]
        self._reset(cells)


class SequentialCell(_ListContainer):
    """Runs its cells one after the other: `SequentialCell([a, b])(x) == b(a(x))`.

    Built from cells (`SequentialCell(a, b)`), a list of cells, or an OrderedDict of named
    cells.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], list):
            for i, cell in enumerate(args[0]):
                self._add(str(i), _check_cell(cell, "SequentialCell"))
        elif len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, cell in args[0].items():
                self._add(name, _check_cell(cell, "SequentialCell"))
        else:
            for i, cell in enumerate(args):
                if not isinstance(cell, Cell):
                    raise TypeError("For 'SequentialCell', the arguments must be Cells, a list "
                                    "of Cells or an OrderedDict of Cells, but got "
                                    f"{type(cell).__name__}.")
                self._add(str(i), cell)

    @property
    def cell_list(self) -> list[Cell]:
        return self._children()

    def __getitem__(self, index: int | slice) -> Any:
        cells = self._children()
        if isinstance(index, slice):
            return SequentialCell(cells[index])
        return cells[_normalize_index("SequentialCell", index, len(cells))]

    def append(self, cell: Cell) -> SequentialCell:
        """Add `cell` at the end; returns self."""
        self._add(str(len(self)), _check_cell(cell, "SequentialCell.append"))
        return self

    def insert(self, index: int, cell: Cell) -> None:
        cells = self._children()
        cells.insert(index, _check_cell(cell, "SequentialCell.insert"))
        self._reset(cells)

    def construct(self, input_data: Any) -> Any:
        for cell in self._cells.values():
            input_data = cell(input_data)
        return input_data


class CellList(_ListContainer):
    """A list of cells, indexable and iterable; it has no construct of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        auto_prefix = kwargs.pop("auto_prefix", True)
        if kwargs:
            raise TypeError(f"For 'CellList', unexpected keyword arguments {sorted(kwargs)}.")
        super().__init__(auto_prefix=auto_prefix)
        if len(args) > 1:
            raise TypeError(f"For 'CellList', expected at most one iterable of Cells, but got "
                            f"{len(args)} arguments.")
        if args and args[0] is not None:
            self.extend(args[0])

    def __getitem__(self, index: int | slice) -> Any:
        cells = self._children()
        if isinstance(index, slice):
            return CellList(cells[index])
        return cells[_normalize_index("CellList", index, len(cells))]

    def append(self, cell: Cell) -> CellList:
        if isinstance(cell, CellDict):  # (MindSpore's rule: a CellDict is no list element)
            raise TypeError(f"For 'CellList', the type of cell can not be CellDict, but got "
                            f"{type(cell).__name__}. Put the CellDict's cells in the list, or "
                            "keep the CellDict as an attribute of its own.")
        self._add(str(len(self)), _check_cell(cell, "CellList.append"))
        return self

    def extend(self, cells: Iterable[Cell]) -> CellList:
        if isinstance(cells, Cell) or not isinstance(cells, Iterable):
            raise TypeError(f"For 'CellList.extend', the argument must be an iterable of Cells, "
                            f"but got {type(cells).__name__}.")
        for cell in cells:
            self.append(cell)
        return self

    def insert(self, index: int, cell: Cell) -> None:
        cells = self._children()
        cells.insert(index, _check_cell(cell, "CellList.insert"))
        self._reset(cells)

    def construct(self, *inputs: Any) -> Any:
        raise NotImplementedError("'CellList' has no construct: call its cells instead.")


class CellDict(Cell):
    """Cells by string key, in insertion order; it has no construct of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        auto_prefix = kwargs.pop("auto_prefix", True)
        super().__init__(auto_prefix=auto_prefix)
        if len(args) > 1:
            raise TypeError(f"For 'CellDict', expected at most one mapping or iterable of "
                            f"(key, Cell) pairs, but got {len(args)} arguments.")
        if args and args[0] is not None:
            self.update(args[0])

    def _check_key(self, key: Any) -> str:
        if not isinstance(key, str):
            raise TypeError(f"For 'CellDict', the key must be a str, but got "
                            f"{type(key).__name__}.")
        if not key or "." in key:
            raise KeyError(f"For 'CellDict', the key can not be empty or contain '.', but got "
                           f"{key!r}.")
        if key not in self._cells and hasattr(self, key):  # (it would hide the attribute)
            raise KeyError(f"For 'CellDict', the key can not be same with the attributes of "
                           f"Cell, but got key {key}.")
        return key

    def __getitem__(self, key: str) -> Cell:
        return self._cells[key]

    def __setitem__(self, key: str, cell: Cell) -> None:
        self._check_key(key)
        _check_cell(cell, "CellDict")
        if isinstance(cell, (CellDict, _ListContainer)):  # (MindSpore's rule: no nesting)
            raise TypeError(f"For 'CellDict', the type of cell can not be CellDict, CellList or "
                            f"SequentialCell, but got {type(cell).__name__}. Add the cells it "
                            "holds one by one instead.")
        self._cells[key] = cell
        if self._auto_prefix:
            cell.update_parameters_name(key + ".")

    def __delitem__(self, key: str) -> None:
        del self._cells[key]

    def __len__(self) -> int:
        return len(self._cells)

    def __iter__(self) -> Iterator[str]:
        return iter(self._cells)

    def __contains__(self, key: object) -> bool:
        return key in self._cells

    def keys(self) -> Any:
        return self._cells.keys()

    def values(self) -> Any:
        return self._cells.values()

    def items(self) -> Any:
        return self._cells.items()

    def clear(self) -> None:
        self._cells.clear()

    def pop(self, key: str) -> Cell:
        return self._cells.pop(key)

    def update(self, cells: Any) -> None:
        pairs = cells.items() if hasattr(cells, "items") else cells
        for item in pairs:
            if not isinstance(item, (tuple, list)) or len(item) != 2:
                raise TypeError("For 'CellDict.update', expected a mapping or an iterable of "
                                f"(key, Cell) pairs, but got an element {item!r}.")
            self[item[0]] = item[1]

    def construct(self, *inputs: Any) -> Any:
        raise NotImplementedError("'CellDict' has no construct: call its cells instead.")
