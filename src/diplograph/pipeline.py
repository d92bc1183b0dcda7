"""Ingestion: articles -> extraction -> RDF -> SHACL -> inference -> store, or quarantine.

Workers (``jobs`` processes) extract, build, validate and infer one article at a
time; the parent process alone reads the inputs and writes the store, in batches,
each batch one transaction. Where the platform has it, workers are forked from a
``forkserver`` that loaded the extractor, shapes and ontology once
(:mod:`diplograph._warm`); elsewhere they are spawned and load them themselves. They
run at a lower priority than the parent: the single writer is the pipeline's serial
stage, and with ``jobs`` workers on ``jobs`` cores it would otherwise get only a share
of one. A conforming article replaces its named graph
and its ``/inferred`` graph, written without the statements the reference graphs
already hold (a reference actor's type, label, code: see
:func:`diplograph.store.without_reference`); a non-conforming one is quarantined: its triples, the
SHACL report and its source text go to ``store.quarantine`` (outside the queried
union) and a ``dg:QuarantineRecord`` with the reasons to ``dgr:graph/quarantine``.
An article that conforms later leaves the quarantine, and one that stops conforming
leaves the store: nothing is ever in both.

Re-ingesting gives the same quads (IRIs are deterministic, graphs are replaced), and
a crash leaves whole articles only (each batch is one transaction; the quarantine
side is written before the records that point to it).

Reading happens in the parent because ``diplograph.read.read_articles`` owns directory
walks, jsonl splitting and stdin; it costs a few percent of an article's processing,
the rest (extraction, validation, inference) runs in the workers.

Plug in another source of extractions (hand annotations) with :func:`ingest_extractions`.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from multiprocessing.context import BaseContext
from typing import Any
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD
from rdflib.term import Node

from diplograph.errors import DiplographError, InputError
from diplograph.model import Article, Extraction
from diplograph.namespaces import DG, DGR, SCHEMA
from diplograph.store._layout import (
    QUARANTINE_GRAPH,
    inferred_graph_name,
    quarantine_record_iri,
    reference_statements,
    without_reference,
)
from diplograph.store._terms import prepare
from diplograph.store.base import GraphData, NTriples, Store

__all__ = [
    "IngestSummary",
    "Progress",
    "ingest",
    "ingest_extractions",
    "quarantined_articles",
    "recheck_quarantine",
]

Triple = tuple[Node, Node, Node]
Progress = Callable[[int, int | None], None]
"""``progress(done, total)``: articles finished so far, and the total when known."""

_EMPTY = NTriples(())
_CHUNK = 4  # articles per task sent to a worker
_BATCH_ARTICLES = 64  # articles per store transaction
_BATCH_TRIPLES = 50_000
_WARM_MODULE = "diplograph._warm"  # preloaded by the forkserver that starts workers
_WORKER_NICENESS = 5


@dataclass
class IngestSummary:
    """What an ingest (or a quarantine recheck) did."""

    articles_read: int = 0
    stored: int = 0
    quarantined: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(source, reason)`` for every input or article that could not be processed."""
    duplicates: list[tuple[str, list[str]]] = field(default_factory=list)
    """``(article IRI, [source, ...])``: the same article under several names, stored once."""
    released: int = 0
    """Articles that had been quarantined and now conform (stored, out of quarantine)."""
    triples_written: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every article went into the store (none failed or quarantined)."""
        return not self.failed and self.quarantined == 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed"] = [{"source": s, "reason": r} for s, r in self.failed]
        data["duplicates"] = [{"article": a, "sources": s} for a, s in self.duplicates]
        data["ok"] = self.ok
        return data


@dataclass(frozen=True)
class _Outcome:
    """What a worker made of one article (plain data, cheap to pickle)."""

    source: str
    status: TypingLiteral["stored", "quarantined", "failed"]
    iri: str = ""
    article: Article | None = None
    triples: NTriples = _EMPTY
    inferred: NTriples = _EMPTY
    report: NTriples = _EMPTY
    reasons: tuple[str, ...] = ()
    report_text: str = ""
    curated: bool = False
    error: str = ""


@dataclass(frozen=True)
class _Kept:
    """An article's triples as kept in the quarantine: validated again, not re-extracted."""

    article: Article
    triples: tuple[Triple, ...]
    curated: bool = False


_Item = Article | Extraction | _Kept


def _source(article: Article) -> str:
    return article.source or article.id


