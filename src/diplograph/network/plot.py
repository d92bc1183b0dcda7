"""Draw the outreach network with matplotlib: a quick picture, not a Gephi replacement.

Nodes are coloured by actor type (the GEXF export's colours) and sized by PageRank;
edges are as wide as their weight, claims drawn as arrows and meetings as plain
lines. The figure is written as PNG or SVG, chosen by the file extension, with the
Agg backend so it works without a display.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Final

import networkx as nx

from diplograph.errors import ExportError
from diplograph.network.analysis import compute_metrics
from diplograph.network.export import ACTOR_COLOURS

__all__ = ["PLOT_FORMATS", "plot_network"]

PLOT_FORMATS: Final[tuple[str, ...]] = (".png", ".svg")


def _rgb(t: str) -> tuple[float, float, float]:
    r, g, b = ACTOR_COLOURS.get(t, ACTOR_COLOURS["Actor"])
    return (r / 255, g / 255, b / 255)


def plot_network(
    G: Any,
    path: str | os.PathLike[str],
    *,
    focus: str | None = None,
    seed: int = 42,
    title: str | None = None,
) -> Path:
    """Draw ``G`` to ``path`` (``.png`` or ``.svg``) and return the path.

    ``focus`` (a node of ``G``) is drawn at the centre with a black ring. The layout
    is a spring layout with a fixed ``seed``, so the same graph gives the same picture.
    """
    target = Path(path)
    if target.suffix.lower() not in PLOT_FORMATS:
        raise ExportError(
            f"{target}: cannot draw to {target.suffix or 'a file without extension'!r}; "
            f"use one of {', '.join(PLOT_FORMATS)}"
        )
    if focus is not None and focus not in G:
        raise ExportError(f"focus {focus!r} is not a node of the graph to draw")

    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D

    if G.number_of_nodes() and any("pagerank" not in d for _, d in G.nodes(data=True)):
        compute_metrics(G)

    # one drawn edge per pair, width = summed weight; a meeting is stored both ways,
    # so each direction adds half of its weight to the undirected line
    directed = nx.DiGraph()
    mutual = nx.Graph()
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = float(d.get("weight", 1))
        H = mutual if d.get("mutual") else directed
        if H.has_edge(u, v):
            H[u][v]["weight"] += w / (2 if H is mutual else 1)
        else:
            H.add_edge(u, v, weight=w / (2 if H is mutual else 1))

    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(G.nodes)
    layout_graph.add_edges_from(directed.edges)
    layout_graph.add_edges_from(mutual.edges)
    fixed = None
    initial = None
    if focus is not None:
        initial = {focus: (0.0, 0.0)}
        fixed = [focus]
    n = max(G.number_of_nodes(), 1)
    pos = nx.spring_layout(layout_graph, seed=seed, pos=initial, fixed=fixed, k=1.5 / n**0.5)

    size_inches = min(6 + n**0.5, 24)
    fig, ax = plt.subplots(figsize=(size_inches, size_inches * 0.75))
    try:
        nodes = list(G.nodes)
        types = [str(G.nodes[v].get("type", "Actor")) for v in nodes]
        pr = [float(G.nodes[v].get("pagerank", 0.0)) for v in nodes]
        top = max(pr, default=0.0) or 1.0
        sizes = [150 + 1400 * p / top for p in pr]
        nx.draw_networkx_nodes(
            G,
            pos,
            nodelist=nodes,
            node_size=sizes,
            node_color=[_rgb(t) for t in types],
            edgecolors=["black" if v == focus else "white" for v in nodes],
            linewidths=[3.0 if v == focus else 1.0 for v in nodes],
            ax=ax,
        )
        top_w = max(
            (d["weight"] for *_, d in [*directed.edges(data=True), *mutual.edges(data=True)]),
            default=1.0,
        )
        if mutual.number_of_edges():
            nx.draw_networkx_edges(
                mutual,
                pos,
                width=[0.8 + 5 * d["weight"] / top_w for *_, d in mutual.edges(data=True)],
                edge_color="0.55",
                ax=ax,
            )
        if directed.number_of_edges():
            nx.draw_networkx_edges(
                directed,
                pos,
                width=[0.8 + 5 * d["weight"] / top_w for *_, d in directed.edges(data=True)],
                edge_color="tab:red",
                alpha=0.7,
                arrows=True,
                arrowstyle="-|>",
                arrowsize=14,
                connectionstyle="arc3,rad=0.12",
                node_size=sizes,
                nodelist=nodes,
                ax=ax,
            )
        labels = {v: str(G.nodes[v].get("label") or G.nodes[v].get("code") or v) for v in nodes}
        nx.draw_networkx_labels(G, pos, labels=labels, font_size=9, ax=ax)

        handles = [
            Line2D([], [], marker="o", linestyle="", markersize=9, color=_rgb(t), label=t)
            for t in sorted(set(types))
        ]
        handles.append(Line2D([], [], color="0.55", linewidth=2, label="meeting"))
        handles.append(
            Line2D([], [], color="tab:red", linewidth=2, label="claim (arrow to target)")
        )
        ax.legend(handles=handles, loc="best", fontsize=8, frameon=True)
        heading = title or (
            f"Outreach of {labels[focus]}" if focus is not None else "Diplomatic-outreach network"
        )
        ax.set_title(heading)
        ax.set_axis_off()
        fig.tight_layout()
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(target, format=target.suffix.lower().lstrip("."), dpi=150)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        plt.close(fig)
    return target
