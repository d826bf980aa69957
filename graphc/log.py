"""MindSpore's logger, `mindspore.log` (`from mindspore import log as logger`): `debug`, `info`,
`warning`, `error`, `critical` with %-style arguments, written to stderr as MindSpore writes
them (`[WARNING] GRAPHC(pid,process):time [file:line] message`). The level is read from
`GLOG_v` as MindSpore reads it: 0 debug, 1 info, 2 warning (the default), 3 error, 4 critical.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

_LEVELS = {"0": logging.DEBUG, "1": logging.INFO, "2": logging.WARNING, "3": logging.ERROR,
           "4": logging.CRITICAL}


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%d-%H:%M:%S", time.localtime(record.created))
        millis = int(record.msecs)
        return (f"[{record.levelname}] GRAPHC({record.process},{record.processName}):"
                f"{stamp}.{millis:03d} [{record.filename}:{record.lineno}] "
                f"{record.getMessage()}")


class _StderrHandler(logging.Handler):
    """Writes to the current `sys.stderr` (looked up on each record, so redirections apply)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # a logging failure must never break the program
            self.handleError(record)


def _make_logger() -> logging.Logger:
    logger = logging.getLogger("graphc")
    if not logger.handlers:
        handler = _StderrHandler()
        handler.setFormatter(_Formatter())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(_LEVELS.get(os.environ.get("GLOG_v", "2"), logging.WARNING))
    return logger


GLOBAL_LOGGER = _make_logger()


def get_level() -> str:
    """The level as MindSpore spells it: '0' debug ... '4' critical."""
    level = GLOBAL_LOGGER.level
    return next((k for k, v in _LEVELS.items() if v == level), "2")


def debug(msg: str, *args: Any, **kwargs: Any) -> None:
    GLOBAL_LOGGER.debug(msg, *args, stacklevel=2, **kwargs)


def info(msg: str, *args: Any, **kwargs: Any) -> None:
    GLOBAL_LOGGER.info(msg, *args, stacklevel=2, **kwargs)


def warning(msg: str, *args: Any, **kwargs: Any) -> None:
    GLOBAL_LOGGER.warning(msg, *args, stacklevel=2, **kwargs)


def error(msg: str, *args: Any, **kwargs: Any) -> None:
    GLOBAL_LOGGER.error(msg, *args, stacklevel=2, **kwargs)


def critical(msg: str, *args: Any, **kwargs: Any) -> None:
    GLOBAL_LOGGER.critical(msg, *args, stacklevel=2, **kwargs)
