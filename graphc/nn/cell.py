"""`Cell`: the base class of every network, layer, loss, optimiser and wrapper.

A Cell keeps its Parameters (`_params`) and sub-cells (`_cells`) in dicts, in the order the
attributes were assigned; `__getattr__` finds them there. Parameter names follow MindSpore: a
Parameter without an explicit name takes its attribute name, and assigning a cell as an
attribute of another renames all of its Parameters to their attribute path
('sub.fc1.weight'), unless the parent was built with `auto_prefix=False`.

`__call__` dispatches on the context's mode: PYNATIVE_MODE runs `construct` in Python (with
forward hooks and `to_float` input casts); GRAPH_MODE goes through `_run_graph`, the single
place where the graph compiler plugs in.
"""

from __future__ import annotations

import itertools
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from ..autodiff.custom_bprop import call_with_custom_bprop, has_custom_bprop
from ..common import dtype as mstype
from ..common.context import GRAPH_MODE, active_tracer, context
from ..common.internal import note_user_line
from ..common.parameter import Parameter, ParameterTuple
from ..common.tensor import Tensor

_hook_ids = itertools.count()


class HookHandle:
    """Returned by `register_forward_hook` / `register_forward_pre_hook`; `remove()` unhooks."""

    __slots__ = ("_hooks", "_key")

    def __init__(self, hooks: OrderedDict[int, Callable[..., Any]], key: int) -> None:
        self._hooks = hooks
        self._key = key

    def remove(self) -> None:
        self._hooks.pop(self._key, None)


