"""The embedded, persistent store: Oxigraph (RocksDB) in a directory, or in memory.

Layout of a store directory ``DIR``::

    DIR/             the main Oxigraph store: articles, their /inferred graphs, the
                     reference graphs and dgr:graph/quarantine (the records)
    DIR/quarantine/  a second Oxigraph store with the quarantined articles' triples,
                     their SHACL reports and their source text

Quarantined triples sit in a store of their own because queries run over the union
of all named graphs (``use_default_graph_as_union``): a graph in the main store
cannot be left out of that union without listing every other graph on each query.
The quarantine records themselves are in the main store, so a query can list the
quarantined articles and why.

Every write (:meth:`OxigraphStore.replace_graphs`) is one SPARQL Update request,
which Oxigraph applies in one transaction: a crash leaves whole articles only.
Query parameters are passed as pyoxigraph ``substitutions`` (bound by the engine),
never pasted into the query text; a parameter the SELECT does not project (which
Oxigraph will not substitute) is bound by a ``VALUES`` block of RDF terms instead.

>>> store = OxigraphStore(None, reference=False)
>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph(); _ = g.add((URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("1")))
>>> store.replace_graphs({"urn:x:g": g})
>>> store.select("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef("urn:x:a")})
[{'o': rdflib.term.Literal('1')}]
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from diplograph.errors import QueryError, StoreError
from diplograph.store._layout import ONTOLOGY_GRAPH, reference_graphs
from diplograph.store._sparql_text import named, replace_update, with_values
from diplograph.store._terms import Cells, cells_of, graph_from_triples, rows_of
from diplograph.store.base import DumpFormat, GraphData, GraphPatch, GraphSet, Row

__all__ = ["OxigraphGraphSet", "OxigraphStore"]

QUARANTINE_DIR = "quarantine"
_FORMATS: dict[str, Any] = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
_FLUSH_TRIPLES = 200_000  # see _Flusher for the trade-off


def _open(path: Path | None) -> Any:
    if path is None:
        return ox.Store()
    try:
        path.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(
                f"the store {path} is in use by another process (a running `diplograph serve` "
                f"or ingest?); stop it and retry ({text})"
            ) from exc
        raise StoreError(f"cannot open the store {path}: {text}") from exc


def _holds(store: Any) -> Callable[[str], bool]:
    """Whether ``store`` has a named graph (so an update drops only graphs that exist)."""
    return lambda name: bool(store.contains_named_graph(named(name)))


def _size(graphs: Mapping[str, GraphData]) -> int:
    return sum(len(g) for g in graphs.values())


class _Flusher:
    """Flushes a persistent store every ``_FLUSH_TRIPLES`` written triples.

    Oxigraph (RocksDB) keeps every write in memory until the store is flushed, so an
    ingest of many articles grew by about 210 MiB per 1,000 articles without it. Each
    flush leaves files that RocksDB's background threads later compact with the whole
    store, so the interval trades memory for CPU: ingesting 10k articles (``--jobs 2``)
    took 160 CPU-s of compaction flushing every 100k triples, 90 every 200k (+115 MiB
    peak) and 60 every 300k (+200 MiB), where slower writes ate the gain.
    """

    def __init__(self, store: Any, persistent: bool) -> None:
        self._store = store
        self._persistent = persistent
        self._unflushed = 0

    def written(self, triples: int) -> None:
        if not self._persistent:
            return
        self._unflushed += triples
        if self._unflushed >= _FLUSH_TRIPLES:
            self._store.flush()
            self._unflushed = 0


class OxigraphGraphSet:
    """Named graphs in a pyoxigraph store of their own (the quarantine)."""

    def __init__(self, store: Any, *, persistent: bool = False) -> None:
        self._store = store
        self._flusher = _Flusher(store, persistent)

    def replace_graphs(self, graphs: Mapping[str, GraphData], remove: Iterable[str] = ()) -> None:
        update = replace_update(graphs, remove, None, _holds(self._store))
        if update:
            try:
                self._store.update(update)
                self._flusher.written(_size(graphs))
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"writing the quarantine failed: {exc}") from exc

    def graph(self, name: str) -> Graph:
        return graph_from_triples(self._store.quads_for_pattern(None, None, None, named(name)))

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())


class OxigraphStore:
    """A persistent Oxigraph store in ``path`` (a directory), or in memory for ``None``.

    A new store is seeded with the ontology, the claim-type scheme and the reference
    actors (``reference=False`` skips that, for tests and scratch stores).
    """

    def __init__(self, path: str | Path | None = None, *, reference: bool = True) -> None:
        self.path = Path(path) if path is not None else None
        self.location = str(self.path) if self.path is not None else ":memory:"
        self._lock = threading.Lock()
        self._store: Any = _open(self.path)
        self._qstore: Any = _open(self.path / QUARANTINE_DIR if self.path is not None else None)
        persistent = self.path is not None
        self.quarantine: GraphSet = OxigraphGraphSet(self._qstore, persistent=persistent)
        self._flusher = _Flusher(self._store, persistent)
        if reference and not self._store.contains_named_graph(named(ONTOLOGY_GRAPH)):
            self.replace_graphs(reference_graphs())

    def __enter__(self) -> OxigraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"OxigraphStore({self.location!r})"

    # -- reading -----------------------------------------------------------------

    def _query(self, sparql: str, bindings: Mapping[str, Identifier] | None) -> Any:
        # Parameters are bound by VALUES blocks of terms (see with_values), as for a
        # remote endpoint: Oxigraph's own substitution takes only projected variables.
        bound = with_values(sparql, bindings) if bindings else sparql
        try:
            return self._live().query(bound, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        """Rows of a SELECT (or one ``{"ask": Literal(bool)}`` row for an ASK)."""
        return rows_of(self._select_cells(sparql, bindings))

    def _select_cells(self, sparql: str, bindings: Mapping[str, Identifier] | None) -> Cells:
        """:meth:`select` with the terms left as pyoxigraph's (see ``cells_of``)."""
        result = self._query(sparql, bindings)
        if isinstance(result, ox.QueryTriples):
            raise QueryError("this is a CONSTRUCT/DESCRIBE query; use construct()")
        try:
            return cells_of(result)  # solutions are computed while they are read
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def construct(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE."""
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("this is not a CONSTRUCT/DESCRIBE query; use select()")
        try:
            return graph_from_triples(result)
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._live().named_graphs())

    def graph(self, name: str) -> Graph:
        return graph_from_triples(self._live().quads_for_pattern(None, None, None, named(name)))

    def count(self) -> int:
        return len(self._live())

    def dump(self, out: BinaryIO, fmt: DumpFormat = "trig") -> None:
        if fmt not in _FORMATS:
            raise StoreError(f"unknown dump format {fmt!r}; expected one of {sorted(_FORMATS)}")
        self._live().dump(out, format=_FORMATS[fmt])

    # -- writing -----------------------------------------------------------------

    def replace_graphs(
        self,
        graphs: Mapping[str, GraphData],
        remove: Iterable[str] = (),
        *,
        patch: Mapping[str, GraphPatch] | None = None,
    ) -> None:
        """Replace ``graphs``, drop ``remove`` and apply ``patch`` in one transaction."""
        store = self._live()
        with self._lock:
            update = replace_update(graphs, remove, patch, _holds(store))
            if not update:
                return
            try:
                store.update(update)
                self._flusher.written(
                    _size(graphs) + sum(len(t) for _, t in (patch or {}).values())
                )
            except (OSError, RuntimeError, SyntaxError) as exc:
                raise StoreError(f"writing to the store {self.location} failed: {exc}") from exc

    def optimize(self) -> None:
        """Flush, then compact the store's files (RocksDB's full compaction), quarantine too.

        Ingestion leaves the indexes spread over many files that each look-up has to
        consult; compacting them into one sorted run per index made the bundled queries
        1.1-1.35x faster on a 1M-quad store, for about 4 s of work per million quads
        (BENCHMARKS.md). Worth it after a large ingest. Queries may run meanwhile; writes
        through this object wait. An in-memory store has nothing to compact.
        """
        store = self._live()
        if self.path is None:
            return
        with self._lock:
            try:
                for part in (store, self._qstore):
                    part.flush()
                    part.optimize()
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"compacting the store {self.location} failed: {exc}") from exc

    def close(self) -> None:
        """Flush and release the RocksDB handles (so another process may open the directory)."""
        for store in (self._store, self._qstore):
            if store is not None and self.path is not None:
                store.flush()
        self._store = None
        self._qstore = None
        self.quarantine = OxigraphGraphSet(None)
        self._flusher = _Flusher(None, False)  # holds no handle, so RocksDB is released

    def _live(self) -> Any:
        if self._store is None:
            raise StoreError(f"the store {self.location} is closed")
        return self._store
