"""Benchmark the outreach network: build from the store, metrics, GEXF/GraphML export.

A synthetic store is generated straight as quads following ontology/README.md (one
named graph per article; meetings and claims with dates, articles, evidence; envoys
representing states), bulk-loaded into an Oxigraph directory, then opened with
:class:`diplograph.store.OxigraphStore` (which adds the reference actors). Actor
activity is skewed (Zipf-like), as in news. The seed is fixed, so runs compare.

Exact betweenness is O(nodes x ties): above EXACT_WORK_LIMIT it is not run but
estimated from the k=500 sampled run (which costs k/n of it).

Prints one JSON object per figure, e.g.::

    {"figure": "build", "claims": 10000, "level": "state", "seconds": 0.41, ...}

Usage::

    python benchmarks/bench_network.py            # 10k and 100k claims
    python benchmarks/bench_network.py --quick    # 2k claims, a few seconds
    python benchmarks/bench_network.py --claims 50000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from diplograph.network import compute_metrics, to_networkx, write_gexf, write_graphml
from diplograph.network.analysis import betweenness, communities, pagerank
from diplograph.store import OxigraphStore

DG = "https://w3id.org/diplograph/ontology#"
DGR = "https://w3id.org/diplograph/id/"
DGCT = DGR + "claim-type/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
XSD_INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
CLAIMS = {
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
Actor = tuple[str, str, str, str | None]  # IRI, dg: class, label, what it represents
PERSONS_PER_STATE = 4
FREE_PERSONS = 200
CLAIMS_PER_ARTICLE = 5
MEETINGS_PER_ARTICLE = 1
EXACT_WORK_LIMIT = 20_000_000  # nodes x ties above which exact betweenness is estimated


def dg(name: str) -> ox.NamedNode:
    return ox.NamedNode(DG + name)


def _states() -> list[str]:
    """ISO codes of the reference states (read from the packaged reference actors)."""
    from diplograph.resources import ontology_dir

    text = (ontology_dir() / "actors-states.ttl").read_text(encoding="utf-8")
    return sorted(
        {
            line.split("/")[1].split(">")[0]
            for line in text.splitlines()
            if line.startswith("<state/")
        }
    )


def synthetic_quads(n_claims: int, seed: int = 7) -> Iterator[ox.Quad]:
    """Quads of ``n_claims`` claims (and a meeting per 5 claims) in articles of 5 claims."""
    rng = random.Random(seed)
    states = _states()
    actors: list[Actor] = []
    for code in states:
        actors.append((f"{DGR}state/{code}", "State", code, None))
        for i in range(PERSONS_PER_STATE):
            cls = "Envoy" if i % 2 == 0 else "Official"
            actors.append(
                (f"{DGR}person/{code.lower()}-{i}", cls, f"{code} person {i}", f"{DGR}state/{code}")
            )
    for i in range(FREE_PERSONS):
        actors.append((f"{DGR}person/free-{i}", "Person", f"Person {i}", None))
    rng.shuffle(actors)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(actors))]
    start = dt.date(2020, 1, 1)
    n_articles = max(1, n_claims // CLAIMS_PER_ARTICLE)
    for a in range(n_articles):
        day = start + dt.timedelta(days=rng.randrange(6 * 365))
        yield from _article(a, day, rng, actors, weights)


def _evidence(
    art: str, node: ox.NamedNode, k: int, date: ox.Literal, g: ox.NamedNode
) -> Iterator[ox.Quad]:
    art_n = ox.NamedNode(art)
    ev = ox.NamedNode(f"{art}/evidence/{k * 100}-{k * 100 + 80}")
    yield ox.Quad(node, dg("reportedIn"), art_n, g)
    yield ox.Quad(node, dg("date"), date, g)
    yield ox.Quad(node, dg("evidence"), ev, g)
    yield ox.Quad(ev, RDF_TYPE, dg("Evidence"), g)
    yield ox.Quad(ev, dg("sentence"), ox.Literal(f"sentence {k} of {art}"), g)
    yield ox.Quad(ev, dg("beginOffset"), ox.Literal(str(k * 100), datatype=XSD_INT), g)
    yield ox.Quad(ev, dg("endOffset"), ox.Literal(str(k * 100 + 80), datatype=XSD_INT), g)
    yield ox.Quad(ev, dg("inArticle"), art_n, g)


def _article(
    a: int, day: dt.date, rng: random.Random, actors: list[Actor], weights: list[float]
) -> Iterator[ox.Quad]:
    """One article's named graph: its meetings and claims, and the actors it uses."""
    art = f"{DGR}article/{a:016x}"
    g = art_n = ox.NamedNode(art)
    date = ox.Literal(day.isoformat(), datatype=XSD_DATE)
    yield ox.Quad(art_n, RDF_TYPE, dg("Article"), g)
    yield ox.Quad(art_n, dg("articleId"), ox.Literal(str(a)), g)
    yield ox.Quad(art_n, dg("published"), date, g)
    used: dict[str, Actor] = {}

    def pick() -> str:
        actor = rng.choices(actors, weights)[0]
        used[actor[0]] = actor
        return actor[0]

    k = 0
    for m in range(MEETINGS_PER_ARTICLE):
        node = ox.NamedNode(f"{art}/meeting/{m}")
        yield ox.Quad(node, RDF_TYPE, dg("Meeting"), g)
        people = {pick() for _ in range(rng.choice((2, 2, 2, 3)))}
        while len(people) < 2:
            people.add(pick())
        for p in sorted(people):
            yield ox.Quad(node, dg("participant"), ox.NamedNode(p), g)
        yield from _evidence(art, node, k, date, g)
        k += 1
    for c in range(CLAIMS_PER_ARTICLE):
        node = ox.NamedNode(f"{art}/claim/{c}")
        kind = rng.choice(list(CLAIMS))
        claimant, target = pick(), pick()
        yield ox.Quad(node, RDF_TYPE, dg(CLAIMS[kind]), g)
        yield ox.Quad(node, dg("claimType"), ox.NamedNode(DGCT + kind), g)
        yield ox.Quad(node, dg("claimant"), ox.NamedNode(claimant), g)
        if target != claimant:
            yield ox.Quad(node, dg("target"), ox.NamedNode(target), g)
        yield from _evidence(art, node, k, date, g)
        k += 1
    for iri, cls, label, rep in used.values():
        node = ox.NamedNode(iri)
        yield ox.Quad(art_n, dg("mentions"), node, g)
        yield ox.Quad(node, RDF_TYPE, dg(cls), g)
        yield ox.Quad(node, PREF, ox.Literal(label, language="en"), g)
        if rep is not None:
            yield ox.Quad(node, dg("represents"), ox.NamedNode(rep), g)


