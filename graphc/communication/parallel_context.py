"""The auto-parallel context: `set_auto_parallel_context`, `get_auto_parallel_context`,
`reset_auto_parallel_context` and `ParallelMode` (MindSpore's `mindspore.context` names).

graphc trains data-parallel only: `ParallelMode.STAND_ALONE` and `DATA_PARALLEL` are accepted;
the operator-sharding modes are a ValueError naming what is supported. `TrainOneStepCell` reads
`parallel_mode`, `gradients_mean` and `device_num` to decide whether (and how) to average
gradients across processes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import management


class ParallelMode:
    """The parallel modes (MindSpore's spellings)."""

    STAND_ALONE = "stand_alone"
    DATA_PARALLEL = "data_parallel"
    HYBRID_PARALLEL = "hybrid_parallel"
    SEMI_AUTO_PARALLEL = "semi_auto_parallel"
    AUTO_PARALLEL = "auto_parallel"
    MODE_LIST = [STAND_ALONE, DATA_PARALLEL, HYBRID_PARALLEL, SEMI_AUTO_PARALLEL, AUTO_PARALLEL]


_SUPPORTED_MODES = (ParallelMode.STAND_ALONE, ParallelMode.DATA_PARALLEL)


def _check_mode(value: Any) -> str:
    if value not in ParallelMode.MODE_LIST:
        raise ValueError("The context configuration parameter 'parallel_mode' only support "
                         "'stand_alone', 'data_parallel', 'hybrid_parallel', "
                         "'semi_auto_parallel' and 'auto_parallel', but got the value : "
                         f"{value}.")
    if value not in _SUPPORTED_MODES:
        raise ValueError(f"For 'set_auto_parallel_context', graphc supports the parallel_mode "
                         f"'stand_alone' and 'data_parallel' only (data-parallel training over "
                         f"MPI), but got '{value}': operator-level sharding is not "
                         "implemented.")
    return str(value)


def _check_bool(name: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise TypeError(f"For 'set_auto_parallel_context', the argument '{name}' must be a "
                            f"bool, but got {type(value).__name__}.")
        return value
    return check


def _check_count(name: str, low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"For 'set_auto_parallel_context', the argument '{name}' must be "
                             f"an int in [{low}, {high}], but got {value!r}.")
        return value
    return check


def _check_fusion(value: Any) -> list[int]:
    """`all_reduce_fusion_config`: ascending Parameter indices where a new bucket starts."""
    if not isinstance(value, (list, tuple)) or any(
            not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in value):
        raise TypeError("For 'set_auto_parallel_context', the argument "
                        "'all_reduce_fusion_config' must be a list of ints >= 0, but got "
                        f"{value!r}.")
    if list(value) != sorted(set(value)):
        raise ValueError("For 'set_auto_parallel_context().set_all_reduce_fusion_split_indices'"
                         ", the elements in argument 'indices' must be sorted in ascending "
                         f"order, but got {list(value)}.")
    return list(value)


def _check_only(name: str, allowed: Any, why: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value != allowed or type(value) is not type(allowed):
            raise ValueError(f"For 'set_auto_parallel_context', graphc supports only "
                             f"{name}={allowed!r} ({why}), but got {value!r}.")
        return value
    return check


def _check_str(name: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError(f"For 'set_auto_parallel_context', the argument '{name}' must be a "
                            f"str, but got {type(value).__name__}.")
        return value
    return check


_DEFAULTS: dict[str, Any] = {
    "parallel_mode": ParallelMode.STAND_ALONE,
    "gradients_mean": False,
    "device_num": 1,
    "global_rank": 0,
    "gradient_fp32_sync": True,
    "loss_repeated_mean": True,
    "parameter_broadcast": False,
    "full_batch": False,
    "all_reduce_fusion_config": [],
    "enable_parallel_optimizer": False,
    "pipeline_stages": 1,
    "grad_accumulation_step": 1,
    "strategy_ckpt_save_file": "",
    "strategy_ckpt_load_file": "",
    "dataset_strategy": "data_parallel",
}
_CHECKERS: dict[str, Callable[[Any], Any]] = {
    "parallel_mode": _check_mode,
    "gradients_mean": _check_bool("gradients_mean"),
    "device_num": _check_count("device_num", 1, 4096),
    "global_rank": _check_count("global_rank", 0, 4095),
    "gradient_fp32_sync": _check_bool("gradient_fp32_sync"),
    "loss_repeated_mean": _check_bool("loss_repeated_mean"),
    "parameter_broadcast": _check_bool("parameter_broadcast"),
    "full_batch": _check_bool("full_batch"),
    "all_reduce_fusion_config": _check_fusion,
    "enable_parallel_optimizer": _check_only("enable_parallel_optimizer", False,
                                             "optimizer-state sharding is not implemented"),
    "pipeline_stages": _check_only("pipeline_stages", 1, "pipeline parallelism is not "
                                   "implemented"),
    "grad_accumulation_step": _check_only("grad_accumulation_step", 1, "gradient "
                                          "accumulation in the parallel step is not "
                                          "implemented"),
    # Strategy files describe operator sharding, which data parallelism does not use.
    "strategy_ckpt_save_file": _check_str("strategy_ckpt_save_file"),
    "strategy_ckpt_load_file": _check_str("strategy_ckpt_load_file"),
    "dataset_strategy": _check_only("dataset_strategy", "data_parallel", "each rank reads "
                                    "its own shard of the batch"),
}
_values: dict[str, Any] = dict(_DEFAULTS)
_set: set[str] = set()  # keys the user set (device_num/global_rank otherwise follow the job)


def _unknown(key: str) -> ValueError:
    return ValueError(f"Set context keyword {key} is not recognized! The supported keys are "
                      f"{sorted(_CHECKERS)}.")


def set_auto_parallel_context(**kwargs: Any) -> None:
    """Set parallel settings; all are checked before any is applied."""
    checked = {}
    for key, value in kwargs.items():
        checker = _CHECKERS.get(key)
        if checker is None:
            raise _unknown(key)
        checked[key] = checker(value)
    _values.update(checked)
    _set.update(checked)


def get_auto_parallel_context(attr_key: str) -> Any:
    """One setting. `device_num` and `global_rank`, unless set, are the job's size and this
    process's rank once communication is initialised."""
    if attr_key not in _CHECKERS:
        raise _unknown(attr_key)
    if attr_key == "all_reduce_fusion_config":
        return list(_values[attr_key])
    if attr_key not in _set and management.is_initialized():
        if attr_key == "device_num":
            return management.get_group_size()
        if attr_key == "global_rank":
            return management.get_rank()
    return _values[attr_key]


def reset_auto_parallel_context() -> None:
    """Every setting back to its default."""
    _values.clear()
    _values.update(_DEFAULTS)
    _set.clear()


def get_parallel_mode() -> str:
    return _values["parallel_mode"]


def get_gradients_mean() -> bool:
    return bool(_values["gradients_mean"])


def get_device_num() -> int:
    return int(get_auto_parallel_context("device_num"))


def get_fusion_split() -> tuple[int, ...]:
    """`all_reduce_fusion_config`: the Parameter indices where a new gradient bucket starts."""
    return tuple(_values["all_reduce_fusion_config"])


def get_parameter_broadcast() -> bool:
    return bool(_values["parameter_broadcast"])


def is_data_parallel() -> bool:
    """Whether gradients must be reduced across processes (TrainOneStepCell's test)."""
    return _values["parallel_mode"] == ParallelMode.DATA_PARALLEL
