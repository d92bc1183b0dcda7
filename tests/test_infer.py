from __future__ import annotations

import time
import warnings
from pathlib import Path

import owlrl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from diplograph.infer import Reasoner, infer
from diplograph.namespaces import DG
from diplograph.ontology import load_ontology

DATA = Path(__file__).parent / "data" / "store"
INTEREST = (
    "https://w3id.org/diplograph/ontology#",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/ns/org#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://purl.org/dc/terms/",
    "https://schema.org/",
)
EX = Namespace("urn:ex:")
Triple = tuple[Node, Node, Node]


def article_graphs(path: Path) -> list[Graph]:
    ds = Dataset()
    with warnings.catch_warnings():  # rdflib 7's Dataset.parse warns about its own API
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(path, format="trig")
    out = []
    for g in ds.graphs():
        if len(g):
            copy = Graph()
            for t in g:
                copy.add(t)
            out.append(copy)
    return out


# The party shortcut of diplograph.infer as OWL 2 states it: property chains, which
# OWL Lite (and so ontology/diplograph.ttl) cannot hold but owlrl's OWL RL implements.
PARTY_CHAINS = (
    (DG.participantParty, DG.participant),
    (DG.claimantParty, DG.claimant),
    (DG.targetParty, DG.target),
)


def with_party_chains(ontology: Graph) -> Graph:
    """``ontology`` plus ``party owl:propertyChainAxiom (role dg:represents)`` for each party."""
    full = Graph()
    for t in ontology:
        full.add(t)
    for party, role in PARTY_CHAINS:
        chain = BNode()
        Collection(full, chain, [role, DG.represents])
        full.add((party, OWL.propertyChainAxiom, chain))
    return full


def owlrl_closure(ontology: Graph, data: Graph) -> set[Triple]:
    full = Graph()
    for t in ontology:
        full.add(t)
    for t in data:
        full.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(full)
    return set(full)


def restricted(triples: set[Triple], data: Graph, namespaces: tuple[str, ...]) -> set[Triple]:
    """Triples about the data's IRIs whose property (or, for rdf:type, class) is of interest."""
    nodes = {x for t in data for x in (t[0], t[2]) if isinstance(x, URIRef)}
    return {
        (s, p, o)
        for s, p, o in triples
        if s in nodes and str(o if p == RDF.type else p).startswith(namespaces)
    } - set(data)


def meeting_shortcut(data: Graph) -> set[Triple]:
    people = {m: set(data.objects(m, DG.participant)) for m in data.subjects(RDF.type, DG.Meeting)}
    return {(a, DG.metWith, b) for ps in people.values() for a in ps for b in ps if a != b}


CASES = sorted(DATA.glob("*.trig"))


def test_infer_cases_found() -> None:
    assert CASES
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize("path", CASES, ids=[p.name for p in CASES])
def test_infer_equals_owlrl_on_articles(path: Path) -> None:
    ontology = with_party_chains(load_ontology())
    for data in article_graphs(path):
        expected = restricted(owlrl_closure(ontology, data), data, INTEREST)
        got = infer(data)
        shortcut = meeting_shortcut(data)
        assert set(got) - shortcut == expected
        assert shortcut <= set(got)
        assert not set(got) & set(data)


EXAMPLES = sorted((Path(__file__).parents[1] / "examples" / "articles").glob("*.txt"))[:3]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_infer_equals_owlrl_on_example_articles(path: Path) -> None:
    from diplograph.extract import extract
    from diplograph.rdf.build import to_graph
    from diplograph.read import read_article

    [article] = read_article(path)
    data = Graph()
    for t in to_graph(extract(article)):
        data.add(t)
    expected = restricted(owlrl_closure(with_party_chains(load_ontology()), data), data, INTEREST)
    got = set(infer(data))
    shortcut = meeting_shortcut(data)
    assert got - shortcut == expected
    assert shortcut <= got


def test_infer_examples_show_what_queries_need() -> None:
    (data,) = article_graphs(DATA / "article-pak-un.trig")
    got = infer(data)
    pak = URIRef("https://w3id.org/diplograph/id/state/PAK")
    envoy = URIRef("https://w3id.org/diplograph/id/person/asim-iftikhar")
    claim = URIRef("https://w3id.org/diplograph/id/article/5d0c2b4ef1a9e7c3/claim/0f9e8d7c6b5a")
    assert (pak, RDF.type, DG.Actor) in got
    assert (envoy, DG.madeClaim, claim) in got
    assert (claim, RDF.type, DG.Claim) in got
    meeting = URIRef("https://w3id.org/diplograph/id/article/5d0c2b4ef1a9e7c3/meeting/1a2b3c4d5e6f")
    assert (meeting, DG.participantParty, envoy) in got  # the participant itself
    assert (meeting, DG.participantParty, pak) in got  # and the state the envoy represents
    assert (claim, DG.claimantParty, pak) in got


