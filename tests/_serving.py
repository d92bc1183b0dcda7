"""Start `diplograph serve` as a user does (a child process on a free loopback port)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run ``diplograph serve --store STORE --timeout 2 OPTIONS`` until the block ends;
    yields the base URL once it answers, and the process (stopped with SIGTERM after)."""
    port = free_port()
    argv = [sys.executable, "-m", "diplograph", "serve", "--store", str(store)]
    argv += ["--port", str(port), "--timeout", "2", *options]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        yield base, proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
        if proc.stderr:
            proc.stderr.close()
