"""One code object, normalised for the translator: its instructions (the `bytecode` package's
`Instr`s, CACHE and EXTENDED_ARG gone, jump targets as instruction indices), the line of each,
which instructions an exception-table entry covers (try / with bodies), and the loops (for an
instruction inside a loop, where the outermost loop starts).

`CodeInfo.of(code)` is cached per code object. CPython 3.11 and 3.12 bytecode are normalised
here; `SUPPORTED` says whether the running interpreter is one the translator handles. On 3.12
the exception-table entries that only restore a variable of an inlined comprehension (PEP 709)
do not count as a `try` body.
"""

from __future__ import annotations

import dis
import sys
import weakref
from dataclasses import dataclass
from types import CodeType
from typing import Any

from bytecode import Bytecode, Instr, Label, TryBegin, TryEnd

SUPPORTED = sys.version_info[:2] in ((3, 11), (3, 12))
PY312 = sys.version_info >= (3, 12)

# What an inlined comprehension's cleanup handler runs (3.12): it puts the iteration
# variable's outer value back and re-raises; the code it covers is not a `try` body.
_COMPREHENSION_CLEANUP = frozenset({"SWAP", "POP_TOP", "STORE_FAST"})


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

    def after_loop(self, for_iter: int) -> int:
        """The first instruction run once the FOR_ITER at `for_iter` finds its iterator
        exhausted (on 3.12 its jump lands on END_FOR, which CPython then skips)."""
        label = self.instrs[for_iter].arg
        assert isinstance(label, Label)
        index = self.target(label)
        return index + 1 if self.instrs[index].name == "END_FOR" else index

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
    covered_by: list[TryBegin | None] = []
    pending: list[Label] = []
    current: TryBegin | None = None
    for pos, item in enumerate(items):
        if isinstance(item, Label):
            pending.append(item)
        elif isinstance(item, TryBegin):
            current = item
        elif isinstance(item, TryEnd):
            current = None
        elif isinstance(item, Instr):
            for label in pending:
                targets[id(label)] = len(instrs)
            pending.clear()
            instrs.append(item)
            positions.append(pos)
            covered_by.append(current)
    for label in pending:  # a label at the very end
        targets[id(label)] = len(instrs)
    real_try = {id(entry): not _cleans_up_comprehension(instrs, targets[id(entry.target)])
                for entry in {id(e): e for e in covered_by if e is not None}.values()}
    in_try = [entry is not None and real_try[id(entry)] for entry in covered_by]
    # The package leaves the stack depth of each exception handler unset; code rebuilt from
    # these items (resume functions) needs the real ones, from the exception table.
    offsets = _offsets(code)
    entries = dis.Bytecode(code).exception_entries  # type: ignore[attr-defined]
    depth_at = {e.target: e.depth for e in entries}
    for item in items:
        if isinstance(item, TryBegin):
            index = targets.get(id(item.target))
            if index is not None and index < len(offsets) and offsets[index] in depth_at:
                item.stack_depth = depth_at[offsets[index]]
    loop_head: list[int | None] = [None] * len(instrs)
    for j, ins in enumerate(instrs):  # the back edges: jumps to an earlier instruction
        if isinstance(ins.arg, Label) and targets[id(ins.arg)] <= j:
            t = targets[id(ins.arg)]
            head = t - 1 if instrs[t].name == "FOR_ITER" and t > 0 and \
                instrs[t - 1].name == "GET_ITER" else t
            for i in range(head, j + 1):
                outer = loop_head[i]
                if outer is None or head < outer:
                    loop_head[i] = head
    return CodeInfo(code, items, instrs, positions, targets, in_try, loop_head,
                    bool(code.co_flags & _GENERATOR_FLAGS))


def _cleans_up_comprehension(instrs: list[Instr], handler: int) -> bool:
    """The exception handler at `handler` only restores an inlined comprehension's variable."""
    i = handler
    while i < len(instrs) and instrs[i].name in _COMPREHENSION_CLEANUP:
        i += 1
    return i > handler and i < len(instrs) and instrs[i].name == "RERAISE"
