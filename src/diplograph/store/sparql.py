"""A store behind any SPARQL 1.1 endpoint (Query + Update over the SPARQL 1.1 Protocol).

For scale-out: an Oxigraph server, Fuseki, GraphDB, ... The URL given is the query
endpoint; the update endpoint defaults to the same URL with ``/query`` replaced by
``/update`` (Oxigraph's layout), or to the query URL itself.

Bindings are sent as a ``VALUES`` block of RDF terms placed at the start of the
query's WHERE group (the SPARQL Protocol has no substitution parameter); terms are
written by pyoxigraph in N-Triples syntax, so no value can change the query's shape.

Queries ask for the union of the named graphs as default graph with Oxigraph's
``union-default-graph`` parameter; on other servers configure the dataset that way
(Fuseki: ``tdb2:unionDefaultGraph true``).

Limitation: an endpoint is one dataset, so quarantined triples are kept there in
named graphs under ``urn:x-diplograph:quarantine:`` and a union default graph does
include them; :meth:`SparqlStore.graph_names` and :meth:`SparqlStore.count` leave
them out. Use the embedded store when quarantined data must stay out of queries.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from diplograph.errors import QueryError, StoreError
from diplograph.store._layout import ONTOLOGY_GRAPH, reference_graphs
from diplograph.store._sparql_text import replace_update, with_values
from diplograph.store._terms import Cells, cells_of, graph_from_triples, rows_of, to_ox
from diplograph.store.base import DumpFormat, GraphData, GraphPatch, GraphSet, Row

__all__ = ["QUARANTINE_PREFIX", "SparqlGraphSet", "SparqlStore"]

QUARANTINE_PREFIX = "urn:x-diplograph:quarantine:"
_FORMATS: dict[str, Any] = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}


class SparqlGraphSet:
    """The quarantine of a :class:`SparqlStore`: named graphs under :data:`QUARANTINE_PREFIX`."""

    def __init__(self, store: SparqlStore) -> None:
        self._store = store

    def replace_graphs(self, graphs: Mapping[str, GraphData], remove: Iterable[str] = ()) -> None:
        self._store.replace_graphs(
            {QUARANTINE_PREFIX + k: v for k, v in graphs.items()},
            [QUARANTINE_PREFIX + r for r in remove],
        )

    def graph(self, name: str) -> Graph:
        return self._store.graph(QUARANTINE_PREFIX + name)

    def graph_names(self) -> list[str]:
        return [
            n[len(QUARANTINE_PREFIX) :]
            for n in self._store._all_graph_names()
            if n.startswith(QUARANTINE_PREFIX)
        ]


class SparqlStore:
    """A store at a SPARQL 1.1 endpoint; ``url`` is the query endpoint."""

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        reference: bool = True,
        timeout: float = 60.0,
        union_default_graph: bool = True,
    ) -> None:
        self.location = url
        if update_url is None:
            update_url = url[: -len("/query")] + "/update" if url.endswith("/query") else url
        self.update_url = update_url
        self.timeout = timeout
        self.union_default_graph = union_default_graph
        self.quarantine: GraphSet = SparqlGraphSet(self)
        if (
            reference
            and not self.select("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(ONTOLOGY_GRAPH)})[0][
                "ask"
            ]
        ):
            self.replace_graphs(reference_graphs())

    def __repr__(self) -> str:
        return f"SparqlStore({self.location!r})"

    def __enter__(self) -> SparqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _post(self, url: str, form: dict[str, str], accept: str) -> tuple[str, bytes]:
        data = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=data,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")[:500]
            raise QueryError(f"{url} answered {exc.code} {exc.reason}: {body}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from exc

    def _query(self, sparql: str, bindings: Mapping[str, Identifier] | None) -> Any:
        form = {"query": with_values(sparql, bindings or {})}
        if self.union_default_graph:
            form["union-default-graph"] = ""
        ctype, body = self._post(
            self.location,
            form,
            "application/sparql-results+json, application/n-triples;q=0.9",
        )
        if ctype == "application/sparql-results+json":
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if ctype in ("application/n-triples", "text/plain"):
            return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        raise QueryError(f"{self.location} answered with unexpected content type {ctype!r}")

    def select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> list[Row]:
        return rows_of(self._select_cells(sparql, bindings))

    def _select_cells(self, sparql: str, bindings: Mapping[str, Identifier] | None) -> Cells:
        """:meth:`select` with the terms left as pyoxigraph parsed them (see ``cells_of``)."""
        result = self._query(sparql, bindings)
        if isinstance(result, list):
            raise QueryError("this is a CONSTRUCT/DESCRIBE query; use construct()")
        return cells_of(result)

    def construct(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        result = self._query(sparql, bindings)
        if not isinstance(result, list):
            raise QueryError("this is not a CONSTRUCT/DESCRIBE query; use select()")
        return graph_from_triples(result)

    def _update(self, update: str) -> None:
        self._post(self.update_url, {"update": update}, "*/*")

    def replace_graphs(
        self,
        graphs: Mapping[str, GraphData],
        remove: Iterable[str] = (),
        *,
        patch: Mapping[str, GraphPatch] | None = None,
    ) -> None:
        """One Update request (servers such as Oxigraph apply it as one transaction)."""
        update = replace_update(graphs, remove, patch)
        if update:
            self._update(update)

    def _all_graph_names(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(r["g"]) for r in rows if r["g"] is not None)

    def graph_names(self) -> list[str]:
        return [n for n in self._all_graph_names() if not n.startswith(QUARANTINE_PREFIX)]

    def graph(self, name: str) -> Graph:
        return self.construct(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(name)}
        )

    def count(self) -> int:
        rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(!STRSTARTS(STR(?g), ?prefix)) }",
            {"prefix": Literal(QUARANTINE_PREFIX)},
        )
        n = rows[0]["n"]
        return int(n) if isinstance(n, Literal) else 0

    def dump(self, out: BinaryIO, fmt: DumpFormat = "trig") -> None:
        if fmt not in _FORMATS:
            raise StoreError(f"unknown dump format {fmt!r}; expected one of {sorted(_FORMATS)}")
        rows = self.select(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            "FILTER(!STRSTARTS(STR(?g), ?prefix)) }",
            {"prefix": Literal(QUARANTINE_PREFIX)},
        )
        quads = [
            ox.Quad(to_ox(r["s"]), to_ox(r["p"]), to_ox(r["o"]), to_ox(r["g"]))  # type: ignore[arg-type]
            for r in rows
        ]
        buffer = io.BytesIO()
        ox.serialize(quads, buffer, format=_FORMATS[fmt])
        out.write(buffer.getvalue())

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""
