"""SPARQL text diplograph generates: parameter VALUES blocks and graph-replacing updates.

Every term is written by pyoxigraph in N-Triples syntax (a subset of SPARQL's), so
no value can change the shape of the query or update it is placed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rdflib import URIRef
from rdflib.term import Identifier

from diplograph.errors import QueryError, StoreError
from diplograph.store._terms import insert_data, to_ox
from diplograph.store.base import GraphData, GraphPatch

__all__ = ["named", "replace_update", "with_values"]

# Tokens to step over while looking for the WHERE group's brace.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)
_FORM = re.compile(r"\b(CONSTRUCT|DESCRIBE|SELECT|ASK)\b", re.IGNORECASE)


def _braces(text: str) -> list[tuple[int, str]]:
    """Positions of ``{``/``}`` outside strings, IRIs and comments."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        m = _SKIP.match(text, i)
        if m:
            i = m.end()
            continue
        if text[i] in "{}":
            out.append((i, text[i]))
        i += 1
    return out


def with_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """``sparql`` with a ``VALUES`` block of ``bindings`` opening its WHERE group.

    >>> with_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef("urn:x:a")})
    'SELECT ?o WHERE { VALUES (?s) { (<urn:x:a>) } ?s ?p ?o }'
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
    braces = _braces(sparql)
    form = _FORM.search(sparql)
    index = 0
    if form and form.group(1).upper() == "CONSTRUCT" and braces:
        # CONSTRUCT { template } WHERE { ... }: skip the template when it comes first.
        after = sparql[form.end() : braces[0][0]]
        if after.strip() == "":
            depth = 0
            for k, (_, ch) in enumerate(braces):
                depth += 1 if ch == "{" else -1
                if depth == 0:
                    index = k + 1
                    break
    if index >= len(braces) or braces[index][1] != "{":
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    pos = braces[index][0] + 1
    names = " ".join(f"?{n}" for n in bindings)
    terms = " ".join(str(to_ox(v)) for v in bindings.values())
    return f"{sparql[:pos]} VALUES ({names}) {{ ({terms}) }}{sparql[pos:]}"


def replace_update(
    graphs: Mapping[str, GraphData],
    remove: Iterable[str],
    patch: Mapping[str, GraphPatch] | None,
    holds: Callable[[str], bool] | None = None,
) -> str:
    """The update dropping ``graphs`` and ``remove``, applying ``patch``, inserting the triples.

    ``holds(name)`` says whether the store has the named graph; a ``DROP`` is written
    only for graphs it holds (dropping costs Oxigraph a few ms even for an absent
    graph, the common case while ingesting new articles). Without it, every graph is
    dropped.
    """
    ops = [
        f"DROP SILENT GRAPH {named(name)}"
        for name in (*graphs, *remove)
        if holds is None or holds(name)
    ]
    additions: dict[str, GraphData] = {}
    for name, (subjects, triples) in (patch or {}).items():
        g = named(name)
        ops.extend(f"DELETE WHERE {{ GRAPH {g} {{ {named(s)} ?p ?o }} }}" for s in subjects)
        additions[name] = triples
    if set(graphs) & set(additions):
        raise StoreError("a graph cannot be both replaced and patched in one write")
    insert = insert_data({**graphs, **additions})
    if insert:
        ops.append(insert)
    return " ;\n".join(ops)


def named(iri: str) -> Any:
    """The pyoxigraph NamedNode of an IRI string."""
    return to_ox(URIRef(iri))
