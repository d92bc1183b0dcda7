"""Property-based hardening: any text, any name.

- Any Unicode text ingested as an article finishes, and the article is either stored
  (it conforms to the shapes) or quarantined with reasons: never lost, never failed.
- Every IRI minted from any name is a valid IRI that rdflib and pyoxigraph both
  write and read back, in Turtle and in N-Quads.

GEXF and GraphML for any labels (controls, quotes, emoji, RTL) are covered by
``tests/network/test_network_export.py::test_export_any_labels_stay_well_formed``,
which validates every GEXF against the GEXF 1.3 schema.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from diplograph import Article, KnowledgeGraph
from diplograph.pipeline import quarantined_articles
from diplograph.rdf import mint
from diplograph.rdf.files import write_rdf

NOISE = ["\u200b", "\u200f", "\u202e", "\u0301", "\ufeff", "\x00", "\x1b", "😀", "\ud7ff", "\n"]
SENTENCES = [
    "Pakistan's Foreign Minister Ishaq Dar met Chinese Foreign Minister Wang Yi in Beijing.",
    "India accused Pakistan of backing militants.",
    "The UN Secretary-General urged both sides to show restraint.",
    "Japan warned North Korea against new tests.",
    "Kenya's President William Ruto met Ethiopian Prime Minister Abiy Ahmed.",
]


@st.composite
def noisy_news(draw: st.DrawFn) -> str:
    """Diplomatic sentences with odd characters spliced in at random places."""
    text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4)))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NOISE) | st.characters()) + text[at:]
    return text


texts = st.text(min_size=1, max_size=200) | noisy_news()


@pytest.fixture(scope="module")
def memory_kg() -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph(reference=False) as kg:
        yield kg


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_hardening_any_text_is_stored_or_quarantined(memory_kg: KnowledgeGraph, text: str) -> None:
    article = Article(id="any", text=text)
    summary = memory_kg.ingest(article)
    assert summary.failed == []
    assert summary.articles_read == 1 == summary.stored + summary.quarantined
    if summary.quarantined:
        (entry,) = [e for e in quarantined_articles(memory_kg.store) if e["article"] == article.iri]
        assert entry["reasons"]
    else:
        assert len(memory_kg.article_graph(article)) > 0


names = st.text(max_size=60) | st.sampled_from(
    ["", " ", "<>", '"quoted"', "a\\b", "{x}|y^`", "\x00\x7f\x9f", "پاکستان", "😀🇵🇰", "..", "%41"]
)


def _minted(name: str) -> list[str]:
    article = mint.article_iri(url=name or None, text=name)
    return [
        mint.person_iri(name),
        mint.region_iri(name),
        mint.org_iri(name),
        article,
        mint.meeting_iri(article, [name, "x"], 3),
        mint.claim_iri(article, name, name, name or None, 7),
        mint.evidence_iri(article, 0, len(name)),
    ]


def _round_trip(iris: list[str], name: str) -> None:
    graph = Graph()
    for iri in iris:
        graph.add((URIRef(iri), URIRef("urn:p"), Literal(name)))
    # rdflib writes, pyoxigraph reads (Turtle and N-Quads), and back.
    turtle = graph.serialize(format="turtle").encode("utf-8")
    read_back = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert {str(t.subject.value) for t in read_back} == set(iris)
    dataset = Dataset()
    named = dataset.graph(URIRef(iris[-1]))
    named += graph
    stream = io.BytesIO()
    write_rdf(dataset, stream, format="nquads")
    nquads = stream.getvalue()
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    assert {str(q.subject.value) for q in quads} == set(iris)
    assert all(str(q.object.value) == name for q in quads)
    written = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert written is not None
    again = Dataset()
    with warnings.catch_warnings():  # rdflib's N-Quads parser uses its deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        again.parse(io.BytesIO(written), format="nquads")
    back = Graph()
    for s, p, o, _ in again.quads((None, None, None, None)):
        back.add((s, p, o))
    assert isomorphic(back, graph)


@settings(max_examples=60, deadline=None)
@given(name=names)
def test_hardening_minted_iris_are_valid_and_round_trip(name: str) -> None:
    iris = _minted(name)
    for iri in iris:
        assert mint.check_iri(iri) == iri
        ox.NamedNode(iri)  # Oxigraph's own IRI check raises on an invalid IRI
    _round_trip(iris, name)


@settings(max_examples=30, deadline=None)
@given(
    code=st.from_regex(r"[A-Za-z]{3}", fullmatch=True),
    acronym=st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,9}", fullmatch=True),
)
def test_hardening_state_and_acronym_iris_round_trip(code: str, acronym: str) -> None:
    iris = [mint.state_iri(code), mint.org_iri(acronym)]
    for iri in iris:
        assert mint.check_iri(iri) == iri
        ox.NamedNode(iri)
    _round_trip(iris, f"{code} {acronym}")
