"""msrun's liveness channel: the order in which workers died, told apart from clean exits."""

import os
import subprocess
import sys

from graphc.communication.liveness import ENV_VAR, LivenessServer, WorkerLink

_WORKER = """
import os, signal, sys
from graphc.communication.liveness import WorkerLink
link = WorkerLink(int(sys.argv[1]))
if sys.argv[2] == "exit":
    link.exited(0)
else:
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _run(server, rank, how):
    env = dict(os.environ, **{ENV_VAR: server.address})
    return subprocess.run([sys.executable, "-c", _WORKER, str(rank), how], env=env,
                          timeout=60, check=False)


def test_killed_ranks_are_listed_first_death_first_and_clean_exits_not_at_all():
    server = LivenessServer()
    try:
        _run(server, 3, "kill")
        _run(server, 0, "exit")
        _run(server, 1, "kill")
        assert server.killed_in_order() == [3, 1]
    finally:
        server.close()


def test_a_worker_started_without_msrun_has_no_link(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    link = WorkerLink(0)
    link.exited(0)  # a no-op, not an error


def test_the_address_is_not_passed_on_to_the_scripts_children(monkeypatch):
    server = LivenessServer()
    try:
        monkeypatch.setenv(ENV_VAR, server.address)
        WorkerLink(0)
        assert ENV_VAR not in os.environ
    finally:
        server.close()
