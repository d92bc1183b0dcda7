"""Map an :class:`~diplograph.model.Extraction` to RDF: one article's named graph.

The graph follows ``ontology/README.md`` ("One article's named graph"): the article
node and its metadata, every actor it uses (typed and labelled, so the graph
validates alone), the meetings and claims with the sentence they come from as
``dg:Evidence`` (character offsets into ``Article.text``), and PROV-O provenance
naming the extractor and its version. Every node has a minted IRI (no blank nodes)
and nothing time-dependent is written, so the same extraction always gives the
same triples and re-ingesting an article replaces its graph with equal content.

>>> from diplograph.model import Actor, Article, Extraction
>>> art = Article(id="demo", text="Pakistan spoke.", url="https://example.org/a")
>>> pak = Actor("https://w3id.org/diplograph/id/state/PAK", "Pakistan", "State", code="PAK")
>>> g = to_graph(Extraction(article=art, actors=(pak,)))
>>> len(g), str(g.identifier) == art.iri
(13, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from diplograph._version import __version__
from diplograph.errors import ExtractionError
from diplograph.model import ACTOR_TYPES, Actor, Evidence, Extraction
from diplograph.namespaces import CLAIM_TYPE, DG, DGR, bind_prefixes
from diplograph.rdf.mint import check_iri, claim_iri, evidence_iri, meeting_iri

__all__ = ["extractor_iri", "to_dataset", "to_graph"]

Triple = tuple[URIRef, URIRef, Node]

_ACTOR_CLASS: Final = {name: DG[name] for name in ACTOR_TYPES}
_CLAIM_CLASS: Final = {
    "accusation": DG.Accusation,
    "denial": DG.Denial,
    "appeal": DG.Appeal,
    "commitment": DG.Commitment,
    "warning": DG.Warning,
    "criticism": DG.Criticism,
    "proposal": DG.Proposal,
    "support": DG.Support,
    "statement": DG.Statement,
}
_PERSON_TYPES: Final = frozenset({"Person", "Envoy", "Official"})
_ORG_TYPES: Final = frozenset(
    {"Organization", "InternationalOrganization", "NonGovernmentalOrganization"}
)

# Terms looked up once: DefinedNamespace attribute access is slow in a hot loop.
_A = RDF.type
_ARTICLE, _ARTICLE_ID, _TITLE, _URL = DG.Article, DG.articleId, DG.title, DG.url
_PUBLISHED, _OUTLET, _MENTIONS = DG.published, DG.outlet, DG.mentions
_PREF_LABEL, _ISO, _ACRONYM, _REPRESENTS, _ROLE = (
    SKOS.prefLabel,
    DG.isoCode,
    DG.acronym,
    DG.represents,
    DG.role,
)
_MEETING, _PARTICIPANT, _DATE, _REPORTED_IN, _EVIDENCE = (
    DG.Meeting,
    DG.participant,
    DG.date,
    DG.reportedIn,
    DG.evidence,
)
_CLAIM_TYPE, _CLAIMANT, _TARGET, _ABOUT, _TOPIC = (
    DG.claimType,
    DG.claimant,
    DG.target,
    DG.about,
    DG.topic,
)
_EVIDENCE_CLASS, _SENTENCE, _BEGIN, _END, _IN_ARTICLE = (
    DG.Evidence,
    DG.sentence,
    DG.beginOffset,
    DG.endOffset,
    DG.inArticle,
)
_GENERATED_BY, _USED, _ASSOCIATED = PROV.wasGeneratedBy, PROV.used, PROV.wasAssociatedWith
_EXTRACTOR, _VERSION = DG.Extractor, DG.softwareVersion
_EXTRACTION_ACTIVITY, _CURATION_ACTIVITY = DG.ExtractionActivity, DG.CurationActivity


def extractor_iri(name: str) -> str:
    """``dgr:extractor/{name}``; characters an IRI path cannot hold are percent-encoded.

    >>> extractor_iri("rules.v1")
    'https://w3id.org/diplograph/id/extractor/rules.v1'
    """
    return check_iri(f"{DGR}extractor/{quote(name, safe='')}")


def to_graph(extraction: Extraction) -> Graph:
    """The article's named graph (``graph.identifier`` is the article IRI), prefixes bound.

    The graph lives in rdflib's fast ``SimpleMemory`` store; copy its triples into a
    Dataset (or use :func:`to_dataset`) to keep several articles' graphs together.

    Raises ExtractionError when the extraction is inconsistent: an IRI that is not
    valid, a meeting or claim referring to an actor not in ``extraction.actors``, or
    evidence whose offsets do not slice the article text to its sentence.
    """
    article = URIRef(extraction.article.iri)
    # SimpleMemory (not context-aware) adds triples ~3x faster than the default store,
    # and the triples are well-formed by construction, so they go to the store directly.
    graph = Graph(store="SimpleMemory", identifier=article, bind_namespaces="none")
    bind_prefixes(graph)
    add = graph.store.add
    for triple in _triples(extraction, article):
        add(triple, graph)
    return graph


def to_dataset(extractions: Iterable[Extraction]) -> Dataset:
    """A Dataset with one named graph per article (named by the article IRI), prefixes bound.

    An article given twice keeps its last extraction's graph only, as re-ingesting
    would.
    """
    dataset = Dataset()
    bind_prefixes(dataset)
    for extraction in extractions:
        article = URIRef(extraction.article.iri)
        dataset.remove_graph(article)
        graph = dataset.graph(article)
        add = dataset.store.add
        for triple in _triples(extraction, article):
            add(triple, graph)
    return dataset


def _triples(extraction: Extraction, article: URIRef) -> list[Triple]:
    """All triples of one article's graph, built directly (no per-triple checks)."""
    art = extraction.article
    art_iri = str(article)
    where = f"article {art.id!r}"
    _check(art_iri, where)
    out: list[Triple] = [(article, _A, _ARTICLE), (article, _ARTICLE_ID, Literal(art.id))]
    add = out.append
    if art.title:
        add((article, _TITLE, Literal(art.title)))
    if art.url:
        add((article, _URL, Literal(art.url, datatype=XSD.anyURI)))
    if art.date is not None:
        add((article, _PUBLISHED, Literal(art.date)))
    if art.outlet:
        add((article, _OUTLET, Literal(art.outlet)))

    # An actor listed twice under one IRI is described once, by its first entry.
    actors: dict[str, URIRef] = {}
    unique: list[Actor] = []
    for actor in extraction.actors:
        if actor.iri not in actors:
            actors[actor.iri] = URIRef(_check(actor.iri, where))
            unique.append(actor)
    for actor in unique:
        add((article, _MENTIONS, actors[actor.iri]))
        _actor_triples(actor, actors, out, where)

    def ref(iri: str, role: str) -> URIRef:
        node = actors.get(iri)
        if node is None:
            raise ExtractionError(
                f"{where}: {role} {iri} is not among the extraction's actors "
                f"(extractor {extraction.extractor})"
            )
        return node

    activity = URIRef(f"{art_iri}/extraction")
    evidence_done: set[tuple[int, int]] = set()

    def evidence(ev: Evidence) -> URIRef:
        node = URIRef(evidence_iri(art_iri, ev.start, ev.end))
        if (ev.start, ev.end) not in evidence_done:
            if (
                not 0 <= ev.start <= ev.end <= len(art.text)
                or art.text[ev.start : ev.end] != ev.text
            ):
                raise ExtractionError(
                    f"{where}: evidence [{ev.start}, {ev.end}) does not slice the article text "
                    f"to its sentence {ev.text[:60]!r}"
                )
            evidence_done.add((ev.start, ev.end))
            out.extend(
                (
                    (node, _A, _EVIDENCE_CLASS),
                    (node, _SENTENCE, Literal(ev.text)),
                    (node, _BEGIN, Literal(ev.start)),
                    (node, _END, Literal(ev.end)),
                    (node, _IN_ARTICLE, article),
                )
            )
        return node

    for meeting in extraction.meetings:
        participants = [ref(p, "meeting participant") for p in meeting.participants]
        node = URIRef(meeting_iri(art_iri, meeting.participants, meeting.evidence.start))
        add((node, _A, _MEETING))
        out.extend((node, _PARTICIPANT, p) for p in participants)
        date = meeting.date or art.date
        if date is not None:
            add((node, _DATE, Literal(date)))
        out.extend(
            (
                (node, _REPORTED_IN, article),
                (node, _EVIDENCE, evidence(meeting.evidence)),
                (node, _GENERATED_BY, activity),
            )
        )

    for claim in extraction.claims:
        cls = _CLAIM_CLASS.get(claim.type)
        if cls is None:
            raise ExtractionError(f"{where}: unknown claim type {claim.type!r}")
        node = URIRef(
            claim_iri(art_iri, claim.claimant, claim.type, claim.target, claim.evidence.start)
        )
        out.extend(
            (
                (node, _A, cls),
                (node, _CLAIM_TYPE, CLAIM_TYPE[claim.type]),
                (node, _CLAIMANT, ref(claim.claimant, "claimant")),
            )
        )
        if claim.target is not None:
            add((node, _TARGET, ref(claim.target, "claim target")))
        out.extend((node, _ABOUT, ref(region, "claim region")) for region in claim.about)
        if claim.topic:
            add((node, _TOPIC, Literal(claim.topic)))
        date = claim.date or art.date
        if date is not None:
            add((node, _DATE, Literal(date)))
        out.extend(
            (
                (node, _REPORTED_IN, article),
                (node, _EVIDENCE, evidence(claim.evidence)),
                (node, _GENERATED_BY, activity),
            )
        )

    try:
        extractor = URIRef(extractor_iri(extraction.extractor))
    except ValueError as exc:
        raise ExtractionError(f"{where}: extractor name {extraction.extractor!r}: {exc}") from None
    out.extend(
        (
            (activity, _A, _CURATION_ACTIVITY if extraction.curated else _EXTRACTION_ACTIVITY),
            (activity, _USED, article),
            (activity, _ASSOCIATED, extractor),
            (extractor, _A, _EXTRACTOR),
            (extractor, RDFS.label, Literal(f"diplograph {extraction.extractor}")),
            (extractor, _VERSION, Literal(extraction.extractor_version or __version__)),
        )
    )
    return out


