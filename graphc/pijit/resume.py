"""Code objects made from a function's original code, with the `bytecode` package.

- `resume_function(fn, index, layout, names)`: the rest of `fn` from instruction `index`. Its
  arguments are the values on the stack at that point (`layout[i]` False marks a NULL slot,
  pushed again with PUSH_NULL) and the live locals `names`; a prefix after RESUME pushes the
  stack and jumps to `index`. The whole original code stays, exception table and line table
  included, so a resume inside a loop or a `try` body behaves as the original does.
- `step_function(fn, index, layout, kw_names)`: only the instruction at `index` (a CALL with
  its KW_NAMES/PRECALL, a STORE_ATTR, ...) run by CPython on the given stack values; returns
  the values it pushed, as a tuple. This is the part of a graph break that runs in Python.

Both are cached per (code object, index, layout, names).
"""

from __future__ import annotations

import dis
import weakref
from types import CodeType, FunctionType
from typing import Any

from bytecode import Bytecode, CompilerFlags, Instr, Label

from .code import PY312, CodeInfo

# How many stack values an instruction that may break reads (3.11 and 3.12); others cannot
# be run on their own (the rest of the function then resumes at them, running in Python).
_POPS: dict[str, Any] = {
    "BINARY_SLICE": 3, "STORE_SLICE": 4,
    "CALL": lambda arg: arg + 2,
    "BINARY_OP": 2, "BINARY_SUBSCR": 2, "COMPARE_OP": 2, "IS_OP": 2, "CONTAINS_OP": 2,
    "UNARY_NEGATIVE": 1, "UNARY_POSITIVE": 1, "UNARY_INVERT": 1, "UNARY_NOT": 1,
    "GET_ITER": 1, "LOAD_ATTR": 1, "BUILD_STRING": lambda arg: arg,
    "FORMAT_VALUE": lambda arg: 2 if int(arg) & 0x04 else 1,
    "STORE_ATTR": 2, "STORE_SUBSCR": 3, "DELETE_SUBSCR": 2, "STORE_GLOBAL": 1,
    "UNPACK_SEQUENCE": 1, "UNPACK_EX": 1,
    "CALL_FUNCTION_EX": lambda arg: 4 if int(arg) & 1 else 3,
}

_FLAGS_DROPPED = 0x04 | 0x08  # VARARGS, VARKEYWORDS: a resume function takes plain arguments

_resume_cache: weakref.WeakKeyDictionary[CodeType, dict[Any, CodeType]] = \
    weakref.WeakKeyDictionary()
_step_cache: weakref.WeakKeyDictionary[CodeType, dict[Any, CodeType]] = \
    weakref.WeakKeyDictionary()


def pops_of(ins: Instr) -> int | None:
    """The stack values instruction `ins` reads, if it can run on its own."""
    rule = _POPS.get(ins.name)
    if rule is None:
        return None
    return rule(ins.arg) if callable(rule) else rule


def pushes_of(ins: Instr) -> int:
    if ins.name == "CALL":  # (with its PRECALL, which takes part of the stack effect)
        return 1
    pops = pops_of(ins)
    assert pops is not None
    return pops + dis.stack_effect(ins.opcode, _int_arg(ins), jump=False)


def _int_arg(ins: Instr) -> int | None:
    """The instruction's argument as far as its stack effect depends on it."""
    if not ins.require_arg():
        return None
    arg: Any = ins.arg
    if ins.name == "FORMAT_VALUE" or ins.name == "CALL_FUNCTION_EX" or isinstance(arg, int):
        return int(arg)
    if isinstance(arg, tuple) and isinstance(arg[0], bool):  # 3.12 LOAD_ATTR's method flag
        return int(arg[0])
    return 0


def const(value: Any, loc: Any) -> Instr:
    """LOAD_CONST of any object (the package's types name only the usual constants)."""
    return Instr("LOAD_CONST", value, location=loc)  # type: ignore[arg-type]


def call_instrs(n: int, loc: Any) -> list[Instr]:
    """A CALL of `n` arguments (3.11 puts a PRECALL before it)."""
    call = Instr("CALL", n, location=loc)
    return [call] if PY312 else [Instr("PRECALL", n, location=loc), call]


def stack_arg_names(layout: tuple[bool, ...]) -> list[str]:
    return [f"___stack{i}" for i, present in enumerate(layout) if present]


def resume_function(fn: FunctionType, index: int, layout: tuple[bool, ...],
                    names: tuple[str, ...]) -> FunctionType:
    """`fn` from instruction `index`, taking the stack values then `names` as arguments."""
    code = fn.__code__
    per_code = _resume_cache.setdefault(code, {})
    key = (index, layout, names)
    new = per_code.get(key)
    if new is None:
        new = per_code[key] = _build_resume(CodeInfo.of(code), index, layout, names)
    made = FunctionType(new, fn.__globals__, fn.__name__, None, fn.__closure__)
    made.__qualname__ = f"{fn.__qualname__}.<resume at {CodeInfo.of(code).line_of(index)}>"
    return made


