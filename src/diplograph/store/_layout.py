"""Names of the store's fixed graphs and how a new store is seeded (ontology/README.md)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from rdflib import Graph

from diplograph.namespaces import DGR
from diplograph.store._terms import prepare
from diplograph.store.base import NTriples

if TYPE_CHECKING:
    from diplograph.store.base import Store

__all__ = [
    "ACTORS_GRAPH",
    "CLAIM_TYPES_GRAPH",
    "ONTOLOGY_GRAPH",
    "QUARANTINE_GRAPH",
    "REFERENCE_GRAPHS",
    "inferred_graph_name",
    "quarantine_record_iri",
    "reference_graphs",
    "reference_statements",
    "without_reference",
]

ONTOLOGY_GRAPH = str(DGR["graph/ontology"])
CLAIM_TYPES_GRAPH = str(DGR["graph/claim-types"])
ACTORS_GRAPH = str(DGR["graph/actors"])
QUARANTINE_GRAPH = str(DGR["graph/quarantine"])
REFERENCE_GRAPHS = (ONTOLOGY_GRAPH, CLAIM_TYPES_GRAPH, ACTORS_GRAPH)


def inferred_graph_name(article_iri: str) -> str:
    """``{article IRI}/inferred``: what the ontology implies about that article's nodes."""
    return f"{article_iri}/inferred"


def quarantine_record_iri(article_iri: str) -> str:
    """The ``dg:QuarantineRecord`` of an article: ``{article IRI}/quarantine``."""
    return f"{article_iri}/quarantine"


def reference_graphs() -> dict[str, Graph]:
    """The ontology, claim-type scheme and reference actors, by graph name, plus what the
    ontology implies about the actors and claim types (``{graph}/inferred``), so that
    queries see reference states as ``dg:Actor`` and memberships from both sides."""
    from diplograph.infer import infer
    from diplograph.ontology import load_claim_types, load_ontology, load_reference_actors

    claim_types, actors = load_claim_types(), load_reference_actors()
    return {
        ONTOLOGY_GRAPH: load_ontology(),
        CLAIM_TYPES_GRAPH: claim_types,
        inferred_graph_name(CLAIM_TYPES_GRAPH): infer(claim_types),
        ACTORS_GRAPH: actors,
        inferred_graph_name(ACTORS_GRAPH): infer(actors),
    }


def reference_statements(store: Store) -> frozenset[str]:
    """The reference actors' statements in ``store`` (``dgr:graph/actors`` and its
    ``/inferred`` graph), as N-Triples lines written by :func:`prepare`.

    Read from the store, so user actor files the store was created with count too; a
    store without reference graphs gives the empty set (nothing is left out).
    """
    lines: set[str] = set()
    for name in (ACTORS_GRAPH, inferred_graph_name(ACTORS_GRAPH)):
        lines.update(prepare(store.graph(name)).lines)
    return frozenset(lines)


def without_reference(data: NTriples, reference: AbstractSet[str]) -> NTriples:
    """The statements of an article graph (or its ``/inferred`` graph) to write to the
    store: those not already in the reference graphs.

    An article graph is self-contained for validation (it types and labels every actor
    it uses), but a reference actor's description is the same in every article; stored
    once per article it would come back once per article from the union default graph
    and multiply every join on it. What an article says that the reference graphs do
    not (a person's description, a new organisation, ``dg:metWith`` between two
    states) is kept.

    >>> label = '<urn:x:PAK> <urn:x:label> "Pakistan" .'
    >>> without_reference(NTriples((label, "<urn:x:c> <urn:x:by> <urn:x:PAK> .")), {label}).lines
    ('<urn:x:c> <urn:x:by> <urn:x:PAK> .',)
    """
    if not reference:
        return data
    return NTriples(tuple(line for line in data.lines if line not in reference))
