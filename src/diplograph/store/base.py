"""The contract every store implements.

Rows come back as dicts of rdflib terms (``None`` for unbound variables), the one
representation shared by the query, network and export code; converting them to
Python values is the query layer's job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Identifier, Node

__all__ = ["Row", "Store"]

Row = dict[str, Node | None]


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per article plus the reference graphs.

    The default graph a query sees is the union of the data graphs (articles,
    inferred, reference); quarantined triples are never part of it.
    """

    location: str

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        """Run a SELECT (or ASK, as one row ``{"ask": Literal(bool)}``) with ``bindings`` bound
        as RDF terms by the engine, never pasted into the text."""
        ...

    def construct(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return the triples."""
        ...

    def replace_graphs(self, graphs: Mapping[str, Graph], remove: Iterable[str] = ()) -> None:
        """Atomically replace each named graph with the given triples, and drop ``remove``."""
        ...

    def graph_names(self) -> list[str]:
        """Names of the named graphs in the store."""
        ...

    def close(self) -> None:
        """Flush and release the store."""
        ...