def _build_resume(info: CodeInfo, index: int, layout: tuple[bool, ...],
                  names: tuple[str, ...]) -> CodeType:
    code = info.code
    items = list(info.items)
    target = Label()
    items.insert(info.positions[index], target)
    first = next(i for i, it in enumerate(items) if isinstance(it, Instr) and
                 it.name == "RESUME")
    loc_line = code.co_firstlineno
    prefix: list[Any] = []
    for i, present in enumerate(layout):
        prefix.append(Instr("LOAD_FAST", f"___stack{i}", lineno=loc_line) if present
                      else Instr("PUSH_NULL", lineno=loc_line))
    prefix.append(Instr("JUMP_FORWARD", target, lineno=loc_line))
    items[first + 1:first + 1] = prefix
    bc = Bytecode(items)
    _copy_header(bc, code)
    bc.argnames = stack_arg_names(layout) + list(names)
    bc.argcount = len(bc.argnames)
    bc.posonlyargcount = 0
    bc.kwonlyargcount = 0
    bc.flags = CompilerFlags(code.co_flags & ~_FLAGS_DROPPED)
    # The original start is now unreachable, so the package cannot compute the depths from
    # it: the original's own depths (kept on the TryBegin entries) and size stay valid.
    return bc.to_code(stacksize=code.co_stacksize + len(layout) + 1,
                      compute_exception_stack_depths=False)


def step_function(fn: FunctionType, index: int, layout: tuple[bool, ...],
                  kw_names: tuple[str, ...]) -> FunctionType:
    """Instruction `index` of `fn` on its own: takes the (non-NULL) stack values it reads,
    returns the tuple of values it pushes."""
    code = fn.__code__
    per_code = _step_cache.setdefault(code, {})
    key = (index, layout, kw_names)
    new = per_code.get(key)
    if new is None:
        new = per_code[key] = _build_step(CodeInfo.of(code), index, layout, kw_names)
    return FunctionType(new, fn.__globals__, fn.__name__, None, fn.__closure__)


def _build_step(info: CodeInfo, index: int, layout: tuple[bool, ...],
                kw_names: tuple[str, ...]) -> CodeType:
    code = info.code
    ins = info.instrs[index]
    loc = ins.location
    items: list[Any] = [Instr("RESUME", 0, location=loc)]
    for i, present in enumerate(layout):
        items.append(Instr("LOAD_FAST", f"___stack{i}", location=loc) if present
                     else Instr("PUSH_NULL", location=loc))
    if ins.name == "CALL":
        if kw_names:
            items.append(Instr("KW_NAMES", kw_names, location=loc))  # type: ignore[arg-type]
        items.extend(call_instrs(_int_arg(ins) or 0, loc))
    else:
        items.append(Instr(ins.name, ins.arg, location=loc) if ins.require_arg()
                     else Instr(ins.name, location=loc))
    items.append(Instr("BUILD_TUPLE", pushes_of(ins), location=loc))
    items.append(Instr("RETURN_VALUE", location=loc))
    bc = Bytecode(items)
    _copy_header(bc, code)
    bc.cellvars = []
    bc.argnames = stack_arg_names(layout)
    bc.argcount = len(bc.argnames)
    bc.posonlyargcount = 0
    bc.kwonlyargcount = 0
    bc.flags = CompilerFlags(code.co_flags & ~(_FLAGS_DROPPED | 0x20))
    if code.co_freevars:
        items.insert(0, Instr("COPY_FREE_VARS", len(code.co_freevars), location=loc))
        bc[:] = items
    return bc.to_code()


def _copy_header(bc: Bytecode, code: CodeType) -> None:
    bc.name = code.co_name
    bc.qualname = code.co_qualname
    bc.filename = code.co_filename
    bc.first_lineno = code.co_firstlineno
    bc.freevars = list(code.co_freevars)
    bc.cellvars = list(code.co_cellvars)
    bc.docstring = None


# What a loop body function returns, first: the iteration ended (`continue` or the end of the
# body), the body left the loop (`break`, or a jump out, to `exits[k]`), or it returned.
NEXT, EXIT, RETURN = 0, 1, 2

_body_cache: weakref.WeakKeyDictionary[CodeType, dict[Any, tuple[CodeType, tuple[int, ...]]]] = \
    weakref.WeakKeyDictionary()


