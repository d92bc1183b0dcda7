"""A read-only SPARQL 1.1 Protocol endpoint over a store directory.

``serve`` runs Oxigraph's own read-only SPARQL server (``oxigraph serve-read-only``)
on the store directory as a child process: a read-only server refuses every update
(including form-encoded ones). The caller's own handle on the store must be closed
first, since RocksDB lets one process write.

The query timeout: Oxigraph's ``--timeout-s`` is passed on, but it cancels a query
only at cooperative points, and some plans never reach one (oxigraph/oxigraph#1336).
So ``serve`` also watches the server's threads (Linux ``/proc``): a thread computing
for the whole timeout is a runaway query, and the server is restarted to stop it
(other requests in flight at that moment fail too; clients may retry).

Oxigraph's server runs a query's ``SERVICE`` calls for any client and has no switch
to stop it, which would let anyone who can reach the endpoint make it fetch from
other hosts. So Oxigraph listens on a private loopback port, and ``serve`` answers
on HOST:PORT through a small gate (a filtering proxy on the standard library's
``http.server``, not a SPARQL server) that parses each query first: SERVICE, FROM and
updates are refused (SERVICE and FROM pass with ``allow_remote``), and so is every
method that writes.
"""

from __future__ import annotations

import http.client
import http.server
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from diplograph.errors import QueryError, StoreError
from diplograph.query import check_query
from diplograph.store import open_store

__all__ = ["oxigraph_binary", "serve"]


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed with diplograph (the ``oxigraph`` package)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server is not installed; pip install oxigraph")
    return found


def _busy_threads(pid: int) -> set[int]:
    """Threads of process ``pid`` that are running or waiting to run (Linux /proc)."""
    busy: set[int] = set()
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return busy
    for task in tasks:
        try:
            state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state in ("R", "D"):
            busy.add(int(task.name))
    return busy


class _Watchdog:
    """Spots a server thread that has been busy for ``timeout`` seconds on end.

    Oxigraph's ``--timeout-s`` cancels a query only at cooperative points; some plans
    (an aggregate over a huge join) never reach one and run on after the client has
    gone (oxigraph/oxigraph#1336). The server answers each request on its own native
    thread, which sleeps between requests: a thread found running (or runnable) in
    every sample over the whole window is one query running too long.
    """

    def __init__(self, pid: int, timeout: float) -> None:
        self.pid = pid
        self.window = timeout
        self.busy_since: dict[int, float] = {}

    def runaway(self) -> bool:
        now = time.monotonic()
        busy = _busy_threads(self.pid)
        self.busy_since = {tid: self.busy_since.get(tid, now) for tid in busy}
        return any(now - since >= self.window for since in self.busy_since.values())


_MAX_BODY = 16 * 2**20
_FORWARDED = frozenset(
    {"accept", "content-type", "origin", "access-control-request-method",
     "access-control-request-headers"}
)  # fmt: skip
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "server", "date"})
_PARSING = threading.Lock()  # rdflib's SPARQL parser (pyparsing) is not thread-safe


class _Gate(http.server.ThreadingHTTPServer):
    """The public side of ``serve``: checks every query, then hands it to Oxigraph."""

    daemon_threads = True
    request_queue_size = 128  # a burst of clients must not overflow the listen backlog

    def __init__(
        self, address: tuple[str, int], inner_port: int, timeout: float, allow_remote: bool
    ) -> None:
        self.inner_port = inner_port
        self.query_timeout = timeout
        self.allow_remote = allow_remote
        super().__init__(address, _GateHandler)


