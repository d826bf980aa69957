"""The auto-parallel context: `ParallelMode` and `set/get/reset_auto_parallel_context`.

graphc runs on one process; these settings are stored and read back (as MindSpore's are), so
programs that configure data parallelism run unchanged. The distributed package
(`graphc.communication`) reads them and is the place for the behaviour behind them.
"""

from __future__ import annotations

from typing import Any


class ParallelMode:
    """The values of `parallel_mode`."""

    STAND_ALONE = "stand_alone"
    DATA_PARALLEL = "data_parallel"
    HYBRID_PARALLEL = "hybrid_parallel"
    SEMI_AUTO_PARALLEL = "semi_auto_parallel"
    AUTO_PARALLEL = "auto_parallel"
    MODE_LIST = [STAND_ALONE, DATA_PARALLEL, HYBRID_PARALLEL, SEMI_AUTO_PARALLEL, AUTO_PARALLEL]


# Each setting's default value; `set_auto_parallel_context` accepts exactly these keys.
_DEFAULTS: dict[str, Any] = {
    "device_num": 1,
    "global_rank": 0,
    "gradients_mean": False,
    "gradient_fp32_sync": True,
    "loss_repeated_mean": True,
    "parallel_mode": ParallelMode.STAND_ALONE,
    "search_mode": "recursive_programming",
    "auto_parallel_search_mode": "recursive_programming",
    "parameter_broadcast": False,
    "strategy_ckpt_load_file": "",
    "strategy_ckpt_save_file": "",
    "full_batch": False,
    "dataset_strategy": "data_parallel",
    "enable_parallel_optimizer": False,
    "enable_alltoall": False,
    "all_reduce_fusion_config": [],
    "pipeline_stages": 1,
    "pipeline_result_broadcast": False,
    "parallel_optimizer_config": {},
    "pipeline_config": {},
    "comm_fusion": {},
    "strategy_ckpt_config": {},
    "group_ckpt_save_file": "",
}

_settings: dict[str, Any] = dict(_DEFAULTS)


def set_auto_parallel_context(**kwargs: Any) -> None:
    """Change auto-parallel settings; every key is checked before any is applied."""
    for key in kwargs:
        if key not in _DEFAULTS:
            raise ValueError(f"Set context keyword {key} is not recognized! The supported keys "
                             f"are {sorted(_DEFAULTS)}.")
    mode = kwargs.get("parallel_mode")
    if mode is not None and mode not in ParallelMode.MODE_LIST:
        raise ValueError(f"For 'set_auto_parallel_context', 'parallel_mode' must be one of "
                         f"{ParallelMode.MODE_LIST}, but got {mode!r}.")
    _settings.update(kwargs)


def get_auto_parallel_context(attr_key: str) -> Any:
    """The value of auto-parallel setting `attr_key`."""
    if attr_key not in _DEFAULTS:
        raise ValueError(f"Get context keyword {attr_key} is not recognized! The supported "
                         f"keys are {sorted(_DEFAULTS)}.")
    return _settings[attr_key]


def reset_auto_parallel_context() -> None:
    """Every auto-parallel setting back to its default."""
    _settings.clear()
    _settings.update(_DEFAULTS)
