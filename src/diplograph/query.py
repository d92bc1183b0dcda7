"""SPARQL for researchers: bundled queries, parameters bound as RDF terms, safe by default.

:func:`run_query` takes inline SPARQL, a ``.rq`` file or the name of a bundled query
(``examples/queries/<name>.rq``) and returns a :class:`QueryResult` of Python values.

A query file starts with a comment block that documents it and declares its
parameters and columns::

    # Partners of an actor, with meeting counts and first/last meeting dates.
    #
    # param actor: actor                 the actor whose outreach is listed
    # param since: date = 0001-01-01     first day of the period
    # column partner: IRI of the state, organisation or person met

Parameter kinds say how a value given as text becomes an RDF term: ``actor`` (a
label, alias, ISO code or acronym resolved against the store, or an IRI), ``date``
(``xsd:date``), ``claim-type`` (``dgct:<type>``), ``int``, ``string`` and ``iri``.
Values are handed to the store as RDF terms, which the engine binds
(``substitutions`` / ``VALUES`` of terms): never pasted into the query text, so no
value can change what a query means.

Queries are parsed before they run. Updates are refused, and so are ``SERVICE``,
``FROM`` and ``FROM NAMED`` (they make engines fetch remote documents or local files)
unless ``allow_remote=True``.

>>> [q.name for q in list_queries()][:2]
['accusation-matrix', 'articles-mentioning']
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import json
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node, Variable

from diplograph.errors import DiplographError, QueryError
from diplograph.model import CLAIM_TYPES
from diplograph.namespaces import CLAIM_TYPE, PREFIXES, bind_prefixes
from diplograph.resources import queries_dir
from diplograph.store._terms import TEXT_DATATYPES, from_ox

if TYPE_CHECKING:
    import pandas as pd

    from diplograph.store.base import Store

__all__ = [
    "PARAM_KINDS",
    "QueryInfo",
    "QueryParam",
    "QueryResult",
    "get_query",
    "list_queries",
    "resolve_actor",
    "run_query",
    "to_python",
]

ParamKind = Literal["actor", "date", "claim-type", "int", "string", "iri"]
PARAM_KINDS: tuple[str, ...] = ("actor", "date", "claim-type", "int", "string", "iri")
"""The parameter kinds a query header may declare."""

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
ParamValue = str | Identifier | int | float | bool | dt.date

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_PARAM_LINE = re.compile(
    r"^param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<kind>[a-z-]+)"
    r"(?:\s*=\s*(?P<default>\S+))?(?:\s+(?P<doc>.*))?$"
)
_COLUMN_LINE = re.compile(r"^column\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:?\s*(?P<doc>.*)$")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?\s*:", re.IGNORECASE)


# -- query descriptions --------------------------------------------------------------


@dataclass(frozen=True)
class QueryParam:
    """A declared parameter: ``name``, ``kind`` (one of :data:`PARAM_KINDS`), default, doc."""

    name: str
    kind: str
    default: str | None = None
    description: str = ""

    @property
    def required(self) -> bool:
        """True when the parameter has no default."""
        return self.default is None


@dataclass(frozen=True)
class QueryInfo:
    """What a query file's header says: summary, parameters and columns."""

    name: str
    summary: str
    description: str
    params: tuple[QueryParam, ...]
    columns: tuple[tuple[str, str], ...]
    text: str
    path: Path | None = None

    def param(self, name: str) -> QueryParam | None:
        """The declared parameter ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, name: str = "query", path: Path | None = None) -> QueryInfo:
    """Read the leading comment block of a query (summary, ``param`` and ``column`` lines)."""
    lines: list[str] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped.startswith("#"):
            break
        lines.append(stripped[1:].strip())
    params: list[QueryParam] = []
    columns: list[tuple[str, str]] = []
    prose: list[str] = []
    where = str(path) if path else name
    for lineno, line in enumerate(lines, start=1):
        if line.startswith("param ") or line.startswith("param\t"):
            m = _PARAM_LINE.match(line)
            if not m:
                raise QueryError(
                    f"{where}:{lineno}: bad parameter line {line!r}; expected "
                    "'# param NAME: KIND [= DEFAULT] description'"
                )
            if m["kind"] not in PARAM_KINDS:
                raise QueryError(
                    f"{where}:{lineno}: unknown parameter kind {m['kind']!r}; "
                    f"expected one of {', '.join(PARAM_KINDS)}"
                )
            params.append(QueryParam(m["name"], m["kind"], m["default"], (m["doc"] or "").strip()))
        elif line.startswith("column "):
            m = _COLUMN_LINE.match(line)
            if not m:
                raise QueryError(f"{where}:{lineno}: bad column line {line!r}")
            columns.append((m["name"], m["doc"].strip()))
        else:
            prose.append(line)
    paragraphs = "\n".join(prose).strip()
    summary = paragraphs.split("\n", 1)[0].strip() if paragraphs else ""
    return QueryInfo(
        name=name,
        summary=summary,
        description=paragraphs,
        params=tuple(params),
        columns=tuple(columns),
        text=text,
        path=path,
    )


# The bundled queries are listed and parsed once per version of their folder and files
# (keyed by modification times): globbing, reading and parsing them on every call was
# about 5% of a 20 ms query such as meetings-between.
@functools.lru_cache(maxsize=8)
def _bundled_in(folder: Path, stamp: int) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.rq"))}


@functools.lru_cache(maxsize=256)
def _bundled_info(path: Path, stamp: int) -> QueryInfo:
    return parse_header(path.read_text(encoding="utf-8"), path.stem, path)


def _bundled() -> dict[str, Path]:
    folder = queries_dir()
    return _bundled_in(folder, folder.stat().st_mtime_ns)


def _info(path: Path) -> QueryInfo:
    return _bundled_info(path, path.stat().st_mtime_ns)


def list_queries() -> list[QueryInfo]:
    """The bundled queries, sorted by name, as described by their header comments."""
    return [_info(p) for p in _bundled().values()]


def get_query(query: str) -> QueryInfo:
    """The query named by ``query``: a bundled query's name, a ``.rq`` path or inline SPARQL."""
    bundled = _bundled()
    if query in bundled:
        return _info(bundled[query])
    if _NAME.fullmatch(query) and not query.lower().endswith((".rq", ".sparql")):
        close = difflib.get_close_matches(query, bundled, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise QueryError(f"unknown query {query!r}{hint}; bundled queries: {', '.join(bundled)}")
    if "\n" not in query and query.lower().endswith((".rq", ".sparql")):
        path = Path(query)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read the query file {path}: {exc}") from exc
        return parse_header(text, path.stem, path)
    return parse_header(query, "inline query")


# -- parsing and safety --------------------------------------------------------------


@dataclass(frozen=True)
class _Prepared:
    text: str
    form: QueryForm
    variables: tuple[str, ...]
    mentioned: frozenset[str]
    remote: tuple[str, ...]


_FORMS: dict[str, QueryForm] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def _with_prefixes(text: str) -> tuple[str, int]:
    """``text`` with diplograph's usual prefixes declared (one added line) where missing."""
    declared = {(m.group(1) or "") for m in _PREFIX_DECL.finditer(text)}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    if not missing:
        return text, 0
    return " ".join(missing) + "\n" + text, 1


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


_PARSING = threading.Lock()


@lru_cache(maxsize=256)
def _prepare(query: str, where: str) -> _Prepared:
    """Parse ``query`` with rdflib's SPARQL parser: form, projected variables, remote parts.

    One parse at a time: rdflib's parser (pyparsing) is not thread-safe, and its first
    use from several threads at once breaks it for the rest of the process.
    """
    with _PARSING:
        return _parse(query, where)


def _parse(query: str, where: str) -> _Prepared:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    text, added = _with_prefixes(query)
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            pass
        else:
            raise QueryError(
                f"{where}: updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused; "
                "`query` only reads the store"
            ) from None
        line = max(exc.lineno - added, 1)
        raise QueryError(
            f"{where}: SPARQL syntax error at line {line}, column {exc.col}: {exc.msg}"
            f" near {exc.line.strip()[max(exc.col - 20, 0) : exc.col + 20]!r}"
        ) from None
    body = parsed[1]
    form = _FORMS.get(getattr(body, "name", ""))
    if form is None:
        raise QueryError(f"{where}: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    remote: list[str] = []
    mentioned: set[str] = set()
    for node in _walk(parsed):
        if isinstance(node, Variable):
            mentioned.add(str(node))
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            remote.append(f"SERVICE {node.get('term').n3()}")
        elif name == "DatasetClause":
            iri = node.get("default") or node.get("named")
            kind = "FROM" if node.get("default") is not None else "FROM NAMED"
            remote.append(f"{kind} <{iri}>")
    try:
        algebra = translateQuery(parsed).algebra
    except Exception as exc:  # rdflib raises bare Exception for e.g. unknown prefixes
        raise QueryError(f"{where}: {exc}") from None
    projected = getattr(algebra, "PV", None) or () if form == "SELECT" else ()
    variables = tuple(str(v) for v in projected)
    return _Prepared(text, form, variables, frozenset(mentioned), tuple(remote))


def check_query(query: str, *, allow_remote: bool = False, where: str = "query") -> QueryForm:
    """Parse ``query`` and raise :class:`QueryError` if it is an update, does not parse,
    or (unless ``allow_remote``) uses SERVICE, FROM or FROM NAMED. Returns its form."""
    prepared = _prepare(query, where)
    if prepared.remote and not allow_remote:
        raise QueryError(
            f"{where}: {', '.join(prepared.remote)} refused: it can make the engine fetch "
            "remote documents or local files; read a named graph of the store with "
            "GRAPH <iri> { ... }, or pass --allow-remote (allow_remote=True) if you mean it"
        )
    return prepared.form


# -- parameters ------------------------------------------------------------------------

_LABEL_PROPS = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://w3id.org/diplograph/ontology#isoCode",
    "https://w3id.org/diplograph/ontology#acronym",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)
_STRONG = frozenset(_LABEL_PROPS[:3])
_PROPERTY_VALUES = "VALUES ?property { <" + "> <".join(_LABEL_PROPS) + "> }"
_ACTOR_EXACT = (
    "SELECT DISTINCT ?actor ?property WHERE {\n  "
    + _PROPERTY_VALUES
    + "\n  ?actor ?property ?name .\n}"
)
_ACTOR_FOLDED = (
    "SELECT DISTINCT ?actor ?property WHERE {\n  "
    + _PROPERTY_VALUES
    + "\n  ?actor ?property ?label .\n  FILTER(LCASE(STR(?label)) = ?needle)\n}"
)
_ALL_LABELS = """
SELECT DISTINCT ?actor ?label WHERE {
  ?actor <http://www.w3.org/2004/02/skos/core#prefLabel> ?label .
}"""
_PREF_LABEL = """
SELECT ?label WHERE {
  ?actor <http://www.w3.org/2004/02/skos/core#prefLabel> ?label .
} LIMIT 1"""


def _expand(value: str) -> str | None:
    """An IRI written as ``<...>``, ``http(s)://...``/``urn:...`` or a known CURIE, else None."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if re.match(r"^(https?|urn|file):", value):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and local and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None


def _iri(value: str, what: str) -> URIRef:
    from diplograph.rdf.mint import check_iri

    try:
        return URIRef(check_iri(value))
    except ValueError as exc:
        raise QueryError(f"{what}: {exc}") from None


def resolve_actor(store: Store, value: str) -> URIRef:
    """The actor IRI that ``value`` names: an IRI or CURIE, a label, an alias, an ISO code or
    an acronym (case-insensitive), looked up in the store (reference actors included).

    An unknown or ambiguous value raises :class:`QueryError` listing candidates.
    """
    iri = _expand(value)
    if iri is not None:
        return _iri(iri, f"actor {value!r}")
    text = value.strip()
    if not text:
        raise QueryError("an actor cannot be empty")
    found: dict[str, set[str]] = {}
    for name in (RDFLiteral(text, lang="en"), RDFLiteral(text)):
        for row in store.select(_ACTOR_EXACT, {"name": name}):
            found.setdefault(str(row["actor"]), set()).add(str(row["property"]))
    if not found:
        for row in store.select(_ACTOR_FOLDED, {"needle": RDFLiteral(text.lower())}):
            found.setdefault(str(row["actor"]), set()).add(str(row["property"]))
    strong = sorted(a for a, props in found.items() if props & _STRONG)
    candidates = strong or sorted(found)
    if len(candidates) == 1:
        return URIRef(candidates[0])
    if candidates:
        listed = "; ".join(f"{_short(URIRef(c))} ({_label(store, c)})" for c in candidates[:10])
        raise QueryError(
            f"actor {text!r} is ambiguous: {listed}; give an ISO code, an acronym or the IRI"
        )
    labels = {str(r["label"]): str(r["actor"]) for r in store.select(_ALL_LABELS)}
    close = difflib.get_close_matches(text, labels, n=5, cutoff=0.6)
    hint = (
        "; did you mean " + ", ".join(f"{c} ({_short(URIRef(labels[c]))})" for c in close) + "?"
        if close
        else ""
    )
    raise QueryError(
        f"unknown actor {text!r}: no label, alias, ISO code or acronym in the store matches{hint}"
    )


def _label(store: Store, iri: str) -> str:
    rows = store.select(_PREF_LABEL, {"actor": URIRef(iri)})
    return str(rows[0]["label"]) if rows and rows[0].get("label") is not None else "no label"


def _convert(store: Store, param: QueryParam, value: ParamValue, where: str) -> Identifier:
    """The RDF term for ``value`` given as parameter ``param`` of kind ``param.kind``."""
    what = f"{where}: parameter {param.name} ({param.kind})"
    if isinstance(value, Identifier):
        return value
    if not isinstance(value, str):
        if param.kind == "date" and isinstance(value, dt.date):
            return RDFLiteral(value.isoformat(), datatype=XSD.date)
        return RDFLiteral(value)
    kind = param.kind
    if kind == "actor":
        try:
            return resolve_actor(store, value)
        except QueryError as exc:
            raise QueryError(f"{what}: {exc}") from None
    if kind == "date":
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise QueryError(f"{what}: {value!r} is not a date (YYYY-MM-DD)") from None
        return RDFLiteral(day.isoformat(), datatype=XSD.date)
    if kind == "claim-type":
        iri = _expand(value)
        name = iri[len(str(CLAIM_TYPE)) :] if iri and iri.startswith(str(CLAIM_TYPE)) else value
        name = name.strip().lower()
        if name not in CLAIM_TYPES:
            raise QueryError(
                f"{what}: unknown claim type {value!r}; expected one of {', '.join(CLAIM_TYPES)}"
            )
        return CLAIM_TYPE[name]
    if kind == "int":
        try:
            return RDFLiteral(int(value.strip()))
        except ValueError:
            raise QueryError(f"{what}: {value!r} is not an integer") from None
    if kind == "iri":
        return _iri(_expand(value) or value.strip(), what)
    return RDFLiteral(value)


def _bind(
    store: Store,
    info: QueryInfo,
    prepared: _Prepared,
    params: Mapping[str, ParamValue],
) -> dict[str, Identifier]:
    where = _where(info)
    bindings: dict[str, Identifier] = {}
    declared = {p.name for p in info.params}
    for name in params:
        if info.params and name not in declared:
            raise QueryError(
                f"{where}: unknown parameter {name!r}; its parameters are "
                f"{', '.join(sorted(declared))}"
            )
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{where}: {name!r} is not a parameter name (a SPARQL variable)")
        if name not in prepared.mentioned:
            raise QueryError(
                f"{where}: parameter {name!r} is not a variable (?{name}) of the query"
            )
    for param in info.params:
        if param.name in params:
            bindings[param.name] = _convert(store, param, params[param.name], where)
        elif param.default is not None:
            bindings[param.name] = _convert(store, param, param.default, where)
        else:
            raise QueryError(
                f"{where}: missing parameter {param.name!r} ({param.kind}): "
                f"give --param {param.name}=VALUE"
            )
    for name, value in params.items():
        if name not in bindings:
            bindings[name] = _convert(store, QueryParam(name, _guess_kind(value)), value, where)
    return bindings


def _guess_kind(value: ParamValue) -> str:
    """Undeclared parameters: ``<iri>``/CURIE/``http://`` text is an IRI, other text a string."""
    if isinstance(value, str) and _expand(value) is not None:
        return "iri"
    return "string"


def _where(info: QueryInfo) -> str:
    if info.path is not None and info.name != info.path.stem:
        return str(info.path)
    return f"query {info.name!r}" if info.name != "inline query" else "inline query"


# -- results ---------------------------------------------------------------------------

_INTEGER_TYPES = {
    str(XSD[t])
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
_FLOAT_TYPES = {str(XSD.decimal), str(XSD.double), str(XSD.float)}


def _as_int(value: object) -> Any:
    return value if isinstance(value, int) else None


def _as_float(value: object) -> Any:
    return float(value) if isinstance(value, (int, float, Decimal)) else None


def _as_bool(value: object) -> Any:
    return value if isinstance(value, bool) else None


def _as_date(value: object) -> Any:
    return value if isinstance(value, dt.date) else None


# Datatype IRI -> the check that keeps rdflib's Python value (None: use the text).
# Looked up once per literal: results of thousands of rows go through to_python.
# Keys are URIRefs: an rdflib term hashes differently from its str.
_CONVERTERS: dict[URIRef, Any] = {
    **{URIRef(t): _as_int for t in _INTEGER_TYPES},
    **{URIRef(t): _as_float for t in _FLOAT_TYPES},
    XSD.boolean: _as_bool,
    XSD.date: _as_date,
    XSD.dateTime: _as_date,
}


def to_python(term: Node | None) -> Any:
    """A Python value for an RDF term: IRIs as str, numbers, bools, dates; else the text.

    >>> to_python(RDFLiteral("2025-05-02", datatype=XSD.date))
    datetime.date(2025, 5, 2)
    >>> to_python(RDFLiteral("12", datatype=XSD.integer)), to_python(URIRef("urn:x:a"))
    (12, 'urn:x:a')
    """
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, RDFLiteral):
        datatype = term.datatype
        convert = _CONVERTERS.get(datatype) if datatype is not None else None
        if convert is not None:
            value = convert(term.value)
            if value is not None:
                return value
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)


