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


_TOP = "VALUES (?s) { (<urn:x:a>) }"


@pytest.mark.parametrize(
    ("query", "pushed"),
    [
        # a sub-SELECT projecting ?s as it is gets the block too
        ("SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } }", True),
        # ... also when it groups by ?s
        ("SELECT ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }", True),
        # ?s made by an expression is not the bound variable's value
        ("SELECT ?o WHERE { { SELECT (?x AS ?s) ?o WHERE { ?x ?p ?o } } }", False),
        # LIMIT / OFFSET pick rows before the join: binding inside would change them
        ("SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 1 } }", False),
        ("SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } OFFSET 1 } }", False),
        ("SELECT ?o WHERE { { SELECT * WHERE { ?s ?p ?o } } }", False),
        # ?s of the inner query is not the outer ?s: the middle one does not project it
        ("SELECT ?o WHERE { { SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } } } }", False),
        # a subquery that does not project ?s
        ("SELECT ?o WHERE { { SELECT ?o WHERE { ?s ?p ?o } } }", False),
        # keywords inside strings and comments are not queries
        ("SELECT ?o WHERE { ?s ?p 'SELECT ?s { x }' # SELECT ?s {\n }", False),
    ],
)
def test_sparql_with_values_binds_inside_subselects(query: str, pushed: bool) -> None:
    bound = with_values(query, {"s": A})
    assert bound.count(_TOP) == (2 if pushed else 1)
    assert bound.startswith(query[: query.index("{") + 1] + " " + _TOP)


_SUBQUERIES = [
    "SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } }",
    "SELECT ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }",
    # the row LIMIT keeps is not ?s = a: no row, with the binding inside there would be one
    "SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY DESC(?s) LIMIT 1 } }",
    "SELECT ?o ?n WHERE { ?s ?p ?o OPTIONAL { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?q ?x } "
    "GROUP BY ?s } } }",
    "SELECT ?o WHERE { ?t ?p ?o MINUS { { SELECT ?s ?t WHERE { ?s ?p ?t } } } }",
    "SELECT ?o WHERE { { SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } } } }",
    "SELECT ?o WHERE { { SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } } } }",
    "SELECT ?o WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } UNION { ?o ?p ?s } }",
]


@pytest.mark.parametrize("query", _SUBQUERIES)
def test_sparql_with_values_answers_as_a_join(query: str) -> None:
    """Binding inside subqueries gives the rows of the VALUES join at the top alone."""
    store = ox.Store()
    a, b, p = ox.NamedNode(str(A)), ox.NamedNode(str(B)), ox.NamedNode(str(P))
    c = ox.NamedNode("urn:x:c")
    for s, o in [(a, b), (a, ox.Literal("1")), (b, a), (b, ox.Literal("2")), (c, a)]:
        store.add(ox.Quad(s, p, o))
    top = query.index("{") + 1
    reference = f"{query[:top]} {_TOP}{query[top:]}"
    bound = with_values(query, {"s": A})
    assert bound != reference or bound.count(_TOP) == 1

    def rows(text: str) -> list[str]:
        result = store.query(text)
        names = [v.value for v in result.variables]
        return sorted(repr([str(sol[n]) for n in names]) for sol in result)

    assert rows(bound) == rows(reference)
    assert rows(reference) or "LIMIT" in query  # the data answers the others
