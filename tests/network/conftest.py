"""Fixtures for the network tests: a read-only store over the hand-written TriG files.

``FixtureStore`` implements the ``select`` part of the store protocol over an
in-memory pyoxigraph store (default graph = union of the named graphs), so the
network code is tested against the data model without the production store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Node

DATA = Path(__file__).resolve().parents[1] / "data" / "network"


def _to_rdflib(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unexpected term {term!r}")


def _to_ox(term: Identifier) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unexpected term {term!r}")


class FixtureStore:
    """Just enough of ``diplograph.store.base.Store`` for the network code."""

    def __init__(self, files: Iterable[Path] = (), location: str = "fixture") -> None:
        self.location = location
        self._store = ox.Store()
        for path in files:
            self._store.load(path=str(path), format=ox.RdfFormat.TRIG)

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._store.extend(quads)

    def select(
        self, sparql: str, bindings: Mapping[str, Identifier] | None = None
    ) -> list[dict[str, Node | None]]:
        subs = {ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()}
        result = self._store.query(sparql, use_default_graph_as_union=True, substitutions=subs)
        names = [v.value for v in result.variables]
        return [{n: _to_rdflib(sol[n]) for n in names} for sol in result]

    def construct(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        raise NotImplementedError("the network code only selects")

    def replace_graphs(self, graphs: Mapping[str, Graph], remove: Iterable[str] = ()) -> None:
        raise NotImplementedError("the fixture store is read-only")

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def close(self) -> None:
        pass


@pytest.fixture(scope="session")
def fixture_store() -> FixtureStore:
    return FixtureStore([DATA / "actors.trig", DATA / "articles.trig"])
