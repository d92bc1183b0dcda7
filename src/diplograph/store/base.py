"""The contract every store implements.

Rows come back as dicts of rdflib terms (``None`` for unbound variables), the one
representation shared by the query, network and export code; converting them to
Python values is the query layer's job.

Quarantined triples live in a :class:`GraphSet` beside the store (``store.quarantine``),
never in the union of graphs that queries see; only the ``dg:QuarantineRecord`` of each
quarantined article is in the store, in ``dgr:graph/quarantine``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import BinaryIO, Literal, Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Identifier, Node

__all__ = ["DumpFormat", "GraphData", "GraphPatch", "GraphSet", "NTriples", "Row", "Store"]

Row = dict[str, Node | None]
DumpFormat = Literal["trig", "nquads"]


@dataclass(frozen=True)
class NTriples:
    """Triples already written as N-Triples statements, one per item (``<s> <p> <o> .``).

    Build it with :func:`diplograph.store.prepare` (terms written by pyoxigraph), e.g. in
    a worker process, so that the single process writing the store only joins text.
    """

    lines: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.lines)


GraphData = Graph | NTriples
GraphPatch = tuple[Iterable[str], Graph]
"""``(subjects, triples)``: drop these subject IRIs' triples from a graph, then add ``triples``."""


@runtime_checkable
class GraphSet(Protocol):
    """Named graphs kept outside the queryable union (the quarantine's triples)."""

    def replace_graphs(self, graphs: Mapping[str, GraphData], remove: Iterable[str] = ()) -> None:
        """Atomically replace each named graph with the given triples, and drop ``remove``."""
        ...

    def graph(self, name: str) -> Graph:
        """The triples of one named graph (empty when absent)."""
        ...

    def graph_names(self) -> list[str]:
        """Names of the named graphs held."""
        ...


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per article plus the reference graphs.

    The default graph a query sees is the union of the data graphs (articles,
    inferred, reference); quarantined triples are never part of it.
    """

    location: str
    quarantine: GraphSet

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        """Run a SELECT (or ASK, as one row ``{"ask": Literal(bool)}``) with ``bindings`` bound
        as RDF terms by the engine, never pasted into the text."""
        ...

    def construct(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return the triples."""
        ...

    def replace_graphs(
        self,
        graphs: Mapping[str, GraphData],
        remove: Iterable[str] = (),
        *,
        patch: Mapping[str, GraphPatch] | None = None,
    ) -> None:
        """Atomically replace each named graph with the given triples, drop ``remove``, and
        apply ``patch`` (graph name -> (subjects to clear, triples to add)), all in one
        transaction: after a crash either all of it is there or none."""
        ...

    def graph_names(self) -> list[str]:
        """Names of the named graphs in the store."""
        ...

    def graph(self, name: str) -> Graph:
        """The triples of one named graph (empty when absent)."""
        ...

    def count(self) -> int:
        """Number of quads in the store (quarantine excluded)."""
        ...

    def dump(self, out: BinaryIO, fmt: DumpFormat = "trig") -> None:
        """Write every quad of the store (reference graphs included) as TriG or N-Quads."""
        ...

    def close(self) -> None:
        """Flush and release the store."""
        ...
