"""Benchmark ingest end to end: article files -> extraction -> SHACL -> inference -> store.

The corpus is written by :mod:`generate` as ``.txt`` files with YAML front matter
(1k and 10k articles by default). Each run is a fresh Python process that opens a
new Oxigraph store in a temporary directory and calls
:func:`diplograph.pipeline.ingest` with ``--jobs 1`` or ``--jobs 2`` (what
``diplograph ingest`` does), so imports, worker start-up and the store's final flush
are all inside the time and no cache survives between runs. The child reports the
ingest's seconds, its peak resident memory (``ru_maxrss`` of itself, and of its
largest worker for ``--jobs 2``) and CPU seconds, split between the process that reads
and writes the store and its workers.

Figures: seconds and articles/s per size and jobs; the ``--jobs 2`` speed-up over
``--jobs 1`` (target at least 1.7 on 2 cores); peak RSS at the largest size over the
smallest (target at most 1.5, at ``--jobs 1`` where everything runs in one process).

Usage::

    python benchmarks/bench_ingest.py                  # 1k and 10k articles
    python benchmarks/bench_ingest.py --quick          # 20 and 200 articles
    python benchmarks/bench_ingest.py --sizes 1000 --jobs 1 2 --repeats 3
    python benchmarks/bench_ingest.py --sizes 8 40 --speedup-sizes 40   # run.py --quick

``--speedup-sizes`` limits the runs of every ``--jobs`` value (and so the speed-up
figure) to those sizes; the other sizes run the first ``--jobs`` value only, which is
enough for the memory figure and saves a fresh interpreter and its workers per size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Figure, cpu_count, cpu_seconds, emit, log, peak_rss_mb
from generate import write_txt

__all__ = ["child", "growth_figures", "ingest_once", "main", "run"]


def child(source: Path, store_dir: Path, jobs: int) -> dict[str, Any]:
    """Ingest ``source`` into a new store at ``store_dir`` (run in a fresh process)."""
    from diplograph.pipeline import ingest
    from diplograph.store import OxigraphStore

    start = time.perf_counter()
    store = OxigraphStore(store_dir)
    try:
        summary = ingest([str(source)], store, jobs=jobs)
    finally:
        store.close()
    seconds = time.perf_counter() - start
    _stop_forkserver()
    return {
        "seconds": seconds,
        "ingest_seconds": summary.seconds,
        "read": summary.articles_read,
        "stored": summary.stored,
        "quarantined": summary.quarantined,
        "failed": len(summary.failed),
        "triples": summary.triples_written,
        "cpu_s": cpu_seconds() + cpu_seconds(resource.RUSAGE_CHILDREN),
        # the parent reads files and writes the store; workers extract, validate, infer
        # (with the forkserver they were forked from, which loaded what they share)
        "parent_cpu_s": cpu_seconds(),
        "workers_cpu_s": cpu_seconds(resource.RUSAGE_CHILDREN),
        "rss_mb": peak_rss_mb(),
        "worker_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN) if jobs > 1 else None,
    }


def _stop_forkserver() -> None:
    """Stop the forkserver the workers were forked from (if any) and wait for it.

    Workers started by a forkserver are its children, not ours: their CPU time and
    peak memory reach ``RUSAGE_CHILDREN`` only once the server, which waited for them,
    is itself waited for. Stopping it after the timed part leaves the time unchanged.
    """
    import multiprocessing.forkserver as forkserver

    server = getattr(forkserver, "_forkserver", None)
    stop = getattr(server, "_stop", None)  # private, but the only way to wait for it
    if stop is not None:
        stop()


def ingest_once(source: Path, jobs: int, workdir: Path) -> dict[str, Any]:
    """Run :func:`child` in a new interpreter and return what it measured."""
    with tempfile.TemporaryDirectory(prefix="store-", dir=workdir) as tmp:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            str(source),
            str(Path(tmp) / "store"),
            str(jobs),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"ingest run failed ({done.returncode}): {done.stderr[-2000:]}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def run(
    sizes: Sequence[int] = (1000, 10_000),
    jobs: Sequence[int] = (1, 2),
    *,
    repeats: int = 3,
    repeats_large: int = 1,
    seed: int = 0,
    workdir: Path | None = None,
    speedup_sizes: Sequence[int] | None = None,
) -> list[Figure]:
    """Measure every size and jobs; emit and return the figures.

    With ``speedup_sizes``, sizes not in it run ``jobs[0]`` only (no speed-up figure).
    """
    figures: list[Figure] = []

    def out(f: Figure) -> None:
        emit(f)
        figures.append(f)

    with tempfile.TemporaryDirectory(prefix="bench-ingest-", dir=workdir) as tmp:
        root = Path(tmp)
        times: dict[tuple[int, int], float] = {}
        for k, n in enumerate(sizes):
            reps = repeats if k == 0 else repeats_large
            corpus = root / f"corpus-{n}"
            log(f"ingest: writing {n} articles")
            write_txt(corpus, n, seed=seed)
            every = speedup_sizes is None or n in speedup_sizes
            for j in jobs if every else jobs[:1]:
                runs = []
                for r in range(reps):
                    log(f"ingest: {n} articles, --jobs {j}, run {r + 1}/{reps}")
                    runs.append(ingest_once(corpus, j, root))
                secs = statistics.median(x["seconds"] for x in runs)
                times[n, j] = secs
                rss = max(x["rss_mb"] for x in runs)
                last = runs[-1]
                out(
                    Figure.compare(
                        f"ingest.seconds.{n}.jobs{j}",
                        value=secs,
                        unit="s",
                        articles=n,
                        articles_per_s=round(n / secs, 2),
                        repeats=reps,
                        runs_s=[round(x["seconds"], 2) for x in runs],
                        cpu_s=round(statistics.median(x["cpu_s"] for x in runs), 2),
                        parent_cpu_s=round(last["parent_cpu_s"], 2),
                        workers_cpu_s=round(last["workers_cpu_s"], 2),
                        stored=last["stored"],
                        quarantined=last["quarantined"],
                        failed=last["failed"],
                        triples=last["triples"],
                        peak_rss_mb=round(rss, 1),
                        worker_peak_rss_mb=(
                            round(last["worker_rss_mb"], 1) if last["worker_rss_mb"] else None
                        ),
                    )
                )
            if every and 1 in jobs and 2 in jobs:
                out(
                    Figure.compare(
                        f"ingest.speedup_jobs2.{n}",
                        value=times[n, 2],
                        unit="s",
                        baseline=times[n, 1],
                        ratio=times[n, 1] / times[n, 2],
                        target="ratio >= 1.7",
                        cpus=cpu_count(),
                        load_average=[round(x, 2) for x in os.getloadavg()],
                    )
                )
    for f in growth_figures(figures):
        out(f)
    return figures


def growth_figures(figures: Sequence[Figure]) -> list[Figure]:
    """Peak RSS at the largest size over the smallest, per jobs (target at most 1.5 for
    ``--jobs 1``, where reading, extraction, validation and the store share one
    process). Works on the figures of one run or of several runs put together."""
    rss: dict[int, dict[int, float]] = {}
    for f in figures:
        parts = f.name.split(".")
        if len(parts) == 4 and parts[:2] == ["ingest", "seconds"] and "peak_rss_mb" in f.detail:
            rss.setdefault(int(parts[3].removeprefix("jobs")), {})[int(parts[2])] = float(
                f.detail["peak_rss_mb"]
            )
    found = []
    for jobs, by_size in sorted(rss.items()):
        if len(by_size) < 2:
            continue
        small, large = min(by_size), max(by_size)
        found.append(
            Figure.compare(
                f"ingest.peak_rss.{large}_vs_{small}.jobs{jobs}",
                value=by_size[large],
                unit="MiB",
                baseline=by_size[small],
                target="ratio <= 1.5" if jobs == 1 else None,
            )
        )
    return found


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--child"]:
        _, source, store_dir, jobs = argv
        print(json.dumps(child(Path(source), Path(store_dir), int(jobs))), flush=True)
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 and 200 articles, 1 repeat")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--speedup-sizes",
        type=int,
        nargs="+",
        default=None,
        help="sizes at which every --jobs value runs (default: every size); "
        "the others run the first --jobs value only",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where corpora and stores go (default: the system temp dir)",
    )
    args = parser.parse_args(argv)
    if args.speedup_sizes is not None and not set(args.speedup_sizes) <= set(args.sizes):
        parser.error(f"--speedup-sizes {args.speedup_sizes}: each must be one of --sizes")
    if args.quick:
        run((20, 200), args.jobs, repeats=1, workdir=args.workdir)
    else:
        run(
            args.sizes,
            args.jobs,
            repeats=args.repeats,
            workdir=args.workdir,
            speedup_sizes=args.speedup_sizes,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
