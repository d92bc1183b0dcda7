"""to_networkx on the hand-written fixture articles (tests/data/network/articles.trig)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from diplograph.errors import NetworkError
from diplograph.network.build import parse_relations, resolve_actor, to_networkx

R = "https://w3id.org/diplograph/id/"
PAK, IND, CHN, RUS, USA, UN = (
    f"{R}state/PAK",
    f"{R}state/IND",
    f"{R}state/CHN",
    f"{R}state/RUS",
    f"{R}state/USA",
    f"{R}org/UN",
)
JANE, ASIM, GUTERRES = (
    f"{R}person/jane-doe",
    f"{R}person/asim-iftikhar",
    f"{R}person/antonio-guterres",
)
ART = [f"{R}article/a00000000000000{i}" for i in range(1, 5)]


def _unique_edges(G: Any) -> set[tuple[str, str, str]]:
    """Edges as Gephi sees them: a meeting once, claims with their direction."""
    out = set()
    for u, v, k, mutual in G.edges(keys=True, data="mutual"):
        out.add((min(u, v), max(u, v), k) if mutual else (u, v, k))
    return out


@pytest.fixture(scope="module")
def state_graph(fixture_store: Any) -> Any:
    return to_networkx(fixture_store)


def test_build_state_level_nodes_and_edges(state_graph: Any) -> None:
    G = state_graph
    assert set(G.nodes) == {PAK, IND, CHN, RUS, USA, UN, JANE}
    assert _unique_edges(G) == {
        (UN, PAK, "meeting"),
        (CHN, PAK, "meeting"),
        (PAK, RUS, "meeting"),
        (CHN, RUS, "meeting"),
        (IND, USA, "meeting"),
        (PAK, IND, "accusation"),
        (PAK, UN, "appeal"),
        (IND, PAK, "denial"),
        (JANE, IND, "criticism"),
    }
    # five meetings in both directions plus four claims
    assert G.number_of_edges() == 14


def test_build_weights_articles_dates_evidence(state_graph: Any) -> None:
    acc = state_graph.edges[PAK, IND, "accusation"]
    assert (acc["weight"], acc["articles"]) == (3, 3)
    assert acc["first_date"] == dt.date(2025, 5, 2)
    assert acc["last_date"] == dt.date(2025, 6, 15)
    assert acc["evidence"] == ART[:3]
    assert acc["dates"] == [dt.date(2025, 5, 2), dt.date(2025, 5, 10), dt.date(2025, 6, 15)]
    meet = state_graph.edges[PAK, UN, "meeting"]
    # the second meeting has no dg:date: its article's dg:published stands in
    assert (meet["weight"], meet["articles"]) == (2, 2)
    assert meet["dates"] == [dt.date(2025, 5, 2), dt.date(2025, 6, 15)]


def test_build_meetings_symmetric_claims_directed(state_graph: Any) -> None:
    G = state_graph
    assert G.edges[UN, PAK, "meeting"] == G.edges[PAK, UN, "meeting"]
    assert G.edges[PAK, UN, "meeting"]["mutual"] is True
    assert not G.has_edge(IND, PAK, "accusation")
    assert not G.has_edge(UN, PAK, "appeal")
    assert G.edges[PAK, IND, "accusation"]["mutual"] is False


def test_build_node_attributes(state_graph: Any) -> None:
    pak = state_graph.nodes[PAK]
    assert pak["label"] == "Pakistan"
    assert pak["type"] == "State"
    assert pak["code"] == "PAK"
    assert pak["memberships"] == ["Organisation of Islamic Cooperation", "United Nations"]
    assert state_graph.nodes[UN]["type"] == "InternationalOrganization"
    assert state_graph.nodes[UN]["code"] == "UN"
    # an unrepresented person stays a person at state level
    assert state_graph.nodes[JANE]["type"] == "Person"


def test_build_person_level_keeps_people(fixture_store: Any) -> None:
    G = to_networkx(fixture_store, level="person")
    assert {ASIM, GUTERRES, f"{R}person/ishaq-dar", f"{R}person/wang-yi"} <= set(G.nodes)
    assert PAK in G  # PAK itself claims and meets in article 2
    assert G.nodes[ASIM]["type"] == "Envoy"
    assert G.nodes[GUTERRES]["type"] == "Official"
    assert G.edges[ASIM, GUTERRES, "meeting"]["weight"] == 2
    assert G.edges[ASIM, IND, "accusation"]["weight"] == 2
    assert G.edges[PAK, IND, "accusation"]["weight"] == 1


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (dt.date(2025, 1, 1), None, {"accusation": 3, "meeting": 2}),
        (dt.date(2025, 5, 3), dt.date(2025, 5, 31), {"accusation": 1, "meeting": 0}),
        (None, dt.date(2024, 12, 31), {"accusation": 0, "meeting": 0}),
    ],
)
def test_build_since_until(
    fixture_store: Any, since: dt.date | None, until: dt.date | None, expected: dict[str, int]
) -> None:
    G = to_networkx(fixture_store, since=since, until=until)
    for relation, weight in expected.items():
        key = (PAK, IND, relation) if relation != "meeting" else (PAK, UN, relation)
        got = G.edges[key]["weight"] if G.has_edge(*key) else 0
        assert got == weight
    for _, _, dates in G.edges(data="dates"):
        assert all((since is None or d >= since) and (until is None or d <= until) for d in dates)
    assert (USA in G) == (until is not None and until < dt.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("types", "relations"),
    [
        (["meeting"], {"meeting"}),
        (["accusation", "denial"], {"accusation", "denial"}),
        (["Criticism"], {"criticism"}),
    ],
)
def test_build_types_filter(fixture_store: Any, types: list[str], relations: set[str]) -> None:
    G = to_networkx(fixture_store, types=types)
    assert {k for *_, k in G.edges(keys=True)} == relations


def test_build_unknown_type_is_an_error(fixture_store: Any) -> None:
    with pytest.raises(NetworkError, match=r"unknown relation type.*meetings.*expected"):
        to_networkx(fixture_store, types=["meetings"])


def test_build_parse_relations_order() -> None:
    assert parse_relations(["denial", "MEETING"]) == ("meeting", "denial")


@pytest.mark.parametrize(
    "focus", [PAK, "Pakistan", "pakistan", "Islamic Republic of Pakistan", "PAK"]
)
def test_build_focus_names(fixture_store: Any, focus: str) -> None:
    G = to_networkx(fixture_store, focus=focus)
    assert G.graph["focus"] == PAK
    assert set(G.nodes) == {PAK, IND, CHN, RUS, UN}


def test_build_focus_radius(fixture_store: Any) -> None:
    assert set(to_networkx(fixture_store, focus="USA", radius=1).nodes) == {USA, IND}
    assert set(to_networkx(fixture_store, focus="USA", radius=2).nodes) == {USA, IND, PAK, JANE}
    assert set(to_networkx(fixture_store, focus="USA", radius=0).nodes) == {USA}


def test_build_focus_person_folds_into_state(fixture_store: Any) -> None:
    G = to_networkx(fixture_store, focus="Asim Iftikhar")
    assert G.graph["focus"] == PAK


@pytest.mark.parametrize(
    ("focus", "message"),
    [
        ("Atlantis", "unknown focus actor 'Atlantis'"),
        ("Pakis", "did you mean Pakistan"),
        ("OIC", "has no meetings or claims"),
    ],
)
def test_build_unknown_focus_error(fixture_store: Any, focus: str, message: str) -> None:
    with pytest.raises(NetworkError, match=message):
        to_networkx(fixture_store, focus=focus)


def test_build_resolve_actor_acronym(fixture_store: Any) -> None:
    assert resolve_actor(fixture_store, "un") == UN


@pytest.mark.parametrize(
    "kwargs",
    [
        {"level": "region"},
        {"since": dt.date(2025, 6, 1), "until": dt.date(2025, 5, 1)},
        {"focus": "PAK", "radius": -1},
    ],
)
def test_build_bad_arguments(fixture_store: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(NetworkError):
        to_networkx(fixture_store, **kwargs)


def test_build_is_deterministic(fixture_store: Any) -> None:
    a, b = to_networkx(fixture_store), to_networkx(fixture_store)
    assert list(a.nodes) == list(b.nodes) == sorted(a.nodes)
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_build_empty_store() -> None:
    from network.conftest import FixtureStore

    G = to_networkx(FixtureStore())
    assert G.number_of_nodes() == 0


@pytest.fixture(scope="module")
def oxigraph_store() -> Any:
    """The production store in memory, with the packaged reference actors."""
    import pyoxigraph as ox
    from rdflib import Graph

    from diplograph.store import OxigraphStore
    from network.conftest import DATA, _to_rdflib

    graphs: dict[str, Graph] = {}
    for quad in ox.parse(path=DATA / "articles.trig", format=ox.RdfFormat.TRIG):
        triple = (_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object))
        graphs.setdefault(quad.graph_name.value, Graph()).add(triple)
    store = OxigraphStore(None)
    store.replace_graphs(graphs)
    yield store
    store.close()


def test_build_on_oxigraph_store_with_reference_actors(
    oxigraph_store: Any, state_graph: Any
) -> None:
    G = to_networkx(oxigraph_store, focus="Islamabad")  # an alias from the reference actors
    assert G.graph["focus"] == PAK
    assert "South Asian Association for Regional Cooperation" in G.nodes[PAK]["memberships"]
    full = to_networkx(oxigraph_store)
    assert sorted(full.edges(keys=True)) == sorted(state_graph.edges(keys=True))
    assert full.edges[PAK, IND, "accusation"] == state_graph.edges[PAK, IND, "accusation"]