def loop_region(info: CodeInfo, head: int) -> tuple[int, int] | None:
    """For the `for` loop whose GET_ITER is instruction `head`: (the FOR_ITER's index, the
    index of the last instruction jumping back to it); None if it is not such a loop or any
    part of it is inside a `try`/`with` body."""
    instrs = info.instrs
    if instrs[head].name != "GET_ITER" or head + 1 >= len(instrs) or \
            instrs[head + 1].name != "FOR_ITER":
        return None
    start = head + 1
    end = max((j for j, ins in enumerate(instrs) if j > start and isinstance(ins.arg, Label)
               and info.target(ins.arg) == start), default=None)
    if end is None or any(info.in_try[head:end + 1]):
        return None
    return start, end


def loop_body_function(fn: FunctionType, head: int, names: tuple[str, ...]
                       ) -> tuple[FunctionType, tuple[int, ...]]:
    """One iteration of the `for` loop at `head` of `fn` as a function of its own: takes the
    item the loop's FOR_ITER gave and the live locals `names`; returns `((NEXT,), locals())`
    when the iteration ends, `((EXIT, k), locals())` when it jumps out of the loop to
    instruction `exits[k]` (a `break`), `((RETURN,), value)` when it returns. Made from the
    original code (a prefix jumps into the body; the jumps back to the loop's head, out of the
    loop and the returns are redirected to epilogues), so it is captured like any function."""
    code = fn.__code__
    per_code = _body_cache.setdefault(code, {})
    key = (head, names)
    made = per_code.get(key)
    if made is None:
        made = per_code[key] = _build_body(CodeInfo.of(code), head, names)
    new, exits = made
    body = FunctionType(new, fn.__globals__, fn.__name__, None, fn.__closure__)
    body.__qualname__ = f"{fn.__qualname__}.<loop body at {CodeInfo.of(code).line_of(head)}>"
    return body, exits


def _build_body(info: CodeInfo, head: int, names: tuple[str, ...]
                ) -> tuple[CodeType, tuple[int, ...]]:
    region = loop_region(info, head)
    assert region is not None
    start, end = region
    code = info.code
    instrs = info.instrs
    items = list(info.items)
    index_of = {id(ins): i for i, ins in enumerate(instrs)}
    exits: list[int] = []
    epilogues: list[Any] = []

    def epilogue(status: tuple[Any, ...], loc: Any) -> Label:
        label = Label()
        epilogues.extend([label, const(status, loc),
                          Instr("PUSH_NULL", location=loc),
                          const(locals, loc),
                          *call_instrs(0, loc), Instr("BUILD_TUPLE", 2, location=loc),
                          Instr("RETURN_VALUE", location=loc)])
        return label

    for pos, item in enumerate(items):
        i = index_of.get(id(item))
        if i is None or not start < i <= end:
            continue
        if item.name == "RETURN_VALUE":  # (RETURN, value); what is left below is dropped
            loc = item.location
            items[pos] = [const((RETURN,), loc),
                          Instr("SWAP", 2, location=loc), Instr("BUILD_TUPLE", 2, location=loc),
                          Instr("RETURN_VALUE", location=loc)]
            continue
        if item.name == "RETURN_CONST":  # (3.12)
            loc = item.location
            items[pos] = [const((RETURN,), loc),
                          const(item.arg, loc),
                          Instr("BUILD_TUPLE", 2, location=loc),
                          Instr("RETURN_VALUE", location=loc)]
            continue
        if not isinstance(item.arg, Label):
            continue
        target = info.target(item.arg)
        if target == start:
            label = epilogue((NEXT,), item.location)
        elif not start < target <= end:
            exits.append(target)
            label = epilogue((EXIT, len(exits) - 1), item.location)
        else:
            continue
        name = item.name.replace("BACKWARD", "FORWARD")  # (the epilogues come last)
        items[pos] = Instr("JUMP_FORWARD" if name == "JUMP_FORWARD_NO_INTERRUPT" else name,
                           label, location=item.location)
    flat: list[Any] = []
    for item in items:
        flat.extend(item if isinstance(item, list) else (item,))
    into = Label()
    flat.insert(flat.index(instrs[start + 1]), into)
    first = next(i for i, it in enumerate(flat) if isinstance(it, Instr) and
                 it.name == "RESUME")
    line = code.co_firstlineno
    flat[first + 1:first + 1] = [Instr("LOAD_CONST", None, lineno=line),  # type: ignore[arg-type]  # (the iterator)
                                 Instr("LOAD_FAST", "___item", lineno=line),
                                 Instr("JUMP_FORWARD", into, lineno=line)]
    flat.extend(epilogues)
    bc = Bytecode(flat)
    _copy_header(bc, code)
    bc.argnames = ["___item"] + list(names)
    bc.argcount = len(bc.argnames)
    bc.posonlyargcount = 0
    bc.kwonlyargcount = 0
    bc.flags = CompilerFlags(code.co_flags & ~_FLAGS_DROPPED)
    return bc.to_code(stacksize=code.co_stacksize + 8,
                      compute_exception_stack_depths=False), tuple(exits)