def _process(item: _Item, extractor: str) -> _Outcome:
    """Extract (unless given an Extraction or kept triples), build, validate, infer one article."""
    from diplograph.extract import extract
    from diplograph.infer import infer
    from diplograph.rdf.build import to_graph
    from diplograph.validate import validate

    article = item if isinstance(item, Article) else item.article
    source = _source(article)
    try:
        if isinstance(item, _Kept):
            graph, curated = _graph(item.triples), item.curated
        else:
            extraction = (
                item if isinstance(item, Extraction) else extract(item, extractor=extractor)
            )
            graph, curated = to_graph(extraction), extraction.curated
        report = validate(graph)
    except DiplographError as exc:
        return _Outcome(source, "failed", article.iri, article, error=str(exc))
    except Exception as exc:  # an internal error on one article must not stop the run
        return _Outcome(
            source,
            "failed",
            article.iri,
            article,
            error=f"internal error: {type(exc).__name__}: {exc}",
        )
    triples = prepare(graph)
    if report.conforms:
        return _Outcome(
            source,
            "stored",
            article.iri,
            article,
            triples,
            prepare(infer(graph)),
            curated=curated,
        )
    reasons = tuple(sorted({_reason(r) for r in report.results}))
    return _Outcome(
        source,
        "quarantined",
        article.iri,
        article,
        triples,
        report=prepare(report.graph),
        reasons=reasons,
        report_text=report.text,
        curated=curated,
    )


def _reason(result: Any) -> str:
    """One readable line: the node (label and compact IRI), the property and the message."""
    focus = str(result.focus)
    if focus.startswith(str(DGR)):
        focus = "dgr:" + focus[len(str(DGR)) :]
    node = f"{result.focus_label} <{focus}>" if result.focus_label else f"<{focus}>"
    path = f" {result.path}" if result.path else ""
    return f"{node}{path}: {result.message}"


def _process_chunk(items: Sequence[_Item], extractor: str) -> list[_Outcome]:
    return [_process(item, extractor) for item in items]


def _worker_context() -> BaseContext:
    """How workers start: forked from a warm forkserver where there is one, else spawned.

    The forkserver is one per process: the preload takes effect when it first starts
    (later ingests in the same process reuse it, warm); forking the parent itself is
    avoided, as it holds the open store and its threads.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([_WARM_MODULE])
        return context
    return multiprocessing.get_context("spawn")


def _start_worker() -> None:
    """Run in each worker first: yield the CPU to the parent, which writes the store."""
    if hasattr(os, "nice"):
        os.nice(_WORKER_NICENESS)


def _graph(triples: Iterable[Triple]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def _record(outcome: _Outcome) -> Graph:
    """The ``dg:QuarantineRecord`` of a quarantined article."""
    assert outcome.article is not None
    record = URIRef(quarantine_record_iri(outcome.iri))
    g = Graph()
    g.add((record, RDF.type, DG.QuarantineRecord))
    g.add((record, DG.quarantinedArticle, URIRef(outcome.iri)))
    g.add((record, DG.articleId, Literal(outcome.article.id)))
    g.add((record, DG.sourcePath, Literal(outcome.source)))
    for reason in outcome.reasons:
        g.add((record, DG.reason, Literal(reason)))
    g.add((record, DG.reportText, Literal(outcome.report_text)))
    return g


def _source_graph(outcome: _Outcome) -> Graph:
    """The article's text and metadata, kept so a recheck can extract it again."""
    a = outcome.article
    assert a is not None
    node = URIRef(outcome.iri)
    g = Graph()
    g.add((node, SCHEMA.articleBody, Literal(a.text)))
    g.add((node, DG.articleId, Literal(a.id)))
    g.add((node, DG.sourcePath, Literal(outcome.source)))
    if a.url:
        g.add((node, DG.url, Literal(a.url, datatype=XSD.anyURI)))
    if a.title:
        g.add((node, DG.title, Literal(a.title)))
    if a.date:
        g.add((node, DG.published, Literal(a.date)))
    if a.outlet:
        g.add((node, DG.outlet, Literal(a.outlet)))
    if outcome.curated:
        g.add((node, RDF.type, DG.CurationActivity))
    return g


