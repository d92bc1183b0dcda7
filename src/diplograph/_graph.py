"""KnowledgeGraph: the one object a notebook or script needs.

It wraps a store (in memory, a directory, or a SPARQL endpoint) and the stages of
the flow: ingest articles or curated annotations, extract and validate on the side,
ask SPARQL questions, build the outreach network, export it for Gephi or dump the
RDF. Every method calls the library function of the same stage, so what the CLI does
and what a script does agree.

>>> import datetime as dt
>>> from diplograph import Article, KnowledgeGraph
>>> text = ("Pakistan's Foreign Minister Ishaq Dar met Chinese Foreign Minister Wang Yi "
...         "in Beijing. Dar accused India of spreading an aggressive narrative.")
>>> with KnowledgeGraph() as kg:
...     summary = kg.ingest([Article(id="demo", text=text, date=dt.date(2025, 5, 2))])
...     partners = kg.query("outreach-partners", actor="Pakistan").column("partnerLabel")
>>> summary.stored, partners
(1, ['China'])
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from rdflib import Dataset, Graph, URIRef

from diplograph._curation import AnnotationSource, ingest_annotations, merge_summaries
from diplograph.errors import ExportError, InputError, NetworkError, StoreError
from diplograph.model import Article, Extraction
from diplograph.pipeline import IngestSummary, ingest, ingest_extractions
from diplograph.query import ParamValue, QueryResult, run_query
from diplograph.store import open_store
from diplograph.store.base import DumpFormat, Store
from diplograph.validate import ValidationReport

__all__ = ["KnowledgeGraph"]

Source = Article | Extraction | str | os.PathLike[str]
"""What :meth:`KnowledgeGraph.ingest` takes: article files or directories, Articles,
or ready Extractions."""

_NETWORK_SUFFIXES = (".gexf", ".graphml", ".csv")
_DUMP_SUFFIXES: dict[str, DumpFormat] = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}


def _date(name: str, value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise NetworkError(f"{name} {value!r} is not a date; expected YYYY-MM-DD") from None


class KnowledgeGraph:
    """A diplomatic-news knowledge graph, held in a store.

    Parameters
    ----------
    location : str or Path, optional
        ``None`` (the default): a fresh in-memory store, gone when closed. A directory:
        a persistent Oxigraph store, created if missing (the CLI's ``--store``). An
        ``http(s)://`` URL: a SPARQL 1.1 endpoint (its query URL).
    reference : bool
        Load the ontology, claim types and reference actors into a new store (the
        default; queries resolve actor names through them).

    Use it as a context manager, or call :meth:`close`, to release a store directory.

    >>> with KnowledgeGraph() as kg:
    ...     kg.stats()["articles"]
    0
    """

    def __init__(self, location: str | Path | None = None, *, reference: bool = True) -> None:
        self.store: Store = open_store(
            ":memory:" if location is None else location, reference=reference
        )
        """The underlying :class:`~diplograph.store.base.Store` (for the lower-level API)."""

    @property
    def location(self) -> str:
        """``":memory:"``, the store directory or the endpoint URL."""
        return self.store.location

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location!r})"

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store (an in-memory store is discarded)."""
        self.store.close()

    def optimize(self) -> None:
        """Compact a store directory after a large ingest: queries get faster (1.1-1.35x
        at 1M quads, BENCHMARKS.md) for a few seconds per million quads; the CLI's
        ``diplograph optimize``. Nothing to do in memory; a remote endpoint's storage is
        its own, so that raises :class:`~diplograph.errors.StoreError`.
        """
        optimize = getattr(self.store, "optimize", None)
        if optimize is None:
            raise StoreError(
                f"{self.location}: a SPARQL endpoint compacts its own storage; "
                "diplograph can only optimize a store directory"
            )
        optimize()

    # -- filling the graph -------------------------------------------------------------

    def ingest(
        self,
        sources: Source | Iterable[Source],
        *,
        jobs: int = 1,
        extractor: str = "rules.v1",
    ) -> IngestSummary:
        """Extract, validate and store articles; return what happened.

        ``sources`` are article files (txt, md, html, jsonl), directories, ``"-"``
        (stdin), :class:`~diplograph.model.Article` objects (extracted here with
        ``extractor``) or ready :class:`~diplograph.model.Extraction` objects. Articles
        that do not conform to the shapes are quarantined with the reasons; unreadable
        inputs are listed in ``summary.failed``. ``jobs`` worker processes extract the
        files (spawned: under a script, guard the call with
        ``if __name__ == "__main__":``).

        >>> with KnowledgeGraph() as kg:
        ...     s = kg.ingest(Article(id="a", text="Pakistan's envoy Asim Iftikhar met "
        ...                            "UN Secretary-General Antonio Guterres."))
        >>> s.stored, s.quarantined, s.failed
        (1, 0, [])
        """
        items: list[Source]
        if isinstance(sources, Article | Extraction | str | os.PathLike):
            items = [sources]
        else:
            items = list(sources)
        paths = [str(s) for s in items if isinstance(s, str | os.PathLike)]
        ready = [s for s in items if isinstance(s, Article | Extraction)]
        summary = IngestSummary()
        if paths:
            merge_summaries(summary, ingest(paths, self.store, jobs=jobs, extractor=extractor))
        if ready:
            from diplograph.extract import extract

            extractions: list[Extraction] = []
            for item in ready:
                if isinstance(item, Extraction):
                    extractions.append(item)
                    continue
                try:
                    extractions.append(extract(item, extractor=extractor))
                except InputError as exc:
                    summary.failed.append((item.source or item.id, exc.reason))
                    summary.articles_read += 1
            merge_summaries(summary, ingest_extractions(extractions, self.store, jobs=jobs))
        return summary

    def ingest_annotations(
        self,
        annotations: AnnotationSource,
        *,
        articles: Iterable[Article | str | os.PathLike[str]] = (),
    ) -> IngestSummary:
        """Ingest hand-curated annotations (gold-schema JSON lines, or records as dicts).

        Each record becomes its article's named graph, with its meetings and claims
        generated by a ``dg:CurationActivity`` (extracted ones: ``dg:ExtractionActivity``
        with the extractor and its version), validated by the same shapes and stored or
        quarantined the same way. A record's article text comes from its ``text``
        field or from ``articles`` (files, directories or Articles, matched by ``id``,
        else ``url``). Unusable records are listed in ``summary.failed`` as
        ``file:line``; the others go on.

        >>> record = {"id": "c1", "text": "Kenya's President William Ruto met Ethiopian "
        ...           "Prime Minister Abiy Ahmed in Nairobi.",
        ...           "actors": [{"name": "Kenya", "type": "State"},
        ...                      {"name": "Ethiopia", "type": "State"}],
        ...           "meetings": [{"participants": ["Kenya", "Ethiopia"],
        ...                         "sentence_start": "Kenya's President William Ruto"}]}
        >>> with KnowledgeGraph() as kg:
        ...     s = kg.ingest_annotations([record])
        ...     stats = kg.stats()
        >>> s.stored, stats["meetings"], stats["curated_articles"]
        (1, 1, 1)
        """
        return ingest_annotations(annotations, self.store, articles=articles)

    # -- looking at one article --------------------------------------------------------

    def extract(
        self, article: Article | str | os.PathLike[str], *, extractor: str = "rules.v1"
    ) -> Extraction:
        """Extract one article (an Article or a file holding one) without storing it.

        >>> kg = KnowledgeGraph(reference=False)
        >>> x = kg.extract(Article(id="x", text="Japan warned North Korea against new tests."))
        >>> [(c.type, c.target) for c in x.claims]
        [('warning', 'https://w3id.org/diplograph/id/state/PRK')]
        >>> kg.close()
        """
        from diplograph.extract import extract
        from diplograph.read import read_article

        if not isinstance(article, Article):
            found = read_article(article)
            if len(found) != 1:
                raise InputError(
                    f"holds {len(found)} articles; extract one Article, or ingest the file",
                    path=str(article),
                )
            article = found[0]
        return extract(article, extractor=extractor)

    def validate(
        self, data: Extraction | Graph | Dataset | str | os.PathLike[str]
    ) -> ValidationReport:
        """Check data against the shapes; the report is a value (``report.conforms``).

        ``data`` is an Extraction (mapped to its article graph first), an rdflib Graph
        or Dataset, or an RDF file. Call ``report.raise_for_violations()`` to raise.

        >>> kg = KnowledgeGraph(reference=False)
        >>> report = kg.validate(kg.extract(Article(id="v", text="Chile urged Peru to talk.")))
        >>> report.conforms
        True
        >>> kg.close()
        """
        from diplograph.validate import validate

        if isinstance(data, Extraction):
            from diplograph.rdf.build import to_graph

            return validate(to_graph(data))
        if isinstance(data, Graph):
            return validate(data)
        from diplograph.rdf.files import read_rdf

        return validate(read_rdf(Path(data)))

    # -- asking questions --------------------------------------------------------------

    def query(
        self,
        query: str,
        params: Mapping[str, ParamValue] | None = None,
        /,
        **kwargs: ParamValue,
    ) -> QueryResult:
        """Run SPARQL (inline, a ``.rq`` file, or a bundled query's name) on the graph.

        Parameters come as keywords (or a mapping, for names that are not identifiers):
        an actor by label, alias, ISO code, acronym or IRI; dates as ``datetime.date``
        or ``"YYYY-MM-DD"``. Rows hold Python values (``result.rows``,
        ``result.column(name)``, ``result.to_dataframe()``).
        ``diplograph.query.list_queries()`` lists the bundled queries.

        >>> with KnowledgeGraph() as kg:
        ...     kg.query("SELECT ?code WHERE { ?s dg:isoCode ?code } ORDER BY ?code LIMIT 2").rows
        [{'code': 'AFG'}, {'code': 'AGO'}]
        """
        return run_query(self.store, query, {**(params or {}), **kwargs})

    def network(
        self,
        *,
        level: Literal["state", "person"] = "state",
        types: str | Collection[str] | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        focus: str | None = None,
        radius: int = 1,
        metrics: bool = False,
    ) -> Any:
        """The outreach network as a ``networkx.MultiDiGraph`` (the CLI's options).

        ``level`` "state" folds people into what they represent; ``types`` keeps some
        relations (``"meeting,accusation"`` or a list); ``since``/``until`` keep a
        period; ``focus`` and ``radius`` keep an actor's ego network; ``metrics`` adds
        degree, strength, betweenness, PageRank and community to every node.

        >>> with KnowledgeGraph() as kg:
        ...     _ = kg.ingest(Article(id="n", text="Peru's foreign minister met Chile's "
        ...                          "foreign minister in Lima.", date=dt.date(2025, 3, 1)))
        ...     G = kg.network()
        >>> sorted(G.nodes[n]["label"] for n in G)
        ['Chile', 'Peru']
        """
        from diplograph.network import compute_metrics, to_networkx

        kinds = [t.strip() for t in types.split(",")] if isinstance(types, str) else types
        G = to_networkx(
            self.store,
            level=level,
            types=kinds,
            since=_date("since", since),
            until=_date("until", until),
            focus=focus,
            radius=radius,
        )
        return compute_metrics(G) if metrics else G

    def export(self, path: str | os.PathLike[str], **network_options: Any) -> list[Path]:
        """Write the network or the RDF, by ``path``'s extension; return the files written.

        ``.gexf`` (Gephi, with the timeline), ``.graphml`` and ``.csv``
        (``<stem>-nodes.csv`` and ``<stem>-edges.csv``) write the outreach network built
        with ``network_options`` (as :meth:`network`), metrics included. ``.trig`` and
        ``.nq`` dump every quad of the store (reference graphs included).
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix in _DUMP_SUFFIXES:
            if network_options:
                raise ExportError(
                    f"{target}: an RDF dump takes no network options "
                    f"({', '.join(sorted(network_options))})"
                )
            return [self._dump(target, _DUMP_SUFFIXES[suffix])]
        if suffix not in _NETWORK_SUFFIXES:
            raise ExportError(
                f"{target}: cannot tell the format from {suffix or 'no extension'!r}; use "
                f"one of {', '.join((*_NETWORK_SUFFIXES, *_DUMP_SUFFIXES))}"
            )
        from diplograph.network import write_network

        return write_network(self.network(**network_options), target)

    def plot(self, path: str | os.PathLike[str], **network_options: Any) -> Path:
        """Draw the network (as :meth:`network` builds it) to a ``.png`` or ``.svg``."""
        from diplograph.network import plot_network

        G = self.network(**network_options)
        return plot_network(G, path, focus=G.graph.get("focus"))

    def _dump(self, target: Path, fmt: DumpFormat) -> Path:
        temporary = target.parent / f".{target.name}.{secrets.token_hex(8)}.tmp"
        try:
            with open(temporary, "xb") as out:
                self.store.dump(out, fmt)
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from exc
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return target

    def stats(self) -> dict[str, Any]:
        """Counts: articles (curated and extracted), actors by type, meetings, claims by
        type, quarantined articles, graphs and quads."""
        from diplograph.stats import stats

        data = stats(self.store)
        rows = self.store.select(
            "PREFIX dg: <https://w3id.org/diplograph/ontology#>\n"
            "SELECT ?kind (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a dg:Article . "
            "?activity a ?kind ; <http://www.w3.org/ns/prov#used> ?g } "
            "VALUES ?kind { dg:ExtractionActivity dg:CurationActivity } } GROUP BY ?kind"
        )
        counts = {str(r["kind"]).rsplit("#", 1)[-1]: int(str(r["n"])) for r in rows}
        data["curated_articles"] = counts.get("CurationActivity", 0)
        data["extracted_articles"] = counts.get("ExtractionActivity", 0)
        return data

    def article_graph(self, article: Article | str) -> Graph:
        """One article's named graph, by Article or article IRI (empty when absent)."""
        iri = article.iri if isinstance(article, Article) else str(URIRef(article))
        return self.store.graph(iri)
