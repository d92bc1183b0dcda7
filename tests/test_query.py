"""Tests of diplograph.query and the bundled queries.

Two stores:

* ``fixture_store``: the hand-written TriG in tests/data/query/store.trig (three
  articles' worth of meetings and claims, one quarantine record); expectations are
  spelled out by hand from that file.
* ``gold_store``: the example articles (examples/articles) with the hand annotations
  of examples/gold.jsonl imported as curated data, so every bundled query can be
  checked against what the gold ``edges`` say (persons replaced by what they
  represent, meetings undirected, claims directed).
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import re
import sys
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from diplograph.errors import DiplographError, QueryError
from diplograph.infer import infer
from diplograph.model import Actor, ActorType, Article, Claim, Evidence, Extraction, Meeting
from diplograph.namespaces import DG, DGR
from diplograph.query import (
    PARAM_KINDS,
    QueryResult,
    get_query,
    list_queries,
    resolve_actor,
    run_query,
    to_python,
)
from diplograph.rdf.files import read_rdf
from diplograph.rdf.mint import org_iri, person_iri
from diplograph.store import ACTORS_GRAPH, OxigraphStore, Store, inferred_graph_name

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "query"
QUERY_NAMES = [q.name for q in list_queries()]
PAK, IND, CHN = DGR["state/PAK"], DGR["state/IND"], DGR["state/CHN"]
UN, OIC = DGR["org/UN"], DGR["org/OIC"]
A1, B2 = DGR["article/a1a1a1a1a1a1a1a1"], DGR["article/b2b2b2b2b2b2b2b2"]


def _load_trig(store: Store, path: Path) -> None:
    """The TriG's graphs, plus each article's ``/inferred`` graph as ingestion writes it."""
    graphs: dict[str, Graph] = {}
    for g in read_rdf(path).graphs():
        if len(g):
            graph = graphs.setdefault(str(g.identifier), Graph())
            for triple in g:
                graph.add(triple)
    for name in [n for n in graphs if "/article/" in n]:
        graphs[inferred_graph_name(name)] = infer(graphs[name])
    store.replace_graphs(graphs)


@pytest.fixture(scope="session")
def fixture_store() -> Iterator[Store]:
    store = OxigraphStore(None)
    _load_trig(store, DATA / "store.trig")
    yield store
    store.close()


# -- the gold store ------------------------------------------------------------------

_ENVOY_ROLE = re.compile(
    r"ambassador|envoy|representative|foreign (minister|secretary)|external affairs minister",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s|$)")


class Gold:
    """examples/gold.jsonl with every canonical name mapped to the IRI the store uses."""

    def __init__(
        self,
        records: list[dict[str, Any]],
        iris: dict[tuple[str, str], str],
        types: dict[str, str],
        articles: dict[str, str],
    ) -> None:
        self.records = records
        self.iris = iris
        self.types = types
        self.articles = articles  # gold id -> article IRI

    def iri(self, record: dict[str, Any], name: str) -> str:
        return self.iris[(record["id"], name)]

    def actor_level(self, record: dict[str, Any], name: str) -> str:
        """A person's affiliation, else the actor itself (the gold ``edges`` rule)."""
        actor = next(a for a in record["actors"] if a["name"] == name)
        if actor["type"] == "Person" and actor["affiliation"]:
            return self.iri(record, actor["affiliation"])
        return self.iri(record, name)

    def edges(self) -> Iterator[tuple[str, str, str, str]]:
        """(article id, source IRI, edge type, target IRI) from each record's ``edges``."""
        for rec in self.records:
            for a, kind, b in rec["edges"]:
                yield rec["id"], self.iri(rec, a), kind, self.iri(rec, b)


def _sentence(text: str, start_words: str) -> Evidence:
    start = text.index(start_words)
    m = _SENTENCE_END.search(text, start + len(start_words) - 1)
    end = m.end() if m else len(text)
    return Evidence(start, end, text[start:end])


