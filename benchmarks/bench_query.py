"""Benchmark the bundled SPARQL queries: Oxigraph (the store) against rdflib's engine.

The store is built like an ingested one (ontology/README.md, "Store layout") by
:func:`generate.build_store`: a new :class:`~diplograph.store.OxigraphStore` holds the
reference graphs, then the articles of ``benchmarks/generate.py`` (seed 0) are mapped
by :func:`diplograph.rdf.build.to_graph` and :func:`diplograph.infer.infer` and written,
as ingestion writes them, without the statements the reference graphs already hold
(:func:`diplograph.store.without_reference`): reference actors are described once, in
``dgr:graph/actors``; persons in each article that uses them. One article in a hundred
is "quarantined" instead (only its ``dg:QuarantineRecord`` is in the store), until the
articles' graphs hold at least ``--triples`` quads (the ~10k reference quads on top).
Articles are bulk-loaded (no SHACL run: the generated extractions conform, and
validation is not what is measured here).

Oxigraph's timings are all taken first, before the store is dumped for rdflib and while
the process holds no rdflib data (either left Oxigraph's later queries 2-2.5x slower in
the same process). The
rdflib side is the same store dumped as N-Quads and parsed into a ``Dataset``
whose default graph is the union, so both engines see the same quads; its objects are
then frozen out of Python's garbage collector (``gc.freeze``, again before each
timing), so neither engine's timing pays for full collections walking them. Parameters are
the busiest states of the generated corpus (most articles mentioning them), found by
one query. Every bundled query runs through :func:`diplograph.query.run_query` on
Oxigraph (median of ``--repeats`` after one warm-up) and through
``Dataset.query(initBindings=...)`` on rdflib (median of ``--rdflib-repeats``, each
stopped after ``--rdflib-timeout`` seconds), with the same query text and terms. rdflib
also runs the text as diplograph binds it (parameters inside sub-SELECTs too, see
``with_values``) and, where there is one, the plain form of the question in
``benchmarks/plain/`` (one group pattern, no sub-SELECT or ``GRAPH ?article``: forms
written for Oxigraph's evaluator can cost rdflib seconds). The fastest way whose rows
equal Oxigraph's is the baseline (``rdflib_way``; every way's time in ``rdflib_ways``),
so the ratio never credits Oxigraph with a form that merely hurts rdflib.

Prints one JSON object per line: the store size and load times, then per query::

    {"query": "outreach-partners", "rows": 41, "oxigraph_ms": 12.3,
     "rdflib_ms": 5321.0, "ratio": 432.6, "same_rows": true}

``oxigraph_cpu_ms``, ``rdflib_cpu_ms`` and ``cpu_ratio`` are the process CPU time of the
same runs: each engine evaluates a query on one thread, so on a machine shared with
other work the CPU figures (and their ratio) move less than wall-clock ones; the
targets are judged on wall-clock (``oxigraph_ms``, ``ratio``).
``rdflib_ms`` is ``null`` and ``rdflib`` is ``">60 s"`` when rdflib hit the timeout
(the ratio is then a lower bound, ``ratio_at_least``), and ``"failed: ..."`` when
rdflib's engine raised (no ratio; the target counts as missed). Targets (issue 5): every query
under 500 ms on Oxigraph and at least 10 times faster than rdflib.

Usage::

    python benchmarks/bench_query.py                 # 1M triples
    python benchmarks/bench_query.py --quick         # 60k triples, seconds
    python benchmarks/bench_query.py --triples 300000 --rdflib-timeout 30
    python benchmarks/bench_query.py --workdir /tmp/bq   # keep (and reuse) the store
"""

from __future__ import annotations

import argparse
import gc
import json
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from generate import build_store
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from diplograph.namespaces import CLAIM_TYPE
from diplograph.query import _prepare, get_query, list_queries, run_query, to_python
from diplograph.store import OxigraphStore
from diplograph.store._sparql_text import with_values

DG = "https://w3id.org/diplograph/ontology#"
PLAIN = Path(__file__).resolve().parent / "plain"


def _busiest_states(store: OxigraphStore, k: int) -> list[URIRef]:
    rows = store.select(
        f"""SELECT ?s (COUNT(?a) AS ?n) WHERE {{
          ?a a <{DG}Article> ; <{DG}mentions> ?s . ?s a <{DG}State> }}
        GROUP BY ?s ORDER BY DESC(?n) ?s LIMIT {k}"""
    )
    return [URIRef(str(r["s"])) for r in rows]