def _actor_triples(actor: Actor, actors: dict[str, URIRef], out: list[Triple], where: str) -> None:
    node = actors[actor.iri]
    # An envoy is defined by whom it represents (ontology, shapes): when the text names
    # the post but not the state or organisation, the person is written as a dg:Person
    # with its role, a fact the article does support, instead of an incomplete envoy.
    kind = "Person" if actor.type == "Envoy" and not actor.represents else actor.type
    cls = _ACTOR_CLASS.get(kind)
    if cls is None:
        raise ExtractionError(f"{where}: actor {actor.iri} has unknown type {actor.type!r}")
    out.extend(((node, _A, cls), (node, _PREF_LABEL, Literal(actor.label, lang="en"))))
    if actor.code:
        if actor.type == "State":
            out.append((node, _ISO, Literal(actor.code)))
        elif actor.type in _ORG_TYPES:
            out.append((node, _ACRONYM, Literal(actor.code)))
    if actor.type in _PERSON_TYPES:
        if actor.represents:
            represented = actors.get(actor.represents)
            if represented is None:
                raise ExtractionError(
                    f"{where}: {actor.label!r} represents {actor.represents}, "
                    "which is not among the extraction's actors"
                )
            out.append((node, _REPRESENTS, represented))
        if actor.role:
            out.append((node, _ROLE, Literal(actor.role)))


def _check(iri: str, where: str) -> str:
    try:
        return check_iri(iri)
    except ValueError as exc:
        raise ExtractionError(f"{where}: {exc}") from None
