"""Metrics of the outreach network: who is central, who brokers, who answers whom.

Every function takes the graph ``G`` built by :func:`~diplograph.network.build.to_networkx`
(a ``MultiDiGraph`` keyed by relation, meetings stored in both directions) or any
networkx graph with ``weight`` on its edges. :func:`compute_metrics` writes them all
as node attributes, which every export then carries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import networkx as nx

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "METRICS",
    "Outreach",
    "betweenness",
    "claim_reciprocity",
    "communities",
    "compute_metrics",
    "degree",
    "outreach",
    "pagerank",
    "strength",
]

EXACT_BETWEENNESS_MAX_NODES: Final = 1000
"""Above this many nodes betweenness is estimated from ``k`` sampled sources.

Exact betweenness is O(n*m): about 20 s at 1,700 nodes and 15,600 edges, about an
hour at 16,000 nodes (see /work/shared/BASELINES.md); 500 samples keep it near a
minute at 16,000 nodes with a ranking close to the exact one."""

METRICS: Final[tuple[str, ...]] = (
    "degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "pagerank",
    "community",
)
"""Node attributes :func:`compute_metrics` writes."""


def _simple(G: Any, *, directed: bool, loops: bool = False) -> Any:
    """Collapse parallel edges into one with summed ``weight`` (self-loops dropped
    unless ``loops``)."""
    H = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, w in G.edges(data="weight", default=1):
        if u == v and not loops:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def degree(G: Any) -> dict[Any, int]:
    """Number of distinct partners of each node, whatever the relation or direction.

    Parameters
    ----------
    G : networkx graph

    Returns
    -------
    dict
        Node -> number of distinct neighbours (self excluded).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("PAK", "IND", key="accusation", weight=3)
    'accusation'
    >>> G.add_edge("IND", "PAK", key="denial", weight=1)
    'denial'
    >>> G.add_edge("PAK", "CHN", key="meeting", weight=1)
    'meeting'
    >>> degree(G)
    {'PAK': 2, 'IND': 1, 'CHN': 1}
    """
    if G.is_directed():
        return {n: len((set(G.successors(n)) | set(G.predecessors(n))) - {n}) for n in G.nodes}
    return {n: len(set(G.neighbors(n)) - {n}) for n in G.nodes}


def strength(G: Any, direction: Literal["in", "out", "all"] = "all") -> dict[Any, float]:
    """Weighted degree: the sum of ``weight`` over incoming, outgoing or all edges.

    A meeting (stored both ways) counts once as outgoing and once as incoming.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("PAK", "IND", key="accusation", weight=3)
    'accusation'
    >>> G.add_edge("IND", "PAK", key="denial", weight=1)
    'denial'
    >>> strength(G, "out")
    {'PAK': 3.0, 'IND': 1.0}
    >>> strength(G, "in")
    {'PAK': 1.0, 'IND': 3.0}
    """
    if direction == "in" and G.is_directed():
        view = G.in_degree(weight="weight")
    elif direction == "out" and G.is_directed():
        view = G.out_degree(weight="weight")
    else:
        view = G.degree(weight="weight")
    return {n: float(d) for n, d in view}


def betweenness(
    G: Any,
    *,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    k: int = 500,
    seed: int = 42,
) -> dict[Any, float]:
    """Normalised betweenness on the undirected tie graph (a tie is any relation).

    Brokerage is read off ties whatever their direction or weight: a path through
    an actor counts however the partners relate to it. Exact below
    ``exact_max_nodes`` nodes; above, estimated from ``k`` source nodes sampled
    with ``seed`` (reproducible), since exact betweenness grows as O(n*m).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(G)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    H = _simple(G, directed=False)
    n = H.number_of_nodes()
    if n <= exact_max_nodes:
        result = nx.betweenness_centrality(H, normalized=True)
    else:
        result = nx.betweenness_centrality(H, k=min(k, n), normalized=True, seed=seed)
    return {node: float(v) for node, v in result.items()}


def pagerank(G: Any, *, alpha: float = 0.85) -> dict[Any, float]:
    """PageRank with edge weights; claims flow claimant -> target, meetings both ways.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> pr = pagerank(G)
    >>> max(pr, key=pr.get)
    'c'
    """
    if G.number_of_nodes() == 0:
        return {}
    # parallel edges (one per relation) count by their summed weight, so collapsing
    # them first gives the same ranks with a third of the edges to walk
    H = _simple(G, directed=G.is_directed(), loops=True) if G.is_multigraph() else G
    result = nx.pagerank(H, alpha=alpha, weight="weight")  # scipy sparse power iteration
    return {n: float(v) for n, v in result.items()}