class _GateHandler(http.server.BaseHTTPRequestHandler):
    server: _Gate
    server_version = "diplograph-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if "update" in params:
            self._refuse(403, "updates are refused: this endpoint is read-only")
        elif self._checked(params.get("query", [])):
            self._forward(None)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if url.path != "/query":
            self._refuse(403, "this endpoint is read-only: POST goes to /query only")
            return
        if not 0 <= length <= _MAX_BODY:
            self._refuse(413, "the request body is missing a length or too large")
            return
        body = self.rfile.read(length)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        if kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if "update" in form:
                self._refuse(403, "updates are refused: this endpoint is read-only")
                return
            queries = form.get("query", []) + params.get("query", [])
        elif kind == "application/sparql-query":
            queries = [body.decode("utf-8", "replace")]
        else:
            self._refuse(415, "send application/sparql-query or a form with query=")
            return
        if self._checked(queries):
            self._forward(body)

    def do_OPTIONS(self) -> None:
        self._forward(None)  # CORS preflight: Oxigraph answers it with --cors only

    def _read_only(self) -> None:
        self._refuse(405, "this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _read_only

    def _checked(self, queries: list[str]) -> bool:
        for query in queries:
            try:
                with _PARSING:
                    check_query(query, allow_remote=self.server.allow_remote)
            except QueryError as exc:
                self._refuse(400, str(exc))
                return False
            except Exception as exc:  # the parser failing on odd input is still a refusal
                self._refuse(400, f"the query cannot be checked: {type(exc).__name__}: {exc}")
                return False
        return True

    def _refuse(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _forward(self, body: bytes | None) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() in _FORWARDED}
        deadline = time.monotonic() + 30  # wait out a restart of the server
        while True:
            connection = http.client.HTTPConnection(
                "127.0.0.1", self.server.inner_port, timeout=self.server.query_timeout + 5
            )
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
            except ConnectionRefusedError:  # restarting: nothing was sent, wait for it
                connection.close()
                if time.monotonic() > deadline:
                    self._refuse(503, "the SPARQL server is not answering; try again")
                    return
                time.sleep(0.2)
                continue
            except (TimeoutError, ConnectionResetError, http.client.RemoteDisconnected):
                connection.close()  # never sent again: it may be the runaway query
                self._refuse(504, "the query was stopped: it ran past the time limit")
                return
            break
        try:
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.end_headers()  # HTTP/1.0: the body ends when the connection closes
            while chunk := response.read(65536):
                self.wfile.write(chunk)
        except OSError:
            pass  # the server stopped mid-answer (a runaway query) or the client left
        finally:
            connection.close()


def _loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, child: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while child.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)


def _stop(child: subprocess.Popen[bytes]) -> None:
    child.terminate()
    try:
        child.wait(timeout=5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def serve(
    location: str,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: int = 30,
    cors: bool = False,
    allow_remote: bool = False,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the store directory ``location`` read-only at http://HOST:PORT/query until
    SIGINT or SIGTERM.

    Creates the store (with its reference graphs) if it does not exist yet; ``say``
    receives the few status lines. Raises :class:`~diplograph.errors.StoreError` when
    the server cannot start or stops on its own.
    """
    open_store(location).close()  # create (with the reference graphs) if new, then let go
    inner_port = _loopback_port()
    argv = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        location,
        "--bind",
        f"127.0.0.1:{inner_port}",
        "--union-default-graph",
        "--timeout-s",
        str(timeout),
        *(["--cors"] if cors else []),
    ]
    say(f"serving {location} read-only at http://{host}:{port}/query (Ctrl-C to stop)")
    child = subprocess.Popen(argv)
    stopping = False
    gate: _Gate | None = None

    def forward(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        _wait_for(inner_port, child)
        try:
            gate = _Gate((host, port), inner_port, timeout, allow_remote)
        except OSError as exc:
            _stop(child)
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        threading.Thread(target=gate.serve_forever, daemon=True).start()
        watchdog = _Watchdog(child.pid, timeout + 1)
        while True:
            try:
                code = child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                if stopping or not watchdog.runaway():
                    continue
                say(f"diplograph: a query ran past {timeout} s; restarting the server to stop it")
                _stop(child)
                child = subprocess.Popen(argv)
                watchdog = _Watchdog(child.pid, timeout + 1)
                continue
            break
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if gate is not None:
            gate.shutdown()
            gate.server_close()
    if code not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise StoreError(f"the oxigraph server stopped with exit code {code}")