def _gold_extractions(store: Store) -> tuple[list[Extraction], Gold]:
    from diplograph.read import read_article

    records = [
        json.loads(line)
        for line in (ROOT / "examples/gold.jsonl").read_text().splitlines()
        if line.strip()
    ]
    files = {p.name.split("-", 1)[0]: p for p in (ROOT / "examples/articles").glob("*.txt")}
    iris: dict[tuple[str, str], str] = {}
    types: dict[str, str] = {}
    reference = store.graph(ACTORS_GRAPH)
    extractions = []
    articles: dict[str, str] = {}
    for rec in records:
        (article,) = read_article(files[rec["id"]])
        articles[rec["id"]] = article.iri
        actors: dict[str, Actor] = {}
        # States and organisations first: persons point to them.
        for a in sorted(rec["actors"], key=lambda a: a["type"] == "Person"):
            if a["type"] == "Person":
                iri = person_iri(a["name"])
                kind: ActorType = "Envoy" if _ENVOY_ROLE.search(a["role"] or "") else "Official"
                rep = iris[(rec["id"], a["affiliation"])] if a["affiliation"] else None
                actor = Actor(iri, a["name"], kind, represents=rep, role=a["role"])
            else:
                try:
                    iri = str(resolve_actor(store, a["name"]))
                except QueryError:
                    assert a["type"] == "Organization", a
                    iri = org_iri(a["name"])
                kind = "State" if a["type"] == "State" else "Organization"
                for cls in reference.objects(URIRef(iri), RDF.type):
                    kind = cast(ActorType, str(cls).rsplit("#", 1)[1])
                label = str(reference.value(URIRef(iri), SKOS.prefLabel) or a["name"])
                actor = Actor(iri, label, kind)
            iris[(rec["id"], a["name"])] = iri
            types[iri] = actor.type
            actors[iri] = actor
        meetings = tuple(
            Meeting(
                tuple(iris[(rec["id"], p)] for p in m["participants"]),
                _sentence(article.text, m["sentence_start"]),
                article.date,
            )
            for m in rec["meetings"]
        )
        claims = tuple(
            Claim(
                iris[(rec["id"], c["claimant"])],
                c["type"],
                _sentence(article.text, c["sentence_start"]),
                target=iris[(rec["id"], c["target"])] if c["target"] else None,
                topic=c["topic"],
                date=article.date,
            )
            for c in rec["claims"]
        )
        extractions.append(
            Extraction(
                article, tuple(actors.values()), meetings, claims, extractor="gold", curated=True
            )
        )
    return extractions, Gold(records, iris, types, articles)


@pytest.fixture(scope="session")
def gold() -> Iterator[tuple[Store, Gold]]:
    from diplograph.pipeline import ingest_extractions

    store = OxigraphStore(None)
    extractions, gold = _gold_extractions(store)
    summary = ingest_extractions(extractions, store)
    assert (summary.stored, summary.quarantined) == (len(extractions), 0), summary
    # One article that cannot conform (a meeting of one participant) goes to quarantine.
    text = "Pakistan met."
    broken = Article(
        id="broken-01", text=text, url="https://example.org/broken", source="articles/broken-01.txt"
    )
    pak = Actor(str(PAK), "Pakistan", "State", code="PAK")
    lonely = Meeting((str(PAK),), Evidence(0, len(text), text))
    summary = ingest_extractions(
        [Extraction(broken, (pak,), (lonely,), extractor="gold", curated=True)], store
    )
    assert summary.quarantined == 1, summary
    yield store, gold
    store.close()


def _gold_pair_articles(gold: Gold, kind: str) -> Counter[tuple[str, str]]:
    """Number of articles whose gold edges hold (a, kind, b); meetings both ways."""
    out: Counter[tuple[str, str]] = Counter()
    for _, a, k, b in set(gold.edges()):
        if k == kind and a != b:
            out[(a, b)] += 1
            if kind == "meeting":
                out[(b, a)] += 1
    return out


# -- the query library ---------------------------------------------------------------


def test_query_library_has_the_promised_queries() -> None:
    promised = {
        "outreach-partners",
        "claims-by-type",
        "accusation-matrix",
        "meetings-between",
        "envoys",
        "organisations-engaged",
        "dyad-timeline",
        "quarantined",
        "articles-mentioning",
    }
    assert promised <= set(QUERY_NAMES)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_header_documents_params_and_columns(name: str) -> None:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    info = get_query(name)
    assert info.summary and info.summary.endswith(".")
    assert info.description.count("\n") >= 1, "the header explains what the query answers"
    algebra = translateQuery(parseQuery(info.text)).algebra
    projected = [str(v) for v in algebra.PV]
    assert [c for c, _ in info.columns] == projected
    assert all(doc for _, doc in info.columns)
    for param in info.params:
        assert param.kind in PARAM_KINDS
        assert f"?{param.name}" in info.text
        assert param.description


