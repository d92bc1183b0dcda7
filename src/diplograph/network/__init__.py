"""The diplomatic-outreach network: build it from a store, measure it, export and draw it.

>>> from diplograph.network import to_networkx, compute_metrics, write_network  # doctest: +SKIP
>>> G = compute_metrics(to_networkx(store, focus="Pakistan", radius=2))  # doctest: +SKIP
>>> write_network(G, "outreach.gexf")  # doctest: +SKIP
"""

from __future__ import annotations

from diplograph.network.analysis import (
    EXACT_BETWEENNESS_MAX_NODES,
    METRICS,
    Outreach,
    betweenness,
    claim_reciprocity,
    communities,
    compute_metrics,
    degree,
    outreach,
    pagerank,
    strength,
)
from diplograph.network.build import RELATIONS, parse_relations, resolve_actor, to_networkx
from diplograph.network.export import (
    FORMATS,
    read_gexf,
    read_graphml,
    sanitize_attributes,
    write_csv,
    write_gexf,
    write_graphml,
    write_network,
)
from diplograph.network.plot import plot_network

__all__ = [
    "EXACT_BETWEENNESS_MAX_NODES",
    "FORMATS",
    "METRICS",
    "RELATIONS",
    "Outreach",
    "betweenness",
    "claim_reciprocity",
    "communities",
    "compute_metrics",
    "degree",
    "outreach",
    "pagerank",
    "parse_relations",
    "plot_network",
    "read_gexf",
    "read_graphml",
    "resolve_actor",
    "sanitize_attributes",
    "strength",
    "to_networkx",
    "write_csv",
    "write_gexf",
    "write_graphml",
    "write_network",
]