def _params(store: OxigraphStore) -> dict[str, dict[str, Identifier]]:
    a, b, c = _busiest_states(store, 3)
    return {
        "outreach-partners": {"actor": a},
        "claims-by-type": {"claimant": a, "target": b},
        "meetings-between": {"a": a, "b": c},
        "organisations-engaged": {"state": a},
        "dyad-timeline": {"a": a, "b": b},
        "articles-mentioning": {"actor": a},
        "claims-of-type": {
            "type": CLAIM_TYPE.accusation,
            "since": Literal("2024-01-01", datatype=XSD.date),
        },
    }


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _rows_key(rows: list[tuple[Any, ...]]) -> list[str]:
    return sorted(repr(r) for r in rows)


def _emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def _settle() -> None:
    """Collect, then freeze what is left out of the garbage collector, before a timing.

    The process holds rdflib's Dataset (millions of objects) and whatever the previous
    queries of either engine left behind; a full collection walking them, triggered by
    the rows a query builds, would be charged to that query (up to 50% of an Oxigraph
    query seen). A process running diplograph alone has no such heap.
    """
    gc.collect()
    gc.freeze()


def _rdflib_query(ds: Dataset, text: str, bindings: dict[str, Any], timeout: float) -> Any:
    """(rows, (ms, cpu_ms), error) of one rdflib run; the times are ``None`` when it hit
    ``timeout`` seconds or failed (error then says how)."""
    _settle()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        result: Iterable[Any] = ds.query(text, initBindings=bindings)  # SELECT: rows
        rows = [tuple(to_python(t) for t in row) for row in result]
        spent = ((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)
        return rows, spent, None
    except _Timeout:
        return [], None, None
    except Exception as exc:  # rdflib's engine failing on a query is a figure too
        return [], None, f"{type(exc).__name__}: {exc}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _rdflib_ways(
    ds: Dataset,
    ways: list[tuple[str, str, dict[str, Any]]],
    ox_rows: list[tuple[Any, ...]],
    repeats: int,
    timeout: float,
) -> dict[str, Any]:
    """Per way: ``(ms, cpu_ms, rows equal Oxigraph's)`` (medians of ``repeats``), or why not:
    ``">60 s"`` at the timeout, ``"failed: ..."`` when rdflib's engine raised."""
    out: dict[str, Any] = {}
    for name, text, bindings in ways:
        rows, first, error = _rdflib_query(ds, text, bindings, timeout)
        if first is None:
            out[name] = f"failed: {error}" if error else f">{timeout:g} s"
            continue
        times = [first]
        for _ in range(repeats - 1):
            _, again, _ = _rdflib_query(ds, text, bindings, timeout)
            if again is not None:
                times.append(again)
        same = _rows_key(rows) == _rows_key(ox_rows)
        out[name] = (
            statistics.median(t for t, _ in times),
            statistics.median(c for _, c in times),
            same,
        )
    return out


