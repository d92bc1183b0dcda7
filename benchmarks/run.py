"""Run the whole benchmark suite and print one JSON object per figure.

Every benchmark runs as its own Python process (so one's memory and caches do not
colour the next), in this order: extraction, validation, SPARQL, network, ingest
(cheapest first, so a run stopped early still holds most figures). Each line on
stdout is one figure::

    {"name": "ingest.speedup_jobs2.1000", "value": 61.2, "unit": "s", "baseline": 104.3,
     "ratio": 1.70, "target": "ratio >= 1.7", "met": true, "detail": {...}}

``value`` is the measurement, ``baseline`` the reference measured in the same run,
``ratio`` what the target is stated on, ``met`` whether the target holds (``null``
for figures recorded without a target). Timings are medians of repeated runs where
the benchmark repeats. Progress goes to stderr.

Usage::

    python benchmarks/run.py                       # everything, full sizes (long)
    python benchmarks/run.py --quick               # a small version of every benchmark
    python benchmarks/run.py --only validate,ingest > figures.jsonl
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import Figure, cpu_count, emit, log  # noqa: E402

__all__ = [
    "BENCHMARKS",
    "adapt_extract",
    "adapt_network",
    "adapt_query",
    "machine",
    "main",
    "plan",
]


def _own(line: dict[str, Any]) -> Iterator[Figure]:
    """Lines already in the figure format (this suite's own scripts)."""
    yield Figure(
        name=line["name"],
        value=line["value"],
        unit=line["unit"],
        baseline=line.get("baseline"),
        ratio=line.get("ratio"),
        target=line.get("target"),
        met=line.get("met"),
        detail=line.get("detail") or {},
    )


def adapt_extract(line: dict[str, Any]) -> Iterator[Figure]:
    """bench_extract.py: extraction and bare spaCy articles/s on the same texts, and the
    ratio of their speeds (target at least 0.5). Figure-format lines pass through."""
    if {"name", "value", "unit"} <= line.keys():
        yield from _own(line)
        return
    detail = dict(line)
    value = detail.pop("extract_articles_per_s")
    baseline = detail.pop("baseline_articles_per_s")
    ratio = detail.pop("ratio")
    detail.pop("target_ratio", None)
    yield Figure.compare(
        "extract.speed_vs_spacy",
        value=value,
        unit="articles/s",
        baseline=baseline,
        ratio=ratio,
        target="ratio >= 0.5",
        **detail,
    )


def adapt_query(line: dict[str, Any]) -> Iterator[Figure]:
    """bench_query.py: the store load, then per bundled query its time and speed-up."""
    if line.get("figure") == "store":
        yield Figure.compare(
            "query.store_load",
            value=line["oxigraph_load_s"],
            unit="s",
            baseline=line["rdflib_load_s"],
            quads=line["quads"],
            rdflib_triples=line["rdflib_triples"],
            generate_s=line["generate_s"],
        )
        return
    if line.get("figure") == "resolve_actor_and_run":
        yield Figure.compare(
            "query.resolve_actor_and_run", value=line["ms"] / 1000, unit="s", target="value < 0.5"
        )
        return
    if "query" not in line:
        yield Figure.compare(f"query.{line.get('figure', 'other')}", value=None, unit="", **line)
        return
    name = line["query"]
    ox_s = line["oxigraph_ms"] / 1000
    rd_ms = line.get("rdflib_ms")
    rd_s = rd_ms / 1000 if rd_ms is not None else None
    detail = {"rows": line["rows"], "same_rows": line.get("same_rows")}
    yield Figure.compare(
        f"query.{name}.seconds", value=ox_s, unit="s", target="value < 0.5", **detail
    )
    if rd_s is None:
        at_least = line.get("ratio_at_least")
        yield Figure.compare(
            f"query.{name}.speedup_vs_rdflib",
            value=ox_s,
            unit="s",
            baseline=None,
            ratio=at_least,
            target="ratio >= 10",
            rdflib=line.get("rdflib"),
            ratio_is_lower_bound=True,
            **detail,
        )
    else:
        yield Figure.compare(
            f"query.{name}.speedup_vs_rdflib",
            value=ox_s,
            unit="s",
            baseline=rd_s,
            ratio=rd_s / ox_s,
            target="ratio >= 10",
            **detail,
        )


def adapt_network(line: dict[str, Any]) -> Iterator[Figure]:
    """bench_network.py: seconds of each step, per size and level (no targets in issue 6)."""
    detail = dict(line)
    figure = str(detail.pop("figure"))
    seconds = detail.pop("seconds", None)
    parts = [figure, str(detail.get("claims", ""))]
    if "level" in detail:
        parts.append(str(detail["level"]))
    yield Figure.compare(
        "network." + ".".join(p for p in parts if p), value=seconds, unit="s", **detail
    )


@dataclass(frozen=True)
class Benchmark:
    """A script under benchmarks/, its arguments per stage and quick, and how to read it.

    ``small`` runs in the first stage, ``large`` (when not None) in the second, so a
    full run stopped early holds every benchmark at its small size.
    """

    name: str
    script: str
    small: tuple[str, ...]
    large: tuple[str, ...] | None
    quick: tuple[str, ...]
    adapt: Callable[[dict[str, Any]], Iterator[Figure]]
    repeats: bool = False  # takes --repeats


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark(
        "extract", "bench_extract.py", (), None, ("--repeats", "3", "--copies", "1"), adapt_extract
    ),
    Benchmark(
        "validate",
        "bench_validate.py",
        ("--sizes", "1000"),
        ("--sizes", "10000"),
        ("--sizes", "5", "50"),
        _own,
        repeats=True,
    ),
    Benchmark(
        "query",
        "bench_query.py",
        (),
        None,
        # 20k triples is one batch of generated articles (about 85k quads): the least
        # bench_query writes; one run per engine, rdflib stopped after 2 s a query.
        (
            *("--triples", "20000", "--repeats", "1", "--rdflib-repeats", "1"),
            *("--rdflib-seconds", "0", "--rdflib-timeout", "2"),
        ),
        adapt_query,
    ),
    Benchmark("network", "bench_network.py", (), None, ("--claims", "200"), adapt_network),
    Benchmark(
        "ingest",
        "bench_ingest.py",
        ("--sizes", "1000"),
        ("--sizes", "10000"),
        # --jobs 2 at 40 articles only: three fresh interpreters instead of four
        ("--sizes", "8", "40", "--speedup-sizes", "40"),
        _own,
        repeats=True,
    ),
)
STAGES = ("small", "large")


