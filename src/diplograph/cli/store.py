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
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph.cli._app import EXIT_OK, command, err_console, fail
from diplograph.cli.ingest import StoreOption
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
          GRAPH ?g { ?g a dg:Article ; dg:mentions ?x . ?x a ?type } }
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
) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol at http://HOST:PORT/query.

    Updates are refused. Queries see the union of the store's graphs as default graph.
    Without --cors no CORS header is sent, so browsers keep other sites' pages from
    reading the answers. Stop with Ctrl-C.
    """
    location = resolve_location(store)
    if location.startswith(("http://", "https://")):
        raise fail(f"{location} is already a SPARQL endpoint; serve works on a store directory")
    open_store(location).close()  # create (with the reference graphs) if new, then let go
    argv = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        location,
        "--bind",
        f"{host}:{port}",
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

    def forward(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
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
    if code not in (0, -signal.SIGINT, -signal.SIGTERM):
        raise fail(f"the oxigraph server stopped with exit code {code}")
    raise typer.Exit(EXIT_OK)