def _fast_date(text: str) -> Any:
    return dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None


def _fast_integer(text: str) -> Any:
    return int(text) if _INTEGER.fullmatch(text) else None


# Datatype IRI -> a parse of the lexical forms whose value is certain (None: not one of
# those, so rdflib decides). Ill-typed forms ("2024-02-30") fail and go to rdflib too.
_FAST: dict[str, Any] = {str(XSD.date): _fast_date, str(XSD.integer): _fast_integer}


def _value(cell: object) -> Any:
    """:func:`to_python` of a cell of a store's answer, a pyoxigraph term or an rdflib one.

    What ``QueryResult.rows`` calls per cell: IRIs, strings and the common typed
    literals (dates, integers) are read from pyoxigraph's term without building an
    rdflib term, which costs 4-15 us each; anything else takes the rdflib path, so
    the values are always those of ``to_python(term)``.
    """
    kind = type(cell)
    if kind is ox.NamedNode:
        return cell.value  # type: ignore[attr-defined]
    if kind is ox.Literal:
        datatype = cell.datatype.value  # type: ignore[attr-defined]
        if datatype in TEXT_DATATYPES:
            return cell.value  # type: ignore[attr-defined]
        fast = _FAST.get(datatype)
        if fast is not None:
            try:
                value = fast(cell.value)  # type: ignore[attr-defined]
            except ValueError:
                value = None
            if value is not None:
                return value
    return to_python(_term(cell))