def cross_size_figures(figures: list[Figure]) -> list[Figure]:
    """Figures that compare sizes measured in different stages (growth, memory)."""
    from bench_ingest import growth_figures as ingest_growth
    from bench_validate import growth_figures as validate_growth

    return validate_growth(figures) + ingest_growth(figures)


def machine() -> dict[str, Any]:
    """CPUs, memory, Python and library versions of this machine (for BENCHMARKS.md)."""
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str | None] = {}
    for package in ("diplograph", "rdflib", "pyshacl", "pyoxigraph", "networkx", "spacy"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            kb = int(info.readline().split()[1])
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "cpus": cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        **versions,
    }


def run_benchmark(bench: Benchmark, args: tuple[str, ...]) -> list[Figure]:
    """Run one script with ``args``, stream its figures to stdout, and return them."""
    script = HERE / bench.script
    if not script.exists():
        figure = Figure(
            f"{bench.name}.missing",
            None,
            "",
            met=False,
            detail={"error": f"{script.name} not found"},
        )
        emit(figure)
        return [figure]
    cmd = [sys.executable, str(script), *args]
    log(f"run: {' '.join(cmd[1:])}")
    start = time.perf_counter()
    figures: list[Figure] = []
    decoder = json.JSONDecoder()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        pending = ""  # JSON lines, or pretty-printed objects spanning lines
        for raw in proc.stdout:
            pending = (pending + raw) if pending else raw.lstrip()
            if not pending.startswith("{"):
                pending = ""
                continue
            try:
                line, _ = decoder.raw_decode(pending)
            except ValueError:
                continue  # the object is not complete yet
            pending = ""
            try:
                adapted = list(bench.adapt(line))
            except (KeyError, TypeError, ValueError) as exc:
                adapted = [
                    Figure(
                        f"{bench.name}.unreadable",
                        None,
                        "",
                        met=False,
                        detail={"line": json.dumps(line)[:500], "error": repr(exc)},
                    )
                ]
            for figure in adapted:
                emit(figure)
                figures.append(figure)
    if proc.returncode != 0 or not figures:
        # bench_query exits 1 when a query misses a target (in its figures already), but
        # a crash exits 1 too: the figure says so, and stderr has the traceback.
        figure = Figure(
            f"{bench.name}.exit_status",
            proc.returncode,
            "",
            met=None if proc.returncode == 1 and figures else False,
            detail={
                "note": "non-zero exit or no figures: a crash, or targets missed; see stderr",
                "figures": len(figures),
            },
        )
        emit(figure)
        figures.append(figure)
    log(f"run: {bench.name} {' '.join(args)} done in {time.perf_counter() - start:.0f} s")
    return figures


