"""``diplograph query``: run inline SPARQL, a .rq file or a bundled query on the store.

Examples::

    diplograph query --list
    diplograph query outreach-partners --param actor=Pakistan
    diplograph query accusation-matrix --format csv > matrix.csv
    diplograph query 'SELECT ?s WHERE { ?s a dg:State } LIMIT 5' --format json
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from diplograph.cli._app import command, console, fail
from diplograph.query import QueryResult, list_queries, run_query

__all__ = ["query"]


class OutputFormat(StrEnum):
    """How rows are printed (graphs of CONSTRUCT/DESCRIBE always print as Turtle)."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise fail(f"bad --param {item!r}: expected NAME=VALUE (e.g. --param actor=Pakistan)")
        if name in params:
            raise fail(f"--param {name} given twice")
        params[name] = value
    return params


def _print_list() -> None:
    for info in list_queries():
        params = ", ".join(p.name if p.required else f"{p.name}={p.default}" for p in info.params)
        suffix = f"  [{params}]" if params else ""
        typer.echo(f"{info.name:<22} {info.summary}{suffix}")


def _print_table(result: QueryResult) -> None:
    if result.form == "ASK":
        typer.echo("true" if result.boolean else "false")
        return
    table = Table(show_lines=False, header_style="bold")
    for name in result.vars:
        table.add_column(name, overflow="fold")
    for row in result.terms:
        table.add_row(*(result.short(term) for term in row))
    console.print(table)
    console.print(f"{len(result.terms)} row(s)", style="dim", markup=False, highlight=False)


def _check_store(location: str | None) -> None:
    from diplograph.store import resolve_location

    where = resolve_location(location)
    if where.startswith(("http://", "https://")) or where == ":memory:":
        return
    if not Path(where).is_dir():
        raise fail(f"no store at {where}: create one with `diplograph ingest`, or give --store")


@command("query")
def query(
    query: Annotated[
        str | None,
        typer.Argument(
            help="Inline SPARQL, a .rq file, a bundled query's name (see --list), or - for stdin.",
            show_default=False,
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            "-s",
            help="Store directory or SPARQL endpoint URL [default: $DIPLOGRAPH_STORE or "
            "./diplograph-store].",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table, csv, tsv or json (SPARQL 1.1 results)."),
    ] = OutputFormat.table,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="NAME=VALUE, repeatable; an actor may be a label, alias, ISO code or IRI.",
            show_default=False,
        ),
    ] = None,
    allow_remote: Annotated[
        bool,
        typer.Option(
            "--allow-remote",
            help="Allow SERVICE, FROM and FROM NAMED, which can fetch remote or local documents.",
        ),
    ] = False,
    list_: Annotated[
        bool, typer.Option("--list", help="List the bundled queries, one per line, and exit.")
    ] = False,
) -> None:
    """Run a SPARQL query (inline, a .rq file or a bundled query) on the store."""
    if list_:
        _print_list()
        return
    if query is None:
        raise fail("give a QUERY (inline SPARQL, a .rq file or a bundled name), or --list")
    params = _parse_params(param or [])
    if query == "-":
        query = sys.stdin.read()
    _check_store(store)
    from diplograph.store import open_store

    kg = open_store(store)
    try:
        result = run_query(kg, query, params, allow_remote=allow_remote)
    finally:
        kg.close()
    if result.graph is not None:
        typer.echo(result.to_turtle(), nl=False)
    elif output is OutputFormat.csv:
        typer.echo(result.to_csv(), nl=False)
    elif output is OutputFormat.tsv:
        typer.echo(result.to_tsv(), nl=False)
    elif output is OutputFormat.json:
        typer.echo(result.to_json(indent=2))
    else:
        _print_table(result)
