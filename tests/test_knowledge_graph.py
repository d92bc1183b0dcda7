"""KnowledgeGraph: the research-code face of the library, on two tiny hand-written articles.

tests/data/api/articles/ holds two articles whose facts are known by reading them:
Pakistan (Ishaq Dar) met China (Wang Yi) on 2025-05-02 and Dar accused India;
Kenya (William Ruto) met Ethiopia (Abiy Ahmed) on 2025-06-10 and Ruto urged Somalia.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from diplograph import (
    Article,
    DiplographError,
    ExportError,
    Extraction,
    InputError,
    KnowledgeGraph,
    NetworkError,
    QueryError,
    StoreError,
    ValidationError,
)
from diplograph.namespaces import DG
from diplograph.network import read_gexf, read_graphml
from diplograph.rdf.files import read_rdf
from diplograph.store import OxigraphStore, SparqlStore

DATA = Path(__file__).parent / "data" / "api"
ARTICLES = DATA / "articles"
PAK, CHN, IND = (f"https://w3id.org/diplograph/id/state/{c}" for c in ("PAK", "CHN", "IND"))
KEN, ETH, SOM = (f"https://w3id.org/diplograph/id/state/{c}" for c in ("KEN", "ETH", "SOM"))
EXPECTED_EDGES = {
    (PAK, CHN, "meeting"),
    (CHN, PAK, "meeting"),
    (PAK, IND, "accusation"),
    (KEN, ETH, "meeting"),
    (ETH, KEN, "meeting"),
    (KEN, SOM, "appeal"),
}


@pytest.fixture(scope="module")
def kg() -> Iterator[KnowledgeGraph]:
    """The two test articles ingested into an in-memory graph (read-only for the tests)."""
    with KnowledgeGraph() as graph:
        summary = graph.ingest(ARTICLES)
        assert (summary.stored, summary.quarantined, summary.failed) == (2, 0, [])
        yield graph


def test_knowledge_graph_in_memory_by_default(kg: KnowledgeGraph) -> None:
    assert kg.location == ":memory:"
    assert isinstance(kg.store, OxigraphStore)
    assert repr(kg) == "KnowledgeGraph(':memory:')"


def test_knowledge_graph_network_has_the_facts_of_the_articles(kg: KnowledgeGraph) -> None:
    G = kg.network()
    assert set(G.edges(keys=True)) == EXPECTED_EDGES
    assert G.nodes[PAK]["label"] == "Pakistan"
    assert G[PAK][CHN]["meeting"]["first_date"] == dt.date(2025, 5, 2)


@pytest.mark.parametrize(
    ("options", "edges"),
    [
        ({"types": "meeting"}, {e for e in EXPECTED_EDGES if e[2] == "meeting"}),
        ({"types": ["accusation", "appeal"]}, {(PAK, IND, "accusation"), (KEN, SOM, "appeal")}),
        ({"since": "2025-06-01"}, {e for e in EXPECTED_EDGES if KEN in e[:2]}),
        ({"until": dt.date(2025, 5, 31)}, {e for e in EXPECTED_EDGES if PAK in e[:2]}),
        ({"focus": "Kenya"}, {e for e in EXPECTED_EDGES if KEN in e[:2]}),
    ],
    ids=["types-text", "types-list", "since-text", "until-date", "focus"],
)
def test_knowledge_graph_network_options(
    kg: KnowledgeGraph, options: dict[str, object], edges: set[tuple[str, str, str]]
) -> None:
    assert set(kg.network(**options).edges(keys=True)) == edges  # type: ignore[arg-type]


def test_knowledge_graph_network_metrics(kg: KnowledgeGraph) -> None:
    G = kg.network(metrics=True)
    assert G.nodes[KEN]["degree"] == 2  # Ethiopia and Somalia
    assert {"pagerank", "betweenness", "community"} <= set(G.nodes[KEN])


@pytest.mark.parametrize(
    "options",
    [{"since": "May 2025"}, {"level": "planet"}, {"focus": "Atlantis"}],
    ids=["bad-date", "bad-level", "unknown-focus"],
)
def test_knowledge_graph_network_bad_options_raise(
    kg: KnowledgeGraph, options: dict[str, object]
) -> None:
    with pytest.raises(NetworkError):
        kg.network(**options)  # type: ignore[arg-type]


def test_knowledge_graph_query_bundled_with_parameters(kg: KnowledgeGraph) -> None:
    result = kg.query("outreach-partners", actor="PAK")
    assert result.rows == [
        {
            "partner": CHN,
            "partnerLabel": "China",
            "meetings": 1,
            "articles": 1,
            "first": dt.date(2025, 5, 2),
            "last": dt.date(2025, 5, 2),
        }
    ]
    # a mapping works for parameters, and a later keyword wins
    assert kg.query("outreach-partners", {"actor": "PAK"}, actor="Kenya").column(
        "partnerLabel"
    ) == ["Ethiopia"]


def test_knowledge_graph_query_inline_to_dataframe(kg: KnowledgeGraph) -> None:
    pytest.importorskip("pandas")
    frame = kg.query(
        "SELECT ?type (COUNT(?c) AS ?n) WHERE { ?c dg:claimType ?t "
        'BIND(STRAFTER(STR(?t), "/claim-type/") AS ?type) } GROUP BY ?type ORDER BY ?type'
    ).to_dataframe()
    assert frame.to_dict("records") == [{"type": "accusation", "n": 1}, {"type": "appeal", "n": 1}]


def test_knowledge_graph_query_errors_are_query_errors(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="unknown query"):
        kg.query("outreach-partner")
    with pytest.raises(QueryError):
        kg.query("outreach-partners")  # the actor parameter is required


def test_knowledge_graph_stats(kg: KnowledgeGraph) -> None:
    stats = kg.stats()
    assert stats["articles"] == 2
    assert stats["meetings"] == 2
    assert stats["claims_by_type"] == {"accusation": 1, "appeal": 1}
    assert (stats["extracted_articles"], stats["curated_articles"]) == (2, 0)
    assert stats["quarantined"] == 0


@pytest.mark.parametrize("name", ["outreach.gexf", "outreach.graphml"])
def test_knowledge_graph_export_network_round_trips(
    kg: KnowledgeGraph, tmp_path: Path, name: str
) -> None:
    written = kg.export(tmp_path / name)
    assert written == [tmp_path / name]
    back = read_gexf(written[0]) if name.endswith(".gexf") else read_graphml(written[0])
    assert set(back.edges(keys=True)) == EXPECTED_EDGES
    assert back.nodes[PAK]["label"] == "Pakistan"


def test_knowledge_graph_export_csv_with_network_options(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    nodes, edges = kg.export(tmp_path / "out.csv", types="accusation")
    assert (nodes.name, edges.name) == ("out-nodes.csv", "out-edges.csv")
    rows = edges.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2  # header and the one accusation
    assert PAK in rows[1] and IND in rows[1]


@pytest.mark.parametrize("name", ["dump.trig", "dump.nq"])
def test_knowledge_graph_export_rdf_dump(kg: KnowledgeGraph, tmp_path: Path, name: str) -> None:
    (path,) = kg.export(tmp_path / name)
    dataset = read_rdf(path)
    article = Article(id="x", text="", url="https://example.org/tests/api/beijing").iri
    graph = dataset.graph(URIRef(article))
    assert (URIRef(article), RDF.type, DG.Article) in graph
    assert sum(1 for _ in dataset.quads((None, None, None, None))) == kg.store.count()
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("net.pdf", {}, "cannot tell the format"),
        ("dump.trig", {"types": "meeting"}, "no network options"),
    ],
)
def test_knowledge_graph_export_refuses(
    kg: KnowledgeGraph, tmp_path: Path, name: str, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        kg.export(tmp_path / name, **options)
    assert not list(tmp_path.iterdir())


def test_knowledge_graph_plot(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = kg.plot(tmp_path / "net.png", focus="Pakistan")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_knowledge_graph_directory_store_persists(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with KnowledgeGraph(location) as kg:
        assert kg.ingest(ARTICLES / "a-beijing.txt").stored == 1
        quads = kg.store.count()
    assert location.is_dir()
    with KnowledgeGraph(str(location)) as kg:
        assert kg.stats()["articles"] == 1
        assert kg.store.count() == quads
        # re-ingesting replaces the article's graph instead of adding to it
        kg.ingest([ARTICLES / "a-beijing.txt"])
        assert kg.store.count() == quads


def test_knowledge_graph_closed_store_refuses(tmp_path: Path) -> None:
    kg = KnowledgeGraph(tmp_path / "store", reference=False)
    kg.close()
    with pytest.raises(StoreError, match="closed"):
        kg.stats()


def test_knowledge_graph_endpoint_url_opens_a_sparql_store() -> None:
    kg = KnowledgeGraph("http://127.0.0.1:9/sparql", reference=False)
    assert isinstance(kg.store, SparqlStore)
    assert kg.location == "http://127.0.0.1:9/sparql"


def test_knowledge_graph_optimize_keeps_the_answers(tmp_path: Path) -> None:
    with KnowledgeGraph(tmp_path / "store") as graph:
        graph.ingest(ARTICLES)
        quads = graph.store.count()
        rows = graph.query("outreach-partners", actor="Pakistan").rows
        graph.optimize()
        assert graph.store.count() == quads
        assert graph.query("outreach-partners", actor="Pakistan").rows == rows
    with KnowledgeGraph() as memory:
        memory.optimize()  # nothing to compact in memory: no error


def test_knowledge_graph_optimize_refuses_an_endpoint() -> None:
    kg = KnowledgeGraph("http://127.0.0.1:9/sparql", reference=False)
    with pytest.raises(StoreError, match="compacts its own storage"):
        kg.optimize()


def test_knowledge_graph_ingest_mixes_articles_extractions_and_paths() -> None:
    text = "Chile's foreign minister met Peru's foreign minister in Lima."
    article = Article(id="lima", text=text, date=dt.date(2025, 1, 3))
    with KnowledgeGraph() as kg:
        extraction = kg.extract(ARTICLES / "b-nairobi.txt")
        summary = kg.ingest([article, extraction, ARTICLES / "a-beijing.txt"])
        assert (summary.articles_read, summary.stored) == (3, 3)
        assert kg.stats()["articles"] == 3
        labels = {kg.network().nodes[n]["label"] for n in kg.network()}
    assert {"Chile", "Peru", "Kenya", "Pakistan"} <= labels


def test_knowledge_graph_ingest_reports_missing_inputs(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    with KnowledgeGraph(reference=False) as kg:
        summary = kg.ingest([missing])
    assert summary.stored == 0
    assert summary.failed == [(str(missing), "no such file or directory")]
    assert not summary.ok


def test_knowledge_graph_extract_one_article_without_storing(kg: KnowledgeGraph) -> None:
    before = kg.store.count()
    extraction = kg.extract(ARTICLES / "a-beijing.txt")
    assert isinstance(extraction, Extraction)
    assert extraction.article.id == "beijing"
    assert [(c.type, c.target) for c in extraction.claims] == [("accusation", IND)]
    assert kg.store.count() == before


def test_knowledge_graph_extract_refuses_a_file_of_several_articles(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text('{"id": "1", "text": "A."}\n{"id": "2", "text": "B."}\n', encoding="utf-8")
    with pytest.raises(InputError, match="holds 2 articles"):
        kg.extract(path)


def test_knowledge_graph_validate_extraction_graph_and_file(
    kg: KnowledgeGraph, tmp_path: Path
) -> None:
    extraction = kg.extract(ARTICLES / "b-nairobi.txt")
    assert kg.validate(extraction).conforms
    from diplograph.rdf.build import to_graph

    graph = to_graph(extraction)
    assert kg.validate(graph).conforms
    path = tmp_path / "nairobi.ttl"
    graph.serialize(path, format="turtle")
    assert kg.validate(path).conforms


def test_knowledge_graph_validate_is_a_value_raising_is_opt_in(kg: KnowledgeGraph) -> None:
    claim = URIRef("https://w3id.org/diplograph/id/article/0/claim/1")
    graph = Graph()
    graph.add((claim, RDF.type, DG.Accusation))  # no claimant, no evidence, no article
    graph.add((claim, DG.topic, Literal("x")))
    report = kg.validate(graph)
    assert not report.conforms
    assert {r.path for r in report.results} >= {"dg:claimant", "dg:evidence"}
    with pytest.raises(ValidationError) as raised:
        report.raise_for_violations()
    assert raised.value.report is report
    assert isinstance(raised.value, DiplographError)


def test_knowledge_graph_article_graph(kg: KnowledgeGraph) -> None:
    article = kg.extract(ARTICLES / "a-beijing.txt").article
    graph = kg.article_graph(article)
    assert (URIRef(article.iri), DG.title, Literal(article.title)) in graph
    assert len(kg.article_graph(article.iri)) == len(graph)


def test_knowledge_graph_network_is_networkx(kg: KnowledgeGraph) -> None:
    G = kg.network()
    assert isinstance(G, nx.MultiDiGraph)
    # the graph survives pickling (notebooks cache it)
    assert set(pickle.loads(pickle.dumps(G)).edges(keys=True)) == EXPECTED_EDGES


def test_knowledge_graph_network_keeps_undated_ties() -> None:
    """An article without a date gives undated meetings; they are ties all the same."""
    text = "Peru's foreign minister met Chile's foreign minister in Lima."
    with KnowledgeGraph() as kg:
        kg.ingest(Article(id="undated", text=text))
        G = kg.network()
    labels = {G.nodes[n]["label"] for n in G}
    assert labels == {"Chile", "Peru"}
    (data,) = [d for u, _, d in G.edges(data=True) if G.nodes[u]["label"] == "Peru"]
    assert data["first_date"] is None