def run(
    triples: int,
    repeats: int,
    rdflib_repeats: int,
    rdflib_timeout: float,
    workdir: Path,
    *,
    only: list[str] | None = None,
) -> int:
    path = workdir / "store"
    done = workdir / "store.done"
    generated = 0.0
    if not done.exists():  # a kept --workdir is reused when complete
        t0 = time.perf_counter()
        articles = build_store(path, triples=triples)
        generated = time.perf_counter() - t0
        done.write_text(f"{articles} articles, at least {triples} quads\n", encoding="utf-8")
    store = OxigraphStore(path)
    params_by_query = _params(store)
    busiest = params_by_query["outreach-partners"]["actor"]
    label = store.select(
        "SELECT ?l ?c WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l ; "
        f"<{DG}isoCode> ?c }}",
        {"s": busiest},
    )[0]
    t0 = time.perf_counter()
    for _ in range(repeats):
        for spelling in (str(label["l"]), str(label["c"]), str(busiest)):
            run_query(store, "outreach-partners", {"actor": spelling})
    resolve_ms = round((time.perf_counter() - t0) * 1000 / (3 * repeats), 1)
    # Oxigraph first, before the dump for rdflib and before rdflib's Dataset exists: each
    # left Oxigraph's later queries about 2x slower in this process (dumping the 240 MB
    # of N-Quads: dyad-timeline 47 -> 95 ms; holding the Dataset's millions of objects:
    # 49 -> 130 ms; interleaved), costs of the harness, not of either engine as a user
    # runs it.
    oxigraph: dict[str, tuple[Any, float, float]] = {}
    for info in list_queries():
        if only and info.name not in only:
            continue
        params = params_by_query.get(info.name, {})
        result = run_query(store, info.name, params)  # warm-up (and parse cache)
        _settle()
        times, cpu = [], []
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            result = run_query(store, info.name, params)
            _ = result.rows
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        oxigraph[info.name] = (
            result,
            statistics.median(times) * 1000,
            statistics.median(cpu) * 1000,
        )
    nq = workdir / "store.nq"
    with nq.open("wb") as out:
        store.dump(out, "nquads")
    t0 = time.perf_counter()
    check = ox.Store()
    check.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    ox_load = time.perf_counter() - t0
    del check
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(str(nq), format="nquads")
    rdflib_load = time.perf_counter() - t0
    _settle()  # the Dataset's objects live to the end: see _settle
    _emit(
        figure="store",
        quads=store.count(),
        rdflib_triples=len(ds),
        rdflib_quads=sum(len(g) for g in ds.graphs()),
        generate_s=round(generated, 1),
        oxigraph_load_s=round(ox_load, 1),
        rdflib_load_s=round(rdflib_load, 1),
        params={q: {k: str(v) for k, v in p.items()} for q, p in params_by_query.items()},
    )
    _emit(figure="resolve_actor_and_run", ms=resolve_ms)
    failures = 0
    signal.signal(signal.SIGALRM, _alarm)
    for name, (result, ox_ms, ox_cpu) in oxigraph.items():
        # rdflib: the same text (with the prefixes run_query adds) and the same terms,
        # also bound inside sub-SELECTs as diplograph binds it, and the plain form of the
        # question (benchmarks/plain/): the fastest way that gives Oxigraph's rows is the
        # baseline.
        ox_rows = [tuple(r[v] for v in result.vars) for r in result.rows]
        text = _prepare(get_query(name).text, name).text
        bindings = dict(result.bindings.items())
        ways = [("bundled", text, bindings)]
        bound = with_values(text, bindings) if bindings else text
        if bound.count(" VALUES (") > 1:  # also bound inside sub-SELECTs
            ways.append(("bound", bound, {}))
        plain = PLAIN / f"{name}.rq"
        if plain.exists():
            ways.append(("plain", _prepare(plain.read_text("utf-8"), str(plain)).text, bindings))
        way_ms = _rdflib_ways(ds, ways, ox_rows, rdflib_repeats, rdflib_timeout)
        answered = {k: v for k, v in way_ms.items() if isinstance(v, tuple)}
        equal = {k: v for k, v in answered.items() if v[2]}
        best = min(equal or answered, key=lambda k: (equal or answered)[k][0], default=None)
        rd_ms, rd_cpu = (answered[best][0], answered[best][1]) if best else (None, None)
        errors = [v for v in way_ms.values() if isinstance(v, str) and v.startswith("failed")]
        error = errors[0] if errors and rd_ms is None else None
        record: dict[str, Any] = {
            "query": name,
            "rows": len(ox_rows),
            "oxigraph_ms": round(ox_ms, 1),
            "oxigraph_cpu_ms": round(ox_cpu, 1),
        }
        if error is not None:
            record.update(rdflib_ms=None, rdflib=error)
            ratio = 0.0
        elif rd_ms is None:
            record.update(
                rdflib_ms=None,
                rdflib=f">{rdflib_timeout:g} s",
                ratio_at_least=round(rdflib_timeout * 1000 / ox_ms, 1),
            )
            ratio = rdflib_timeout * 1000 / ox_ms
        else:
            ratio = rd_ms / ox_ms
            assert rd_cpu is not None
            record.update(
                rdflib_ms=round(rd_ms, 1),
                ratio=round(ratio, 1),
                rdflib_cpu_ms=round(rd_cpu, 1),
                cpu_ratio=round(rd_cpu / ox_cpu, 1) if ox_cpu else None,
                same_rows=bool(equal),
                rdflib_way=best,
            )
        record["rdflib_ways"] = {
            k: (round(v[0], 1) if v[2] else f"{v[0]:.1f} ms, other rows")
            if isinstance(v, tuple)
            else v
            for k, v in way_ms.items()
        }
        record["meets_targets"] = ox_ms < 500 and ratio >= 10
        failures += not record["meets_targets"]
        _emit(**record)
    store.close()
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rdflib-repeats", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    parser.add_argument(
        "--only", action="append", default=[], help="run only this query (repeatable)"
    )
    parser.add_argument("--quick", action="store_true", help="60k triples, 3 repeats, 20 s cap")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.quick:
        args.triples, args.repeats, args.rdflib_timeout = 60_000, 3, 20.0
    options = (args.triples, args.repeats, args.rdflib_repeats, args.rdflib_timeout)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return run(*options, args.workdir, only=args.only)
    with tempfile.TemporaryDirectory(prefix="bench-query-") as tmp:
        return run(*options, Path(tmp), only=args.only)


if __name__ == "__main__":
    sys.exit(main())