# -- the hand-written fixture --------------------------------------------------------


def _rows(result: QueryResult, *cols: str) -> list[tuple[Any, ...]]:
    return [tuple(row[c] for c in cols) for row in result.rows]


D = dt.date
FIXTURE_CASES: list[tuple[str, dict[str, str], tuple[str, ...], list[tuple[Any, ...]]]] = [
    (
        "outreach-partners",
        {"actor": "Pakistan"},
        ("partner", "meetings", "articles", "first", "last"),
        [
            (str(CHN), 2, 2, D(2025, 5, 2), D(2025, 6, 10)),
            (str(OIC), 1, 1, D(2025, 5, 2), D(2025, 5, 2)),
            (str(UN), 1, 1, D(2025, 5, 2), D(2025, 5, 2)),
        ],
    ),
    (
        "outreach-partners",
        {"actor": "PAK", "since": "2025-06-01"},
        ("partner", "meetings", "first"),
        [(str(CHN), 1, D(2025, 6, 10))],
    ),
    (
        "outreach-partners",
        {"actor": "CHN", "until": "2025-05-31"},
        ("partner", "meetings"),
        [(str(PAK), 1)],
    ),
    (
        "claims-by-type",
        {"claimant": "Pakistan", "target": "India"},
        ("type", "claims", "first", "last"),
        [
            ("accusation", 2, D(2025, 5, 2), D(2025, 6, 12)),
            ("denial", 1, D(2025, 6, 11), D(2025, 6, 11)),
        ],
    ),
    (
        "claims-by-type",
        {"claimant": "India", "target": "Pakistan"},
        ("type", "claims"),
        [("accusation", 1)],
    ),
    (
        "accusation-matrix",
        {},
        ("accuserLabel", "accusedLabel", "accusations", "articles"),
        [("Pakistan", "India", 2, 2), ("India", "Pakistan", 1, 1)],
    ),
    (
        "meetings-between",
        {"a": "Pakistan", "b": "China"},
        ("date", "sentence", "url"),
        [
            (
                D(2025, 5, 2),
                "Pakistani officials have met diplomats from China and the OIC.",
                "https://example.org/a1",
            ),
            (
                D(2025, 6, 10),
                "Foreign Minister Ishaq Dar held talks with China in Beijing.",
                "https://example.org/b2",
            ),
        ],
    ),
    (
        "meetings-between",
        {"a": "UN", "b": "PAK"},
        ("sentence", "title"),
        [
            (
                "Ambassador Asim Iftikhar met UN Secretary-General Antonio Guterres.",
                "Pakistan's envoy meets UN chief",
            )
        ],
    ),
    ("meetings-between", {"a": "India", "b": "China"}, ("meeting",), []),
    (
        "envoys",
        {},
        ("envoyLabel", "represents", "roles", "articles"),
        [
            ("Asim Iftikhar", str(PAK), "Permanent Representative to the United Nations", 1),
            ("Ishaq Dar", str(PAK), "Foreign Minister", 1),
        ],
    ),
    (
        "organisations-engaged",
        {"state": "Pakistan"},
        ("organisation", "meetings", "claims"),
        [(str(UN), 1, 1), (str(OIC), 1, 0)],
    ),
    (
        "dyad-timeline",
        {"a": "Pakistan", "b": "India"},
        ("date", "kind", "from", "to"),
        [
            (D(2025, 5, 2), "accusation", str(PAK), str(IND)),
            (D(2025, 6, 10), "accusation", str(IND), str(PAK)),
            (D(2025, 6, 11), "denial", str(PAK), str(IND)),
            (D(2025, 6, 12), "accusation", str(PAK), str(IND)),
        ],
    ),
    (
        "dyad-timeline",
        {"a": "China", "b": "Pakistan"},
        ("date", "kind", "from", "to"),
        [
            (D(2025, 5, 2), "meeting", str(CHN), str(PAK)),
            (D(2025, 6, 10), "meeting", str(CHN), str(PAK)),
        ],
    ),
    (
        "quarantined",
        {},
        ("articleId", "sourcePath", "reasons"),
        [("c3", "articles/c3.txt", "Meeting needs at least two participants")],
    ),
    (
        "articles-mentioning",
        {"actor": "India"},
        ("articleId", "published", "outlet"),
        [("b2", D(2025, 6, 10), None), ("a1", D(2025, 5, 2), "Example Times")],
    ),
    ("articles-mentioning", {"actor": "OIC"}, ("articleId",), [("a1",)]),
    (
        "claims-of-type",
        {"type": "accusation"},
        ("date", "claimantLabel", "targetLabel"),
        [
            (D(2025, 5, 2), "Asim Iftikhar", "India"),
            (D(2025, 6, 10), "India", "Pakistan"),
            (D(2025, 6, 12), "Ishaq Dar", "India"),
        ],
    ),
    (
        "claims-of-type",
        {"type": "appeal", "since": "2025-01-01"},
        ("claimantLabel", "topic"),
        [("Pakistan", None)],
    ),
]


