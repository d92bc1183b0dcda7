"""``diplograph stats``, ``diplograph dump`` and ``diplograph serve``: look into the store.

``serve`` runs Oxigraph's own read-only SPARQL server (``oxigraph serve-read-only``)
on the store directory as a child process: a read-only server refuses every update
(including form-encoded ones). Our own handle on the store is closed first, since
RocksDB lets one process write.

The query timeout: Oxigraph's ``--timeout-s`` is passed on, but it cancels a query
only at cooperative points, and some plans never reach one (oxigraph/oxigraph#1336).
So ``serve`` also watches the server's threads (Linux ``/proc``): a thread computing
for the whole timeout is a runaway query, and the server is restarted to stop it
(other requests in flight at that moment fail too; clients may retry).

Oxigraph's server runs a query's ``SERVICE`` calls for any client and has no switch
to stop it, which would let anyone who can reach the endpoint make it fetch from
other hosts. So Oxigraph listens on a private loopback port, and ``serve`` answers
on HOST:PORT through a small gate that parses each query first: SERVICE, FROM and
updates are refused (SERVICE and FROM pass with ``--allow-remote``), and so is every
method that writes.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph.cli._app import EXIT_OK, command, err_console, fail
from diplograph.cli.ingest import StoreOption
from diplograph.errors import QueryError
from diplograph.query import check_query
from diplograph.store import QUARANTINE_GRAPH, Store, open_store, resolve_location

__all__ = ["dump_cli", "serve_cli", "stats", "stats_cli"]

_PREFIX = "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
_ACTOR_TYPES = (
    "State",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "Organization",
    "Envoy",
    "Official",
    "Person",
    "Region",
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class DumpFormat(StrEnum):
    trig = "trig"
    nquads = "nquads"


def _int(value: Node | None) -> int:
    return int(value) if isinstance(value, Literal) else 0


def _count(store: Store, sparql: str, **bindings: URIRef) -> int:
    rows = store.select(_PREFIX + sparql, bindings)
    return _int(rows[0]["n"]) if rows else 0


def stats(store: Store) -> dict[str, Any]:
    """Counts of what the store holds: articles, actors by (asserted) type, meetings,
    claims by type, quarantined articles, graphs and quads."""
    actor_rows = store.select(
        _PREFIX
        + """SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {
          GRAPH ?g { ?g a dg:Article ; dg:mentions ?x }
          GRAPH ?d { ?x a ?type } FILTER(!STRENDS(STR(?d), "/inferred")) }
        GROUP BY ?type"""
    )
    by_type = {str(r["type"]).rsplit("#", 1)[-1]: _int(r["n"]) for r in actor_rows}
    claim_rows = store.select(
        _PREFIX
        + """SELECT ?type (COUNT(DISTINCT ?c) AS ?n) WHERE {
          GRAPH ?g { ?g a dg:Article . ?c dg:reportedIn ?g ; dg:claimType ?type } }
        GROUP BY ?type ORDER BY ?type"""
    )
    return {
        "store": store.location,
        "articles": _count(
            store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a dg:Article } }"
        ),
        "actors": _count(
            store,
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?g a dg:Article ; "
            "dg:mentions ?x } }",
        ),
        "actors_by_type": {t: by_type.get(t, 0) for t in _ACTOR_TYPES},
        "meetings": _count(
            store,
            "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?g a dg:Article . "
            "?m a dg:Meeting } }",
        ),
        "claims": sum(_int(r["n"]) for r in claim_rows),
        "claims_by_type": {str(r["type"]).rsplit("/", 1)[-1]: _int(r["n"]) for r in claim_rows},
        "quarantined": _count(
            store,
            "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?q { ?r a dg:QuarantineRecord } }",
            q=URIRef(QUARANTINE_GRAPH),
        ),
        "graphs": len(store.graph_names()),
        "quads": store.count(),
    }


@command("stats")
def stats_cli(
    store: StoreOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text or json.")
    ] = OutputFormat.text,
) -> None:
    """Count articles, actors by type, meetings, claims by type and quarantined articles."""
    kg = open_store(store)
    try:
        data = stats(kg)
    finally:
        kg.close()
    if output is OutputFormat.json:
        typer.echo(json.dumps(data, indent=2))
        return
    typer.echo(f"store:        {data['store']}")
    typer.echo(f"articles:     {data['articles']}")
    typer.echo(f"actors:       {data['actors']}")
    for name, n in data["actors_by_type"].items():
        typer.echo(f"  {name:<28} {n}")
    typer.echo(f"meetings:     {data['meetings']}")
    typer.echo(f"claims:       {data['claims']}")
    for name, n in data["claims_by_type"].items():
        typer.echo(f"  {name:<28} {n}")
    typer.echo(f"quarantined:  {data['quarantined']}")
    typer.echo(f"graphs:       {data['graphs']}")
    typer.echo(f"quads:        {data['quads']}")


@command("dump")
def dump_cli(
    output_format: Annotated[
        DumpFormat, typer.Option("--format", "-f", help="trig or nquads.")
    ] = DumpFormat.trig,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the whole store (reference graphs included) as TriG or N-Quads.

    Quarantined triples are not part of it (see `diplograph quarantine`).
    """
    kg = open_store(store)
    try:
        if output is None:
            kg.dump(sys.stdout.buffer, output_format.value)
            sys.stdout.buffer.flush()
            return
        # Write beside the target and rename, so an interrupted dump leaves no truncated file.
        target = output.resolve()
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                kg.dump(handle, output_format.value)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    finally:
        kg.close()
    err_console.print(f"wrote {output}", markup=False)


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed with diplograph (the ``oxigraph`` package)."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise fail("the oxigraph server is not installed; pip install oxigraph")
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


@command("serve")
def serve_cli(
    store: StoreOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=1, max=65535)] = 7878,
    timeout: Annotated[
        int, typer.Option("--timeout", min=1, help="Seconds a query may run before it is stopped.")
    ] = 30,
    cors: Annotated[
        bool,
        typer.Option(
            "--cors", help="Send CORS headers: web pages of any origin may query (default off)."
        ),
    ] = False,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Let queries use SERVICE and FROM (the server then fetches from other hosts).",
        ),
    ] = False,
) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol at http://HOST:PORT/query.

    Updates are refused, and so are SERVICE and FROM unless --allow-remote. Queries
    see the union of the store's graphs as default graph.
    Without --cors no CORS header is sent, so browsers keep other sites' pages from
    reading the answers. Stop with Ctrl-C.
    """
    location = resolve_location(store)
    if location.startswith(("http://", "https://")):
        raise fail(f"{location} is already a SPARQL endpoint; serve works on a store directory")
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
    err_console.print(
        f"serving {location} read-only at http://{host}:{port}/query (Ctrl-C to stop)",
        markup=False,
    )
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
            raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        threading.Thread(target=gate.serve_forever, daemon=True).start()
        watchdog = _Watchdog(child.pid, timeout + 1)
        while True:
            try:
                code = child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                if stopping or not watchdog.runaway():
                    continue
                err_console.print(
                    f"diplograph: a query ran past {timeout} s; restarting the server to stop it",
                    markup=False,
                )
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
        raise fail(f"the oxigraph server stopped with exit code {code}")
    raise typer.Exit(EXIT_OK)