def test_infer_parties_only_from_the_article_itself() -> None:
    """A party comes from the article's own dg:represents: an envoy described without
    one gives no state, and a literal is never a party."""
    article = URIRef("https://w3id.org/diplograph/id/article/0000000000000001")
    meeting, claim = URIRef(f"{article}/meeting/1"), URIRef(f"{article}/claim/1")
    envoy, minister = EX.envoy, EX.minister
    data = Graph()
    for t in [
        (meeting, RDF.type, DG.Meeting),
        (meeting, DG.participant, envoy),
        (meeting, DG.participant, minister),
        (minister, DG.represents, EX.state),
        (claim, RDF.type, DG.Claim),
        (claim, DG.claimant, minister),
        (claim, DG.target, envoy),
    ]:
        data.add(t)
    got = set(infer(data))
    parties = {(s, p, o) for s, p, o in got if p in {q for q, _ in PARTY_CHAINS}}
    assert parties == {
        (meeting, DG.participantParty, envoy),
        (meeting, DG.participantParty, minister),
        (meeting, DG.participantParty, EX.state),
        (claim, DG.claimantParty, minister),
        (claim, DG.claimantParty, EX.state),
        (claim, DG.targetParty, envoy),
    }
    expected = restricted(owlrl_closure(with_party_chains(load_ontology()), data), data, INTEREST)
    assert got - meeting_shortcut(data) == expected


def test_infer_is_faster_than_owlrl() -> None:
    ontology = load_ontology()
    (data,) = article_graphs(DATA / "article-pak-un.trig")
    reasoner = Reasoner.from_ontology(ontology)
    start = time.perf_counter()
    for _ in range(10):
        reasoner.closure(data)
    rules = (time.perf_counter() - start) / 10
    start = time.perf_counter()
    owlrl_closure(ontology, data)
    owl = time.perf_counter() - start
    assert rules * 20 < owl


CLASSES = [EX[f"C{i}"] for i in range(4)]
PROPS = [EX[f"p{i}"] for i in range(4)]
PEOPLE = [EX[f"x{i}"] for i in range(4)]
axioms = st.one_of(
    st.tuples(st.sampled_from(CLASSES), st.just(RDFS.subClassOf), st.sampled_from(CLASSES)),
    st.tuples(st.sampled_from(CLASSES), st.just(OWL.equivalentClass), st.sampled_from(CLASSES)),
    st.tuples(st.sampled_from(PROPS), st.just(RDFS.subPropertyOf), st.sampled_from(PROPS)),
    st.tuples(st.sampled_from(PROPS), st.just(OWL.inverseOf), st.sampled_from(PROPS)),
    st.tuples(st.sampled_from(PROPS), st.just(RDFS.domain), st.sampled_from(CLASSES)),
    st.tuples(st.sampled_from(PROPS), st.just(RDFS.range), st.sampled_from(CLASSES)),
    st.tuples(
        st.sampled_from(PROPS),
        st.just(RDF.type),
        st.sampled_from([OWL.SymmetricProperty, OWL.TransitiveProperty]),
    ),
)
facts = st.one_of(
    st.tuples(st.sampled_from(PEOPLE), st.just(RDF.type), st.sampled_from(CLASSES)),
    st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PROPS), st.sampled_from(PEOPLE)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(axioms, max_size=8), st.lists(facts, min_size=1, max_size=8))
def test_infer_equals_owlrl_on_random_ontologies(
    onto_triples: list[Triple], data_triples: list[Triple]
) -> None:
    ontology = Graph()
    for p in PROPS:
        ontology.add((p, RDF.type, OWL.ObjectProperty))
    for t in onto_triples:
        ontology.add(t)
    data = Graph()
    for t in data_triples:
        data.add(t)
    expected = restricted(owlrl_closure(ontology, data), data, ("urn:ex:",))
    got = restricted(set(Reasoner.from_ontology(ontology).closure(data)), data, ("urn:ex:",))
    assert got == expected