class Cell:
    """Base class of networks: override `construct`, assign Parameters and sub-cells as
    attributes in `__init__` (after `super().__init__()`), and call the cell."""

    def __init__(self, auto_prefix: bool = True, flags: dict[str, Any] | None = None) -> None:
        d = self.__dict__
        d["_params"] = OrderedDict()
        d["_cells"] = OrderedDict()
        d["_params_list"] = OrderedDict()
        d["_auto_prefix"] = bool(auto_prefix)
        d["_flags"] = {}
        d["_forward_pre_hooks"] = OrderedDict()
        d["_forward_hooks"] = OrderedDict()
        d["_mixed_precision_type"] = None
        d["_jit_config"] = None
        d["_phase"] = "predict"
        d["training"] = False
        d["requires_grad"] = False
        if flags:
            self.add_flags(**flags)

    # ------------------------------------------------------------------ attributes
    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        for store in ("_params", "_cells", "_params_list"):
            items = d.get(store)
            if items is not None and name in items:
                value = items[name]
                if store == "_params" and d.get("_amp_running") and value is not None:
                    return self.__graphc_cast_weight__(value, value)  # PyNative, in construct
                return value
        raise AttributeError(f"The '{type(self).__name__}' object has no attribute '{name}'.")

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        params = d.get("_params")
        cells = d.get("_cells")
        if isinstance(value, Parameter):
            self._set_attr_for_parameter(name, value)
        elif isinstance(value, ParameterTuple):
            self._set_attr_for_parameter_tuple(name, value)
        elif isinstance(value, Cell):
            self._set_attr_for_cell(name, value)
        elif params is not None and name in params:
            if isinstance(value, Tensor) and params[name] is not None:
                params[name].set_data(value)
            elif value is None:
                params[name] = None
            else:
                raise TypeError(f"For '{type(self).__name__}', the attribute '{name}' is a "
                                f"Parameter: it can only be set to a Parameter, a Tensor or "
                                f"None, but got {type(value).__name__}.")
        elif cells is not None and name in cells:
            if value is not None:
                raise TypeError(f"For '{type(self).__name__}', the attribute '{name}' is a "
                                f"Cell: it can only be set to a Cell or None, but got "
                                f"{type(value).__name__}.")
            cells[name] = None
        else:
            plist = d.get("_params_list")
            if plist is not None and name in plist:
                self._remove_parameter_tuple(name)
            object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        d = self.__dict__
        if name in d.get("_params", ()):
            del d["_params"][name]
        elif name in d.get("_cells", ()):
            del d["_cells"][name]
        elif name in d.get("_params_list", ()):
            self._remove_parameter_tuple(name)
        else:
            object.__delattr__(self, name)

    def _check_init_called(self, what: str) -> None:
        if "_params" not in self.__dict__:
            raise AttributeError(f"For '{type(self).__name__}', can not assign {what} before "
                                 "Cell.__init__() is called: call super().__init__() first.")

    def _set_attr_for_parameter(self, name: str, value: Parameter) -> None:
        self._check_init_called("params")
        d = self.__dict__
        if name in d:
            if d[name] is not None:
                raise TypeError(f"For '{type(self).__name__}', the attribute '{name}' already "
                                f"holds a {type(d[name]).__name__}: it can not become a "
                                "Parameter.")
            del d[name]
        if name in d["_cells"]:
            raise TypeError(f"For '{type(self).__name__}', the attribute '{name}' is a Cell: it "
                            "can not become a Parameter.")
        if name in d["_params_list"]:
            self._remove_parameter_tuple(name)
        self.insert_param_to_cell(name, value)

    def _set_attr_for_parameter_tuple(self, name: str, value: ParameterTuple) -> None:
        self._check_init_called("params")
        d = self.__dict__
        seen: set[int] = set()
        names: set[str] = set()
        for item in value:
            if id(item) in seen:
                continue
            seen.add(id(item))
            if item.name in names:
                raise ValueError(f"For '{type(self).__name__}', the ParameterTuple '{name}' holds "
                                 f"two Parameters named '{item.name}': give each a unique name.")
            names.add(item.name)
            d["_params"][item.name] = item
        if name in d:
            del d[name]
        d["_params"].pop(name, None)
        d["_params_list"][name] = value

    def _remove_parameter_tuple(self, name: str) -> None:
        d = self.__dict__
        old = d["_params_list"].pop(name)
        for item in old:
            if d["_params"].get(item.name) is item:
                del d["_params"][item.name]

    def _set_attr_for_cell(self, name: str, value: Cell) -> None:
        self._check_init_called("cells")
        d = self.__dict__
        if name in d:
            del d[name]
        if name in d["_params"]:
            raise TypeError(f"For '{type(self).__name__}', the attribute '{name}' is a "
                            "Parameter: it can not become a Cell.")
        if d["_auto_prefix"]:
            value.update_parameters_name(name + ".")
        d["_cells"][name] = value

    def insert_param_to_cell(self, param_name: str, param: Parameter | None,
                             check_name_contain_dot: bool = True) -> None:
        """Register `param` under `param_name`; an unnamed Parameter takes that name."""
        if not param_name:
            raise KeyError("For 'insert_param_to_cell', the argument 'param_name' should not be "
                           "empty.")
        if check_name_contain_dot and "." in param_name:
            raise KeyError("For 'insert_param_to_cell', the argument 'param_name' should not "
                           f"contain '.', but got '{param_name}'.")
        self._check_init_called("params")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"For 'insert_param_to_cell', the argument 'param' must be a "
                            f"Parameter, but got {type(param).__name__}.")
        if param is not None and not param._name_fixed:
            param.name = param_name
            param._name_fixed = True
        self.__dict__["_params"][param_name] = param

    def insert_child_to_cell(self, child_name: str, child_cell: Cell | None) -> None:
        """Register `child_cell` as sub-cell `child_name` (no parameter renaming)."""
        if not child_name or "." in child_name:
            raise KeyError("For 'insert_child_to_cell', the argument 'child_name' can not be "
                           f"empty and can not contain '.', but got {child_name!r}.")
        self._check_init_called("cells")
        if child_name in self.__dict__ or child_name in self._params:
            raise KeyError(f"For 'insert_child_to_cell', the {child_name} child cell already "
                           "exists in the network. Cannot insert another child cell with the "
                           "same name.")
        if child_cell is not None and not isinstance(child_cell, Cell):
            raise TypeError("For 'insert_child_to_cell', the argument 'child_cell' must be a "
                            f"Cell if not None, but got {type(child_cell).__name__}.")
        self._cells[child_name] = child_cell

    @property
    def cls_name(self) -> str:
        return type(self).__name__

    # ------------------------------------------------------------------ calling
    def construct(self, *args: Any, **kwargs: Any) -> Any:
        """The computation. Every subclass must override it."""
        raise NotImplementedError(f"'{type(self).__name__}' must override 'construct'.")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if "_cells" not in self.__dict__:
            raise AttributeError(f"For '{type(self).__name__}', Cell.__init__() was not called: "
                                 "call super().__init__() in __init__.")
        tracer = active_tracer.get()
        if tracer is not None:  # called by framework code while a graph is built: inline it
            return tracer.call(self, args, kwargs)
        ctx = context()
        if ctx.mode == GRAPH_MODE and ctx.jit_enabled:
            return self._run_graph(args, kwargs)
        return self._run_construct(args, kwargs)

    def _run_construct(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """PyNative: forward pre-hooks, `to_float` casts, construct, forward hooks."""
        args = self._cast_inputs(args)
        for hook in tuple(self._forward_pre_hooks.values()):
            result = hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        d = self.__dict__
        amp = d["_mixed_precision_type"] is not None
        if amp:  # construct reads this cell's Parameters cast (__graphc_cast_weight__)
            d["_amp_running"] = d.get("_amp_running", 0) + 1
        try:
            if has_custom_bprop(self) and not kwargs:  # (its own bprop, on a tape)
                out = call_with_custom_bprop(self, lambda: self.construct(*args), args)
            else:
                out = self.construct(*args, **kwargs)
        except (ValueError, TypeError) as exc:  # a layer's shape check: name the user's line
            note_user_line(exc)
            raise
        finally:
            if amp:
                d["_amp_running"] -= 1
        for hook in tuple(self._forward_hooks.values()):
            result = hook(self, args, out)
            if result is not None:
                out = result
        return out

    def _run_graph(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """GRAPH_MODE entry of `__call__`: compile `construct` for this call's signature (cached
        per cell instance) and run the generated function. Hooks are not supported in graph mode
        (a warning says so); `to_float` casts are applied to the inputs first."""
        if self._forward_pre_hooks or self._forward_hooks:
            warnings.warn(f"For '{type(self).__name__}', forward hooks are not supported in "
                          "GRAPH_MODE and are ignored; use PYNATIVE_MODE to run them.",
                          stacklevel=3)
        compiled = self.__dict__.get("_graph_construct")
        if compiled is None:
            from ..runtime.jit import JitFunction
            construct = type(self).construct
            fn = getattr(construct, "__graphc_unwrapped__", construct)
            compiled = JitFunction(fn, input_signature=self.__dict__.get("_input_signature"),
                                   jit_config=getattr(self, "_jit_config", None))
            self.__dict__["_graph_construct"] = compiled
        return compiled._call(compiled._cache, self, self._cast_inputs(args), kwargs)

    def set_inputs(self, *inputs: Any) -> None:
        """The inputs GRAPH_MODE compiles `construct` for: Tensors whose None dims are dynamic
        (one graph for every size; `x.shape[i]` is the run-time size inside)."""
        self.__dict__["_input_signature"] = inputs
        self.__dict__.pop("_graph_construct", None)  # compile again for the new inputs

    def get_inputs(self) -> tuple[Any, ...] | None:
        """The inputs given to `set_inputs`, or None."""
        return self.__dict__.get("_input_signature")

    @property
    def _dynamic_shape_inputs(self) -> tuple[Any, ...] | None:
        """MindSpore's spelling of `get_inputs()` (its test helpers read it)."""
        return self.__dict__.get("_input_signature")

    def graph_cache_info(self) -> Any:
        """Hits, misses and compile reasons of this cell's GRAPH_MODE compilations."""
        compiled = self.__dict__.get("_graph_construct")
        return None if compiled is None else compiled.cache_info()

    def __graphc_cast_inputs__(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        """`args` as this cell's construct receives them: with `to_float(dtype)` set, its
        floating-point Tensor arguments cast to dtype. The graph compiler calls this when it
        inlines a sub-cell call (PyNative and the top-level graph call do it in `__call__`)."""
        return self._cast_inputs(args)

    def __graphc_cast_weight__(self, param: Parameter, value: Any) -> Any:
        """`value`, the read of `param` inside this cell's construct (the Parameter itself in
        PyNative, its graph value when compiled), as MindSpore gives it to a cell set to
        `to_float(dtype)`: a trainable float Parameter cast to dtype (the cast passes float32
        gradients back to it). Buffers (requires_grad=False, such as statistics construct
        assigns) are left as they are."""
        target = self._mixed_precision_type
        if target is None or not param.requires_grad or not param.dtype.is_float \
                or param.dtype is target:
            return value
        from ..ops import array_ops
        return array_ops.cast(value, target)

    def _cast_inputs(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        target = self._mixed_precision_type
        if target is None:
            return args
        from ..ops import array_ops
        return tuple(array_ops.cast(a, target)
                     if isinstance(a, Tensor) and a.dtype.is_float and a.dtype is not target
                     else a for a in args)

    def register_forward_pre_hook(self, hook_fn: Callable[..., Any]) -> HookHandle:
        """`hook_fn(cell, inputs)` runs before construct; a non-None result replaces inputs."""
        key = next(_hook_ids)
        self._forward_pre_hooks[key] = hook_fn
        return HookHandle(self._forward_pre_hooks, key)

    def register_forward_hook(self, hook_fn: Callable[..., Any]) -> HookHandle:
        """`hook_fn(cell, inputs, output)` runs after construct; a non-None result replaces
        the output."""
        key = next(_hook_ids)
        self._forward_hooks[key] = hook_fn
        return HookHandle(self._forward_hooks, key)

    # ------------------------------------------------------------------ modes and flags
    def set_train(self, mode: bool = True) -> Cell:
        """Set `training` on this cell and every sub-cell; returns self."""
        for _, cell in self.cells_and_names():
            cell.__dict__["training"] = bool(mode)
            cell.__dict__["_phase"] = "train" if mode else "predict"
        return self

    def set_grad(self, requires_grad: bool = True) -> Cell:
        self.requires_grad = bool(requires_grad)
        return self

    @property
    def phase(self) -> str:
        return self._phase

    def add_flags(self, **flags: Any) -> Cell:
        self._flags.update(flags)
        return self

    def add_flags_recursive(self, **flags: Any) -> Cell:
        for _, cell in self.cells_and_names():
            cell.add_flags(**flags)
        return self

    def get_flags(self) -> dict[str, Any]:
        return dict(self._flags)

    def set_jit_config(self, jit_config: Any) -> None:
        """Remember the JitConfig the graph compiler should use for this cell."""
        self._jit_config = jit_config

    @property
    def jit_config_dict(self) -> dict[str, Any]:
        cfg = self._jit_config
        if cfg is None:
            return {}
        return dict(getattr(cfg, "jit_config_dict", cfg))

    def to_float(self, dst_type: Any) -> Cell:
        """Run this cell and its sub-cells in `dst_type` (float16 or float32): floating-point
        Tensor inputs are cast on entry, and construct reads the trainable float Parameters
        cast (`__graphc_cast_weight__`), in both modes. Returns self."""
        target = mstype.to_dtype(dst_type)
        if target not in (mstype.float16, mstype.float32):
            raise ValueError(f"For 'to_float', the argument 'dst_type' should be float16 or "
                             f"float32, but got {target}.")
        for _, cell in self.cells_and_names():
            cell.__dict__["_mixed_precision_type"] = target
        return self

    # ------------------------------------------------------------------ traversal
    def cells_and_names(self, cells: set[int] | None = None, name_prefix: str = ""
                        ) -> Iterator[tuple[str, Cell]]:
        """This cell and every sub-cell (each once), depth first, with attribute paths."""
        seen = cells if cells is not None else set()
        if id(self) in seen:
            return
        seen.add(id(self))
        yield name_prefix, self
        for name, cell in self._cells.items():
            if cell is not None:
                prefix = f"{name_prefix}.{name}" if name_prefix else name
                yield from cell.cells_and_names(seen, prefix)

    def name_cells(self) -> OrderedDict[str, Cell]:
        """The immediate sub-cells by attribute name (each cell once)."""
        seen: set[int] = set()
        out: OrderedDict[str, Cell] = OrderedDict()
        for name, cell in self._cells.items():
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                out[name] = cell
        return out

    def cells(self) -> Any:
        return self.name_cells().values()

    def parameters_and_names(self, name_prefix: str = "", expand: bool = True
                             ) -> Iterator[tuple[str, Parameter]]:
        """(attribute path, Parameter) for this cell's Parameters, then (if `expand`) each
        sub-cell's; each Parameter once."""
        cells = self.cells_and_names(name_prefix=name_prefix) if expand else [(name_prefix, self)]
        seen: set[int] = set()
        for cell_name, cell in cells:
            for par_name, par in cell._params.items():
                if par is not None and id(par) not in seen:
                    seen.add(id(par))
                    yield (f"{cell_name}.{par_name}" if cell_name else par_name), par

    def get_parameters(self, expand: bool = True) -> Iterator[Parameter]:
        for _, param in self.parameters_and_names(expand=expand):
            yield param

    def trainable_params(self, recurse: bool = True) -> list[Parameter]:
        """Parameters with requires_grad: own first (definition order), then sub-cells'."""
        return [p for p in self.get_parameters(expand=recurse) if p.requires_grad]

    def untrainable_params(self, recurse: bool = True) -> list[Parameter]:
        return [p for p in self.get_parameters(expand=recurse) if not p.requires_grad]

    def parameters_dict(self, recurse: bool = True) -> OrderedDict[str, Parameter]:
        return OrderedDict((p.name, p) for p in self.get_parameters(expand=recurse))

    def init_parameters_data(self, auto_parallel_mode: bool = False) -> dict[Parameter, Parameter]:
        """MindSpore's deferred initialisation of the parameters' data: graphc initialises each
        Parameter when it is made, so every Parameter stays itself; returns {old: new} as
        MindSpore does (here each maps to itself)."""
        return {p: p for p in self.get_parameters()}

    def update_parameters_name(self, prefix: str = "", recurse: bool = True) -> None:
        """Rename every Parameter to `prefix` + its attribute path in this cell."""
        if not isinstance(prefix, str):
            raise TypeError(f"For 'update_parameters_name', the 'prefix' must be a str, but got "
                            f"{type(prefix).__name__}.")
        for name, param in list(self.parameters_and_names(expand=recurse)):
            param.name = prefix + name

    def check_names(self) -> None:
        """ValueError if two Parameters of the network share a name."""
        names: set[str] = set()
        for path, param in self.parameters_and_names():
            if param.name in names:
                raise ValueError(f"The Parameter at '{path}' is named '{param.name}', a name "
                                 "another Parameter already has: give each a unique name.")
            names.add(param.name)

    # ------------------------------------------------------------------ printing
    def extend_repr(self) -> str:
        """Extra text shown between the brackets of the repr; layers override it."""
        return ""

    def __repr__(self) -> str:
        extra = self.extend_repr()
        info = type(self).__name__ + "<"
        if self._cells:
            sub = "\n"
            if extra:
                sub += f"{extra}\n"
            for key, value in self._cells.items():
                sub += f"({key}): {value!r}\n"
            info += sub.replace("\n", "\n  ") + ">"
        else:
            info += extra + ">"
        return info

    __str__ = __repr__
