"""RDF namespaces and the ``DG`` vocabulary of the diplograph ontology.

``DG`` lists every term declared in ``ontology/diplograph.ttl``; a typo such as
``DG.Meting`` raises ``AttributeError`` instead of minting a stray IRI, and a test
keeps this list and the ontology in step.

>>> from diplograph.namespaces import DG
>>> str(DG.Meeting)
'https://w3id.org/diplograph/ontology#Meeting'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "CLAIM_TYPE",
    "DG",
    "DGR",
    "DGSH",
    "ORG",
    "SCHEMA",
    "bind_prefixes",
]

ONTOLOGY_IRI = "https://w3id.org/diplograph/ontology"
DGR = Namespace("https://w3id.org/diplograph/id/")
"""Resources: ``dgr:state/PAK``, ``dgr:org/UN``, ``dgr:person/asim-iftikhar``,
``dgr:article/<hash>``."""
CLAIM_TYPE = Namespace("https://w3id.org/diplograph/id/claim-type/")
"""The SKOS concepts of the claim-type scheme: ``CLAIM_TYPE.accusation`` ..."""
DGSH = Namespace("https://w3id.org/diplograph/shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")


class DG(DefinedNamespace):
    """Terms of the diplograph ontology (prefix ``dg:``)."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # Classes
    Actor: URIRef  # anything that can meet, claim or be claimed about
    State: URIRef  # a sovereign state (UN member or observer)
    Organization: URIRef
    InternationalOrganization: URIRef  # UN, SAARC, OIC, EU, ... and their organs
    NonGovernmentalOrganization: URIRef  # Amnesty International, Human Rights Watch, ...
    Person: URIRef
    Envoy: URIRef  # ambassador, permanent representative, special envoy, foreign minister
    Official: URIRef  # secretary-general, head of state or government, spokesperson
    Region: URIRef  # a region or territory: Kashmir, Line of Control, South Asia
    Event: URIRef
    Meeting: URIRef
    Claim: URIRef
    Accusation: URIRef
    Denial: URIRef
    Appeal: URIRef
    Commitment: URIRef
    Warning: URIRef
    Criticism: URIRef
    Proposal: URIRef
    Support: URIRef
    Statement: URIRef
    ClaimType: URIRef  # a SKOS concept of the claim-type scheme
    Article: URIRef
    Evidence: URIRef  # a sentence of an article, with character offsets
    ExtractionActivity: URIRef  # a run of an extractor over one article (prov:Activity)
    CurationActivity: URIRef  # hand annotation imported as data (prov:Activity)
    Extractor: URIRef  # a named, versioned extractor (prov:SoftwareAgent)
    QuarantineRecord: URIRef  # why an article's graph was quarantined

    # Object properties
    represents: URIRef  # Person -> State | Organization
    memberOf: URIRef  # Actor -> Organization
    hasMember: URIRef  # inverse of memberOf
    subOrganizationOf: URIRef  # Organization -> Organization it is an organ or body of (UNSC -> UN)
    participant: URIRef  # Meeting -> Actor
    participatedIn: URIRef  # inverse of participant
    metWith: URIRef  # Actor <-> Actor, symmetric
    claimant: URIRef  # Claim -> Actor (who makes the claim)
    madeClaim: URIRef  # inverse of claimant
    target: URIRef  # Claim -> Actor (whom the claim is about or addressed to)
    targetOf: URIRef  # inverse of target
    participantParty: URIRef  # Meeting -> each participant and what it represents (inferred)
    claimantParty: URIRef  # Claim -> the claimant and what it represents (inferred)
    targetParty: URIRef  # Claim -> the target and what it represents (inferred)
    about: URIRef  # Claim -> Region (what the claim is about, when it is a place)
    claimType: URIRef  # Claim -> ClaimType concept
    reportedIn: URIRef  # Event | Claim -> Article
    reports: URIRef  # inverse of reportedIn
    evidence: URIRef  # Event | Claim -> Evidence
    inArticle: URIRef  # Evidence -> Article
    mentions: URIRef  # Article -> Actor | Region
    mentionedIn: URIRef  # inverse of mentions
    quarantinedArticle: URIRef  # QuarantineRecord -> Article

    # Datatype properties
    date: URIRef  # xsd:date of an event or claim (the article's date unless the text says)
    topic: URIRef  # short text: what a claim is about
    sentence: URIRef  # Evidence -> the sentence text
    beginOffset: URIRef  # Evidence -> xsd:integer, character offset into the article text
    endOffset: URIRef  # Evidence -> xsd:integer, exclusive
    articleId: URIRef  # the article's id (jsonl id or file stem)
    title: URIRef
    url: URIRef  # xsd:anyURI
    published: URIRef  # xsd:date
    outlet: URIRef
    isoCode: URIRef  # ISO 3166-1 alpha-3 code of a state
    acronym: URIRef  # SAARC, OIC, ...
    role: URIRef  # a person's post as the text gives it
    cueWord: URIRef  # a word that signals a claim type
    softwareVersion: URIRef  # version of an extractor
    reason: URIRef  # QuarantineRecord -> a readable violation message
    reportText: URIRef  # QuarantineRecord -> the full SHACL report text
    sourcePath: URIRef  # QuarantineRecord -> the file the article came from


_PREFIXES = {
    "dg": DG._NS,
    "dgr": DGR,
    "dgct": CLAIM_TYPE,
    "dgsh": DGSH,
    "org": ORG,
    "schema": SCHEMA,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}

PREFIXES: dict[str, str] = {k: str(v) for k, v in _PREFIXES.items()}
"""Prefix -> namespace IRI, for SPARQL headers and serialisers."""


def bind_prefixes(graph: Graph) -> Graph:
    """Bind diplograph's usual prefixes on ``graph`` (for readable Turtle) and return it."""
    for prefix, ns in _PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
