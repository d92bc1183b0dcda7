"""Benchmark SHACL validation: per-article (as ingest does) against the whole graph at once.

Article graphs come from the synthetic corpus (:mod:`generate`): each article's
stated content mapped by :func:`diplograph.rdf.build.to_graph`, exactly as ingest
maps an extraction. One article in a hundred is broken on purpose (a claim loses its
claimant), so the validators have violations to find, and the figures check that
every way of validating finds the same ones.

Three ways, all through :func:`diplograph.validate.validate` with the packaged shapes:

- per article: one call per article graph (what :func:`diplograph.pipeline.ingest`
  does, in each worker);
- whole graph: the union of all article graphs, validated in one pyshacl call;
- batches: the union of ``--batch`` articles per call (a middle way).

Figures: seconds for each way at each size (1k and 10k articles by default), the
per-article/whole ratio, and linear growth: time at 10x the articles is at most 11x
the time (target from issue 8).

Usage::

    python benchmarks/bench_validate.py                  # 1k and 10k articles
    python benchmarks/bench_validate.py --quick          # 50 and 500 articles
    python benchmarks/bench_validate.py --sizes 2000 20000 --repeats 1
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Figure, emit, log, median_wall_cpu, timed
from generate import generate_articles

from diplograph.namespaces import DG
from diplograph.rdf.build import to_graph
from diplograph.validate import validate

__all__ = ["article_graphs", "growth_figures", "main", "run"]

BROKEN_EVERY = 100
"""Every hundredth article has a claim without a claimant (one violation)."""


def article_graphs(n: int, *, seed: int = 0) -> list[Graph]:
    """The graphs of articles 0..n-1 of ``seed``; every 100th has one violation."""
    graphs = []
    for i, s in enumerate(generate_articles(n, seed=seed)):
        graph = to_graph(s.truth)
        if i % BROKEN_EVERY == BROKEN_EVERY - 1:
            claim = next(iter(sorted(graph.subjects(DG.claimant, None), key=str)), None)
            if isinstance(claim, URIRef):
                graph.remove((claim, DG.claimant, None))
        graphs.append(graph)
    return graphs


def _per_article(graphs: Sequence[Graph]) -> int:
    return sum(len(validate(g).results) for g in graphs)


def _union(graphs: Sequence[Graph]) -> Graph:
    merged = Graph(store="SimpleMemory")
    add = merged.store.add
    for g in graphs:
        for t in g:
            add(t, merged)
    return merged


def _batched(graphs: Sequence[Graph], size: int) -> int:
    return sum(
        len(validate(_union(graphs[i : i + size])).results) for i in range(0, len(graphs), size)
    )


def run(
    sizes: Sequence[int] = (1000, 10_000),
    *,
    repeats: int = 3,
    repeats_large: int = 1,
    batch: int = 64,
    seed: int = 0,
) -> list[Figure]:
    """Measure every size; emit and return the figures. Sizes after the first use
    ``repeats_large`` repeats (the median of ``repeats`` at the first size)."""
    figures: list[Figure] = []

    def out(f: Figure) -> None:
        emit(f)
        figures.append(f)

    validate(to_graph(next(generate_articles(1, seed=seed)).truth))  # parse shapes once
    per: dict[int, float] = {}
    whole: dict[int, float] = {}
    for k, n in enumerate(sizes):
        reps = repeats if k == 0 else repeats_large
        log(f"validate: building {n} article graphs")
        graphs = article_graphs(n, seed=seed)
        triples = sum(len(g) for g in graphs)
        expected = len(range(BROKEN_EVERY - 1, n, BROKEN_EVERY))
        found: dict[str, int] = {}

        def per_article(graphs: list[Graph] = graphs, found: dict[str, int] = found) -> None:
            found["per_article"] = _per_article(graphs)

        log(f"validate: per article, {n} articles, {reps} repeat(s)")
        per[n], per_cpu = median_wall_cpu(per_article, reps)
        merged, merge_s = timed(partial(_union, graphs))

        def at_once(merged: Graph = merged, found: dict[str, int] = found) -> None:
            found["whole"] = len(validate(merged).results)

        log(f"validate: whole graph, {triples} triples")
        whole[n], whole_cpu = median_wall_cpu(at_once, reps)
        del merged
        gc.collect()

        def batched(graphs: list[Graph] = graphs, found: dict[str, int] = found) -> None:
            found["batched"] = _batched(graphs, batch)

        log(f"validate: batches of {batch}")
        batch_s, batch_cpu = median_wall_cpu(batched, reps)
        same = len(set(found.values())) == 1 and found["whole"] >= expected
        common: dict[str, Any] = {
            "articles": n,
            "triples": triples,
            "repeats": reps,
            "violations": found,
            "same_results": same,
        }
        out(
            Figure.compare(
                f"validate.per_article.{n}",
                value=per[n],
                unit="s",
                articles_per_s=round(n / per[n], 1),
                cpu_s=round(per_cpu, 2),
                **common,
            )
        )
        out(
            Figure.compare(
                f"validate.whole_graph.{n}",
                value=whole[n],
                unit="s",
                baseline=per[n],
                merge_s=round(merge_s, 2),
                triples_per_s=round(triples / whole[n]),
                cpu_s=round(whole_cpu, 2),
                **common,
            )
        )
        out(
            Figure.compare(
                f"validate.batched{batch}.{n}",
                value=batch_s,
                unit="s",
                baseline=per[n],
                cpu_s=round(batch_cpu, 2),
                **common,
            )
        )
        del graphs
        gc.collect()
    for f in growth_figures(figures):
        out(f)
    return figures


def growth_figures(figures: Sequence[Figure]) -> list[Figure]:
    """Linear growth (issue 8): time at the largest size over the smallest, per way of
    validating; at 10x the articles the target is at most 11x the time. Works on the
    figures of one run or of several runs put together.

    Two figures per way: wall seconds (``validate.growth.<way>.<small>-<large>``) and,
    where the figures carry them, CPU seconds of the process (the same name with
    ``.cpu``). On cores shared with other work the CPU figure is the one to judge:
    wall time then also measures how busy the machine was.
    """
    found: list[Figure] = []
    for way in ("per_article", "whole_graph"):
        times: dict[int, float] = {}
        cpus: dict[int, float] = {}
        for f in figures:
            if f.name.startswith(f"validate.{way}.") and f.value:
                size = int(f.name.rsplit(".", 1)[1])
                times[size] = f.value
                if f.detail.get("cpu_s"):
                    cpus[size] = float(f.detail["cpu_s"])
        if len(times) < 2:
            continue
        small, large = min(times), max(times)
        scale = large / small
        target = f"value <= {scale * 1.1:g}"
        has_cpu = small in cpus and large in cpus
        found.append(
            Figure.compare(
                f"validate.growth.{way}.{small}-{large}",
                value=times[large] / times[small],
                unit="x",
                target=target,
                articles_ratio=scale,
                cpu_ratio=round(cpus[large] / cpus[small], 3) if has_cpu else None,
            )
        )
        if has_cpu:
            found.append(
                Figure.compare(
                    f"validate.growth.{way}.{small}-{large}.cpu",
                    value=cpus[large] / cpus[small],
                    unit="x",
                    target=target,
                    articles_ratio=scale,
                    cpu_s={small: cpus[small], large: cpus[large]},
                    wall_ratio=round(times[large] / times[small], 3),
                )
            )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="50 and 500 articles, 1 repeat")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args(argv)
    if args.quick:
        run((50, 500), repeats=1, batch=args.batch)
    else:
        run(args.sizes, repeats=args.repeats, batch=args.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
