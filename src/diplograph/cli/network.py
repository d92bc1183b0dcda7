"""``diplograph network`` and ``diplograph plot``: the outreach network, for Gephi or a picture.

Examples::

    diplograph network                                   # a short summary
    diplograph network --focus Pakistan --radius 2 --metrics
    diplograph network --types meeting,accusation --since 2025-01-01 -o outreach.gexf
    diplograph network --level person -o people.csv      # people-nodes.csv + people-edges.csv
    diplograph plot --focus PAK -o outreach.png
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.table import Table

from diplograph.cli._app import command, console, fail
from diplograph.network.analysis import compute_metrics, outreach
from diplograph.network.build import RELATIONS, to_networkx
from diplograph.network.export import write_network
from diplograph.network.plot import plot_network
from diplograph.store.base import Store

__all__ = ["network", "plot"]

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        help="Store directory or SPARQL endpoint URL [default: $DIPLOGRAPH_STORE or "
        "./diplograph-store].",
        show_default=False,
    ),
]
LevelOption = Annotated[
    str,
    typer.Option("--level", help="state (people count for what they represent) or person."),
]
TypesOption = Annotated[
    str | None,
    typer.Option(
        "--types",
        help=f"Comma-separated relations to keep: {','.join(RELATIONS)} [default: all].",
        show_default=False,
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", help="Keep events dated on or after DATE (YYYY-MM-DD).", show_default=False
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until", help="Keep events dated on or before DATE (YYYY-MM-DD).", show_default=False
    ),
]
FocusOption = Annotated[
    str | None,
    typer.Option(
        "--focus",
        help="Keep the ego network of ACTOR (IRI, label, alias, ISO code or acronym).",
        show_default=False,
    ),
]
RadiusOption = Annotated[int, typer.Option("--radius", help="Hops around --focus to keep.")]


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise fail(f"{option} {value!r} is not a date; expected YYYY-MM-DD") from None


def _types(value: str | None) -> list[str] | None:
    return None if value is None else [t for t in value.split(",")]


def _open_store(location: str | None) -> Store:
    from diplograph.store import open_store, resolve_location

    where = resolve_location(location)
    remote = where.startswith(("http://", "https://")) or where == ":memory:"
    if not remote and not Path(where).is_dir():
        raise fail(f"no store at {where}: create one with `diplograph ingest`, or give --store")
    return open_store(where)


def _build(
    store: str | None,
    level: str,
    types: str | None,
    since: str | None,
    until: str | None,
    focus: str | None,
    radius: int,
) -> Any:
    if level not in ("state", "person"):
        raise fail(f"--level {level!r}: expected state or person")
    start, end = _date("--since", since), _date("--until", until)
    kg = _open_store(store)
    try:
        return to_networkx(
            kg,
            level="person" if level == "person" else "state",
            types=_types(types),
            since=start,
            until=end,
            focus=focus,
            radius=radius,
        )
    finally:
        kg.close()


def _summary(G: Any) -> None:
    relations: Counter[str] = Counter()
    weights: Counter[str] = Counter()
    dates: list[dt.date] = []
    for u, v, key, d in G.edges(keys=True, data=True):
        if d.get("mutual") and str(u) > str(v):
            continue
        relations[key] += 1
        weights[key] += int(d.get("weight", 0))
        dates.extend(d.get("dates") or [])
    ties = sum(relations.values())
    console.print(
        f"{G.number_of_nodes()} actors, {ties} ties (level {G.graph.get('level')})",
        markup=False,
        highlight=False,
    )
    if dates:
        console.print(f"dates {min(dates)} to {max(dates)}", markup=False, highlight=False)
    for rel in RELATIONS:
        if relations[rel]:
            noun = "meetings" if rel == "meeting" else "claims"
            console.print(
                f"  {rel:<11} {relations[rel]:>5} ties  {weights[rel]:>6} {noun}",
                markup=False,
                highlight=False,
            )
    if "focus" in G.graph:
        o = outreach(G, G.graph["focus"])
        label = G.nodes[o.focus].get("label", o.focus)
        by_type = ", ".join(f"{k} {v}" for k, v in o.partners_by_type.items())
        console.print(
            f"{label}: {len(o.partners)} partners ({by_type})", markup=False, highlight=False
        )


def _metrics_table(G: Any, top: int) -> None:
    compute_metrics(G)
    ranked = sorted(G.nodes, key=lambda n: (-G.nodes[n]["pagerank"], str(n)))
    table = Table(header_style="bold", title=f"Actors by PageRank (top {min(top, len(ranked))})")
    columns: list[tuple[str, Literal["left", "right"]]] = [
        ("#", "right"),
        ("actor", "left"),
        ("type", "left"),
        ("code", "left"),
        ("partners", "right"),
        ("out", "right"),
        ("in", "right"),
        ("betweenness", "right"),
        ("pagerank", "right"),
        ("community", "right"),
    ]
    for name, justify in columns:
        table.add_column(
            name, justify=justify, min_width=14 if name == "actor" else None, overflow="fold"
        )
    for i, n in enumerate(ranked[:top], start=1):
        d = G.nodes[n]
        table.add_row(
            str(i),
            str(d.get("label", n)),
            str(d.get("type", "")),
            str(d.get("code", "")),
            str(d["degree"]),
            f"{d['out_strength']:g}",
            f"{d['in_strength']:g}",
            f"{d['betweenness']:.3f}",
            f"{d['pagerank']:.3f}",
            str(d["community"]),
        )
    console.print(table)
    reciprocity = G.graph.get("claim_reciprocity", math.nan)
    text = "n/a (no claims)" if math.isnan(reciprocity) else f"{reciprocity:.2f}"
    console.print(
        f"betweenness: {G.graph.get('betweenness_method')}; claim reciprocity: {text}",
        markup=False,
        highlight=False,
    )
    if "focus" in G.graph:
        o = outreach(G, G.graph["focus"])
        months = ", ".join(f"{k}: {v}" for k, v in o.new_partners.items()) or "none dated"
        console.print(f"new partners per month: {months}", markup=False, highlight=False)


@command("network")
def network(
    store: StoreOption = None,
    level: LevelOption = "state",
    types: TypesOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    focus: FocusOption = None,
    radius: RadiusOption = 1,
    metrics: Annotated[
        bool, typer.Option("--metrics", help="Print actors ranked by PageRank with their metrics.")
    ] = False,
    top: Annotated[int, typer.Option("--top", help="Rows of the --metrics table.")] = 20,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the network: .gexf (Gephi, dynamic), .graphml, or .csv "
            "(<stem>-nodes.csv and <stem>-edges.csv).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the diplomatic-outreach network from the store; summarise, rank or export it."""
    G = _build(store, level, types, since, until, focus, radius)
    if metrics:
        _metrics_table(G, top)
    if output is not None:
        for path in write_network(G, output):
            console.print(f"wrote {path}", markup=False, highlight=False)
    elif not metrics:
        _summary(G)


@command("plot")
def plot(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Picture to write: .png or .svg.", show_default=False),
    ],
    store: StoreOption = None,
    level: LevelOption = "state",
    types: TypesOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    focus: FocusOption = None,
    radius: RadiusOption = 1,
) -> None:
    """Draw the outreach network (or an actor's ego network) as a PNG or SVG picture."""
    G = _build(store, level, types, since, until, focus, radius)
    path = plot_network(G, output, focus=G.graph.get("focus"))
    console.print(f"wrote {path}", markup=False, highlight=False)
