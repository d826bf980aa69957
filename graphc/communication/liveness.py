"""Which `msrun` worker ended first, and which ones ended without saying so.

mpiexec ends every rank when one dies, and reports the exit of whichever it noticed first,
which need not be the rank that died. So msrun listens on a localhost socket
(`LivenessServer`); each worker connects at start, says its rank, and says its exit code when
it ends normally (`WorkerLink`). A connection that closes without an exit line belongs to a
process that was killed; the order in which those connections closed is the order the ranks
died in, so the first is the rank that brought the job down.
"""

from __future__ import annotations

import os
import socket
import threading
import time

ENV_VAR = "GRAPHC_MSRUN_LIVENESS"


class LivenessServer:
    """msrun's side: accepts one connection per worker and records how each one ended."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._lock = threading.Lock()
        self._abrupt: list[tuple[float, int]] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def address(self) -> str:
        host, port = self._sock.getsockname()
        return f"{host}:{port}"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._watch, args=(conn,), daemon=True).start()

    def _watch(self, conn: socket.socket) -> None:
        rank, exited, buf = None, False, b""
        with conn:
            while True:
                try:
                    chunk = conn.recv(256)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                buf += chunk
                for line in buf.split(b"\n")[:-1]:
                    word, _, value = line.decode(errors="replace").partition(" ")
                    if word == "rank" and value.isdigit():
                        rank = int(value)
                    elif word == "exit":
                        exited = True
                buf = buf.rsplit(b"\n", 1)[-1]
        if rank is not None and not exited:
            with self._lock:
                self._abrupt.append((time.monotonic(), rank))

    def killed_in_order(self, settle: float = 0.5) -> list[int]:
        """The ranks whose connection closed without an exit line, first death first. Waits
        up to `settle` seconds for the watchers of closing connections to record them."""
        time.sleep(settle)
        with self._lock:
            return [rank for _, rank in sorted(self._abrupt)]

    def close(self) -> None:
        self._sock.close()


class WorkerLink:
    """A worker's side: connected for the life of the process (the kernel closes it when the
    process dies, however it dies). Without msrun (no address in the environment) it is off."""

    def __init__(self, rank: int) -> None:
        self._sock: socket.socket | None = None
        address = os.environ.pop(ENV_VAR, None)  # not inherited by the script's children
        if not address:
            return
        host, _, port = address.rpartition(":")
        try:
            self._sock = socket.create_connection((host, int(port)), timeout=5)
            self._sock.sendall(f"rank {rank}\n".encode())
        except (OSError, ValueError):
            self._sock = None

    def exited(self, code: int) -> None:
        if self._sock is not None:
            try:
                self._sock.sendall(f"exit {code}\n".encode())
            except OSError:
                pass
