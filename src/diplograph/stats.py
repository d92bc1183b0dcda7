"""What a store holds, counted: articles, actors by type, meetings, claims by type,
quarantined articles, graphs and quads (``diplograph stats``, ``KnowledgeGraph.stats``)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from diplograph.store import QUARANTINE_GRAPH, Store

__all__ = ["stats"]

_PREFIX = "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
_ACTOR_TYPES = (
    "State",
    "InternationalOrganization",
    "NonGovernmentalOrganization",
    "Organization",
    "Envoy",
    "Official",
    "Person",
    "Region",
)


def _int(value: Node | None) -> int:
    return int(value) if isinstance(value, Literal) else 0


def _count(store: Store, sparql: str, **bindings: URIRef) -> int:
    rows = store.select(_PREFIX + sparql, bindings)
    return _int(rows[0]["n"]) if rows else 0


def stats(store: Store) -> dict[str, Any]:
    """Counts of what the store holds: articles, actors by (asserted) type, meetings,
    claims by type, quarantined articles, graphs and quads."""
    actor_rows = store.select(
        _PREFIX
        + """SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {
          GRAPH ?g { ?g a dg:Article ; dg:mentions ?x }
          GRAPH ?d { ?x a ?type } FILTER(!STRENDS(STR(?d), "/inferred")) }
        GROUP BY ?type"""
    )
    by_type = {str(r["type"]).rsplit("#", 1)[-1]: _int(r["n"]) for r in actor_rows}
    claim_rows = store.select(
        _PREFIX
        + """SELECT ?type (COUNT(DISTINCT ?c) AS ?n) WHERE {
          GRAPH ?g { ?g a dg:Article . ?c dg:reportedIn ?g ; dg:claimType ?type } }
        GROUP BY ?type ORDER BY ?type"""
    )
    return {
        "store": store.location,
        "articles": _count(
            store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a dg:Article } }"
        ),
        "actors": _count(
            store,
            "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?g a dg:Article ; "
            "dg:mentions ?x } }",
        ),
        "actors_by_type": {t: by_type.get(t, 0) for t in _ACTOR_TYPES},
        "meetings": _count(
            store,
            "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?g a dg:Article . "
            "?m a dg:Meeting } }",
        ),
        "claims": sum(_int(r["n"]) for r in claim_rows),
        "claims_by_type": {str(r["type"]).rsplit("/", 1)[-1]: _int(r["n"]) for r in claim_rows},
        "quarantined": _count(
            store,
            "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { GRAPH ?q { ?r a dg:QuarantineRecord } }",
            q=URIRef(QUARANTINE_GRAPH),
        ),
        "graphs": len(store.graph_names()),
        "quads": store.count(),
    }