def plan(
    benches: list[Benchmark], *, quick: bool, stage: str = "all", repeats: int = 3
) -> list[tuple[Benchmark, tuple[str, ...]]]:
    """Each script to run, in order, with its arguments: ``quick`` runs every benchmark
    once at its quick size; otherwise the stages (``small``, ``large`` or ``all``) in
    order, ``repeats`` repeats at the small sizes and one at the large."""
    if quick:
        return [(b, b.quick + (("--repeats", "1") if b.repeats else ())) for b in benches]
    runs: list[tuple[Benchmark, tuple[str, ...]]] = []
    for name in STAGES if stage == "all" else (stage,):
        for b in benches:
            stage_args = b.small if name == "small" else b.large
            if stage_args is None:
                continue
            reps = str(repeats if name == "small" else 1)
            runs.append((b, stage_args + (("--repeats", reps) if b.repeats else ())))
    return runs


def _read(paths: list[Path]) -> list[Figure]:
    figures: list[Figure] = []
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("{"):
                line = json.loads(raw)
                if not line["name"].startswith(("validate.growth.", "ingest.peak_rss.")):
                    figures.extend(_own(line))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small version of every benchmark (about a minute when idle)",
    )
    parser.add_argument(
        "--only", default="", help="comma-separated: " + ",".join(b.name for b in BENCHMARKS)
    )
    parser.add_argument(
        "--stage",
        choices=(*STAGES, "all"),
        default="all",
        help="small sizes, large sizes (10k articles), or both in that order",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="repeats of validation and ingest at their smallest size",
    )
    parser.add_argument(
        "--combine",
        type=Path,
        nargs="+",
        metavar="JSONL",
        help="instead of running: the cross-size figures of saved runs",
    )
    args = parser.parse_args(argv)
    if args.combine:
        for figure in cross_size_figures(_read(args.combine)):
            emit(figure)
        return 0
    chosen = [s for s in args.only.split(",") if s]
    unknown = set(chosen) - {b.name for b in BENCHMARKS}
    if unknown:
        parser.error(
            f"unknown benchmark(s) {sorted(unknown)}; "
            f"expected some of {[b.name for b in BENCHMARKS]}"
        )
    log(f"machine: {json.dumps(machine())}")
    start = time.perf_counter()
    figures: list[Figure] = []
    benches = [b for b in BENCHMARKS if not chosen or b.name in chosen]
    for bench, bench_args in plan(
        benches, quick=args.quick, stage=args.stage, repeats=args.repeats
    ):
        figures.extend(run_benchmark(bench, bench_args))
    if not args.quick and args.stage == "all":
        for figure in cross_size_figures(figures):
            emit(figure)
            figures.append(figure)
    missed = [f.name for f in figures if f.met is False]
    log(
        f"run: {len(figures)} figures in {time.perf_counter() - start:.0f} s; "
        f"{len(missed)} missed their target: {', '.join(missed) or '-'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