def communities(G: Any, *, seed: int = 42, resolution: float = 1.0) -> dict[Any, int]:
    """Louvain communities on the undirected weighted tie graph, numbered largest first.

    With the same ``seed`` the same graph gives the same communities; ties in size
    are ordered by their smallest node, so the numbering is stable too.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("c", "d")])
    >>> communities(G)
    {'a': 0, 'b': 0, 'c': 1, 'd': 1}
    """
    H = _simple(G, directed=False)
    if H.number_of_nodes() == 0:
        return {}
    parts = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
    ordered = sorted(parts, key=lambda c: (-len(c), min(str(n) for n in c)))
    membership = {n: i for i, part in enumerate(ordered) for n in part}
    return {n: membership[n] for n in G.nodes}


def claim_reciprocity(G: Any, relations: Collection[str] | None = None) -> float:
    """Share of claim ties answered by a claim in the other direction.

    A tie is an ordered pair with at least one claim (any type in ``relations``,
    all claim types by default; meetings never count). ``nan`` when there is no
    claim tie.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("PAK", "IND", key="accusation", relation="accusation")
    'accusation'
    >>> G.add_edge("IND", "PAK", key="denial", relation="denial")
    'denial'
    >>> G.add_edge("PAK", "UN", key="appeal", relation="appeal")
    'appeal'
    >>> round(claim_reciprocity(G), 3)
    0.667
    """
    ties = {
        (u, v)
        for u, v, rel in G.edges(data="relation")
        if u != v and rel != "meeting" and (relations is None or rel in relations)
    }
    if not ties:
        return float("nan")
    return sum((v, u) in ties for u, v in ties) / len(ties)


@dataclass(frozen=True, slots=True)
class Outreach:
    """How far an actor reaches: its partners, their kinds, and when each was first met."""

    focus: str
    partners: tuple[str, ...]
    partners_by_type: dict[str, int]
    new_partners: dict[str, int]
    """Period (``2025`` or ``2025-05``) -> partners first linked in that period."""
    first_contact: dict[str, dt.date | None] = field(default_factory=dict)


def outreach(G: Any, focus: str, *, period: Literal["month", "year"] = "month") -> Outreach:
    """Outreach measures of ``focus``: distinct partners, by actor type, and new ones per period.

    A partner is any actor linked to ``focus`` by any relation in either direction;
    it is new in the period of the earliest dated edge between the two.

    Examples
    --------
    >>> import datetime as dt
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("CHN", type="State"); G.add_node("UN", type="InternationalOrganization")
    >>> G.add_edge("PAK", "CHN", key="meeting", first_date=dt.date(2025, 5, 10))
    'meeting'
    >>> G.add_edge("PAK", "UN", key="appeal", first_date=dt.date(2025, 6, 1))
    'appeal'
    >>> o = outreach(G, "PAK")
    >>> o.partners, o.new_partners
    (('CHN', 'UN'), {'2025-05': 1, '2025-06': 1})
    """
    if focus not in G:
        raise nx.NodeNotFound(f"{focus!r} is not in the graph")
    first: dict[str, dt.date | None] = {}
    edges = [*G.out_edges(focus, data="first_date"), *G.in_edges(focus, data="first_date")]
    for u, v, when in edges:
        other = v if u == focus else u
        if other == focus:
            continue
        known = first.get(other)
        if other not in first or (when is not None and (known is None or when < known)):
            first[other] = when
    partners = tuple(sorted(first))
    by_type = Counter(G.nodes[p].get("type", "Actor") for p in partners)
    fmt = "%Y" if period == "year" else "%Y-%m"
    new: dict[str, int] = defaultdict(int)
    for when in first.values():
        if when is not None:
            new[when.strftime(fmt)] += 1
    return Outreach(
        focus=focus,
        partners=partners,
        partners_by_type=dict(sorted(by_type.items())),
        new_partners=dict(sorted(new.items())),
        first_contact=dict(sorted(first.items())),
    )


def compute_metrics(
    G: Any,
    *,
    seed: int = 42,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    k: int = 500,
) -> Any:
    """Write :data:`METRICS` on every node of ``G`` and return ``G``.

    ``G.graph["betweenness_method"]`` records whether betweenness is exact or sampled and
    ``G.graph["claim_reciprocity"]`` the share of answered claim ties.

    Examples
    --------
    >>> G = compute_metrics(nx.MultiDiGraph([("a", "b"), ("b", "c")]))
    >>> G.nodes["b"]["degree"], G.nodes["b"]["betweenness"], G.graph["betweenness_method"]
    (2, 1.0, 'exact')
    """
    values: dict[str, dict[Any, Any]] = {
        "degree": degree(G),
        "in_strength": strength(G, "in"),
        "out_strength": strength(G, "out"),
        "betweenness": betweenness(G, exact_max_nodes=exact_max_nodes, k=k, seed=seed),
        "pagerank": pagerank(G),
        "community": communities(G, seed=seed),
    }
    for name, per_node in values.items():
        for node, value in per_node.items():
            G.nodes[node][name] = value
    n = G.number_of_nodes()
    sampled = f"sampled k={min(k, n)} seed={seed}"
    G.graph["betweenness_method"] = "exact" if n <= exact_max_nodes else sampled
    reciprocity = claim_reciprocity(G)
    G.graph["claim_reciprocity"] = reciprocity
    return G