def _emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t0, 3)


def _load(path: Path, n_claims: int) -> int:
    raw = ox.Store(str(path))
    raw.bulk_extend(synthetic_quads(n_claims))
    raw.flush()
    return len(raw)


def _measure(store: OxigraphStore, n_claims: int, level: str, workdir: Path) -> None:
    G, secs = _timed(lambda: to_networkx(store, level=level))  # type: ignore[arg-type]
    nodes, edges = G.number_of_nodes(), G.number_of_edges()
    _emit(figure="build", claims=n_claims, level=level, nodes=nodes, edges=edges, seconds=secs)
    _, secs = _timed(lambda: to_networkx(store, level=level, focus="PAK"))  # type: ignore[arg-type]
    _emit(figure="build_focus_PAK", claims=n_claims, level=level, seconds=secs)
    ties = nx.Graph(G).number_of_edges()
    _, sampled = _timed(lambda: betweenness(G, exact_max_nodes=0, k=500))
    _emit(
        figure="betweenness_sampled_k500",
        claims=n_claims,
        level=level,
        nodes=nodes,
        ties=ties,
        seconds=sampled,
    )
    if nodes * ties <= EXACT_WORK_LIMIT:
        _, secs = _timed(lambda: betweenness(G, exact_max_nodes=nodes))
        _emit(
            figure="betweenness_exact",
            claims=n_claims,
            level=level,
            nodes=nodes,
            ties=ties,
            seconds=secs,
        )
    else:
        # k sampled sources cost k/n of the exact computation
        estimate = round(sampled * nodes / min(500, nodes), 1)
        _emit(
            figure="betweenness_exact",
            claims=n_claims,
            level=level,
            nodes=nodes,
            ties=ties,
            skipped=True,
            estimated_seconds=estimate,
        )
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("pagerank", lambda: pagerank(G)),
        ("louvain", lambda: communities(G)),
        ("all_metrics", lambda: compute_metrics(G)),
    ]
    for name, step in steps:
        _, secs = _timed(step)
        extra = {"betweenness": G.graph["betweenness_method"]} if name == "all_metrics" else {}
        _emit(figure=name, claims=n_claims, level=level, nodes=nodes, seconds=secs, **extra)
    for ext, writer in ((".gexf", write_gexf), (".graphml", write_graphml)):
        out = workdir / f"net-{n_claims}-{level}{ext}"
        _, secs = _timed(lambda: writer(G, out))  # noqa: B023 (called at once)
        size = out.stat().st_size
        _emit(figure=f"export{ext}", claims=n_claims, level=level, bytes=size, seconds=secs)


def run(n_claims: int, workdir: Path) -> None:
    path = workdir / f"store-{n_claims}"
    quads, secs = _timed(lambda: _load(path, n_claims))
    _emit(figure="load", claims=n_claims, quads=quads, seconds=secs)
    store = OxigraphStore(path)
    try:
        for level in ("state", "person"):
            _measure(store, n_claims, level, workdir)
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one small run (2,000 claims)")
    parser.add_argument("--claims", type=int, action="append", help="claims to generate")
    args = parser.parse_args(argv)
    sizes = [2000] if args.quick else (args.claims or [10_000, 100_000])
    with tempfile.TemporaryDirectory(prefix="bench-network-") as tmp:
        for n in sizes:
            run(n, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
