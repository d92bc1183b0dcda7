"""Metrics on a tiny graph small enough to check by hand, and on the fixture network."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import pytest

from diplograph.network.analysis import (
    METRICS,
    betweenness,
    claim_reciprocity,
    communities,
    compute_metrics,
    degree,
    outreach,
    pagerank,
    strength,
)
from diplograph.network.build import to_networkx

R = "https://w3id.org/diplograph/id/"


@pytest.fixture
def tiny() -> Any:
    """a-b and b-c met once; a accused c twice, c denied once, a appealed to d."""
    G = nx.MultiDiGraph()
    for u, v in [("a", "b"), ("b", "c")]:
        for s, t in [(u, v), (v, u)]:
            G.add_edge(s, t, key="meeting", relation="meeting", weight=1, mutual=True)
    G.add_edge("a", "c", key="accusation", relation="accusation", weight=2, mutual=False)
    G.add_edge("c", "a", key="denial", relation="denial", weight=1, mutual=False)
    G.add_edge("a", "d", key="appeal", relation="appeal", weight=1, mutual=False)
    return G


def test_analysis_degree_counts_partners(tiny: Any) -> None:
    assert degree(tiny) == {"a": 3, "b": 2, "c": 2, "d": 1}


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        ("out", {"a": 4.0, "b": 2.0, "c": 2.0, "d": 0.0}),
        ("in", {"a": 2.0, "b": 2.0, "c": 3.0, "d": 1.0}),
        ("all", {"a": 6.0, "b": 4.0, "c": 5.0, "d": 1.0}),
    ],
)
def test_analysis_strength(tiny: Any, direction: Any, expected: dict[str, float]) -> None:
    assert strength(tiny, direction) == expected


def test_analysis_betweenness_exact(tiny: Any) -> None:
    # a alone sits between d and {b, c}: 2 of the 3 pairs that do not involve a
    assert betweenness(tiny) == pytest.approx({"a": 2 / 3, "b": 0.0, "c": 0.0, "d": 0.0})


def test_analysis_betweenness_sampled_is_reproducible() -> None:
    G = nx.MultiDiGraph(nx.path_graph(30).to_directed())
    first = betweenness(G, exact_max_nodes=10, k=8, seed=7)
    assert first == betweenness(G, exact_max_nodes=10, k=8, seed=7)
    exact = betweenness(G)
    # the middle of a path is its best broker, sampled or not
    assert max(first, key=first.__getitem__) in set(range(10, 20))
    assert max(exact, key=exact.__getitem__) in {14, 15}


def test_analysis_pagerank(tiny: Any) -> None:
    pr = pagerank(tiny)
    assert sum(pr.values()) == pytest.approx(1.0)
    star = nx.MultiDiGraph([(leaf, "hub") for leaf in "wxyz"])
    ranks = pagerank(star)
    assert max(ranks, key=ranks.__getitem__) == "hub"
    assert pagerank(nx.MultiDiGraph()) == {}


def test_analysis_communities_reproducible() -> None:
    G = nx.MultiDiGraph()
    for group in ("abcd", "efgh"):
        for u in group:
            for v in group:
                if u != v:
                    G.add_edge(u, v, weight=3)
    G.add_edge("d", "e", weight=1)
    parts = communities(G, seed=1)
    assert parts == communities(G, seed=1)
    assert {parts[n] for n in "abcd"} == {0} or {parts[n] for n in "abcd"} == {1}
    assert len({parts[n] for n in "abcd"}) == 1
    assert len({parts[n] for n in "efgh"}) == 1
    assert parts["a"] != parts["e"]


def test_analysis_claim_reciprocity(tiny: Any) -> None:
    assert claim_reciprocity(tiny) == pytest.approx(2 / 3)
    assert claim_reciprocity(tiny, relations={"appeal"}) == 0.0
    meetings_only = nx.MultiDiGraph()
    meetings_only.add_edge("a", "b", key="meeting", relation="meeting")
    assert math.isnan(claim_reciprocity(meetings_only))


def test_analysis_compute_metrics_writes_every_metric(tiny: Any) -> None:
    G = compute_metrics(tiny)
    for _, data in G.nodes(data=True):
        assert set(METRICS) <= set(data)
    assert G.nodes["a"]["degree"] == 3
    assert G.nodes["c"]["in_strength"] == 3.0
    assert G.graph["betweenness_method"] == "exact"
    assert G.graph["claim_reciprocity"] == pytest.approx(2 / 3)


def test_analysis_compute_metrics_sampled_above_threshold(tiny: Any) -> None:
    G = compute_metrics(tiny, exact_max_nodes=2, k=3)
    assert G.graph["betweenness_method"] == "sampled k=3 seed=42"


@pytest.mark.parametrize(("period", "expected"), [("month", {"2025-05": 4}), ("year", {"2025": 4})])
def test_analysis_outreach_of_pakistan(fixture_store: Any, period: Any, expected: Any) -> None:
    G = to_networkx(fixture_store)
    o = outreach(G, f"{R}state/PAK", period=period)
    assert o.partners == tuple(
        sorted(f"{R}{x}" for x in ("state/CHN", "state/IND", "state/RUS", "org/UN"))
    )
    assert o.partners_by_type == {"InternationalOrganization": 1, "State": 3}
    assert o.new_partners == expected
    assert str(o.first_contact[f"{R}state/CHN"]) == "2025-05-10"


def test_analysis_outreach_unknown_node(tiny: Any) -> None:
    with pytest.raises(nx.NodeNotFound):
        outreach(tiny, "zz")


def test_analysis_pagerank_multigraph_equals_summed_weights(fixture_store: Any) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    G = to_networkx(fixture_store)
    # reference: networkx's own power iteration on the multigraph, parallel edges as they are
    expected = _pagerank_python(G, weight="weight")
    assert pagerank(G) == pytest.approx(expected, abs=1e-6)
