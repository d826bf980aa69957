"""`graphc.dataset.config`: the pipeline's global settings (MindSpore's `dataset.config`).

`set_seed(seed)` makes every shuffle, sampler and random transform reproducible: each draws
from a NumPy generator seeded with (seed, what it is, the epoch, the row). `graphc.set_seed`
sets it too, as `mindspore.set_seed` does (whichever was called last wins). Until a seed is
set (`get_seed()` then reports MindSpore's default 5489), each pipeline draws a fresh random
seed, so runs differ, as in MindSpore.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

import numpy as np

from ..common import get_seed as global_seed

_DEFAULT_SEED = 5489  # MindSpore's (std::mt19937's) default


@dataclass(slots=True)
class _Settings:
    seed: int | None = None
    seen_global_seed: int | None = None  # graphc.set_seed's value when last looked at
    num_parallel_workers: int = 2
    prefetch_size: int = 16


_SETTINGS = _Settings()
_LOCAL = threading.local()


def _check_int(name: str, value: object, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"For 'dataset.config.{name}', the argument must be an int, "
                        f"but got {type(value).__name__}.")
    if value < low or (high is not None and value > high):
        bound = f"[{low}, {high}]" if high is not None else f">= {low}"
        raise ValueError(f"For 'dataset.config.{name}', the argument must be in {bound}, "
                         f"but got {value}.")
    return int(value)


def set_seed(seed: int) -> None:
    """Seed every shuffle, sampler and random transform built or iterated after this call."""
    _sync_global_seed()
    _SETTINGS.seed = _check_int("set_seed", seed, 0, 2**32 - 1)
    global_rng.gen = np.random.default_rng(_SETTINGS.seed)


def _sync_global_seed() -> None:
    """Adopt `graphc.set_seed`'s seed if it was set since the last look."""
    seed = global_seed()
    if seed is not None and seed != _SETTINGS.seen_global_seed:
        _SETTINGS.seed = seed & 0xFFFFFFFF
        global_rng.gen = np.random.default_rng(_SETTINGS.seed)
    _SETTINGS.seen_global_seed = seed


def get_seed() -> int:
    """The seed set by `set_seed` (MindSpore's default 5489 before any)."""
    _sync_global_seed()
    return _DEFAULT_SEED if _SETTINGS.seed is None else _SETTINGS.seed


def reset() -> None:
    """graphc's addition: back to the defaults (no seed, 2 workers, prefetch 16)."""
    _SETTINGS.seed, _SETTINGS.num_parallel_workers, _SETTINGS.prefetch_size = None, 2, 16
    _SETTINGS.seen_global_seed = global_seed()
    global_rng.gen = np.random.default_rng()


def set_num_parallel_workers(num: int) -> None:
    """The default number of workers of `map` and `batch`."""
    _SETTINGS.num_parallel_workers = _check_int("set_num_parallel_workers", num, 1)


def get_num_parallel_workers() -> int:
    return _SETTINGS.num_parallel_workers


def set_prefetch_size(size: int) -> None:
    """How many rows the background thread of an iterator reads ahead."""
    _SETTINGS.prefetch_size = _check_int("set_prefetch_size", size, 1)


def get_prefetch_size() -> int:
    return _SETTINGS.prefetch_size


def pipeline_seed() -> int:
    """The root seed for one pipeline run: the user's seed, or a fresh random one."""
    _sync_global_seed()
    return _SETTINGS.seed if _SETTINGS.seed is not None else secrets.randbits(32)


def make_rng(*key: int) -> np.random.Generator:
    """A generator determined by `key` (a root seed followed by what draws and when)."""
    return np.random.default_rng([int(k) & 0xFFFFFFFF for k in key])


class _GlobalRng:
    """The generator random transforms use when called outside a pipeline, reseeded by
    `set_seed` (fresh entropy before any seed is set)."""

    __slots__ = ("gen",)

    def __init__(self, seed: int | None = None) -> None:
        self.gen = np.random.default_rng(seed)


global_rng = _GlobalRng()


def current_rng() -> np.random.Generator:
    """The generator a random transform draws from: the one made for the row being processed
    (from the key the pipeline installed, so results do not depend on worker threads), else
    the global one."""
    gen = getattr(_LOCAL, "gen", None)
    if gen is not None:
        return gen
    key = getattr(_LOCAL, "key", None)
    if key is not None:
        _LOCAL.gen = gen = make_rng(*key)
        return gen
    _sync_global_seed()
    return global_rng.gen


def install_row_rng(key: tuple[int, ...] | None) -> None:
    """Set (or clear, with None) the key of the generator `current_rng` makes, when first
    asked, for the row this thread processes."""
    _LOCAL.key = key
    _LOCAL.gen = None


# MindSpore's settings of its C++ engine that graphc's threaded pipeline has no use for:
# accepted (so scripts that set them run) and recorded for the matching getter.
_RECORDED: dict[str, object] = {
    "enable_shared_mem": True, "callback_timeout": 60, "monitor_sampling_interval": 1000,
    "numa_enable": False, "auto_num_workers": False, "enable_autotune": False,
    "debug_mode": False, "multiprocessing_timeout_interval": 300, "enable_watchdog": True,
    "auto_offload": False, "sending_batches": 0, "fast_recovery": True,
}


def _recorded_setting(name: str):
    def setter(value: object, *args: object, **kwargs: object) -> None:
        _RECORDED[name] = value

    def getter() -> object:
        return _RECORDED[name]

    setter.__name__, getter.__name__ = f"set_{name}", f"get_{name}"
    setter.__doc__ = f"MindSpore's `set_{name}`: recorded; it changes nothing in graphc."
    return setter, getter


for _name in list(_RECORDED):
    globals()[f"set_{_name}"], globals()[f"get_{_name}"] = _recorded_setting(_name)
del _name
