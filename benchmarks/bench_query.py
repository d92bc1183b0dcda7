"""Benchmark the bundled SPARQL queries: Oxigraph (the store) against rdflib's engine.

A synthetic store of at least ``--triples`` quads (default one million) is generated
straight from the data model of ontology/README.md: one named graph per article,
each typing and labelling the actors it uses, with meetings, claims (all nine types),
evidence sentences, provenance, plus quarantine records for 1% of articles. Actor
activity is skewed (a few states dominate, as in news). The seed is fixed.

The same N-Quads file is bulk-loaded into an Oxigraph directory (then opened as an
:class:`~diplograph.store.OxigraphStore`, which adds the reference actors) and parsed
into an rdflib ``Dataset`` with the default graph as the union. Every bundled query
runs through :func:`diplograph.query.run_query` on Oxigraph (median of ``--repeats``
after one warm-up) and through ``Dataset.query(initBindings=...)`` on rdflib (once,
stopped after ``--rdflib-timeout`` seconds), with the same parameter terms.

Prints one JSON object per line: the store size and load times, then per query::

    {"query": "outreach-partners", "rows": 41, "oxigraph_ms": 12.3,
     "rdflib_ms": 5321.0, "ratio": 432.6, "same_rows": true}

``rdflib_ms`` is ``null`` and ``rdflib`` is ``">60 s"`` when rdflib hit the timeout
(the ratio is then a lower bound, ``ratio_at_least``). Targets (issue 5): every query
under 500 ms on Oxigraph and at least 10 times faster than rdflib.

Usage::

    python benchmarks/bench_query.py                 # 1M triples
    python benchmarks/bench_query.py --quick         # 60k triples, seconds
    python benchmarks/bench_query.py --triples 300000 --rdflib-timeout 30
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from diplograph.namespaces import CLAIM_TYPE, DGR
from diplograph.query import _prepare, get_query, list_queries, run_query, to_python
from diplograph.resources import ontology_dir
from diplograph.store import OxigraphStore

DG = "https://w3id.org/diplograph/ontology#"
R = str(DGR)
XSD_DATE = ox.NamedNode(str(XSD.date))
XSD_URI = ox.NamedNode(str(XSD.anyURI))
XSD_INT = ox.NamedNode(str(XSD.integer))
A = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
USED = ox.NamedNode("http://www.w3.org/ns/prov#used")
GENERATED_BY = ox.NamedNode("http://www.w3.org/ns/prov#wasGeneratedBy")
ASSOCIATED = ox.NamedNode("http://www.w3.org/ns/prov#wasAssociatedWith")
QUARANTINE = ox.NamedNode(R + "graph/quarantine")
CLAIM_CLASSES = {
    "accusation": "Accusation",
    "denial": "Denial",
    "appeal": "Appeal",
    "commitment": "Commitment",
    "warning": "Warning",
    "criticism": "Criticism",
    "proposal": "Proposal",
    "support": "Support",
    "statement": "Statement",
}
# The actors the benchmark asks about come first, so they are the busiest.
FOCUS = ["PAK", "IND", "CHN", "USA", "RUS", "GBR", "FRA", "IRN"]
PARAMS: dict[str, dict[str, Identifier]] = {
    "outreach-partners": {"actor": DGR["state/PAK"]},
    "claims-by-type": {"claimant": DGR["state/PAK"], "target": DGR["state/IND"]},
    "meetings-between": {"a": DGR["state/PAK"], "b": DGR["state/CHN"]},
    "organisations-engaged": {"state": DGR["state/PAK"]},
    "dyad-timeline": {"a": DGR["state/PAK"], "b": DGR["state/IND"]},
    "articles-mentioning": {"actor": DGR["state/PAK"]},
    "claims-of-type": {
        "type": CLAIM_TYPE.accusation,
        "since": Literal("2024-01-01", datatype=XSD.date),
    },
}


def dg(name: str) -> ox.NamedNode:
    return ox.NamedNode(DG + name)


def _reference(kind: str, pattern: str) -> list[tuple[str, str, str]]:
    """(key, class, label) of the packaged reference states or organisations."""
    text = (ontology_dir() / f"actors-{kind}.ttl").read_text(encoding="utf-8")
    found = re.findall(pattern + r'> a dg:(\w+) ;\s*skos:prefLabel "([^"]+)"@en', text)
    return sorted(found)


def synthetic_quads(target: int, seed: int = 11) -> Iterator[ox.Quad]:
    """At least ``target`` quads of synthetic articles (deterministic for a seed)."""
    rng = random.Random(seed)
    states = _reference("states", r"<state/([A-Z]{3})")
    orgs = _reference("organizations", r"<org/([A-Za-z0-9-]+)")
    state_by_code = {code: (cls, label) for code, cls, label in states}
    order = FOCUS + [c for c, _, _ in states if c not in FOCUS]
    # (iri, class, label, key for isoCode/acronym, represents, role)
    actors: list[tuple[str, str, str, str | None, str | None, str | None]] = []
    for code in order:
        actors.append((f"{R}state/{code}", "State", state_by_code[code][1], code, None, None))
    for key, cls, label in orgs:
        actors.append((f"{R}org/{key}", cls, label, key, None, None))
    for code in order:
        for j, (cls, role) in enumerate(
            [("Envoy", "Ambassador"), ("Envoy", "Foreign Minister"), ("Official", "Spokesperson")]
        ):
            name = f"Person {code} {j}"
            actors.append(
                (f"{R}person/person-{code.lower()}-{j}", cls, name, None, f"{R}state/{code}", role)
            )
    for key, _, _ in orgs:
        actors.append(
            (
                f"{R}person/person-{key.lower()}-0",
                "Official",
                f"Person {key} 0",
                None,
                f"{R}org/{key}",
                "Secretary-General",
            )
        )
    # Zipf-like activity: the k-th actor is picked with weight 1/(k+20), so the busiest
    # state (Pakistan) is in about one article in six, the median actor in a few dozen.
    weights = [1.0 / (k + 20) for k in range(len(actors))]
    outlets = [f"Outlet {k}" for k in range(25)]
    emitted = 0
    n = 0
    while emitted < target:
        n += 1
        art = ox.NamedNode(f"{R}article/{n:016x}")
        extraction = ox.NamedNode(f"{art.value}/extraction")
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        date = ox.Literal(day.isoformat(), datatype=XSD_DATE)
        quarantined = rng.random() < 0.01
        graph = ox.NamedNode(f"{art.value}") if not quarantined else None
        quads: list[tuple[Any, Any, Any]] = []
        used: set[int] = set()

        def pick(used: set[int] = used) -> int:
            k = rng.choices(range(len(actors)), weights=weights)[0]
            used.add(k)
            return k

        def evidence(
            node: ox.NamedNode, k: int, text: str, art: ox.NamedNode = art, quads: list[Any] = quads
        ) -> None:
            ev = ox.NamedNode(f"{art.value}/evidence/{k * 200}-{k * 200 + len(text)}")
            quads.extend(
                [
                    (node, dg("evidence"), ev),
                    (ev, A, dg("Evidence")),
                    (ev, dg("sentence"), ox.Literal(text)),
                    (ev, dg("beginOffset"), ox.Literal(str(k * 200), datatype=XSD_INT)),
                    (ev, dg("endOffset"), ox.Literal(str(k * 200 + len(text)), datatype=XSD_INT)),
                    (ev, dg("inArticle"), art),
                ]
            )

        k = 0
        for m in range(rng.choice((1, 1, 2))):
            a, b = pick(), pick()
            same_side = actors[a][4] is not None and actors[a][4] == actors[b][4]
            if a == b or actors[a][4] == actors[b][0] or same_side:
                continue
            meeting = ox.NamedNode(f"{art.value}/meeting/{m:012x}")
            quads += [
                (meeting, A, dg("Meeting")),
                (meeting, dg("participant"), ox.NamedNode(actors[a][0])),
                (meeting, dg("participant"), ox.NamedNode(actors[b][0])),
                (meeting, dg("date"), date),
                (meeting, dg("reportedIn"), art),
                (meeting, GENERATED_BY, extraction),
            ]
            evidence(meeting, k, f"{actors[a][2]} met {actors[b][2]} in article {n}.")
            k += 1
        for c in range(5):
            kind = rng.choice(list(CLAIM_CLASSES))
            claimant = pick()
            claim = ox.NamedNode(f"{art.value}/claim/{c:012x}")
            quads += [
                (claim, A, dg(CLAIM_CLASSES[kind])),
                (claim, dg("claimType"), ox.NamedNode(str(CLAIM_TYPE[kind]))),
                (claim, dg("claimant"), ox.NamedNode(actors[claimant][0])),
                (claim, dg("topic"), ox.Literal(f"topic {rng.randrange(500)}")),
                (claim, dg("date"), date),
                (claim, dg("reportedIn"), art),
                (claim, GENERATED_BY, extraction),
            ]
            if rng.random() < 0.8:
                target_k = pick()
                if target_k != claimant:
                    quads.append((claim, dg("target"), ox.NamedNode(actors[target_k][0])))
            evidence(claim, k, f"{actors[claimant][2]} made a {kind} in article {n}.")
            k += 1
        quads += [
            (art, A, dg("Article")),
            (art, dg("articleId"), ox.Literal(f"syn-{n}")),
            (art, dg("title"), ox.Literal(f"Synthetic diplomatic news {n}")),
            (art, dg("url"), ox.Literal(f"https://example.org/syn/{n}", datatype=XSD_URI)),
            (art, dg("published"), date),
            (art, dg("outlet"), ox.Literal(rng.choice(outlets))),
            (extraction, A, dg("ExtractionActivity")),
            (extraction, USED, art),
            (extraction, ASSOCIATED, ox.NamedNode(f"{R}extractor/rules.v1")),
            (ox.NamedNode(f"{R}extractor/rules.v1"), A, dg("Extractor")),
        ]
        for u in sorted(used):
            iri, cls, label, key, rep, role = actors[u]
            node = ox.NamedNode(iri)
            quads += [
                (art, dg("mentions"), node),
                (node, A, dg(cls)),
                (node, PREF, ox.Literal(label, language="en")),
            ]
            if key and cls == "State":
                quads.append((node, dg("isoCode"), ox.Literal(key)))
            elif key:
                quads.append((node, dg("acronym"), ox.Literal(key)))
            if rep:
                quads += [
                    (node, dg("represents"), ox.NamedNode(rep)),
                    (node, dg("role"), ox.Literal(role or "")),
                ]
        if graph is None:
            record = ox.NamedNode(f"{art.value}/quarantine")
            quads = [
                (record, A, dg("QuarantineRecord")),
                (record, dg("quarantinedArticle"), art),
                (record, dg("articleId"), ox.Literal(f"syn-{n}")),
                (record, dg("sourcePath"), ox.Literal(f"articles/syn-{n}.txt")),
                (record, dg("reason"), ox.Literal("Meeting needs at least two participants")),
            ]
        for s, p, o in quads:
            yield ox.Quad(s, p, o, graph or QUARANTINE)
        emitted += len(quads)


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout


def _rows_key(rows: list[tuple[Any, ...]]) -> list[str]:
    return sorted(repr(r) for r in rows)


def _emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def run(triples: int, repeats: int, rdflib_timeout: float, workdir: Path) -> int:
    nq = workdir / "synthetic.nq"
    t0 = time.perf_counter()
    ox.serialize(synthetic_quads(triples), output=str(nq), format=ox.RdfFormat.N_QUADS)
    generated = time.perf_counter() - t0
    raw = ox.Store(str(workdir / "store"))
    t0 = time.perf_counter()
    raw.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    ox_load = time.perf_counter() - t0
    raw.flush()
    del raw
    store = OxigraphStore(workdir / "store")
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(str(nq), format="nquads")
    rdflib_load = time.perf_counter() - t0
    # The rdflib side gets the reference graphs too, so both engines see the same data.
    for name in ("ontology", "claim-types", "actors"):
        iri = f"{R}graph/{name}"
        graph = ds.graph(URIRef(iri))
        for triple in store.graph(iri):
            graph.add(triple)
    _emit(
        figure="store",
        quads=store.count(),
        rdflib_triples=len(ds),
        generate_s=round(generated, 1),
        oxigraph_load_s=round(ox_load, 1),
        rdflib_load_s=round(rdflib_load, 1),
    )
    t0 = time.perf_counter()
    for _ in range(repeats):
        for spelling in ("Pakistan", "PAK", "Islamabad"):
            run_query(store, "outreach-partners", {"actor": spelling})
    _emit(
        figure="resolve_actor_and_run",
        ms=round((time.perf_counter() - t0) * 1000 / (3 * repeats), 1),
    )
    failures = 0
    signal.signal(signal.SIGALRM, _alarm)
    for info in list_queries():
        params = PARAMS.get(info.name, {})
        result = run_query(store, info.name, params)  # warm-up (and parse cache)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            result = run_query(store, info.name, params)
            _ = result.rows
            times.append(time.perf_counter() - t0)
        ox_ms = statistics.median(times) * 1000
        # rdflib: the same text (with the prefixes run_query adds) and the same terms.
        text = _prepare(get_query(info.name).text, info.name).text
        bindings = {k: v for k, v in result.bindings.items()}
        signal.setitimer(signal.ITIMER_REAL, rdflib_timeout)
        t0 = time.perf_counter()
        try:
            rows = [
                tuple(to_python(t) for t in row) for row in ds.query(text, initBindings=bindings)
            ]
            rd_ms: float | None = (time.perf_counter() - t0) * 1000
        except _Timeout:
            rows, rd_ms = [], None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        ox_rows = [tuple(r[v] for v in result.vars) for r in result.rows]
        record: dict[str, Any] = {
            "query": info.name,
            "rows": len(ox_rows),
            "oxigraph_ms": round(ox_ms, 1),
        }
        if rd_ms is None:
            record.update(
                rdflib_ms=None,
                rdflib=f">{rdflib_timeout:g} s",
                ratio_at_least=round(rdflib_timeout * 1000 / ox_ms, 1),
            )
            ratio = rdflib_timeout * 1000 / ox_ms
        else:
            ratio = rd_ms / ox_ms
            record.update(
                rdflib_ms=round(rd_ms, 1),
                ratio=round(ratio, 1),
                same_rows=_rows_key(rows) == _rows_key(ox_rows),
            )
        record["meets_targets"] = ox_ms < 500 and ratio >= 10
        failures += not record["meets_targets"]
        _emit(**record)
    store.close()
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="60k triples, 3 repeats, 20 s cap")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.quick:
        args.triples, args.repeats, args.rdflib_timeout = 60_000, 3, 20.0
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return run(args.triples, args.repeats, args.rdflib_timeout, args.workdir)
    with tempfile.TemporaryDirectory(prefix="bench-query-") as tmp:
        return run(args.triples, args.repeats, args.rdflib_timeout, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
