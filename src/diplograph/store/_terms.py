"""Conversion between rdflib terms and pyoxigraph terms, and SPARQL Update text.

rdflib distinguishes ``Literal("x")`` from ``Literal("x", datatype=XSD.string)``
while RDF 1.1 (and Oxigraph) do not; rows come back as plain literals for
``xsd:string`` and as language-tagged literals for ``rdf:langString``, which is what
rdflib code building literals by hand compares equal to.

>>> from rdflib import Literal, URIRef
>>> from_ox(to_ox(Literal("Kashmir", lang="en")))
rdflib.term.Literal('Kashmir', lang='en')
>>> from_ox(to_ox(URIRef("https://w3id.org/diplograph/id/state/PAK")))
rdflib.term.URIRef('https://w3id.org/diplograph/id/state/PAK')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from diplograph.errors import StoreError
from diplograph.store.base import GraphData, NTriples

__all__ = [
    "TEXT_DATATYPES",
    "Cells",
    "cells_of",
    "from_ox",
    "graph_from_triples",
    "insert_data",
    "prepare",
    "rows_of",
    "to_ox",
    "to_ox_quads",
]

_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
TEXT_DATATYPES = frozenset({_XSD_STRING, _LANG_STRING, str(XSD.anyURI)})
"""Datatypes whose literals' Python value is their text (rdflib keeps the lexical form)."""


@lru_cache(maxsize=65536)
def _named(iri: str) -> Any:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise StoreError(f"not a valid IRI for the store: {iri!r} ({exc})") from exc


def to_ox(term: Node) -> Any:
    """The pyoxigraph term for an rdflib URIRef, BNode or Literal."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise StoreError(f"cannot store RDF term {term!r} of type {type(term).__name__}")


def from_ox(term: Any) -> Node | None:
    """The rdflib term for a pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language:
            return Literal(term.value, lang=term.language)
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise StoreError(f"unsupported RDF term from the store: {term!r}")


Cells = tuple[list[str], list[tuple[Any, ...]]]
"""A SELECT's variable names and its rows as tuples of pyoxigraph terms (``None``: unbound)."""


def cells_of(result: Any) -> Cells:
    """The variables and rows of pyoxigraph solutions, terms left as pyoxigraph made them.

    Converting a term to rdflib costs microseconds (a typed literal parses its value),
    so the query layer reads Python values straight from these cells and builds
    rdflib terms only for what asks for them. An ASK is one ``ask`` row.
    """
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [(ox.Literal(bool(result)),)]
    return [v.value for v in result.variables], [tuple(solution) for solution in result]


def rows_of(cells: Cells) -> list[dict[str, Node | None]]:
    """The rows of ``cells`` as dicts of rdflib terms (what ``Store.select`` returns)."""
    names, rows = cells
    return [dict(zip(names, map(from_ox, row), strict=True)) for row in rows]


def to_ox_quads(graph: Graph, name: str) -> Iterator[Any]:
    """The triples of ``graph`` as pyoxigraph quads in the named graph ``name``."""
    g = _named(name)
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)


def graph_from_triples(triples: Iterable[Any]) -> Graph:
    """An rdflib Graph of pyoxigraph triples (or quads, whose graph name is ignored)."""
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
    return graph


def prepare(triples: Iterable[tuple[Node, Node, Node]]) -> NTriples:
    """The triples as N-Triples statements written by pyoxigraph (see :class:`NTriples`)."""
    return NTriples(tuple(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in triples))


def insert_data(graphs: Mapping[str, GraphData]) -> str:
    """``INSERT DATA`` text for ``graphs`` (empty string when there is nothing to insert).

    Terms are written by pyoxigraph itself in N-Triples syntax (a subset of SPARQL's),
    so the text is exact whatever the literals hold.
    """
    parts: list[str] = []
    for name, graph in graphs.items():
        if len(graph) == 0:
            continue
        lines = graph.lines if isinstance(graph, NTriples) else prepare(graph).lines
        parts.append(f"GRAPH {_named(name)} {{\n" + "\n".join(lines) + "\n}")
    if not parts:
        return ""
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"
