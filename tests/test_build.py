"""Mapping extractions to RDF: the article graph of ontology/README.md, exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import PROV, RDF, XSD

from diplograph.errors import ExtractionError
from diplograph.model import CLAIM_TYPES, Actor, Article, Claim, Evidence, Extraction, Meeting
from diplograph.namespaces import CLAIM_TYPE, DG
from diplograph.rdf import mint
from diplograph.rdf.build import extractor_iri, to_dataset, to_graph
from diplograph.rdf.files import read_rdf

DATA = Path(__file__).parent / "data" / "build"

PAK = Actor(mint.state_iri("PAK"), "Pakistan", "State", code="PAK")
IND = Actor(mint.state_iri("IND"), "India", "State", code="IND")
UN = Actor(mint.org_iri("UN"), "United Nations", "InternationalOrganization", code="UN")
IFTIKHAR = Actor(
    mint.person_iri("Asim Iftikhar"),
    "Asim Iftikhar",
    "Envoy",
    represents=PAK.iri,
    role="Permanent Representative to the United Nations",
    aliases=("Iftikhar", "the Pakistani envoy"),
)
GUTERRES = Actor(
    mint.person_iri("António Guterres"),
    "António Guterres",
    "Official",
    represents=UN.iri,
    role="Secretary-General",
)
KASHMIR = Actor(mint.region_iri("Kashmir"), "Kashmir", "Region")


def evidence_of(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(start, start + len(sentence), sentence)


def golden_extraction() -> Extraction:
    text = (DATA / "golden-article.txt").read_text(encoding="utf-8")
    sentences = text.splitlines()
    article = Article(
        id="golden",
        text=text,
        url="https://example.org/news/golden",
        title="Pakistan's envoy meets UN chief",
        date=dt.date(2025, 5, 6),
        outlet="Example Times",
        source="golden-article.txt",
    )
    return Extraction(
        article=article,
        actors=(PAK, IND, UN, IFTIKHAR, GUTERRES, KASHMIR),
        meetings=(Meeting((IFTIKHAR.iri, GUTERRES.iri), evidence_of(text, sentences[0])),),
        claims=(
            Claim(
                IFTIKHAR.iri,
                "accusation",
                evidence_of(text, sentences[1]),
                target=IND.iri,
                topic="aggressive narrative for internal political gain",
                about=(KASHMIR.iri,),
            ),
            Claim(
                IFTIKHAR.iri,
                "statement",
                evidence_of(text, sentences[2]),
                date=dt.date(2025, 5, 5),
            ),
        ),
        extractor="rules.v1",
        extractor_version="0.1.0",
    )


def expected_graph() -> Graph:
    dataset = read_rdf(DATA / "golden-expected.trig")
    return dataset.graph(URIRef(golden_extraction().article.iri))


def parse_quads(data: str, format: str) -> Dataset:
    """Parse a quad document (``Dataset.parse`` itself warns on rdflib 7.6)."""
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        dataset.default_graph.parse(data=data, format=format)
    return dataset


def serialize_quads(dataset: Dataset, format: str) -> str:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        text: str = dataset.serialize(format=format)
    return text


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    """Fail with the triples only one side has (graph_diff) when the graphs differ."""
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))

    def lines(graph: Graph) -> str:
        return "\n".join(sorted(" ".join(term.n3() for term in triple) for triple in graph))

    pytest.fail(
        f"graphs differ\n--- only in to_graph output:\n{lines(only_actual)}"
        f"\n--- only in the expected graph:\n{lines(only_expected)}"
    )


def test_build_golden_graph() -> None:
    graph = to_graph(golden_extraction())
    assert graph.identifier == URIRef(golden_extraction().article.iri)
    assert_isomorphic(graph, expected_graph())


def test_build_golden_dataset_names_the_graph_by_article() -> None:
    extraction = golden_extraction()
    dataset = to_dataset([extraction])
    names = {g.identifier for g in dataset.graphs() if len(g)}
    assert names == {URIRef(extraction.article.iri)}
    assert_isomorphic(dataset.graph(URIRef(extraction.article.iri)), expected_graph())
    assert dict(dataset.namespaces())["dg"] == URIRef(str(DG._NS))


def test_build_is_idempotent() -> None:
    first = set(to_graph(golden_extraction()))
    second = set(to_graph(golden_extraction()))
    assert first == second  # no blank nodes, no timestamps: equal triple for triple


def test_build_has_no_blank_nodes() -> None:
    graph = to_graph(golden_extraction())
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_build_evidence_offsets_slice_article_text() -> None:
    extraction = golden_extraction()
    graph = to_graph(extraction)
    evidences = list(graph.subjects(RDF.type, DG.Evidence))
    assert len(evidences) == 3
    for node in evidences:
        begin = graph.value(node, DG.beginOffset)
        end = graph.value(node, DG.endOffset)
        sentence = graph.value(node, DG.sentence)
        assert isinstance(begin, Literal) and begin.datatype == XSD.integer
        assert isinstance(end, Literal) and end.datatype == XSD.integer
        assert extraction.article.text[begin.toPython() : end.toPython()] == str(sentence)


def test_build_curated_extraction_is_a_curation_activity() -> None:
    extraction = dataclasses.replace(golden_extraction(), curated=True, extractor="gold")
    graph = to_graph(extraction)
    activity = URIRef(extraction.article.iri + "/extraction")
    assert graph.value(activity, RDF.type) == DG.CurationActivity
    assert graph.value(activity, PROV.wasAssociatedWith) == URIRef(extractor_iri("gold"))


def test_build_several_articles_one_graph_each() -> None:
    golden = golden_extraction()
    other_article = Article(id="other", text="Pakistan met India.")
    other = Extraction(
        article=other_article,
        actors=(PAK, IND),
        meetings=(Meeting((PAK.iri, IND.iri), Evidence(0, 19, "Pakistan met India.")),),
    )
    dataset = to_dataset([golden, other, golden])
    sizes = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert sizes == {golden.article.iri: len(expected_graph()), other_article.iri: 27}
    meeting = next(dataset.graph(URIRef(other_article.iri)).subjects(RDF.type, DG.Meeting))
    # no article date and no meeting date: no dg:date at all
    assert dataset.graph(URIRef(other_article.iri)).value(meeting, DG.date) is None


def test_build_claim_types_map_to_classes_and_concepts() -> None:
    text = "Pakistan spoke."
    claims = tuple(
        Claim(PAK.iri, kind, Evidence(0, 15, text), target=IND.iri) for kind in CLAIM_TYPES
    )
    extraction = Extraction(Article(id="t", text=text), actors=(PAK, IND), claims=claims)
    graph = to_graph(extraction)
    found = {
        (graph.value(node, RDF.type), graph.value(node, DG.claimType))
        for node in graph.subjects(DG.claimant, URIRef(PAK.iri))
    }
    assert found == {(DG[kind.capitalize()], CLAIM_TYPE[kind]) for kind in CLAIM_TYPES}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: dataclasses.replace(e, actors=e.actors[1:]), "represents .*state/PAK"),
        (
            lambda e: dataclasses.replace(e, actors=(*e.actors[:3], *e.actors[4:])),
            "asim-iftikhar is not among the extraction's actors",
        ),
        (
            lambda e: dataclasses.replace(
                e, claims=(dataclasses.replace(e.claims[0], evidence=Evidence(150, 200, "x")),)
            ),
            r"evidence \[150, 200\) does not slice",
        ),
        (
            lambda e: dataclasses.replace(
                e, actors=(*e.actors, Actor("https://example.org/a b", "A B", "Person"))
            ),
            "not a valid IRI",
        ),
        (
            lambda e: dataclasses.replace(
                e,
                actors=(*e.actors, Actor("https://example.org/x", "X", "Country")),  # type: ignore[arg-type]
            ),
            "unknown type 'Country'",
        ),
    ],
    ids=["represented-missing", "participant-missing", "bad-offsets", "bad-iri", "bad-type"],
)
def test_build_rejects_inconsistent_extraction(
    change: Callable[[Extraction], Extraction], message: str
) -> None:
    with pytest.raises(ExtractionError, match=message):
        to_graph(change(golden_extraction()))


def test_build_output_conforms_to_shapes() -> None:
    validate = pytest.importorskip("diplograph.validate").validate
    report = validate(to_graph(golden_extraction()))
    assert report.conforms, str(report)


def test_build_extractor_name_is_percent_encoded() -> None:
    assert (
        extractor_iri("my rules/v2") == "https://w3id.org/diplograph/id/extractor/my%20rules%2Fv2"
    )


names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())
texts = st.text(min_size=1, max_size=200).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=texts,
    speaker=names,
    partner=names,
    title=st.none() | texts,
    url=st.none()
    | st.from_regex(r"https://[a-z]{1,10}\.org/[a-zA-Z0-9_~%-]{0,20}", fullmatch=True),
    extractor=names,
)
def test_build_round_trips_through_turtle_and_nquads(
    text: str, speaker: str, partner: str, title: str | None, url: str | None, extractor: str
) -> None:
    article = Article(id=speaker, text=text, url=url, title=title, outlet=partner)
    actors = (
        Actor(
            mint.person_iri(speaker),
            speaker,
            "Envoy",
            represents=mint.org_iri(partner),
            role=partner,
        ),
        Actor(mint.org_iri(partner), partner, "Organization", code=partner),
    )
    if actors[0].iri == actors[1].iri:
        actors = actors[:1]
    evidence = Evidence(0, len(text), text)
    extraction = Extraction(
        article,
        actors=(*actors, Actor(mint.org_iri(partner), partner, "Organization")),
        meetings=(Meeting((actors[0].iri, mint.org_iri(partner)), evidence),),
        claims=(
            Claim(actors[0].iri, "warning", evidence, target=mint.org_iri(partner), topic=title),
        ),
        extractor=extractor,
    )
    graph = to_graph(extraction)
    for term in (t for triple in graph for t in triple):
        assert not isinstance(term, BNode)
        if isinstance(term, URIRef):
            mint.check_iri(str(term))

    turtle = graph.serialize(format="turtle")
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), graph)
    nquads = serialize_quads(to_dataset([extraction]), "nquads")
    reparsed = parse_quads(nquads, "nquads")
    assert isomorphic(reparsed.graph(URIRef(article.iri)), graph)

    assert len(list(pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE))) == len(graph)
    quads = list(pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    assert len(quads) == len(graph)
    assert {q.graph_name.value for q in quads} == {article.iri}
    sentences = [q.object.value for q in quads if q.predicate.value == str(DG.sentence)]
    assert sentences == [text]


def test_build_envoy_without_represented_actor_is_a_person_with_role() -> None:
    """'whose ambassador, Carla Jennings, said ...' names a post but not whom it serves:
    the graph says what the text supports (a person and her role) and conforms."""
    text = "The ambassador, Carla Jennings, said talks would go on."
    envoy = Actor(mint.person_iri("Carla Jennings"), "Carla Jennings", "Envoy", role="ambassador")
    article = Article(id="envoy", text=text)
    claim = Claim(envoy.iri, "statement", evidence_of(text, text))
    graph = to_graph(Extraction(article, actors=(envoy,), claims=(claim,)))
    node = URIRef(envoy.iri)
    assert set(graph.objects(node, RDF.type)) == {DG.Person}
    assert graph.value(node, DG.role) == Literal("ambassador")
    validate = pytest.importorskip("diplograph.validate").validate
    assert validate(graph).conforms