def _article_from_source(iri: str, g: Graph) -> tuple[Article | None, bool]:
    """Rebuild the Article kept in a quarantined source graph (and whether it was curated)."""
    node = URIRef(iri)
    text = g.value(node, SCHEMA.articleBody)
    if text is None:
        return None, False

    def value(p: URIRef) -> str | None:
        v = g.value(node, p)
        return str(v) if v is not None else None

    published = g.value(node, DG.published)
    date = published.toPython() if isinstance(published, Literal) else None
    article = Article(
        id=value(DG.articleId) or iri.rsplit("/", 1)[-1],
        text=str(text),
        url=value(DG.url),
        title=value(DG.title),
        date=date if isinstance(date, dt.date) else None,
        outlet=value(DG.outlet),
        source=value(DG.sourcePath),
    )
    return article, (node, RDF.type, DG.CurationActivity) in g


def quarantined_articles(store: Store) -> list[dict[str, Any]]:
    """Every quarantined article: ``{"article", "articleId", "sourcePath", "reasons"}``."""
    rows = store.select(
        """PREFIX dg: <https://w3id.org/diplograph/ontology#>
        SELECT ?article ?id ?path ?reason WHERE { GRAPH ?q {
          ?record a dg:QuarantineRecord ; dg:quarantinedArticle ?article .
          OPTIONAL { ?record dg:articleId ?id } OPTIONAL { ?record dg:sourcePath ?path }
          OPTIONAL { ?record dg:reason ?reason } } }""",
        {"q": URIRef(QUARANTINE_GRAPH)},
    )
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        iri = str(row["article"])
        entry = found.setdefault(
            iri,
            {
                "article": iri,
                "articleId": str(row["id"]) if row["id"] is not None else None,
                "sourcePath": str(row["path"]) if row["path"] is not None else None,
                "reasons": [],
            },
        )
        if row["reason"] is not None and str(row["reason"]) not in entry["reasons"]:
            entry["reasons"].append(str(row["reason"]))
    for entry in found.values():
        entry["reasons"].sort()
    return sorted(found.values(), key=lambda e: (e["articleId"] or "", e["article"]))


class _Writer:
    """Collects outcomes and writes them in batches, one transaction each."""

    def __init__(self, store: Store, summary: IngestSummary, batch_size: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.summary = summary
        self.quarantined = {e["article"] for e in quarantined_articles(store)}
        self.reference = reference_statements(store)
        self.seen: dict[str, list[str]] = {}
        self.pending: list[_Outcome] = []
        self.pending_triples = 0

    def add(self, outcome: _Outcome) -> None:
        if outcome.status == "failed":
            self.summary.failed.append((outcome.source, outcome.error))
            return
        sources = self.seen.get(outcome.iri)
        if sources is not None:
            sources.append(outcome.source)
            return
        self.seen[outcome.iri] = [outcome.source]
        self.pending.append(outcome)
        self.pending_triples += len(outcome.triples) + len(outcome.inferred)
        if len(self.pending) >= self.batch_size or self.pending_triples >= _BATCH_TRIPLES:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        graphs: dict[str, GraphData] = {}
        remove: list[str] = []
        clear_records: list[str] = []
        records = Graph()
        side: dict[str, GraphData] = {}
        side_remove: list[str] = []
        released = 0
        for o in self.pending:
            names = (o.iri, f"{o.iri}/report", f"{o.iri}/source")
            if o.status == "stored":
                # Validated whole; stored without what the reference graphs already say.
                triples = without_reference(o.triples, self.reference)
                inferred = without_reference(o.inferred, self.reference)
                graphs[o.iri] = triples
                graphs[inferred_graph_name(o.iri)] = inferred
                if o.iri in self.quarantined:
                    clear_records.append(quarantine_record_iri(o.iri))
                    side_remove.extend(names)
                    self.quarantined.discard(o.iri)
                    released += 1
                self.summary.stored += 1
                self.summary.triples_written += len(triples) + len(inferred)
            else:
                remove.extend((o.iri, inferred_graph_name(o.iri)))
                clear_records.append(quarantine_record_iri(o.iri))
                record = _record(o)
                records += record
                side[o.iri] = o.triples
                side[f"{o.iri}/report"] = o.report
                side[f"{o.iri}/source"] = _source_graph(o)
                self.quarantined.add(o.iri)
                self.summary.quarantined += 1
                self.summary.triples_written += len(record)
        # Quarantine side first: a crash in between leaves data no record points to,
        # which the next run overwrites; never a record without its data.
        if side or side_remove:
            self.store.quarantine.replace_graphs(side, side_remove)
        patch = {QUARANTINE_GRAPH: (clear_records, records)} if clear_records else None
        self.store.replace_graphs(graphs, remove, patch=patch)
        self.summary.released += released
        self.pending = []
        self.pending_triples = 0

    def finish(self) -> None:
        self.flush()
        for iri, sources in self.seen.items():
            if len(sources) > 1:
                self.summary.duplicates.append((iri, sources))


def _run(
    items: Iterable[_Item],
    store: Store,
    summary: IngestSummary,
    *,
    jobs: int,
    extractor: str,
    progress: Progress | None,
    total: int | None = None,
    batch_size: int = _BATCH_ARTICLES,
) -> IngestSummary:
    start = time.perf_counter()
    writer = _Writer(store, summary, max(1, batch_size))
    done = 0

    def counted(it: Iterable[_Item]) -> Iterator[_Item]:
        for item in it:
            summary.articles_read += 1
            yield item

    def finished(outcomes: list[_Outcome]) -> None:
        nonlocal done
        for outcome in outcomes:
            writer.add(outcome)
        done += len(outcomes)
        if progress is not None:
            progress(done, total)

    if jobs <= 1:
        for item in counted(items):
            finished([_process(item, extractor)])
    else:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=_worker_context(), initializer=_start_worker
        ) as pool:
            in_flight: deque[Future[list[_Outcome]]] = deque()
            chunk: list[_Item] = []
            for item in counted(items):
                chunk.append(item)
                if len(chunk) == _CHUNK:
                    in_flight.append(pool.submit(_process_chunk, chunk, extractor))
                    chunk = []
                while len(in_flight) >= jobs * 4:
                    finished(in_flight.popleft().result())
            if chunk:
                in_flight.append(pool.submit(_process_chunk, chunk, extractor))
            while in_flight:
                finished(in_flight.popleft().result())
    writer.finish()
    summary.seconds = time.perf_counter() - start
    return summary


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    jobs: int = 1,
    extractor: str = "rules.v1",
    progress: Progress | None = None,
    batch_size: int = _BATCH_ARTICLES,
) -> IngestSummary:
    """Ingest the article files and directories in ``sources`` into ``store``.

    Unreadable inputs are listed in ``summary.failed`` with the reason; the rest goes on.
    ``batch_size`` articles are written per transaction (fewer when they are large).
    """
    from diplograph.read import read_articles

    summary = IngestSummary()

    def on_error(error: InputError) -> None:
        where = error.path or "<input>"
        if error.line is not None:
            where = f"{where}:{error.line}"  # a jsonl record: name its line
        summary.failed.append((where, error.reason))

    articles = read_articles([str(s) for s in sources], on_error=on_error)
    return _run(
        articles,
        store,
        summary,
        jobs=jobs,
        extractor=extractor,
        progress=progress,
        batch_size=batch_size,
    )


