"""`CheckpointConfig` and `ModelCheckpoint`: save the training network's parameters during
`Model.train` as `<prefix>-<epoch>_<step in epoch>.ckpt` in `directory`.

A save happens every `save_checkpoint_steps` steps (or, when that is 0/None, every
`save_checkpoint_seconds`) and once more at the end of training. `keep_checkpoint_max` keeps the
newest N files of this prefix (or `keep_checkpoint_per_n_minutes`: one per N minutes). A prefix
whose files already exist in the directory becomes `<prefix>_1`, `<prefix>_2`, ... so an old
run's checkpoints are never overwritten. `append_info` adds 'epoch_num', 'step_num' and a dict of
values to each file. The graph file MindSpore also writes (`-graph.meta`) is not written.
In a DATA_PARALLEL job each rank saves to its `directory` as MindSpore's does (per-rank
directories give one set of files per rank); ranks sharing rank 0's directory leave the files,
and their pruning, to rank 0 (see `save_checkpoint`), so nothing is clobbered.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from typing import Any

from ...common.tensor import Tensor
from ...nn.cell import Cell
from ..serialization import save_checkpoint
from .callback import Callback, RunContext

_INFO_NAMES = ("epoch_num", "step_num")


def _non_negative_or_none(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"For 'CheckpointConfig', the '{name}' must be a non-negative int, but "
                         f"got {value!r}.")
    return value


class CheckpointConfig:
    """When and what `ModelCheckpoint` saves (see the module docstring)."""

    def __init__(self, save_checkpoint_steps: int | None = 1, save_checkpoint_seconds: int = 0,
                 keep_checkpoint_max: int | None = 5, keep_checkpoint_per_n_minutes: int = 0,
                 integrated_save: bool = True, async_save: bool | str = False,
                 saved_network: Cell | None = None, append_info: list[Any] | None = None,
                 enc_key: bytes | None = None, enc_mode: str = "AES-GCM",
                 exception_save: bool = False, crc_check: bool = False, format: str = "ckpt",
                 **kwargs: Any) -> None:
        steps = _non_negative_or_none("save_checkpoint_steps", save_checkpoint_steps)
        seconds = _non_negative_or_none("save_checkpoint_seconds", save_checkpoint_seconds)
        keep_max = _non_negative_or_none("keep_checkpoint_max", keep_checkpoint_max)
        per_minutes = _non_negative_or_none("keep_checkpoint_per_n_minutes",
                                            keep_checkpoint_per_n_minutes)
        if saved_network is not None and not isinstance(saved_network, Cell):
            raise TypeError("For 'CheckpointConfig', the type of 'saved_network' must be None or "
                            f"Cell, but got {type(saved_network)}.")
        if not steps and not seconds and not keep_max and not per_minutes:
            raise ValueError("For 'CheckpointConfig', the input arguments 'save_checkpoint_steps', "
                             "'save_checkpoint_seconds', 'keep_checkpoint_max' and "
                             "'keep_checkpoint_per_n_minutes' can't be all None or 0.")
        for name, flag in (("integrated_save", integrated_save), ("exception_save", exception_save),
                           ("crc_check", crc_check)):
            if not isinstance(flag, bool):
                raise TypeError(f"For 'CheckpointConfig', the '{name}' must be a bool, but got "
                                f"{type(flag).__name__}.")
        if enc_key is not None:
            raise ValueError("For 'CheckpointConfig', graphc does not encrypt checkpoints: pass "
                             "enc_key=None.")
        if format != "ckpt":
            raise ValueError(f"For 'CheckpointConfig', graphc writes only the 'ckpt' format, but "
                             f"got format={format!r}.")
        self._save_checkpoint_steps = steps
        self._save_checkpoint_seconds = None if steps else seconds
        self._keep_checkpoint_max = keep_max
        self._keep_checkpoint_per_n_minutes = per_minutes
        if keep_max:
            self._keep_checkpoint_per_n_minutes = None
        elif not per_minutes:
            self._keep_checkpoint_max = 1
        self._integrated_save = integrated_save
        self._async_save = async_save
        self._saved_network = saved_network
        self._append_dict = self._handle_append_info(append_info)
        self._crc_check = crc_check
        self._format = format
        self.exception_save = exception_save

    save_checkpoint_steps = property(lambda self: self._save_checkpoint_steps)
    save_checkpoint_seconds = property(lambda self: self._save_checkpoint_seconds)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_per_n_minutes = property(lambda self: self._keep_checkpoint_per_n_minutes)
    integrated_save = property(lambda self: self._integrated_save)
    async_save = property(lambda self: self._async_save)
    saved_network = property(lambda self: self._saved_network)
    append_dict = property(lambda self: self._append_dict)
    crc_check = property(lambda self: self._crc_check)
    format = property(lambda self: self._format)
    enc_key = property(lambda self: None)
    enc_mode = property(lambda self: "AES-GCM")

    def get_checkpoint_policy(self) -> dict[str, Any]:
        return {"save_checkpoint_steps": self.save_checkpoint_steps,
                "save_checkpoint_seconds": self.save_checkpoint_seconds,
                "keep_checkpoint_max": self.keep_checkpoint_max,
                "keep_checkpoint_per_n_minutes": self.keep_checkpoint_per_n_minutes,
                "saved_network": self.saved_network}

    @staticmethod
    def _handle_append_info(append_info: Any) -> dict[str, Any] | None:
        if append_info is None or append_info == []:
            return None
        if not isinstance(append_info, list):
            raise TypeError("For 'CheckpointConfig', the type of 'append_info' must be list, but "
                            f"got {type(append_info)}.")
        out: dict[str, Any] = {name: 0 for name in _INFO_NAMES if name in append_info}
        dicts = 0
        for element in append_info:
            if isinstance(element, str):
                if element not in _INFO_NAMES:
                    raise ValueError("For 'CheckpointConfig', the value of element in the argument "
                                     "'append_info' must be in ['epoch_num', 'step_num'], but got "
                                     f"{element}.")
            elif isinstance(element, dict):
                dicts += 1
                if dicts > 1:
                    raise TypeError("For 'CheckpointConfig', the element of 'append_info' must has "
                                    f"only one dict, but got {dicts}")
                for key, value in element.items():
                    if not (isinstance(key, str)
                            and isinstance(value, (int, float, bool, str, Tensor))):
                        raise TypeError("For 'CheckpointConfig', the key type of the dict "
                                        "'append_info' must be string, the value type must be "
                                        "int or float or bool, but got key type "
                                        f"{type(key)}, value type {type(value)}")
                    out[key] = value
            else:
                raise TypeError("For 'CheckpointConfig', the type of 'append_info' element must be "
                                f"str or dict, but got {type(element)}.")
        return out


def _unique_prefix(directory: str, prefix: str) -> str:
    """`prefix`, or `prefix_N` (N one more than any earlier run's) when the directory already
    holds checkpoints of this prefix."""
    suffix = 0
    n = len(prefix)
    for filename in os.listdir(directory):
        if os.path.splitext(filename)[1] != ".ckpt" or filename.endswith("_breakpoint.ckpt"):
            continue
        if filename.startswith(prefix) and len(filename) > n and not filename[n].isalpha():
            dash = filename[n:].find("-")
            if dash == 0:
                suffix = max(suffix, 1)
            elif dash != -1:
                num = filename[n + 1:n + dash]
                if num.isdigit():
                    suffix = max(suffix, int(num) + 1)
    return f"{prefix}_{suffix}" if suffix else prefix


def _own_files(directory: str, prefix: str) -> list[str]:
    """This prefix's checkpoint files (`prefix-<digits and _>.ckpt`)."""
    out = []
    for filename in os.listdir(directory):
        root, ext = os.path.splitext(filename)
        if ext == ".ckpt" and filename.startswith(prefix + "-"):
            middle = root[len(prefix) + 1:]
            if not any(c.isalpha() for c in middle):
                out.append(os.path.join(directory, filename))
    return out


def _mtime(path: str) -> float:
    """When `path` was last written (+inf if another process just removed it)."""
    try:
        return os.path.getmtime(path)
    except OSError:
        return float("inf")


def _remove(path: str) -> None:
    try:
        os.chmod(path, stat.S_IWRITE)
        os.remove(path)
    except OSError:
        pass


class ModelCheckpoint(Callback):
    """Saves checkpoints during training (see the module docstring). `prefix` and
    `directory` may be callables of the callback parameters, as in MindSpore."""

    def __init__(self, prefix: str | Callable[..., str] = "CKP",
                 directory: str | Callable[..., str] | None = None,
                 config: CheckpointConfig | None = None) -> None:
        super().__init__()
        if not callable(prefix) and (not isinstance(prefix, str) or "/" in prefix):
            raise ValueError("For 'ModelCheckpoint', the argument 'prefix' for checkpoint file "
                             "name is invalid, it must be callable or string that does not "
                             f"contain '/', but got {prefix}.")
        self._prefix_func = prefix if callable(prefix) else None
        self._directory_func = directory if callable(directory) else None
        if directory is None:
            self._directory = os.getcwd()
        elif callable(directory):
            self._directory = ""
        else:
            self._directory = self._make_directory(directory)
        if config is None:
            config = CheckpointConfig()
        elif not isinstance(config, CheckpointConfig):
            raise TypeError("For 'ModelCheckpoint', the type of argument 'config' should be "
                            f"'CheckpointConfig', but got {type(config)}.")
        self._config = config
        self._prefix = "" if callable(prefix) else prefix
        if self._prefix_func is None and self._directory_func is None:
            self._prefix = _unique_prefix(self._directory, self._prefix)
        self._append_dict = dict(config.append_dict or {})
        self._append_epoch_num = self._append_dict.get("epoch_num", 0)
        self._append_step_num = self._append_dict.get("step_num", 0)
        self._last_triggered_step = 0
        self._kept: list[str] | None = None  # this callback's files, oldest first
        self._last_time = time.time()
        self._last_time_for_keep = time.time()
        self._latest_ckpt_file_name = ""

    @staticmethod
    def _make_directory(path: str) -> str:
        if not isinstance(path, str) or not path.strip():
            raise ValueError(f"For 'ModelCheckpoint', the 'directory' must be a non-empty str, but "
                             f"got {path!r}.")
        path = os.path.realpath(path)
        try:
            os.makedirs(path, exist_ok=True)
        except OSError as exc:
            raise ValueError(f"For 'ModelCheckpoint', cannot create the directory {path}: "
                             f"{exc}.") from exc
        return path

    @property
    def latest_ckpt_file_name(self) -> str:
        """The path of the last checkpoint written."""
        return self._latest_ckpt_file_name

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        if self._prefix_func is not None:
            self._prefix = self._prefix_func(cb_params)
            if not isinstance(self._prefix, str) or "/" in self._prefix:
                raise ValueError("For 'ModelCheckpoint', the argument 'prefix' for checkpoint file "
                                 "name is callable, it must return a string that does not contain "
                                 f"'/', but got {self._prefix}.")
        if self._directory_func is not None:
            self._directory = self._make_directory(self._directory_func(cb_params))
        self._save_ckpt(cb_params)

    def end(self, run_context: RunContext) -> None:
        self._save_ckpt(run_context.original_args(), force_to_save=True)

    def _should_save(self, cb_params: Any, force: bool) -> bool:
        config = self._config
        if config.save_checkpoint_steps:
            return (cb_params.cur_step_num >= self._last_triggered_step
                    + config.save_checkpoint_steps) or force
        if config.save_checkpoint_seconds:
            now = time.time()
            if now - self._last_time > config.save_checkpoint_seconds or force:
                self._last_time = now
                return True
        return False

    def _save_ckpt(self, cb_params: Any, force_to_save: bool = False) -> None:
        if cb_params.cur_step_num == self._last_triggered_step:
            return
        if not self._should_save(cb_params, force_to_save):
            return
        step_in_epoch = int((cb_params.cur_step_num - 1) % cb_params.batch_num + 1)
        if self._prefix_func is not None:
            name = f"{self._prefix}.ckpt"
        else:
            name = f"{self._prefix}-{cb_params.cur_epoch_num}_{step_in_epoch}.ckpt"
        self._prune()
        path = os.path.join(self._directory, name)
        self._last_time_for_keep = time.time()
        self._last_triggered_step = cb_params.cur_step_num
        if "epoch_num" in self._append_dict:
            self._append_dict["epoch_num"] = self._append_epoch_num + cb_params.cur_epoch_num
        if "step_num" in self._append_dict:
            self._append_dict["step_num"] = self._append_step_num + cb_params.cur_step_num
        network = self._config.saved_network or cb_params.train_network
        save_checkpoint(
            network, path, self._config.integrated_save, self._config.async_save,
            self._append_dict or None, crc_check=self._config.crc_check)
        self._kept = [f for f in self._kept or [] if f != path] + [path]
        self._latest_ckpt_file_name = path
        cb_params.latest_ckpt_file = path
        cb_params.last_save_ckpt_step = cb_params.cur_step_num

    def _prune(self) -> None:
        """Make room for the next file under keep_checkpoint_max / keep_checkpoint_per_n_minutes."""
        config = self._config
        if self._kept is None:  # the files of this prefix found before this callback's first save
            self._kept = sorted(_own_files(self._directory, self._prefix), key=_mtime)
        # only files this callback saved or found are pruned, oldest first: a directory shared
        # with other processes of a data-parallel job is pruned the same way by each of them
        self._kept = [f for f in self._kept if os.path.exists(f)]
        files = list(self._kept)
        if config.keep_checkpoint_max and 0 < config.keep_checkpoint_max <= len(files):
            _remove(files[0])
        elif config.keep_checkpoint_per_n_minutes:
            now = time.time()
            window = config.keep_checkpoint_per_n_minutes * 60
            if now - self._last_time_for_keep < window:
                recent = [f for f in files if now - _mtime(f) < window]
                if recent:
                    oldest = min(recent, key=_mtime)
                    for f in recent:
                        if f != oldest:
                            _remove(f)
