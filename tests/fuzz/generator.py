"""A seeded generator of random valid programs: the source text of a module whose function
`f(x, v, n, lst, d)` mixes Tensors, Python scalars and containers.

Every name has one kind for the whole program — `T` (float32 Tensor of shape (2, 3)), `V`
(float32 Tensor of shape (3,)), `i` (Python int), `f` (Python float), `L` (list of ints), `D`
(dict of str to int) — so the program is valid in PyNative and has the static types a graph
needs. Statements: assignments and augmented ones, if/elif/else on Tensor and Python conditions,
while loops (counted, and on a Tensor that grows), for loops over range (constant and run-time
counts), lists, tuples, dicts, zip, enumerate and Tensor rows, with break/continue/return,
nested functions and closures, lambdas, list/dict building and mutation (append, pop, item
stores), indexing and slicing, builtins, ops calls, and JIT Fallback material: NumPy on
`x.asnumpy()`, a plain class with attributes and methods, global list/dict/scalar mutation,
print and raise. Every `return` returns the program's one result structure, whose first item
is a (2, 3) Tensor (the gradient is taken of its sum).

A container a loop iterates over is not changed in that loop (Python would loop forever or
raise), a `while` loop advances its counter first (so it ends), and values stay small.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

HEADER = '''import numpy as np

import graphc as ms
from graphc import ops

G_LIST = []
G_DICT = {}
COUNT = 0


class Box:
    def __init__(self, k):
        self.k = k
        self.items = []

    def scale(self, a):
        return a * self.k

    def bump(self):
        self.k = self.k + 1
        return self.k


BOX = Box(2)


def helper(a, b=1):
    return a * b + 1


def reset():
    global COUNT
    G_LIST.clear()
    G_DICT.clear()
    COUNT = 0
    BOX.k = 2
    BOX.items = []


def snapshot():
    return {"G_LIST": list(G_LIST), "G_DICT": dict(G_DICT), "COUNT": COUNT, "BOX.k": BOX.k,
            "BOX.items": list(BOX.items)}


def make_args(seed):
    rng = np.random.default_rng(seed)
    x = ms.Tensor(rng.uniform(-2, 2, (2, 3)).astype(np.float32))
    v = ms.Tensor(rng.uniform(-2, 2, (3,)).astype(np.float32))
    n = int(rng.integers(0, 4))
    lst = [int(a) for a in rng.integers(-3, 4, size=3)]
    d = {"a": int(rng.integers(-3, 4)), "b": int(rng.integers(-3, 4))}
    return x, v, n, lst, d

'''

FOOTER = '''

def loss(x, v, n, lst, d):
    return f(x, v, n, lst, d)[0].sum()


def grad_f(x, v, n, lst, d):
    return ms.grad(loss, grad_position=(0, 1))(x, v, n, lst, d)
'''

KINDS = ("T", "V", "i", "f", "L", "D")


@dataclass
class _Ctx:
    """Where a statement is generated: the loop it is in, containers frozen by enclosing loops,
    the nesting depth."""

    in_loop: bool = False
    frozen: frozenset[str] = frozenset()
    depth: int = 0
    tensor_depth: int = 0


@dataclass
class ProgramGenerator:
    """Draws one program from `seed`; `source()` is the module text."""

    seed: int
    max_depth: int = 3
    rng: random.Random = field(init=False)
    names: dict[str, list[str]] = field(init=False)
    counter: int = 0
    functions: list[tuple[str, str, str]] = field(default_factory=list)  # (name, arg, result)
    result: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.names = {"T": ["x"], "V": ["v"], "i": ["n"], "f": [], "L": ["lst"], "D": ["d"]}

    # ------------------------------------------------------------------ helpers
    def pick(self, options):
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fresh(self, kind: str) -> str:
        self.counter += 1
        return f"{kind.lower()}{self.counter}"

    def const(self, lo: int = -3, hi: int = 3) -> str:
        return str(self.rng.randint(lo, hi))

    def var(self, kind: str) -> str | None:
        return self.pick(self.names[kind]) if self.names[kind] else None

    # ------------------------------------------------------------------ expressions
    def expr(self, kind: str, depth: int = 0) -> str:
        return getattr(self, "expr_" + kind)(depth)

    def expr_T(self, depth: int) -> str:
        name = self.var("T")
        if depth >= 2 or self.chance(0.3):
            return name
        a = self.expr_T(depth + 1)
        options = [
            lambda: f"({a} + {self.expr_T(depth + 1)})",
            lambda: f"({a} * {self.expr_T(depth + 1)})",
            lambda: f"({a} - {self.expr_f(2)})",
            lambda: f"({a} * {self.expr_i(2)})",
            lambda: f"({a} * {self.expr_V(depth + 1)})",
            lambda: f"({a} / 2.0)",
            lambda: f"(-{a})",
            lambda: f"ops.relu({a})",
            lambda: f"ops.tanh({a})",
            lambda: f"ops.exp(ops.tanh({a}))",
            lambda: f"ops.abs({a})",
            lambda: f"ops.where({a} > 0, {a}, {self.expr_T(depth + 1)})",
            lambda: f"ops.flip({a}, (0,))",
            lambda: f"ops.reshape(ops.transpose({a}, (1, 0)), (2, 3))",
            lambda: f"(ops.matmul(ops.matmul({a}, ops.transpose({a}, (1, 0))), {name}) / 4.0)",
            lambda: f"ops.concat(({a}[:1], {a}[1:]), 0)",
            lambda: f"{a}[::-1]",
            lambda: f"{a}.astype(ms.float32)",
            lambda: f"ops.maximum({a}, {self.expr_f(2)})",
            lambda: f"ms.Tensor(np.tanh({a}.asnumpy()))",
            lambda: f"ms.Tensor(np.sort({a}.asnumpy(), axis=1))",
            lambda: f"BOX.scale({a})",
            lambda: f"helper({a}, {self.const(1, 3)})",
            lambda: f"(lambda t: t * 2 - 1)({a})",
            lambda: f"({a} if {self.cond_python(2)} else {self.expr_T(depth + 1)})",
        ]
        for fname, arg, res in self.functions:
            if arg == "T" and res == "T":
                options.append(lambda fname=fname: f"{fname}({a})")
        return self.pick(options)()

    def expr_V(self, depth: int) -> str:
        name = self.var("V")
        if depth >= 2 or self.chance(0.3):
            return name
        t = self.expr_T(depth + 1)
        options = [
            lambda: f"({name} + {self.expr_V(depth + 1)})",
            lambda: f"{t}.sum(0)",
            lambda: f"{t}.mean(0)",
            lambda: f"{t}[{self.pick(['0', '1', '-1'])}]",
            lambda: f"{t}.max(axis=0)",
            lambda: f"ops.relu({name})",
            lambda: f"({name} * {self.expr_f(2)})",
            lambda: f"ops.flip({name}, (0,))",
            lambda: f"{name}[::-1]",
            lambda: f"ms.Tensor(np.abs({name}.asnumpy()))",
        ]
        return self.pick(options)()

    def expr_i(self, depth: int) -> str:
        if depth >= 2 or self.chance(0.3):
            return self.var("i") if self.chance(0.7) else self.const()
        a = self.expr_i(depth + 1)
        lst = self.var("L")
        dct = self.var("D")
        t = self.var("T")
        options = [
            lambda: f"({a} + {self.expr_i(depth + 1)})",
            lambda: f"({a} - {self.expr_i(depth + 1)})",
            lambda: f"({a} * {self.const(-2, 3)})",
            lambda: f"({a} // {self.pick(['2', '3', '-2'])})",
            lambda: f"({a} % {self.pick(['2', '3', '5'])})",
            lambda: f"abs({a})",
            lambda: f"max({a}, {self.expr_i(depth + 1)})",
            lambda: f"min({a}, {self.const()}, {self.expr_i(depth + 1)})",
            lambda: f"len({lst})",
            lambda: f"len({dct})",
            lambda: f"sum({lst})",
            lambda: f"({lst}[{self.const(0, 2)} % len({lst})] if {lst} else {self.const()})",
            lambda: f"{lst}[-1]",
            lambda: f"{dct}.get('a', {self.const()})",
            lambda: f"len({t})",
            lambda: f"{t}.shape[{self.const(0, 1)}]",
            lambda: f"int(np.sum({t}.asnumpy() > 0))",
            lambda: f"int(isinstance({a}, int))",
            lambda: "BOX.k",
            lambda: "COUNT",
            lambda: "len(G_LIST)",
            lambda: f"({a} if {self.cond_python(2)} else {self.const()})",
        ]
        return self.pick(options)()

    def expr_f(self, depth: int) -> str:
        if depth >= 2 or self.chance(0.4):
            name = self.var("f")
            return name if name and self.chance(0.6) else self.pick(["0.5", "1.5", "-1.0", "2.0"])
        t = self.var("T")
        options = [
            lambda: f"({self.expr_f(depth + 1)} + {self.expr_i(depth + 1)})",
            lambda: f"({self.expr_f(depth + 1)} * 0.5)",
            lambda: f"float({self.expr_i(depth + 1)})",
            lambda: f"float({t}.sum())",
            lambda: f"float(np.max({t}.asnumpy()))",
            lambda: f"abs({self.expr_f(depth + 1)})",
        ]
        return self.pick(options)()

    def expr_L(self, depth: int) -> str:
        name = self.var("L")
        options = [
            lambda: f"[{self.expr_i(1)}, {self.expr_i(1)}]",
            lambda: f"{name} + [{self.expr_i(1)}]",
            lambda: f"list(range({self.const(0, 3)}))",
            lambda: f"[a * 2 for a in {name}]",
            lambda: f"{name}[1:]",
            lambda: f"{name}[::-1]",
            lambda: f"sorted({name})",
            lambda: f"list({name})",
            lambda: f"list({self.var('D')}.values())",
        ]
        return self.pick(options)()

    def expr_D(self, depth: int) -> str:
        name = self.var("D")
        options = [
            lambda: f"{{'a': {self.expr_i(1)}, 'b': {self.expr_i(1)}}}",
            lambda: f"dict({name})",
            lambda: f"{{k: val + 1 for k, val in {name}.items()}}",
        ]
        return self.pick(options)()

    # ------------------------------------------------------------------ conditions
    def cond_tensor(self, depth: int = 0) -> str:
        t = self.expr_T(1)
        options = [
            lambda: f"{t}.sum() > {self.expr_f(1)}",
            lambda: f"({t} > 0).any()",
            lambda: f"{self.expr_V(1)}.max() < {self.const(-1, 2)}",
            lambda: f"{t}.mean() > {self.var('V')}.min()",
            lambda: f"{t}[0, 0] > {self.const(-1, 1)}",
        ]
        c = self.pick(options)()
        if depth == 0 and self.chance(0.15):
            c = f"{c} {self.pick(['and', 'or'])} {self.cond_any(1)}"
        elif depth == 0 and self.chance(0.1):
            c = f"not ({c})"
        return c

    def cond_python(self, depth: int = 0) -> str:
        options = [
            lambda: f"{self.expr_i(1)} > {self.const()}",
            lambda: f"len({self.var('L')}) > {self.const(0, 3)}",
            lambda: f"'a' in {self.var('D')}",
            lambda: f"{self.var('i')} == {self.const(0, 3)}",
            lambda: f"BOX.k > {self.const(1, 4)}",
            lambda: f"COUNT > {self.const(0, 2)}",
            lambda: f"np.abs({self.var('T')}.asnumpy()).sum() > {self.const(2, 8)}",
            lambda: f"isinstance({self.var('i')}, int)",
            lambda: f"{self.var('L')}",
        ]
        c = self.pick(options)()
        if depth == 0 and self.chance(0.15):
            c = f"{c} {self.pick(['and', 'or'])} {self.cond_python(1)}"
        return c

    def cond_any(self, depth: int = 0) -> str:
        return self.cond_tensor(depth) if self.chance(0.5) else self.cond_python(depth)

    # ------------------------------------------------------------------ statements
    def block(self, indent: int, ctx: _Ctx, count: int | None = None) -> list[str]:
        n = count if count is not None else self.rng.randint(1, 3 if ctx.depth else 6)
        lines: list[str] = []
        saved = {k: list(v) for k, v in self.names.items()}
        for _ in range(n):
            lines += self.statement(indent, ctx)
            if lines and lines[-1].strip().startswith(("return", "break", "continue", "raise")):
                break
        if ctx.depth:  # names first bound inside a branch or loop may be unbound after it
            self.names = saved
        return lines

    def statement(self, indent: int, ctx: _Ctx) -> list[str]:
        pad = "    " * indent
        simple = [(self.st_assign, 6), (self.st_augassign, 2), (self.st_container, 3),
                  (self.st_fallback, 3), (self.st_print, 1)]
        compound = [(self.st_if, 3), (self.st_for, 2), (self.st_while, 1), (self.st_def, 1)]
        table = simple + (compound if ctx.depth < self.max_depth else [])
        if ctx.in_loop:
            table.append((self.st_loop_exit, 1))
        if ctx.depth:
            table += [(self.st_return, 1), (self.st_raise, 1)]
        fns, weights = zip(*table)
        return self.rng.choices(fns, weights)[0](pad, indent, ctx)

    def st_assign(self, pad, indent, ctx):
        kind = self.pick(KINDS)
        if kind in ("L", "D"):
            existing = [n for n in self.names[kind] if n not in ctx.frozen]
            target = self.pick(existing) if existing and self.chance(0.3) else self.fresh(kind)
        else:
            target = self.var(kind) if self.names[kind] and self.chance(0.4) else self.fresh(kind)
        if kind == "T" and self.chance(0.2):  # a tuple built and unpacked
            other = self.fresh("T")
            line = f"{pad}{target}, {other} = ({self.expr_T(1)}, {self.expr_T(1)})"
            self.names["T"].append(other)
        else:
            line = f"{pad}{target} = {self.expr(kind)}"
        if target not in self.names[kind]:
            self.names[kind].append(target)
        return [line]

    def st_augassign(self, pad, indent, ctx):
        kind = self.pick(("T", "V", "i", "f"))
        target = self.var(kind)
        if target is None:
            return self.st_assign(pad, indent, ctx)
        op = self.pick(["+=", "-=", "*="]) if kind != "f" else "+="
        value = self.expr(kind, 1) if kind != "i" or op != "*=" else self.const(-2, 2)
        return [f"{pad}{target} {op} {value}"]

    def st_container(self, pad, indent, ctx):
        lists = [n for n in self.names["L"] if n not in ctx.frozen]
        dicts = [n for n in self.names["D"] if n not in ctx.frozen]
        options = []
        if lists:
            lst = self.pick(lists)
            options += [
                lambda: [f"{pad}{lst}.append({self.expr_i(1)})"],
                lambda: [f"{pad}if {lst}:", f"{pad}    {self.var('i')} = {lst}.pop()"],
                lambda: [f"{pad}{self.var_or_new('i')} = {lst}.pop()"],
                lambda: [f"{pad}if len({lst}) > 0:",
                         f"{pad}    {lst}[{self.const(0, 4)} % len({lst})] = {self.expr_i(1)}"],
                lambda: [f"{pad}{lst}.insert(0, {self.expr_i(1)})"],
            ]
        if dicts:
            dct = self.pick(dicts)
            options += [
                lambda: [f"{pad}{dct}['{self.pick('abc')}'] = {self.expr_i(1)}"],
                lambda: [f"{pad}{self.var_or_new('i')} = {dct}.pop('{self.pick('abc')}', "
                         f"{self.const()})"],
                lambda: [f"{pad}{self.var_or_new('L')} = [len(k) for k in {dct}.keys()]"],
                lambda: [f"{pad}{self.var_or_new('L')} = [val for k, val in {dct}.items()]"],
            ]
        if not options:
            return self.st_assign(pad, indent, ctx)
        return self.pick(options)()

    def var_or_new(self, kind: str) -> str:
        existing = self.names[kind]
        if existing and self.chance(0.5) and kind not in ("L", "D"):
            return self.pick(existing)
        name = self.fresh(kind)
        self.names[kind].append(name)
        return name

    def st_fallback(self, pad, indent, ctx):
        t = self.var("T")
        options = [
            lambda: [f"{pad}G_LIST.append({self.expr_i(1)})"],
            lambda: [f"{pad}G_LIST.append(float({t}.sum()))"],
            lambda: [f"{pad}G_DICT['{self.pick('pq')}'] = {self.expr_i(1)}"],
            lambda: [f"{pad}COUNT = COUNT + {self.const(1, 3)}"],  # `global COUNT` in f
            lambda: [f"{pad}BOX.k = {self.expr_i(1)}"],
            lambda: [f"{pad}BOX.items.append({self.expr_i(1)})"],
            lambda: [f"{pad}{self.var_or_new('i')} = BOX.bump()"],
            lambda: [f"{pad}{self.var_or_new('T')} = ms.Tensor(np.clip({t}.asnumpy(), -1, 1))"],
            lambda: [f"{pad}{self.var_or_new('i')} = int(np.argmax({t}.asnumpy()))"],
        ]
        return self.pick(options)()

    def st_print(self, pad, indent, ctx):
        args = self.pick([f"'p', {self.expr_i(1)}", f"{self.expr_f(1)}",
                          f"'t', {self.var('T')}.sum()", f"{self.var('L')}",
                          f"'d', {self.var('D')}"])
        return [f"{pad}print({args})"]

    def st_if(self, pad, indent, ctx):
        tensor = ctx.tensor_depth < 3 and self.chance(0.55)
        cond = self.cond_tensor() if tensor else self.cond_python()
        inner = _Ctx(ctx.in_loop, ctx.frozen, ctx.depth + 1, ctx.tensor_depth + int(tensor))
        lines = [f"{pad}if {cond}:"] + self.block(indent + 1, inner)
        if self.chance(0.3):
            c2 = self.cond_tensor() if tensor else self.cond_python()
            lines += [f"{pad}elif {c2}:"] + self.block(indent + 1, inner)
        if self.chance(0.5):
            lines += [f"{pad}else:"] + self.block(indent + 1, inner)
        return lines

    def st_for(self, pad, indent, ctx):
        lst = self.var("L")
        dct = self.var("D")
        a, b = self.fresh("i"), self.fresh("i")
        t = self.var("T")
        frozen = set(ctx.frozen)
        options = [
            (f"for {a} in range({self.const(1, 4)}):", {"i": [a]}, ()),
            (f"for {a} in range({self.expr_i(1)} % 4):", {"i": [a]}, ()),
            (f"for {a} in range(int(np.sum({t}.asnumpy() > 0))):", {"i": [a]}, ()),
            (f"for {a} in range(int({t}.sum() > 0) + {self.const(0, 2)}):", {"i": [a]}, ()),
            (f"for {a} in {lst}:", {"i": [a]}, (lst,)),
            (f"for {a} in ({self.expr_i(1)}, {self.expr_i(1)}):", {"i": [a]}, ()),
            (f"for {a}, {b} in zip({lst}, range(3)):", {"i": [a, b]}, (lst,)),
            (f"for {a}, {b} in enumerate({lst}):", {"i": [a, b]}, (lst,)),
            (f"for k in {dct}:", {}, (dct,)),
            (f"for k, {a} in {dct}.items():", {"i": [a]}, (dct,)),
        ]
        row = self.fresh("V")
        options.append((f"for {row} in {t}:", {"V": [row]}, ()))
        t2 = self.fresh("T")
        options.append((f"for {t2} in ({t}, {self.expr_T(1)}):", {"T": [t2]}, ()))
        header, bound, freeze = self.pick(options)
        frozen.update(freeze)
        for kind, names in bound.items():
            self.names[kind] += names
        inner = _Ctx(True, frozenset(frozen), ctx.depth + 1, ctx.tensor_depth)
        body = self.block(indent + 1, inner)
        if header.startswith("for k"):  # string keys through the loop
            body.insert(0, f"{pad}    G_DICT[k] = {self.expr_i(1)}")
        for kind, names in bound.items():
            for nm in names:
                if nm in self.names[kind]:
                    self.names[kind].remove(nm)
        lines = [f"{pad}{header}"] + body
        if self.chance(0.15):
            lines += [f"{pad}else:"] + self.block(indent + 1, _Ctx(ctx.in_loop, ctx.frozen,
                                                                   ctx.depth + 1,
                                                                   ctx.tensor_depth))
        return lines

    def st_while(self, pad, indent, ctx):
        if self.chance(0.5):
            k = self.fresh("i")
            head = [f"{pad}{k} = 0", f"{pad}while {k} < {self.const(1, 4)}:",
                    f"{pad}    {k} += 1"]
            self.names["i"].append(k)
        else:
            w = self.fresh("T")
            head = [f"{pad}{w} = {self.var('T')} * 0", f"{pad}while {w}.sum() < "
                    f"{self.const(1, 14)}:", f"{pad}    {w} = {w} + 1"]
            self.names["T"].append(w)
        inner = _Ctx(True, ctx.frozen, ctx.depth + 1, ctx.tensor_depth)
        return head + self.block(indent + 1, inner)

    def st_def(self, pad, indent, ctx):
        name = self.fresh("fn")
        kind = self.pick(("T", "i"))
        captured = self.expr_i(2)
        if kind == "T":
            body = f"{pad}    return a * {captured} + {self.var('T')}"
        else:
            body = f"{pad}    return a + {captured}"
        lines = [f"{pad}def {name}(a):", body]
        if ctx.depth == 0:  # callable in later statements
            self.functions.append((name, kind, kind))
        arg = self.expr(kind, 1)
        target = self.var_or_new(kind)
        return lines + [f"{pad}{target} = {name}({arg})"]

    def st_loop_exit(self, pad, indent, ctx):
        word = self.pick(["break", "continue"])
        if self.chance(0.7):
            return [f"{pad}if {self.cond_any()}:", f"{pad}    {word}"]
        return [f"{pad}{word}"]

    def st_return(self, pad, indent, ctx):
        return [f"{pad}return {self.result_expr()}"]

    def st_raise(self, pad, indent, ctx):
        exc = self.pick(["ValueError", "TypeError", "RuntimeError"])
        return [f"{pad}if {self.cond_any()}:", f"{pad}    raise {exc}('bad {self.counter}')"]

    def result_expr(self) -> str:
        parts = []
        for kind in self.result:
            if kind == "L":
                parts.append(self.var("L"))
            elif kind == "D":
                parts.append(self.var("D"))
            else:
                parts.append(self.expr(kind, 1))
        return "(" + ", ".join(parts) + ",)"

    # ------------------------------------------------------------------ program
    def source(self) -> str:
        extra = [k for k in ("V", "i", "f", "L", "D") if self.chance(0.4)]
        self.result = ("T",) + tuple(extra)
        self.names["f"].append("s0")
        body = ["    global COUNT", "    s0 = 0.5"]
        body += self.block(1, _Ctx(), count=self.rng.randint(3, 9))
        body.append(f"    return {self.result_expr()}")
        return HEADER + "\ndef f(x, v, n, lst, d):\n" + "\n".join(body) + "\n" + FOOTER


def generate(seed: int) -> str:
    """The source of program number `seed`."""
    return ProgramGenerator(seed).source()
