from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from diplograph.errors import QueryError
from diplograph.store import SparqlStore, open_store
from diplograph.store._sparql_text import with_values

DATA = Path(__file__).parents[1] / "data" / "store"
A = URIRef("urn:x:a")
B = URIRef("urn:x:b")
P = URIRef("urn:x:p")


def test_sparql_store_against_oxigraph_server(oxigraph_server: str) -> None:
    store = open_store(oxigraph_server, reference=False)
    assert isinstance(store, SparqlStore)
    g = Graph()
    g.add((A, P, Literal("one", lang="en")))
    g.add((B, P, Literal(2)))
    store.replace_graphs({"urn:x:g1": g})
    rows = store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": A})
    assert rows == [{"o": Literal("one", lang="en")}]
    assert store.select("ASK { ?s ?p 2 }") == [{"ask": Literal(True)}]
    assert set(store.construct("CONSTRUCT WHERE { ?s ?p ?o }")) == set(g)
    store.quarantine.replace_graphs({"urn:x:q": g})
    assert store.graph_names() == ["urn:x:g1"]
    assert store.quarantine.graph_names() == ["urn:x:q"]
    assert store.count() == 2
    out = io.BytesIO()
    store.dump(out, "nquads")
    assert len(list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))) == 2
    store.replace_graphs({"urn:x:g1": Graph()}, remove=["urn:x:nothing"])
    assert store.graph_names() == []
    with pytest.raises(QueryError):
        store.select("SELECT WHERE {")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "SELECT ?o WHERE { ?s ?p ?o }",
            "SELECT ?o WHERE { VALUES (?s) { (<urn:x:a>) } ?s ?p ?o }",
        ),
        ("SELECT * { ?s ?p '{' }", "SELECT * { VALUES (?s) { (<urn:x:a>) } ?s ?p '{' }"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<urn:x:a>) } ?s ?p ?o }",
        ),
        (
            "# a comment with {\nPREFIX x: <urn:x#>\nASK { ?s ?p ?o }",
            "# a comment with {\nPREFIX x: <urn:x#>\nASK { VALUES (?s) { (<urn:x:a>) } ?s ?p ?o }",
        ),
    ],
)
def test_sparql_with_values_opens_where_group(query: str, expected: str) -> None:
    assert with_values(query, {"s": A}) == expected


def test_sparql_with_values_rejects_bad_names() -> None:
    with pytest.raises(QueryError):
        with_values("SELECT * { ?s ?p ?o }", {"s } DROP": A})


def test_sparql_store_ingest_through_endpoint(oxigraph_server: str, tmp_path: Path) -> None:
    import importlib.util

    from diplograph.pipeline import ingest, quarantined_articles
    from diplograph.store import REFERENCE_GRAPHS, OxigraphStore, inferred_graph_name

    spec = importlib.util.spec_from_file_location("synthetic", DATA / "synthetic.py")
    assert spec and spec.loader
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    synthetic.write_articles(tmp_path / "articles", 3)

    remote = open_store(oxigraph_server)
    summary = ingest([str(tmp_path / "articles")], remote)
    assert (summary.stored, summary.ok) == (3, True)
    local = OxigraphStore(None)
    ingest([str(tmp_path / "articles")], local)
    assert remote.graph_names() == local.graph_names()
    assert set(REFERENCE_GRAPHS) <= set(remote.graph_names())
    for name in local.graph_names():
        assert set(remote.graph(name)) == set(local.graph(name)), name
    articles = [n for n in local.graph_names() if inferred_graph_name(n) in local.graph_names()]
    assert len(articles) == 3 + 1  # three articles, and the reference actors' inferred graph
    assert quarantined_articles(remote) == []
    assert remote.count() == local.count()
