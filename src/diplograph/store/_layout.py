"""Names of the store's fixed graphs and how a new store is seeded (ontology/README.md)."""

from __future__ import annotations

from rdflib import Graph

from diplograph.namespaces import DGR

__all__ = [
    "ACTORS_GRAPH",
    "CLAIM_TYPES_GRAPH",
    "ONTOLOGY_GRAPH",
    "QUARANTINE_GRAPH",
    "REFERENCE_GRAPHS",
    "inferred_graph_name",
    "quarantine_record_iri",
    "reference_graphs",
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