def ingest_extractions(
    extractions: Iterable[Extraction],
    store: Store,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest ready-made extractions (hand annotations, another extractor's output)."""
    return _run(extractions, store, IngestSummary(), jobs=jobs, extractor="", progress=progress)


def _extractor_name(triples: Graph) -> str | None:
    for agent in triples.objects(None, PROV.wasAssociatedWith):
        if isinstance(agent, URIRef) and "/extractor/" in str(agent):
            return urllib.parse.unquote(str(agent).rsplit("/extractor/", 1)[1])
    return None


def recheck_quarantine(
    store: Store,
    *,
    extractor: str | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
) -> IngestSummary:
    """Process every quarantined article again, after the shapes or the extractor changed.

    Extracted articles are extracted again from their kept text (with ``extractor``, or
    the one that made them); hand-curated ones are validated again as they are. Those
    that conform now move into the store; the others stay, with fresh reasons.
    """
    items: list[_Item] = []
    names: dict[str, str] = {}
    summary = IngestSummary()
    for entry in quarantined_articles(store):
        iri = entry["article"]
        data = store.quarantine.graph(iri)
        article, curated = _article_from_source(iri, store.quarantine.graph(f"{iri}/source"))
        if article is None:
            summary.failed.append(
                (entry["sourcePath"] or iri, "the quarantine holds no source text for it")
            )
            continue
        if curated:
            items.append(_Kept(article, tuple(data), curated=True))
        else:
            items.append(article)
            names[iri] = extractor or _extractor_name(data) or "rules.v1"
    # One extractor name per run keeps the worker protocol simple; group by name.
    groups: dict[str, list[_Item]] = {}
    for item in items:
        key = names[item.iri] if isinstance(item, Article) else ""
        groups.setdefault(key, []).append(item)
    start = time.perf_counter()
    for name, group in groups.items():
        _run(group, store, summary, jobs=jobs, extractor=name, progress=progress, total=len(items))
    summary.seconds = time.perf_counter() - start
    return summary