@pytest.mark.parametrize(
    ("name", "params", "cols", "expected"),
    FIXTURE_CASES,
    ids=[f"{c[0]}-{'-'.join(c[1].values()) or 'all'}" for c in FIXTURE_CASES],
)
def test_query_bundled_rows_on_fixture(
    fixture_store: Store,
    name: str,
    params: dict[str, str],
    cols: tuple[str, ...],
    expected: list[tuple[Any, ...]],
) -> None:
    result = run_query(fixture_store, name, params)
    assert result.vars == tuple(c for c, _ in get_query(name).columns)
    assert _rows(result, *cols) == expected


def test_query_every_bundled_query_is_tested_on_fixture() -> None:
    assert {c[0] for c in FIXTURE_CASES} == set(QUERY_NAMES)


# -- the gold store: expectations from examples/gold.jsonl ---------------------------


def _focus_actors(gold: Gold) -> list[str]:
    """Actors in the most gold meeting edges (the interesting ones to ask about)."""
    count: Counter[str] = Counter()
    for _, a, kind, b in gold.edges():
        if kind == "meeting":
            count.update([a, b])
    return [iri for iri, _ in count.most_common(4)]


def test_query_gold_outreach_partners(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    pairs = _gold_pair_articles(g, "meeting")
    for actor in _focus_actors(g):
        expected = {b: n for (a, b), n in pairs.items() if a == actor}
        result = run_query(store, "outreach-partners", {"actor": URIRef(actor)})
        assert {r["partner"]: r["articles"] for r in result.rows} == expected, actor
        assert all(r["meetings"] >= r["articles"] for r in result.rows)


def test_query_gold_accusation_matrix(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    expected = _gold_pair_articles(g, "accusation")
    rows = run_query(store, "accusation-matrix").rows
    assert {(r["accuser"], r["accused"]): r["articles"] for r in rows} == dict(expected)
    counts = [r["accusations"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_query_gold_claims_by_type(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    by_pair: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for _, a, kind, b in set(g.edges()):
        if kind != "meeting" and a != b:
            by_pair[(a, b)][kind] += 1
    busiest = sorted(by_pair, key=lambda p: (-sum(by_pair[p].values()), p))[:5]
    for a, b in busiest:
        rows = run_query(store, "claims-by-type", {"claimant": URIRef(a), "target": URIRef(b)})
        assert {r["type"]: r["articles"] for r in rows.rows} == dict(by_pair[(a, b)]), (a, b)


def test_query_gold_meetings_between(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    pairs = _gold_pair_articles(g, "meeting")
    for (a, b), n in sorted(pairs.items())[:8]:
        starts = [
            m["sentence_start"]
            for rec in g.records
            for m in rec["meetings"]
            if {g.actor_level(rec, p) for p in m["participants"]} >= {a, b}
        ]
        result = run_query(store, "meetings-between", {"a": URIRef(a), "b": URIRef(b)})
        assert len({r["article"] for r in result.rows}) == n
        assert sorted(r["sentence"][:30] for r in result.rows) == sorted(s[:30] for s in starts)
        assert all(r["url"].startswith("https://") for r in result.rows)


def test_query_gold_envoys(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    expected = {
        (person_iri(a["name"]), g.iri(rec, a["affiliation"]))
        for rec in g.records
        for a in rec["actors"]
        if a["type"] == "Person" and a["affiliation"] and _ENVOY_ROLE.search(a["role"] or "")
    }
    rows = run_query(store, "envoys").rows
    assert {(r["envoy"], r["represents"]) for r in rows} == expected


def test_query_gold_organisations_engaged(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    orgs = {i for i, t in g.types.items() if "Organization" in t}
    states = sorted({a for _, a, _, _ in g.edges() if g.types[a] == "State"})
    for state in states[:6]:
        met = {b for (a, b) in _gold_pair_articles(g, "meeting") if a == state and b in orgs}
        addressed = {b for _, a, k, b in g.edges() if a == state and k != "meeting" and b in orgs}
        rows = run_query(store, "organisations-engaged", {"state": URIRef(state)}).rows
        assert {r["organisation"] for r in rows} == met | addressed, state
        assert {r["organisation"] for r in rows if r["meetings"]} == met


def test_query_gold_dyad_timeline(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    edges = set(g.edges())
    for a, b in sorted(_gold_pair_articles(g, "accusation"))[:6]:
        expected: Counter[tuple[str, str, str, str]] = Counter()
        for art, x, kind, y in edges:
            if {x, y} == {a, b}:
                frm, to = (a, b) if kind == "meeting" else (x, y)
                expected[(art, kind, frm, to)] += 1
        rows = run_query(store, "dyad-timeline", {"a": URIRef(a), "b": URIRef(b)}).rows
        ids = {iri: art for art, iri in g.articles.items()}
        got = {(ids[_article_of(r["event"])], r["kind"], r["from"], r["to"]) for r in rows}
        assert got == set(expected), (a, b)
        dates = [r["date"] for r in rows]
        assert dates == sorted(dates)


def _article_of(event: str) -> str:
    return event.rsplit("/", 2)[0]


def test_query_gold_articles_mentioning(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    for actor in _focus_actors(g):
        expected = {
            rec["id"] for rec in g.records for a in rec["actors"] if g.iri(rec, a["name"]) == actor
        }
        rows = run_query(store, "articles-mentioning", {"actor": URIRef(actor)}).rows
        assert {r["articleId"] for r in rows} == expected
        assert [r["published"] for r in rows] == sorted(
            (r["published"] for r in rows), reverse=True
        )


def test_query_gold_claims_of_type(gold: tuple[Store, Gold]) -> None:
    store, g = gold
    per_type = Counter(c["type"] for rec in g.records for c in rec["claims"])
    for kind, n in per_type.items():
        assert len(run_query(store, "claims-of-type", {"type": kind})) == n, kind
    dates = sorted({dt.date.fromisoformat(rec["date"]) for rec in g.records})
    since = dates[len(dates) // 2]
    later = Counter(
        c["type"]
        for rec in g.records
        for c in rec["claims"]
        if dt.date.fromisoformat(rec["date"]) >= since
    )
    for kind, n in later.items():
        assert len(run_query(store, "claims-of-type", {"type": kind, "since": since})) == n


def test_query_gold_quarantined_lists_a_broken_article(gold: tuple[Store, Gold]) -> None:
    store, _ = gold
    (row,) = run_query(store, "quarantined").rows
    assert row["articleId"] == "broken-01" and row["sourcePath"] == "articles/broken-01.txt"
    assert row["reasons"]


# -- parameters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["Pakistan", "PAK", "Islamabad", "pakistan", "pAk", "dgr:state/PAK", str(PAK), f"<{PAK}>"],
)
def test_query_actor_spellings_give_the_same_rows(fixture_store: Store, spelling: str) -> None:
    expected = run_query(fixture_store, "outreach-partners", {"actor": PAK})
    result = run_query(fixture_store, "outreach-partners", {"actor": spelling})
    assert result.rows == expected.rows and len(result) == 3


def test_query_actor_ambiguous_lists_candidates(fixture_store: Store) -> None:
    with pytest.raises(QueryError, match=r"ambiguous.*dgr:person/jordan.*dgr:state/JOR"):
        run_query(fixture_store, "outreach-partners", {"actor": "Jordan"})


def test_query_actor_unknown_suggests_close_labels(fixture_store: Store) -> None:
    with pytest.raises(QueryError, match=r"parameter actor.*unknown actor 'Pakistn'.*Pakistan"):
        run_query(fixture_store, "outreach-partners", {"actor": "Pakistn"})


INJECTIONS = [
    'Pakistan" } UNION { ?s ?p ?o',
    "Pakistan' } UNION { ?s ?p ?o } #",
    '"""} ; DROP ALL ; SELECT * {"""',
    "> } UNION { ?s ?p ?o",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_query_injection_is_an_unknown_actor(fixture_store: Store, value: str) -> None:
    with pytest.raises(QueryError, match="unknown actor"):
        run_query(fixture_store, "outreach-partners", {"actor": value})


@pytest.mark.parametrize("value", INJECTIONS)
def test_query_injection_is_just_a_literal(fixture_store: Store, value: str) -> None:
    query = "SELECT ?article ?id WHERE { ?article a dg:Article ; dg:articleId ?id }"
    assert len(run_query(fixture_store, query)) == 2
    assert run_query(fixture_store, query, {"id": value}).rows == []
    assert run_query(fixture_store, query, {"id": "a1"}).rows == [{"article": str(A1), "id": "a1"}]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_query_any_text_binds_as_one_literal(fixture_store: Store, value: str) -> None:
    query = "SELECT ?article ?title WHERE { ?article dg:title ?title }"
    rows = run_query(fixture_store, query, {"title": Literal(value)}).rows
    assert all(r["title"] == value for r in rows)
    assert len(rows) <= 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, r"missing parameter 'actor' \(actor\)"),
        ({"actor": "PAK", "colour": "red"}, r"unknown parameter 'colour'.*actor, since, until"),
        ({"actor": "PAK", "since": "2025-13-01"}, r"since \(date\): '2025-13-01' is not a date"),
        ({"actor": "PAK", "since": "last year"}, r"not a date"),
        ({"actor": ""}, r"empty"),
    ],
)
def test_query_bad_parameters(fixture_store: Store, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(fixture_store, "outreach-partners", params)


def test_query_claim_type_parameter(fixture_store: Store) -> None:
    by_name = run_query(fixture_store, "claims-of-type", {"type": "Accusation"})
    by_curie = run_query(fixture_store, "claims-of-type", {"type": "dgct:accusation"})
    assert by_name.rows == by_curie.rows and len(by_name) == 3
    with pytest.raises(QueryError, match=r"unknown claim type 'gossip'.*accusation, denial"):
        run_query(fixture_store, "claims-of-type", {"type": "gossip"})


def test_query_python_values_as_parameters(fixture_store: Store) -> None:
    result = run_query(
        fixture_store, "outreach-partners", {"actor": PAK, "since": dt.date(2025, 6, 1)}
    )
    assert [r["partnerLabel"] for r in result] == ["China"]
    int_query = "SELECT ?e ?b WHERE { ?e dg:beginOffset ?b }"
    assert len(run_query(fixture_store, int_query, {"b": 0})) == 2


def test_query_inline_parameter_must_be_a_variable(fixture_store: Store) -> None:
    with pytest.raises(QueryError, match=r"'x' is not a variable \(\?x\)"):
        run_query(fixture_store, "SELECT ?s WHERE { ?s ?p ?o }", {"x": "1"})


# -- query sources and errors --------------------------------------------------------


def test_query_from_rq_file(fixture_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "ids.rq"
    path.write_text(
        "# Article ids.\n# param id: string\nSELECT ?a ?id WHERE { ?a dg:articleId ?id }\n"
    )
    assert run_query(fixture_store, str(path), {"id": "b2"}).rows == [{"a": str(B2), "id": "b2"}]
    with pytest.raises(QueryError, match="missing parameter 'id'"):
        run_query(fixture_store, str(path))
    with pytest.raises(QueryError, match="cannot read the query file"):
        run_query(fixture_store, str(tmp_path / "missing.rq"))


def test_query_unknown_name_lists_the_bundled_ones(fixture_store: Store) -> None:
    with pytest.raises(
        QueryError, match=r"unknown query 'envoy'.*did you mean envoys.*quarantined"
    ):
        run_query(fixture_store, "envoy")


def test_query_syntax_error_gives_line_and_column(fixture_store: Store) -> None:
    with pytest.raises(QueryError, match=r"syntax error at line 2, column \d+"):
        run_query(fixture_store, "SELECT ?s\nWHERE { ?s ?p }")


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/diplograph/id/graph/actors>",
        "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_query_refuses_updates(fixture_store: Store, update: str) -> None:
    before = len(run_query(fixture_store, "SELECT * WHERE { ?s ?p ?o }"))
    with pytest.raises(QueryError, match=r"updates .* are refused"):
        run_query(fixture_store, update)
    assert len(run_query(fixture_store, "SELECT * WHERE { ?s ?p ?o }")) == before


# -- no network or file access unless asked -------------------------------------------


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


REMOTE = [
    "SELECT * WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SERVICE SILENT <{url}/sparql> { ?s ?p ?o } } }",
    "SELECT * FROM <{url}/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <{url}/data.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "SELECT * FROM <file://{secret}> WHERE { ?s ?p ?o }",
    "ASK FROM <{url}/x> { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}/sparql> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", REMOTE)
def test_query_refuses_service_and_from(
    fixture_store: Store, http_server: tuple[str, list[str]], tmp_path: Path, template: str
) -> None:
    url, hits = http_server
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'SECRET-VALUE' .\n")
    query = template.replace("{url}", url).replace("{secret}", str(secret))
    with pytest.raises(QueryError, match=r"(SERVICE|FROM).* refused.*--allow-remote"):
        run_query(fixture_store, query)
    assert hits == []


def test_query_allow_remote_lets_service_through(
    fixture_store: Store, http_server: tuple[str, list[str]]
) -> None:
    url, hits = http_server
    with pytest.raises(QueryError, match="500"):
        run_query(
            fixture_store,
            f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
            allow_remote=True,
        )
    assert hits == ["/sparql"]


def test_query_service_in_a_string_or_comment_is_not_refused(fixture_store: Store) -> None:
    query = '# SERVICE <http://example.org/> FROM <http://x>\nSELECT ?t WHERE { ?a dg:title ?t FILTER(?t != "SERVICE <http://x> {}") }'  # noqa: E501
    assert len(run_query(fixture_store, query)) == 2


# -- results ---------------------------------------------------------------------------


def test_query_json_follows_sparql_results_json(fixture_store: Store) -> None:
    result = run_query(fixture_store, "outreach-partners", {"actor": "PAK"})
    doc = json.loads(result.to_json())
    assert doc["head"]["vars"] == list(result.vars)
    bindings = doc["results"]["bindings"]
    assert len(bindings) == len(result)
    for binding in bindings:
        assert set(binding) <= set(result.vars)
        for term in binding.values():
            assert term["type"] in {"uri", "literal", "bnode"}
            assert isinstance(term["value"], str)
    first = bindings[0]
    assert first["partner"] == {"type": "uri", "value": str(CHN)}
    assert first["meetings"] == {"type": "literal", "value": "2", "datatype": str(XSD.integer)}
    assert first["first"] == {"type": "literal", "value": "2025-05-02", "datatype": str(XSD.date)}
    assert first["partnerLabel"] == {"type": "literal", "value": "China"}


def test_query_json_leaves_unbound_out(fixture_store: Store) -> None:
    result = run_query(fixture_store, "articles-mentioning", {"actor": "IND"})
    bindings = json.loads(result.to_json())["results"]["bindings"]
    assert "outlet" not in bindings[0] and bindings[1]["outlet"]["value"] == "Example Times"


def test_query_csv_and_tsv(fixture_store: Store) -> None:
    result = run_query(fixture_store, "outreach-partners", {"actor": "PAK"})
    csv_lines = result.to_csv().splitlines()
    assert csv_lines[0] == "partner,partnerLabel,meetings,articles,first,last"
    assert csv_lines[1] == f"{CHN},China,2,2,2025-05-02,2025-06-10"
    tsv_lines = result.to_tsv().splitlines()
    assert tsv_lines[0] == "?partner\t?partnerLabel\t?meetings\t?articles\t?first\t?last"
    assert tsv_lines[1].split("\t")[:3] == [f"<{CHN}>", '"China"', f'"2"^^<{XSD.integer}>']


def test_query_python_values(fixture_store: Store) -> None:
    row = run_query(fixture_store, "outreach-partners", {"actor": "PAK"}).rows[0]
    assert row == {
        "partner": str(CHN),
        "partnerLabel": "China",
        "meetings": 2,
        "articles": 2,
        "first": D(2025, 5, 2),
        "last": D(2025, 6, 10),
    }
    assert isinstance(row["meetings"], int) and isinstance(row["first"], dt.date)


def test_query_construct_gives_a_graph_and_turtle(fixture_store: Store) -> None:
    query = "CONSTRUCT { ?p dg:represents ?s } WHERE { ?p a dg:Envoy ; dg:represents ?s }"
    result = run_query(fixture_store, query)
    assert result.form == "CONSTRUCT" and result.graph is not None and len(result.graph) == 2
    turtle = result.to_turtle()
    assert "@prefix dg:" in turtle and "dgr:person/ishaq-dar" not in turtle  # IRIs with '/'
    assert set(Graph().parse(data=turtle, format="turtle")) == set(result.graph)
    with pytest.raises(QueryError, match="graph, not a table"):
        result.to_csv()


def test_query_describe(fixture_store: Store) -> None:
    result = run_query(
        fixture_store, "DESCRIBE ?p WHERE { ?p dg:role ?r }", {"r": "Foreign Minister"}
    )
    assert result.graph is not None
    assert (DGR["person/ishaq-dar"], DG.represents, PAK) in result.graph


@pytest.mark.parametrize(("iso", "expected"), [("PAK", True), ("XXX", False)])
def test_query_ask(fixture_store: Store, iso: str, expected: bool) -> None:
    result = run_query(fixture_store, "ASK { ?s dg:isoCode ?code }", {"code": iso})
    assert result.form == "ASK" and result.boolean is expected
    assert json.loads(result.to_json()) == {"head": {}, "boolean": expected}


def test_query_to_dataframe(fixture_store: Store) -> None:
    pd = pytest.importorskip("pandas")
    df = run_query(fixture_store, "accusation-matrix").to_dataframe()
    assert list(df.columns) == [
        "accuser",
        "accuserLabel",
        "accused",
        "accusedLabel",
        "accusations",
        "articles",
    ]
    matrix = df.pivot(index="accuserLabel", columns="accusedLabel", values="accusations")
    assert matrix.loc["Pakistan", "India"] == 2 and pd.isna(matrix.loc["Pakistan", "Pakistan"])


def test_query_to_dataframe_without_pandas(
    fixture_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    result = run_query(fixture_store, "envoys")
    with pytest.raises(DiplographError, match=r"pip install 'diplograph\[pandas\]'"):
        result.to_dataframe()


def test_query_column_and_iteration(fixture_store: Store) -> None:
    result = run_query(fixture_store, "envoys")
    assert result.column("envoyLabel") == ["Asim Iftikhar", "Ishaq Dar"]
    assert [r["envoyLabel"] for r in result] == result.column("envoyLabel")
    with pytest.raises(QueryError, match="no column 'nope'"):
        result.column("nope")


# -- Python values straight from the engine's terms ---------------------------------------

LEXICAL = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"[+-]?[0-9]{1,25}", fullmatch=True),
    st.from_regex(r"-?[0-9]{4}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?", fullmatch=True),
    st.dates().map(dt.date.isoformat),
)
DATATYPES = st.sampled_from(
    [XSD.string, XSD.integer, XSD.date, XSD.anyURI, XSD.int, XSD.decimal, XSD.boolean,
     XSD.dateTime, XSD.double, XSD.gYear, URIRef("urn:x:own-type")]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(LEXICAL, DATATYPES | st.sampled_from(["en", "fr-CA"]))
def test_query_values_from_engine_terms_equal_the_rdflib_path(text: str, kind: Any) -> None:
    import pyoxigraph as ox

    from diplograph.query import _value
    from diplograph.store._terms import from_ox

    if isinstance(kind, URIRef):
        cell = ox.Literal(text, datatype=ox.NamedNode(str(kind)))
    else:
        cell = ox.Literal(text, language=kind)
    expected = to_python(from_ox(cell))
    got = _value(cell)
    assert got == expected and type(got) is type(expected)


class _SelectOnly:
    """A third-party Store with only the protocol's ``select``."""

    def __init__(self, store: Store) -> None:
        self.inner = store
        self.location = "select-only"
        self.quarantine = store.quarantine

    def select(self, sparql: str, bindings: Any = None) -> Any:
        return self.inner.select(sparql, bindings)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.inner, name)


@pytest.mark.parametrize("name", ["outreach-partners", "articles-mentioning", "envoys"])
def test_query_store_with_select_only_gives_the_same_answer(
    fixture_store: Store, name: str
) -> None:
    params = {"actor": "PAK"} if name != "envoys" else {}
    ours = run_query(fixture_store, name, params)
    theirs = run_query(cast(Store, _SelectOnly(fixture_store)), name, params)
    assert theirs.vars == ours.vars and theirs.rows == ours.rows
    assert theirs.terms == ours.terms and theirs.to_json() == ours.to_json()
    assert len(ours.rows) > 0
