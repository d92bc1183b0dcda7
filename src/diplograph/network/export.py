"""Write the outreach network for Gephi and other tools: GEXF 1.3, GraphML, CSV.

:func:`write_network` picks the format from the file extension. Each export writes
one edge per (source, target, relation): a meeting, which the graph holds in both
directions, is written once as a ``mutual`` edge (GEXF), with ``mutual=true``
(GraphML) or as an ``Undirected`` row (CSV); :func:`read_gexf` and
:func:`read_graphml` restore the graph as :func:`~diplograph.network.build.to_networkx`
made it.

The GEXF writer is our own (lxml), because networkx's output fails the official
schema (``<graph name="">``, an edge attribute ``type`` taken as the edge type, raw
control characters, ``None`` and lists). What we write validates against the
GEXF 1.3 XSD: colour by actor type, size by PageRank, and ``mode="dynamic"`` with
each edge's dates as ``<spells>``, so Gephi's timeline replays the outreach.

Lists are written as text joined with ``" | "`` (:data:`LIST_SEPARATOR`), dates as ISO
strings, ``None`` is left out, and characters XML 1.0 cannot hold become U+FFFD.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final

import networkx as nx
from lxml import etree

from diplograph._version import __version__
from diplograph.errors import ExportError
from diplograph.network.analysis import METRICS, compute_metrics

__all__ = [
    "ACTOR_COLOURS",
    "FORMATS",
    "LIST_SEPARATOR",
    "read_gexf",
    "read_graphml",
    "sanitize_attributes",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_network",
    "xml_safe",
]

GEXF_NS: Final = "http://gexf.net/1.3"
XSI_NS: Final = "http://www.w3.org/2001/XMLSchema-instance"
LIST_SEPARATOR: Final = " | "
FORMATS: Final[tuple[str, ...]] = (".gexf", ".graphml", ".csv")

ACTOR_COLOURS: Final[dict[str, tuple[int, int, int]]] = {
    "State": (31, 119, 180),
    "InternationalOrganization": (255, 127, 14),
    "NonGovernmentalOrganization": (44, 160, 44),
    "Organization": (188, 189, 34),
    "Envoy": (148, 103, 189),
    "Official": (214, 39, 40),
    "Person": (140, 86, 75),
    "Region": (23, 190, 207),
    "Actor": (127, 127, 127),
}
"""RGB colour of each actor type (matplotlib's tab10), shared by the GEXF and the plot."""

# Attributes the graph holds as lists or dates, restored by read_gexf/read_graphml.
_LIST_ATTRS: Final = frozenset({"memberships", "evidence", "dates"})
_DATE_ATTRS: Final = frozenset({"first_date", "last_date", "dates"})
_INT_ATTRS: Final = frozenset({"weight", "articles", "degree", "community"})

_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_safe("Pakistan\\x00\\x1b")
    'Pakistan\\ufffd\\ufffd'
    """
    return _XML_ILLEGAL.sub("\ufffd", text)


def _plain(value: Any) -> Any:
    """A value GraphML/GEXF can hold: str, int, float or bool; None when there is none."""
    if value is None:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return xml_safe(LIST_SEPARATOR.join(str(_plain(v)) for v in items if v is not None))
    return xml_safe(str(value))


def _export_edges(G: Any) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    """Each edge once: a mutual edge only from its smaller endpoint."""
    for u, v, key, data in G.edges(keys=True, data=True):
        if data.get("mutual") and str(u) > str(v) and G.has_edge(v, u, key):
            continue
        yield u, v, key, data


def _plain_attrs(data: Mapping[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        plain = _plain(v)
        if plain is not None:
            out[xml_safe(str(k))] = plain
    return out


def _edge_rows(G: Any) -> list[tuple[Any, Any, Any, dict[str, Any]]]:
    if G.is_multigraph():
        return list(_export_edges(G))
    return [(u, v, None, d) for u, v, d in G.edges(data=True)]


def sanitize_attributes(G: Any) -> Any:
    """A copy of ``G`` that GraphML (and GEXF) can hold, with each meeting once.

    Lists become text joined by :data:`LIST_SEPARATOR`, dates ISO strings, other
    objects their ``str``; ``None`` values are dropped; node ids, keys and text lose
    XML-illegal characters. Graph attributes are kept the same way.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A\\x00", memberships=["UN", "OIC"], code=None)
    >>> H = sanitize_attributes(G)
    >>> H.nodes["a"]
    {'label': 'A\\ufffd', 'memberships': 'UN | OIC'}
    """
    H = G.__class__()
    H.graph.update(_plain_attrs(G.graph))
    for n, data in G.nodes(data=True):
        H.add_node(xml_safe(str(n)), **_plain_attrs(data))
    for u, v, key, data in _edge_rows(G):
        ends = (xml_safe(str(u)), xml_safe(str(v)))
        if G.is_multigraph():
            H.add_edge(*ends, key=xml_safe(str(key)), **_plain_attrs(data))
        else:
            H.add_edge(*ends, **_plain_attrs(data))
    return H


@contextmanager
def _atomic(path: Path, mode: str = "wb", newline: str | None = None) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place when done,
    so an interrupted export never leaves a truncated file that looks complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _ensure_metrics(G: Any) -> Any:
    if G.number_of_nodes() and not all(m in d for _, d in G.nodes(data=True) for m in METRICS):
        compute_metrics(G)
    return G


def _gexf_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _gexf_value(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return (
            repr(float(value))
            if math.isfinite(value)
            else ("NaN" if value != value else ("INF" if value > 0 else "-INF"))
        )
    return str(value)


def _declare(
    graph: Any, cls: str, rows: Iterable[Mapping[str, Any]], skip: set[str]
) -> dict[str, str]:
    values: dict[str, list[Any]] = {}
    for row in rows:
        for k, v in row.items():
            if k not in skip and v is not None:
                values.setdefault(k, []).append(v)
    types = {k: _gexf_type(vs) for k, vs in values.items()}
    attributes = etree.SubElement(
        graph, f"{{{GEXF_NS}}}attributes", {"class": cls, "mode": "static"}
    )
    for k, kind in types.items():
        etree.SubElement(attributes, f"{{{GEXF_NS}}}attribute", id=k, title=k, type=kind)
    return types


def _attvalues(parent: Any, data: Mapping[str, Any], types: Mapping[str, str]) -> None:
    present = [(k, v) for k, v in data.items() if k in types and v is not None]
    if present:
        attvalues = etree.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
        for k, v in present:
            etree.SubElement(
                attvalues, f"{{{GEXF_NS}}}attvalue", {"for": k, "value": _gexf_value(v, types[k])}
            )


def _spells(parent: Any, spans: Iterable[tuple[str, str | None]]) -> None:
    spans = list(spans)
    if spans:
        spells = etree.SubElement(parent, f"{{{GEXF_NS}}}spells")
        for start, end in spans:
            attrs = {"start": start} if end is None else {"start": start, "end": end}
            etree.SubElement(spells, f"{{{GEXF_NS}}}spell", attrs)


def _gexf_tree(G: Any) -> Any:
    G = _ensure_metrics(G)
    root = etree.Element(
        f"{{{GEXF_NS}}}gexf",
        {f"{{{XSI_NS}}}schemaLocation": f"{GEXF_NS} {GEXF_NS}/gexf.xsd", "version": "1.3"},
        nsmap={None: GEXF_NS, "xsi": XSI_NS},  # type: ignore[dict-item]
    )
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta")
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = f"diplograph {__version__}"
    description = "; ".join(f"{k}={v}" for k, v in sorted(_plain_attrs(G.graph).items()))
    etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = "diplomatic-outreach network" + (
        f" ({description})" if description else ""
    )

    dates = sorted(d for _, _, ds in G.edges(data="dates") for d in (ds or []))
    graph = etree.SubElement(root, f"{{{GEXF_NS}}}graph", mode="dynamic", timeformat="date")
    graph.set("defaultedgetype", "directed" if G.is_directed() else "undirected")
    if dates:
        graph.set("start", dates[0].isoformat())
        graph.set("end", dates[-1].isoformat())

    node_rows = [(n, d, _plain_attrs(d)) for n, d in G.nodes(data=True)]
    edge_rows = [(u, v, k, d, _plain_attrs(d)) for u, v, k, d in _edge_rows(G)]
    node_types = _declare(graph, "node", (p for *_, p in node_rows), {"label"})
    edge_types = _declare(graph, "edge", (p for *_, p in edge_rows), {"weight", "label"})

    first_seen: dict[Any, str] = {}
    for u, v, ds in G.edges(data="dates"):
        if ds:
            start = min(ds).isoformat()
            for n in (u, v):
                first_seen[n] = min(first_seen.get(n, start), start)

    top = max((float(d.get("pagerank", 0.0)) for _, d in G.nodes(data=True)), default=0.0)
    nodes = etree.SubElement(graph, f"{{{GEXF_NS}}}nodes", count=str(len(node_rows)))
    for n, data, plain in node_rows:
        node = etree.SubElement(
            nodes, f"{{{GEXF_NS}}}node", id=xml_safe(str(n)), label=str(plain.get("label", ""))
        )
        _attvalues(node, plain, node_types)
        if n in first_seen:
            _spells(node, [(first_seen[n], None)])
        r, g, b = ACTOR_COLOURS.get(str(data.get("type")), ACTOR_COLOURS["Actor"])
        etree.SubElement(node, f"{{{GEXF_NS}}}color", r=str(r), g=str(g), b=str(b))
        size = 5.0 + 45.0 * float(data.get("pagerank", 0.0)) / (top or 1.0)
        etree.SubElement(node, f"{{{GEXF_NS}}}size", value=f"{size:.3f}")

    edges = etree.SubElement(graph, f"{{{GEXF_NS}}}edges", count=str(len(edge_rows)))
    for i, (u, v, key, data, plain) in enumerate(edge_rows):
        relation = str(plain.get("relation", xml_safe(str(key)) if key is not None else ""))
        attrs = {
            "id": str(i),
            "source": xml_safe(str(u)),
            "target": xml_safe(str(v)),
            "type": "mutual" if data.get("mutual") else "directed",
        }
        if isinstance(plain.get("weight"), int | float):
            attrs["weight"] = _gexf_value(plain["weight"], "double")
        if relation:
            attrs["label"] = relation
            attrs["kind"] = relation
        edge = etree.SubElement(edges, f"{{{GEXF_NS}}}edge", attrs)
        _attvalues(edge, plain, edge_types)
        spans = [
            (d.isoformat(), d.isoformat())
            for d in data.get("dates") or []
            if isinstance(d, dt.date)
        ]
        _spells(edge, spans)
    return root


def write_gexf(G: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as GEXF 1.3 (dynamic, with colours and sizes) that Gephi opens.

    Metrics are computed first when the nodes lack them. Returns the path written.
    """
    target = Path(path)
    tree = etree.ElementTree(_gexf_tree(G))
    with _atomic(target) as fh:
        tree.write(fh, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return target


def write_graphml(G: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``G`` as GraphML (after :func:`sanitize_attributes`); returns the path written."""
    target = Path(path)
    H = sanitize_attributes(_ensure_metrics(G))
    with _atomic(target) as fh:
        nx.write_graphml(H, fh, encoding="utf-8", prettyprint=True)
    return target


_NODE_COLUMNS: Final = {
    "label": "Label",
    "type": "Type",
    "code": "Code",
    "memberships": "Memberships",
    "degree": "Degree",
    "in_strength": "InStrength",
    "out_strength": "OutStrength",
    "betweenness": "Betweenness",
    "pagerank": "PageRank",
    "community": "Community",
}
_EDGE_COLUMNS: Final = {
    "weight": "Weight",
    "relation": "Relation",
    "articles": "Articles",
    "first_date": "FirstDate",
    "last_date": "LastDate",
    "evidence": "Evidence",
    "dates": "Dates",
}


def _csv_text(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return "true" if plain else "false"
    return str(plain)


def write_csv(G: Any, path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write ``<stem>-nodes.csv`` and ``<stem>-edges.csv`` in Gephi's spreadsheet format.

    Nodes: ``Id, Label, Type, Code, Memberships, Degree, ...``; edges: ``Source,
    Target, Type (Directed or Undirected), Id, Label, Weight, Relation, ...``. Other
    attributes follow as extra columns. Returns both paths.
    """
    base = Path(path)
    nodes_path = base.with_name(f"{base.stem}-nodes.csv")
    edges_path = base.with_name(f"{base.stem}-edges.csv")
    G = _ensure_metrics(G)

    extra_nodes = sorted({k for _, d in G.nodes(data=True) for k in d} - set(_NODE_COLUMNS))
    with _atomic(nodes_path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Id", *_NODE_COLUMNS.values(), *extra_nodes])
        for n, d in G.nodes(data=True):
            out.writerow([n, *(_csv_text(d.get(k)) for k in (*_NODE_COLUMNS, *extra_nodes))])

    rows = _edge_rows(G)
    skip = {*_EDGE_COLUMNS, "mutual"}
    extra_edges = sorted({k for *_, d in rows for k in d} - skip)
    with _atomic(edges_path, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(
            ["Source", "Target", "Type", "Id", "Label", *_EDGE_COLUMNS.values(), *extra_edges]
        )
        for i, (u, v, key, d) in enumerate(rows):
            direction = "Undirected" if d.get("mutual") or not G.is_directed() else "Directed"
            label = d.get("relation", key if key is not None else "")
            out.writerow(
                [
                    u,
                    v,
                    direction,
                    i,
                    _csv_text(label),
                    *(_csv_text(d.get(k)) for k in (*_EDGE_COLUMNS, *extra_edges)),
                ]
            )
    return nodes_path, edges_path


_WRITERS: Final[dict[str, Callable[[Any, Path], Any]]] = {
    ".gexf": write_gexf,
    ".graphml": write_graphml,
    ".csv": write_csv,
}


def write_network(G: Any, path: str | os.PathLike[str]) -> list[Path]:
    """Write ``G`` in the format named by ``path``'s extension (:data:`FORMATS`).

    Returns the files written (two for ``.csv``). An unknown extension raises
    :class:`~diplograph.errors.ExportError`.
    """
    target = Path(path)
    writer = _WRITERS.get(target.suffix.lower())
    if writer is None:
        raise ExportError(
            f"{target}: cannot tell the format from {target.suffix or 'no extension'!r}; "
            f"use one of {', '.join(FORMATS)}"
        )
    try:
        written = writer(G, target)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    return list(written) if isinstance(written, tuple) else [written]


def _restore(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k in _LIST_ATTRS and isinstance(v, str):
            items: list[Any] = v.split(LIST_SEPARATOR) if v else []
            if k in _DATE_ATTRS:
                items = [dt.date.fromisoformat(x) for x in items]
            out[k] = items
        elif k in _DATE_ATTRS and isinstance(v, str):
            out[k] = dt.date.fromisoformat(v)
        elif k in _INT_ATTRS and isinstance(v, float) and v.is_integer():
            out[k] = int(v)
        else:
            out[k] = v
    return out


def _rebuild(R: Any, drop_edge: set[str], drop_node: set[str]) -> Any:
    G = nx.MultiDiGraph()
    G.add_nodes_from(
        (n, _restore({k: v for k, v in d.items() if k not in drop_node}))
        for n, d in R.nodes(data=True)
    )
    edges = (
        R.edges(keys=True, data=True)
        if R.is_multigraph()
        else ((u, v, None, d) for u, v, d in R.edges(data=True))
    )
    for u, v, key, d in edges:
        data = _restore({k: x for k, x in d.items() if k not in drop_edge})
        relation = data.get("relation", key)
        G.add_edge(u, v, key=relation, **data)
        if data.get("mutual") and not G.has_edge(v, u, relation):
            G.add_edge(v, u, key=relation, **{**data})
    return G


def read_gexf(path: str | os.PathLike[str]) -> Any:
    """Read a GEXF written by :func:`write_gexf` back into the graph it came from.

    Edges are keyed by relation again, lists and dates restored, and GEXF-only
    data (edge ids and labels, spells) dropped.
    """
    R = nx.read_gexf(path, version="1.3")
    G = _rebuild(R, drop_edge={"id", "label", "spells"}, drop_node={"spells"})
    return G


def read_graphml(path: str | os.PathLike[str]) -> Any:
    """Read a GraphML written by :func:`write_graphml` back into the graph it came from."""
    R = nx.read_graphml(path, force_multigraph=True)
    G = _rebuild(R, drop_edge={"id"}, drop_node=set())
    G.graph.update(R.graph)
    return G
