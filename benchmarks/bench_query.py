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
validation is not what is measured here), then the store is compacted as
``diplograph optimize`` does after a large ingest (1.1-1.35x faster queries, measured
interleaved on this store).

The store is dumped as N-Quads and parsed into an rdflib ``Dataset`` whose default
graph is the union, so both engines see the same quads; its objects are then frozen out
of Python's garbage collector (``gc.freeze``, again before each timing), so neither
engine's timing pays for full collections walking them. Parameters are the busiest
states of the generated corpus (most articles mentioning them), found by one query.

Oxigraph runs in a child process that holds only the store (``_OxigraphWorker``), as
``diplograph query`` or ``serve`` would (session 3 saw Oxigraph's queries up to 2.5x
slower while the same process held rdflib's millions of objects, though part of that
may have been the host's drift, below). Every bundled query runs through
:func:`diplograph.query.run_query` there, and through ``Dataset.query(initBindings=...)``
on rdflib in this process, with the same query text and terms. rdflib also runs the text
as diplograph binds it (parameters inside sub-SELECTs too, see ``with_values``) and,
where there is one, the plain form of the question in ``benchmarks/plain/`` (one group
pattern, no sub-SELECT or ``GRAPH ?article``: forms written for Oxigraph's evaluator can
cost rdflib seconds). The fastest way whose rows equal Oxigraph's is the baseline
(``rdflib_way``; every way's time in ``rdflib_ways``), so the ratio never credits
Oxigraph with a form that merely hurts rdflib.

The host's CPU speed drifts (up to 1.7x, in phases of seconds to minutes), so the two
engines are timed in alternation: rounds per query, each of ``--repeats`` Oxigraph
runs (after one warm-up) followed by one rdflib run (the first round tries every way,
the later ones run the fastest); at least ``--rdflib-repeats`` rounds, and more (up to
15) until rdflib's runs of the query add up to ``--rdflib-seconds``, since single runs
of a fast query move most with the drift. ``oxigraph_ms`` and
``rdflib_ms`` are the medians of all their runs of the query, ``ratio`` is theirs, and
``round_ratios`` is each round's rdflib run over that round's Oxigraph median: their
spread shows how much the host moved. rdflib runs are stopped after
``--rdflib-timeout`` seconds.

Prints one JSON object per line: the store size and load times, then per query::

    {"query": "outreach-partners", "rows": 209, "oxigraph_ms": 201.3,
     "rdflib_ms": 5750.9, "ratio": 28.6, "round_ratios": [27.9, 30.1, 28.2],
     "same_rows": true, "rdflib_way": "bundled", ...}

``oxigraph_cpu_ms``, ``rdflib_cpu_ms`` and ``cpu_ratio`` are the process CPU time of the
same runs (each engine evaluates a query on one thread). They tell time spent waiting
apart from time computing, but not the host's drift, which slows CPU time alike; the
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
import subprocess
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
from rdflib.util import from_n3

from diplograph.namespaces import CLAIM_TYPE
from diplograph.query import _prepare, get_query, list_queries, run_query, to_python
from diplograph.store import OxigraphStore
from diplograph.store._sparql_text import with_values

DG = "https://w3id.org/diplograph/ontology#"
PLAIN = Path(__file__).resolve().parent / "plain"
_MAX_ROUNDS = 15  # rounds of one query, however fast rdflib answers it


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
    ox_key: list[str],
    timeout: float,
) -> dict[str, Any]:
    """Per way, one run: ``(ms, cpu_ms, rows equal Oxigraph's)`` (Oxigraph's rows as
    :func:`_rows_key` gives them), or why not: ``">60 s"`` at the timeout,
    ``"failed: ..."`` when rdflib's engine raised."""
    out: dict[str, Any] = {}
    for name, text, bindings in ways:
        rows, spent, error = _rdflib_query(ds, text, bindings, timeout)
        if spent is None:
            out[name] = f"failed: {error}" if error else f">{timeout:g} s"
        else:
            out[name] = (*spent, _rows_key(rows) == ox_key)
    return out


class _OxigraphWorker:
    """A child process that holds the store open and times bundled queries on request.

    It runs :func:`~diplograph.query.run_query` as ``diplograph query`` or ``serve``
    does: in a process holding only the store, never rdflib's millions of objects. The
    parent, which holds rdflib's Dataset, alternates between the two, so both engines'
    timings of a query are taken minutes apart at most and pairs of them seconds apart.
    Protocol: one JSON object per line each way (see :func:`_worker`).
    """

    def __init__(self, path: Path) -> None:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--oxigraph-worker", str(path)]
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )

    def time(
        self, name: str, params: dict[str, Identifier], repeats: int, *, warm: bool
    ) -> dict[str, Any]:
        """Time ``repeats`` runs of bundled query ``name`` (one untimed run first if
        ``warm``): ``ms`` and ``cpu_ms`` per run, ``rows``, ``rows_key`` (for comparing
        with rdflib's rows) and the ``bindings`` run_query made, in N3."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        request = {
            "query": name,
            "params": {k: v.n3() for k, v in params.items()},
            "repeats": repeats,
            "warm": warm,
        }
        self._proc.stdin.write(json.dumps(request) + "\n")
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the Oxigraph worker stopped (exit {self._proc.wait()})")
        reply: dict[str, Any] = json.loads(line)
        if "error" in reply:
            raise RuntimeError(f"{name}: {reply['error']}")
        return reply

    def close(self) -> None:
        """End the worker (it closes the store) and wait for it."""
        self._proc.communicate()


def _terms(n3: dict[str, str]) -> dict[str, Identifier]:
    """Parameters sent between the processes in N3, back to rdflib terms."""
    terms = {k: from_n3(v) for k, v in n3.items()}
    assert all(isinstance(v, Identifier) for v in terms.values()), n3
    return {k: v for k, v in terms.items() if isinstance(v, Identifier)}


def _worker(path: Path) -> int:
    """The Oxigraph side of :class:`_OxigraphWorker`: answers requests on stdin."""
    store = OxigraphStore(path)
    try:
        for line in sys.stdin:
            request = json.loads(line)
            params = _terms(request["params"])
            try:
                if request["warm"]:
                    _ = run_query(store, request["query"], params).rows  # and parse cache
                times, cpu = [], []
                for _ in range(request["repeats"]):
                    _settle()
                    t0, c0 = time.perf_counter(), time.process_time()
                    result = run_query(store, request["query"], params)
                    rows = [tuple(r[v] for v in result.vars) for r in result.rows]
                    times.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
                reply = {
                    "ms": times,
                    "cpu_ms": cpu,
                    "rows": len(rows),
                    "rows_key": _rows_key(rows),
                    "bindings": {k: v.n3() for k, v in result.bindings.items()},
                }
            except Exception as exc:  # reported to the parent, which names the query
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(reply), flush=True)
    finally:
        store.close()
    return 0


def run(
    triples: int,
    repeats: int,
    rdflib_repeats: int,
    rdflib_timeout: float,
    workdir: Path,
    *,
    rdflib_seconds: float = 0.0,
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
    quads = store.count()
    nq = workdir / "store.nq"
    with nq.open("wb") as out:
        store.dump(out, "nquads")
    store.close()  # the worker opens it: one process at a time
    worker = _OxigraphWorker(path)
    try:
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
            quads=quads,
            rdflib_triples=len(ds),
            rdflib_quads=sum(len(g) for g in ds.graphs()),
            generate_s=round(generated, 1),
            oxigraph_load_s=round(ox_load, 1),
            rdflib_load_s=round(rdflib_load, 1),
            params={q: {k: str(v) for k, v in p.items()} for q, p in params_by_query.items()},
        )
        _emit(figure="resolve_actor_and_run", ms=resolve_ms)
        signal.signal(signal.SIGALRM, _alarm)
        failures = 0
        for info in list_queries():
            if only and info.name not in only:
                continue
            record = _paired(
                worker,
                ds,
                info.name,
                params_by_query.get(info.name, {}),
                repeats,
                rdflib_repeats,
                rdflib_timeout,
                rdflib_seconds,
            )
            failures += not record["meets_targets"]
            _emit(**record)
    finally:
        worker.close()
    return 1 if failures else 0


def _paired(
    worker: _OxigraphWorker,
    ds: Dataset,
    name: str,
    params: dict[str, Identifier],
    repeats: int,
    rounds: int,
    timeout: float,
    rdflib_seconds: float = 0.0,
) -> dict[str, Any]:
    """One query's figures: rounds of ``repeats`` Oxigraph runs then one rdflib run, so
    that both engines are timed in the same stretch of the host's speed.

    rdflib's first round runs every way of asking (see the module docstring); the later
    rounds run the fastest way whose rows equal Oxigraph's. There are at least
    ``rounds`` rounds, and more (up to ``_MAX_ROUNDS``) until rdflib's runs add up to
    ``rdflib_seconds``: a query that takes rdflib well under a second is sampled more,
    as the host's drift moves its single runs most. ``oxigraph_ms`` and ``rdflib_ms``
    are the medians of all their runs and ``ratio`` is theirs; ``round_ratios`` are
    each round's rdflib run over that round's Oxigraph median.
    """
    first = worker.time(name, params, repeats, warm=True)
    ox_runs: list[float] = list(first["ms"])
    ox_cpu: list[float] = list(first["cpu_ms"])
    # rdflib: the same text (with the prefixes run_query adds) and the same terms,
    # also bound inside sub-SELECTs as diplograph binds it, and the plain form of the
    # question (benchmarks/plain/).
    text = _prepare(get_query(name).text, name).text
    bindings = _terms(first["bindings"])
    ways = [("bundled", text, bindings)]
    bound = with_values(text, bindings) if bindings else text
    if bound.count(" VALUES (") > 1:  # also bound inside sub-SELECTs
        ways.append(("bound", bound, {}))
    plain = PLAIN / f"{name}.rq"
    if plain.exists():
        ways.append(("plain", _prepare(plain.read_text("utf-8"), str(plain)).text, bindings))
    way_ms = _rdflib_ways(ds, ways, first["rows_key"], timeout)
    answered = {k: v for k, v in way_ms.items() if isinstance(v, tuple)}
    equal = {k: v for k, v in answered.items() if v[2]}
    best = min(equal or answered, key=lambda k: (equal or answered)[k][0], default=None)
    rd_runs: list[tuple[float, float]] = []
    round_ratios: list[float] = []
    if best is not None:
        rd_runs.append(answered[best][:2])
        round_ratios.append(rd_runs[0][0] / statistics.median(first["ms"]))
        best_text, best_bindings = next((t, b) for w, t, b in ways if w == best)
        done = 1
        while done < _MAX_ROUNDS and (
            done < rounds or sum(ms for ms, _ in rd_runs) < rdflib_seconds * 1000
        ):
            done += 1
            again = worker.time(name, params, repeats, warm=False)
            ox_runs += again["ms"]
            ox_cpu += again["cpu_ms"]
            _, spent, _ = _rdflib_query(ds, best_text, best_bindings, timeout)
            if spent is not None:
                rd_runs.append(spent)
                round_ratios.append(spent[0] / statistics.median(again["ms"]))
    ox_ms = statistics.median(ox_runs)
    ox_cpu_ms = statistics.median(ox_cpu)
    record: dict[str, Any] = {
        "query": name,
        "rows": first["rows"],
        "oxigraph_ms": round(ox_ms, 1),
        "oxigraph_cpu_ms": round(ox_cpu_ms, 1),
    }
    if best is None:
        errors = [v for v in way_ms.values() if isinstance(v, str) and v.startswith("failed")]
        if errors:  # rdflib's engine raised: no ratio, the target counts as missed
            record.update(rdflib_ms=None, rdflib=errors[0])
            ratio = 0.0
        else:
            ratio = timeout * 1000 / ox_ms
            record.update(
                rdflib_ms=None, rdflib=f">{timeout:g} s", ratio_at_least=round(ratio, 1)
            )
    else:
        rd_ms = statistics.median(ms for ms, _ in rd_runs)
        rd_cpu = statistics.median(cpu for _, cpu in rd_runs)
        ratio = rd_ms / ox_ms
        record.update(
            rdflib_ms=round(rd_ms, 1),
            ratio=round(ratio, 1),
            rdflib_cpu_ms=round(rd_cpu, 1),
            cpu_ratio=round(rd_cpu / ox_cpu_ms, 1) if ox_cpu_ms else None,
            round_ratios=[round(r, 1) for r in round_ratios],
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
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument(
        "--repeats", type=int, default=5, help="Oxigraph runs of a query per round"
    )
    parser.add_argument(
        "--rdflib-repeats",
        type=int,
        default=3,
        help="rounds: rdflib runs of its fastest way, each after a round of Oxigraph runs",
    )
    parser.add_argument(
        "--rdflib-seconds",
        type=float,
        default=10.0,
        help=f"more rounds (up to {_MAX_ROUNDS}) until rdflib's runs of a query add up to this",
    )
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    parser.add_argument(
        "--only", action="append", default=[], help="run only this query (repeatable)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="60k triples, 3 repeats and rounds, 20 s cap"
    )
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--oxigraph-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.oxigraph_worker is not None:  # the child of _OxigraphWorker
        return _worker(args.oxigraph_worker)
    if args.quick:
        args.triples, args.repeats, args.rdflib_timeout = 60_000, 3, 20.0
        args.rdflib_seconds = 0.0
    options = (args.triples, args.repeats, args.rdflib_repeats, args.rdflib_timeout)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return run(*options, args.workdir, rdflib_seconds=args.rdflib_seconds, only=args.only)
    with tempfile.TemporaryDirectory(prefix="bench-query-") as tmp:
        return run(*options, Path(tmp), rdflib_seconds=args.rdflib_seconds, only=args.only)


if __name__ == "__main__":
    sys.exit(main())