def _term(cell: object) -> Node | None:
    """The rdflib term of a cell (pyoxigraph terms converted, rdflib ones as they are)."""
    if cell is None or isinstance(cell, Node):
        return cell
    return from_ox(cell)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, RDFLiteral):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _short(term: Node) -> str:
    text = str(term)
    best = ""
    for prefix, iri in PREFIXES.items():
        if text.startswith(iri) and len(iri) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{text[len(PREFIXES[best]) :]}" if best else text


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query.

    SELECT: ``vars`` and ``terms`` (rdflib terms), ``rows`` (dicts of Python values).
    ASK: ``boolean``. CONSTRUCT/DESCRIBE: ``graph`` (an rdflib Graph).
    """

    form: QueryForm
    vars: tuple[str, ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    bindings: Mapping[str, Identifier] = field(default_factory=dict)
    # The engine's terms, in ``vars`` order: rdflib terms are built from them only when
    # ``terms`` is read (the output formats), ``rows`` reads Python values directly.
    cells: Sequence[tuple[object, ...]] = field(default=(), repr=False)

    @cached_property
    def terms(self) -> tuple[tuple[Node | None, ...], ...]:
        """The rows as rdflib terms (None when unbound), in ``vars`` order."""
        return tuple(tuple(map(_term, row)) for row in self.cells)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """One dict per solution, variable name -> Python value (None when unbound)."""
        return [dict(zip(self.vars, map(_value, row), strict=True)) for row in self.cells]

    def __len__(self) -> int:
        if self.graph is not None:
            return len(self.graph)
        return len(self.cells) if self.boolean is None else 1

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Any]:
        """The Python values of one column."""
        if name not in self.vars:
            raise QueryError(f"no column {name!r}; columns: {', '.join(self.vars)}")
        i = self.vars.index(name)
        return [_value(row[i]) for row in self.cells]

    def _table(self) -> tuple[tuple[str, ...], list[tuple[Node | None, ...]]]:
        if self.form == "ASK":
            return ("ask",), [(RDFLiteral(bool(self.boolean)),)]
        if self.graph is not None:
            raise QueryError(
                f"a {self.form} result is a graph, not a table: write it with to_turtle()"
            )
        return self.vars, list(self.terms)

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV: a header of names, then plain values."""
        names, rows = self._table()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t))
                             for t in row])  # fmt: skip
        return out.getvalue()

    def to_tsv(self) -> str:
        """SPARQL 1.1 Query Results TSV: ``?name`` header, terms in Turtle syntax."""
        names, rows = self._table()
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"

    def to_json(self, indent: int | None = None) -> str:
        """SPARQL 1.1 Query Results JSON (``head``/``results.bindings`` or ``boolean``)."""
        if self.form == "ASK":
            return json.dumps({"head": {}, "boolean": bool(self.boolean)}, indent=indent)
        names, rows = self._table()
        bindings = [
            {n: _json_term(t) for n, t in zip(names, row, strict=True) if t is not None}
            for row in rows
        ]
        return json.dumps(
            {"head": {"vars": list(names)}, "results": {"bindings": bindings}},
            indent=indent,
            ensure_ascii=False,
        )

    def to_turtle(self) -> str:
        """The graph of a CONSTRUCT/DESCRIBE as Turtle, with diplograph's prefixes."""
        if self.graph is None:
            raise QueryError(f"a {self.form} result is a table: use to_csv() or to_json()")
        return bind_prefixes(self.graph).serialize(format="turtle")

    def to_dataframe(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame, one column per variable (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise DiplographError(
                "to_dataframe() needs pandas, which is not installed: "
                "pip install 'diplograph[pandas]'"
            ) from None
        names, _ = self._table()
        if self.form == "ASK":
            return pd.DataFrame({"ask": [bool(self.boolean)]})
        return pd.DataFrame(self.rows, columns=list(names))

    def short(self, term: Node | None) -> str:
        """A compact text for display: CURIEs for known namespaces, literals as text."""
        if term is None:
            return ""
        if isinstance(term, URIRef):
            return _short(term)
        value = to_python(term)
        return value.isoformat() if isinstance(value, dt.date) else str(value)


# -- running ---------------------------------------------------------------------------


def run_query(
    store: Store,
    query: str,
    params: Mapping[str, ParamValue] | None = None,
    *,
    allow_remote: bool = False,
) -> QueryResult:
    """Run ``query`` (inline SPARQL, a ``.rq`` path or a bundled query's name) on ``store``.

    ``params`` maps parameter names to values: text is converted by the kind the query
    header declares (an actor's label or code to its IRI, a date to ``xsd:date``, ...);
    rdflib terms are used as given. Undeclared parameters of inline queries must be
    variables of the query; their text becomes a string literal (an IRI if written
    ``<...>``, ``http(s)://...`` or as a known CURIE such as ``dgr:state/PAK``).

    Raises :class:`QueryError` for an unknown query, a missing or bad parameter, a
    syntax error, an update, or SERVICE/FROM without ``allow_remote``.
    """
    info = get_query(query)
    where = _where(info)
    check_query(info.text, allow_remote=allow_remote, where=where)
    prepared = _prepare(info.text, where)
    bindings = _bind(store, info, prepared, params or {})
    try:
        if prepared.form in ("CONSTRUCT", "DESCRIBE"):
            graph = store.construct(prepared.text, bindings)
            return QueryResult(prepared.form, graph=bind_prefixes(graph), bindings=bindings)
        engine, cells = _select_cells(store, prepared.text, bindings)
    except DiplographError as exc:
        raise QueryError(f"{where}: {exc}") from exc
    except Exception as exc:  # an engine's own error types: report, do not crash
        raise QueryError(f"{where}: query failed: {exc}") from exc
    if prepared.form == "ASK":
        value = _value(cells[0][engine.index("ask")]) if cells and "ask" in engine else None
        return QueryResult("ASK", boolean=bool(value), bindings=bindings)
    names = tuple(prepared.variables) + tuple(n for n in engine if n not in prepared.variables)
    if tuple(engine) != names:  # put the cells in query order; missing columns unbound
        where_in = {n: i for i, n in enumerate(engine)}
        order = [where_in.get(n) for n in names]
        cells = [tuple(None if i is None else row[i] for i in order) for row in cells]
    return QueryResult("SELECT", vars=names, cells=cells, bindings=bindings)


def _select_cells(
    store: Store, sparql: str, bindings: Mapping[str, Identifier]
) -> tuple[Sequence[str], Sequence[tuple[object, ...]]]:
    """The engine's variables and rows: pyoxigraph terms from the bundled stores, which
    have ``_select_cells``; rdflib terms from ``select`` for any other Store."""
    native = getattr(store, "_select_cells", None)
    if native is not None:
        return native(sparql, bindings)  # type: ignore[no-any-return]
    answer = store.select(sparql, bindings)
    names = list(answer[0]) if answer else []
    return names, [tuple(row.get(n) for n in names) for row in answer]
