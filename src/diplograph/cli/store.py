"""``diplograph stats``, ``dump``, ``optimize`` and ``serve``: look into and after the store.

The work is done by :mod:`diplograph.stats`, the store's ``dump`` and
:mod:`diplograph.serve`; these commands parse options and print.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from diplograph.cli._app import EXIT_OK, command, err_console, fail
from diplograph.cli.ingest import StoreOption
from diplograph.serve import serve
from diplograph.stats import stats
from diplograph.store import OxigraphStore, open_store, resolve_location

__all__ = ["dump_cli", "optimize_cli", "serve_cli", "stats_cli"]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class DumpFormat(StrEnum):
    trig = "trig"
    nquads = "nquads"


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


def _disk_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


@command("optimize")
def optimize_cli(store: StoreOption = None) -> None:
    """Compact the store's files after a large ingest, so queries answer faster.

    RocksDB's full compaction of every index (quarantine too): 1.1-1.35x faster
    bundled queries on a 1M-quad store, for about 4 s per million quads. Safe to run
    at any time; another process must not have the store open.
    """
    location = resolve_location(store)
    if location.startswith(("http://", "https://")):
        raise fail(f"{location} is a SPARQL endpoint; optimize works on a store directory")
    folder = Path(location)
    # RocksDB's CURRENT file marks a store: opening any other folder would create one.
    if location == ":memory:" or not (folder / "CURRENT").is_file():
        raise fail(f"no store at {location}: nothing to optimize")
    before = _disk_bytes(folder)
    started = time.perf_counter()
    kg = OxigraphStore(folder, reference=False)
    try:
        kg.optimize()
        quads = kg.count()
    finally:
        kg.close()
    err_console.print(
        f"optimized {location}: {quads} quads, {before / 1e6:.1f} MB -> "
        f"{_disk_bytes(folder) / 1e6:.1f} MB on disk, {time.perf_counter() - started:.1f} s",
        markup=False,
    )


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
    serve(
        location,
        host=host,
        port=port,
        timeout=timeout,
        cors=cors,
        allow_remote=allow_remote,
        say=lambda line: err_console.print(line, markup=False),
    )
    raise typer.Exit(EXIT_OK)
