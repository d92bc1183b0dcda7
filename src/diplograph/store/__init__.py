"""Stores: where article graphs live (embedded Oxigraph directory, or a SPARQL endpoint).

>>> store = open_store(":memory:", reference=False)
>>> store.location
':memory:'
"""

from __future__ import annotations

import os
from pathlib import Path

from diplograph.store._layout import (
    ACTORS_GRAPH,
    CLAIM_TYPES_GRAPH,
    ONTOLOGY_GRAPH,
    QUARANTINE_GRAPH,
    REFERENCE_GRAPHS,
    inferred_graph_name,
    quarantine_record_iri,
    reference_statements,
    without_reference,
)
from diplograph.store._terms import prepare
from diplograph.store.base import DumpFormat, GraphData, GraphSet, NTriples, Row, Store
from diplograph.store.oxigraph import OxigraphStore
from diplograph.store.sparql import SparqlStore

__all__ = [
    "ACTORS_GRAPH",
    "CLAIM_TYPES_GRAPH",
    "DEFAULT_STORE",
    "ONTOLOGY_GRAPH",
    "QUARANTINE_GRAPH",
    "REFERENCE_GRAPHS",
    "DumpFormat",
    "GraphData",
    "GraphSet",
    "NTriples",
    "OxigraphStore",
    "Row",
    "SparqlStore",
    "Store",
    "inferred_graph_name",
    "open_store",
    "prepare",
    "quarantine_record_iri",
    "reference_statements",
    "resolve_location",
    "without_reference",
]

DEFAULT_STORE = "diplograph-store"
ENV_VAR = "DIPLOGRAPH_STORE"


def resolve_location(location: str | Path | None) -> str:
    """``location``, else ``$DIPLOGRAPH_STORE``, else ``./diplograph-store``."""
    if location is None or str(location) == "":
        return os.environ.get(ENV_VAR) or DEFAULT_STORE
    return str(location)


def open_store(location: str | Path | None = None, *, reference: bool = True) -> Store:
    """Open (creating if needed) the store at ``location``.

    ``None`` means ``$DIPLOGRAPH_STORE`` or ``./diplograph-store``; ``http(s)://...`` a
    SPARQL 1.1 endpoint (its query URL); ``":memory:"`` a scratch in-memory store;
    anything else a directory. A new store gets the ontology, claim types and reference
    actors unless ``reference`` is false.
    """
    where = resolve_location(location)
    if where.startswith(("http://", "https://")):
        return SparqlStore(where, reference=reference)
    if where == ":memory:":
        return OxigraphStore(None, reference=reference)
    return OxigraphStore(Path(where), reference=reference)
