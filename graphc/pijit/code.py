"""One code object, normalised for the translator: its instructions (the `bytecode` package's
`Instr`s, CACHE and EXTENDED_ARG gone, jump targets as instruction indices), the line of each,
which instructions an exception-table entry covers (try / with bodies), and the loops (for an
instruction inside a loop, where the outermost loop starts).

`CodeInfo.of(code)` is cached per code object. Only CPython 3.11 bytecode is normalised here;
`SUPPORTED` says whether the running interpreter is one the translator handles.
"""

from __future__ import annotations

import dis
import sys
import weakref
from dataclasses import dataclass
from types import CodeType
from typing import Any

from bytecode import Bytecode, Instr, Label, TryBegin, TryEnd

SUPPORTED = sys.version_info[:2] == (3, 11)

# The jumps whose target is earlier in the code (the back edges of loops).
_BACKWARD = frozenset({"JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT",
                       "POP_JUMP_BACKWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_FALSE",
                       "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"})


@dataclass(slots=True, eq=False)
class CodeInfo:
    code: CodeType
    items: list[Any]  # the Bytecode's items (Instr, Label, TryBegin, ...), for rebuilding code
    instrs: list[Instr]
    positions: list[int]  # instrs[i] is items[positions[i]]
    targets: dict[int, int]  # id(Label) -> index of the instruction it marks
    in_try: list[bool]  # instruction i is covered by an exception-table entry
    loop_head: list[int | None]  # instruction i is inside a loop starting at this index
    generator: bool  # a generator or coroutine (not translated)

    @staticmethod
    def of(code: CodeType) -> CodeInfo:
        info = _CACHE.get(code)
        if info is None:
            info = _CACHE[code] = _build(code)
        return info

    def target(self, label: Label) -> int:
        return self.targets[id(label)]

    def line(self, index: int) -> int | None:
        loc = self.instrs[index].location
        return loc.lineno if loc is not None else None

    def line_of(self, index: int) -> int:
        """The source line of instruction `index` (searching back when it has none)."""
        for i in range(index, -1, -1):
            line = self.line(i)
            if line is not None:
                return line
        return self.code.co_firstlineno


_CACHE: weakref.WeakKeyDictionary[CodeType, CodeInfo] = weakref.WeakKeyDictionary()

_GENERATOR_FLAGS = 0x20 | 0x80 | 0x100 | 0x200  # GENERATOR, COROUTINE, ITERABLE_COROUTINE,
# ASYNC_GENERATOR


def _offsets(code: CodeType) -> list[int]:
    """The offset of each instruction (an EXTENDED_ARG prefix counts as its start)."""
    out: list[int] = []
    start = None
    for ins in dis.get_instructions(code):
        if ins.opname == "CACHE":
            continue
        if ins.opname == "EXTENDED_ARG":
            start = ins.offset if start is None else start
            continue
        out.append(ins.offset if start is None else start)
        start = None
    return out


def _build(code: CodeType) -> CodeInfo:
    bc = Bytecode.from_code(code)
    items = list(bc)
    instrs: list[Instr] = []
    positions: list[int] = []
    targets: dict[int, int] = {}
    in_try: list[bool] = []
    pending: list[Label] = []
    depth = 0
    for pos, item in enumerate(items):
        if isinstance(item, Label):
            pending.append(item)
        elif isinstance(item, TryBegin):
            depth += 1
        elif isinstance(item, TryEnd):
            depth = max(0, depth - 1)
        elif isinstance(item, Instr):
            for label in pending:
                targets[id(label)] = len(instrs)
            pending.clear()
            instrs.append(item)
            positions.append(pos)
            in_try.append(depth > 0)
    for label in pending:  # a label at the very end
        targets[id(label)] = len(instrs)
    # The package leaves the stack depth of each exception handler unset; code rebuilt from
    # these items (resume functions) needs the real ones, from the exception table.
    offsets = _offsets(code)
    depth_at = {e.target: e.depth for e in dis._parse_exception_table(code)}
    for item in items:
        if isinstance(item, TryBegin):
            index = targets.get(id(item.target))
            if index is not None and index < len(offsets) and offsets[index] in depth_at:
                item.stack_depth = depth_at[offsets[index]]
    loop_head: list[int | None] = [None] * len(instrs)
    for j, ins in enumerate(instrs):
        if ins.name in _BACKWARD and isinstance(ins.arg, Label):
            t = targets[id(ins.arg)]
            head = t - 1 if instrs[t].name == "FOR_ITER" and t > 0 and \
                instrs[t - 1].name == "GET_ITER" else t
            for i in range(head, j + 1):
                if loop_head[i] is None or head < loop_head[i]:
                    loop_head[i] = head
    return CodeInfo(code, items, instrs, positions, targets, in_try, loop_head,
                    bool(code.co_flags & _GENERATOR_FLAGS))
