"""SPARQL text diplograph generates: parameter VALUES blocks and graph-replacing updates.

Every term is written by pyoxigraph in N-Triples syntax (a subset of SPARQL's), so
no value can change the shape of the query or update it is placed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from rdflib import URIRef
from rdflib.term import Identifier

from diplograph.errors import QueryError, StoreError
from diplograph.store._terms import insert_data, to_ox
from diplograph.store.base import GraphData, GraphPatch

__all__ = ["named", "replace_update", "with_values"]

# Tokens to step over while looking for keywords, variables and braces.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)
_FORM = re.compile(r"\b(CONSTRUCT|DESCRIBE|SELECT|ASK)\b", re.IGNORECASE)


def _masked(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked out (same length), so that
    keywords, variables and braces can be searched for in what is left."""
    return _SKIP.sub(lambda m: " " * (m.end() - m.start()), text)


_SUBSELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_PLAIN_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_UNSAFE_MODIFIER = re.compile(r"\b(LIMIT|OFFSET|VALUES)\b", re.IGNORECASE)


def _subselect_groups(masked: str, after: int, names: list[str]) -> list[tuple[int, list[str]]]:
    """Where a VALUES block of ``names`` can also open a sub-SELECT's WHERE group.

    Joining the query with ``VALUES ?x {...}`` restricts ?x in every sub-SELECT that
    projects ?x as a plain variable (not ``(... AS ?x)``): such a subquery's rows with
    another ?x join with nothing. Saying so inside the subquery too lets the engine
    use the value while evaluating it (Oxigraph evaluates a sub-SELECT on its own and
    joins it by hash, and does not push an outer binding into it). Not done where it
    could change the answer: a subquery with LIMIT, OFFSET or its own VALUES, a
    ``SELECT *``, or one inside a subquery that does not project the variable.
    Returns (position after the group's ``{``, the names to bind there).
    """
    opens: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(masked):
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            opens[stack.pop()] = i
    found: list[tuple[int, int, set[str] | None]] = []  # (open, close, pushable names)
    for m in _SUBSELECT.finditer(masked, after):
        brace = masked.find("{", m.end())
        if brace < 0 or brace not in opens:
            continue
        projection = masked[m.end() : brace]
        close = opens[brace]
        tail_end = min(
            (k for k in (masked.find("{", close + 1), masked.find("}", close + 1)) if k >= 0),
            default=len(masked),
        )
        plain: set[str] | None = set()
        depth = 0
        star = False
        for k, ch in enumerate(projection):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and ch == "*":
                star = True
            elif depth == 0 and ch in "?$":
                var = _PLAIN_VAR.match(projection, k)
                if var and plain is not None:
                    plain.add(var.group(1))
        if depth != 0 or star or _UNSAFE_MODIFIER.search(masked, close + 1, tail_end):
            plain = None  # an expression holding a group, SELECT *, or unsafe modifiers
        found.append((brace, close, plain))
    out: list[tuple[int, list[str]]] = []
    for brace, close, plain in found:
        enclosing = [p for b, c, p in found if b < brace and close < c]
        allowed = [
            n
            for n in names
            if plain is not None and n in plain and all(p is not None and n in p for p in enclosing)
        ]
        if allowed:
            out.append((brace + 1, allowed))
    return out


@lru_cache(maxsize=256)
def _places(sparql: str, names: tuple[str, ...]) -> tuple[tuple[int, list[str]], ...]:
    """Where VALUES blocks for ``names`` go in ``sparql``: after the WHERE group's ``{``
    and in the sub-SELECTs (:func:`_subselect_groups`), in text order. Cached: the
    bundled queries are bound again and again with other values."""
    masked = _masked(sparql)
    braces = [(i, ch) for i, ch in enumerate(masked) if ch in "{}"]
    form = _FORM.search(masked)
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
    return tuple(sorted([(pos, list(names)), *_subselect_groups(masked, pos, list(names))]))


def with_values(sparql: str, bindings: Mapping[str, Identifier]) -> str:
    """``sparql`` with a ``VALUES`` block of ``bindings`` opening its WHERE group.

    The same block (for the variables each projects) also opens the WHERE group of
    every sub-SELECT that projects a bound variable as it is, where that cannot change
    the answer (see :func:`_subselect_groups`), so that the engine can use the value
    inside the subquery.

    >>> with_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef("urn:x:a")})
    'SELECT ?o WHERE { VALUES (?s) { (<urn:x:a>) } ?s ?p ?o }'
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"not a SPARQL variable name: {name!r}")
    terms = {n: str(to_ox(v)) for n, v in bindings.items()}

    def block(names: list[str]) -> str:
        variables = " ".join(f"?{n}" for n in names)
        values = " ".join(terms[n] for n in names)
        return f" VALUES ({variables}) {{ ({values}) }}"

    out = sparql
    for at, names in reversed(_places(sparql, tuple(bindings))):
        out = out[:at] + block(names) + out[at:]
    return out


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
