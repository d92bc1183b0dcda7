"""Exports: the GEXF validates against the official 1.3 schema, GEXF and GraphML read
back into networkx unchanged, the CSV pair follows Gephi's spreadsheet format."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from diplograph.errors import ExportError
from diplograph.network.analysis import compute_metrics
from diplograph.network.build import to_networkx
from diplograph.network.export import (
    read_gexf,
    read_graphml,
    sanitize_attributes,
    write_csv,
    write_gexf,
    write_graphml,
    write_network,
    xml_safe,
)

GEXF_XSD = (
    Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "gexf" / "1.3" / "gexf.xsd"
)
NS = {"g": "http://gexf.net/1.3"}
R = "https://w3id.org/diplograph/id/"


@pytest.fixture(scope="session")
def gexf_schema() -> etree.XMLSchema:
    if not GEXF_XSD.is_file():
        pytest.skip(f"the official GEXF 1.3 schema is not at {GEXF_XSD} (shared/ beside the repo)")
    return etree.XMLSchema(etree.parse(str(GEXF_XSD)))


@pytest.fixture(scope="module")
def network(fixture_store: Any) -> Any:
    return compute_metrics(to_networkx(fixture_store))


def _assert_same(G: Any, H: Any) -> None:
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert sorted(G.edges(keys=True)) == sorted(H.edges(keys=True))
    for u, v, k, data in G.edges(keys=True, data=True):
        assert H.edges[u, v, k] == data


def test_export_gexf_validates(network: Any, gexf_schema: etree.XMLSchema, tmp_path: Path) -> None:
    path = write_gexf(network, tmp_path / "out.gexf")
    doc = etree.parse(str(path))
    assert gexf_schema.validate(doc), gexf_schema.error_log
    graph = doc.find("g:graph", NS)
    assert graph is not None
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    assert "name" not in graph.attrib


def test_export_gexf_viz_and_spells(network: Any, tmp_path: Path) -> None:
    doc = etree.parse(str(write_gexf(network, tmp_path / "out.gexf")))
    nodes = {n.get("id"): n for n in doc.iterfind(".//g:node", NS)}
    pak, un = nodes[f"{R}state/PAK"], nodes[f"{R}org/UN"]
    assert pak.find("g:color", NS).attrib != un.find("g:color", NS).attrib  # type: ignore[union-attr]
    sizes = {i: float(n.find("g:size", NS).get("value")) for i, n in nodes.items()}  # type: ignore[union-attr,arg-type]
    assert max(sizes, key=sizes.__getitem__) == max(
        network.nodes, key=lambda n: network.nodes[n]["pagerank"]
    )
    edges = doc.findall(".//g:edge", NS)
    assert len(edges) == 9  # each meeting once
    acc = next(e for e in edges if e.get("label") == "accusation")
    assert acc.get("type") == "directed" and acc.get("weight") == "3.0"
    spells = [s.get("start") for s in acc.iterfind("g:spells/g:spell", NS)]
    assert spells == ["2025-05-02", "2025-05-10", "2025-06-15"]
    meetings = [e for e in edges if e.get("label") == "meeting"]
    assert {e.get("type") for e in meetings} == {"mutual"}


@pytest.mark.parametrize(
    ("writer", "reader"), [(write_gexf, read_gexf), (write_graphml, read_graphml)]
)
def test_export_round_trip(network: Any, tmp_path: Path, writer: Any, reader: Any) -> None:
    path = writer(network, tmp_path / "out.x")
    _assert_same(network, reader(path))


@pytest.mark.parametrize(
    ("writer", "nx_reader"),
    [(write_gexf, lambda p: nx.read_gexf(p, version="1.3")), (write_graphml, nx.read_graphml)],
)
def test_export_plain_networkx_reads_it(
    network: Any, tmp_path: Path, writer: Any, nx_reader: Any
) -> None:
    H = nx_reader(writer(network, tmp_path / "out.x"))
    assert set(H.nodes) == set(network.nodes)
    assert H.nodes[f"{R}state/PAK"]["label"] == "Pakistan"
    assert (
        H.nodes[f"{R}state/PAK"]["memberships"]
        == "Organisation of Islamic Cooperation | United Nations"
    )


def test_export_traps_of_networkx_writer(gexf_schema: etree.XMLSchema, tmp_path: Path) -> None:
    """Edge attribute 'type', None, lists, dates, control characters and NaN."""
    G = nx.MultiDiGraph(name="")
    G.add_node("a\x01", label="Bad\x00label", type="State", tags=["x", "y"], missing=None)
    G.add_node("b", label='He said "hi" & <left>', type="Envoy")
    G.add_edge(
        "a\x01",
        "b",
        key="accusation",
        relation="accusation",
        type="odd",
        weight=2,
        first_date=dt.date(2025, 1, 2),
        dates=[dt.date(2025, 1, 2)],
        note=None,
        score=float("nan"),
    )
    path = write_gexf(G, tmp_path / "trap.gexf")
    doc = etree.parse(str(path))
    assert gexf_schema.validate(doc), gexf_schema.error_log
    edge = doc.find(".//g:edge", NS)
    assert edge is not None and edge.get("type") == "directed"
    values = {a.get("for"): a.get("value") for a in edge.iterfind(".//g:attvalue", NS)}
    assert values["type"] == "odd" and values["first_date"] == "2025-01-02" and "note" not in values
    H = nx.read_graphml(write_graphml(G, tmp_path / "trap.graphml"))
    assert H.nodes["a\ufffd"]["tags"] == "x | y"
    assert H.nodes["a\ufffd"]["label"] == "Bad\ufffdlabel"


def test_export_csv_gephi_format(network: Any, tmp_path: Path) -> None:
    nodes_path, edges_path = write_csv(network, tmp_path / "net.csv")
    assert (nodes_path.name, edges_path.name) == ("net-nodes.csv", "net-edges.csv")
    with nodes_path.open(newline="", encoding="utf-8") as fh:
        nodes = list(csv.DictReader(fh))
    with edges_path.open(newline="", encoding="utf-8") as fh:
        edges = list(csv.DictReader(fh))
    assert list(nodes[0])[:3] == ["Id", "Label", "Type"]
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert {n["Id"] for n in nodes} == set(network.nodes)
    assert len(edges) == 9
    acc = next(e for e in edges if e["Relation"] == "accusation")
    assert (acc["Source"], acc["Target"], acc["Type"], acc["Weight"]) == (
        f"{R}state/PAK",
        f"{R}state/IND",
        "Directed",
        "3",
    )
    assert {e["Type"] for e in edges if e["Relation"] == "meeting"} == {"Undirected"}


@pytest.mark.parametrize("suffix", [".gexf", ".graphml", ".csv", ".GEXF"])
def test_export_write_network_by_extension(network: Any, tmp_path: Path, suffix: str) -> None:
    written = write_network(network, tmp_path / f"out{suffix}")
    assert written and all(p.is_file() and p.stat().st_size > 0 for p in written)


def test_export_unknown_extension(network: Any, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"out\.json.*\.gexf, \.graphml, \.csv"):
        write_network(network, tmp_path / "out.json")


def test_export_metrics_computed_when_missing(fixture_store: Any, tmp_path: Path) -> None:
    G = to_networkx(fixture_store)
    H = read_gexf(write_gexf(G, tmp_path / "m.gexf"))
    assert all("pagerank" in d for _, d in H.nodes(data=True))


def test_export_sanitize_drops_none_and_joins_lists() -> None:
    G = nx.MultiDiGraph()
    G.add_edge(
        "a", "b", key="meeting", evidence=["x", "y"], first_date=dt.date(2025, 5, 2), note=None
    )
    H = sanitize_attributes(G)
    assert H.edges["a", "b", "meeting"] == {"evidence": "x | y", "first_date": "2025-05-02"}


labels = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30
) | st.sampled_from(
    ["\x00\x1b\x7f", "\"'<&>", "😀🇵🇰", "پاکستان", "\u202eRTL", "\ufffe\uffff", "a\rb\r\nc\td"]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(labels, min_size=1, max_size=4))
def test_export_any_labels_stay_well_formed(
    names: list[str], gexf_schema: etree.XMLSchema, tmp_path: Path
) -> None:
    G = nx.MultiDiGraph()
    for i, name in enumerate(names):
        G.add_node(f"n{i}", label=name, type="State", memberships=[name])
    for i in range(1, len(names)):
        G.add_edge(
            "n0",
            f"n{i}",
            key="accusation",
            relation=names[i],
            weight=1,
            dates=[dt.date(2025, 1, i)],
            mutual=False,
        )
    gexf = etree.parse(str(write_gexf(G, tmp_path / "h.gexf")))  # raises if ill-formed
    assert gexf_schema.validate(gexf), gexf_schema.error_log
    graphml = etree.parse(str(write_graphml(G, tmp_path / "h.graphml")))
    assert graphml.getroot() is not None
    H = nx.read_graphml(tmp_path / "h.graphml")
    assert [H.nodes[f"n{i}"]["label"] for i in range(len(names))] == [xml_safe(n) for n in names]
