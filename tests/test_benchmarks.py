"""The benchmark suite's own parts: the synthetic generator and well-formed figures.

The benchmarks themselves are long; these tests run their functions on a handful of
articles so that ``python benchmarks/run.py`` does not break unnoticed.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import _common  # noqa: E402
import bench_ingest  # noqa: E402
import bench_validate  # noqa: E402
import generate  # noqa: E402
import run as suite  # noqa: E402

from diplograph.rdf.build import to_graph  # noqa: E402
from diplograph.read import read_articles  # noqa: E402
from diplograph.validate import validate  # noqa: E402


@pytest.fixture(scope="session")
def corpus() -> list[generate.SyntheticArticle]:
    return list(generate.generate_articles(60, seed=5))


def _well_formed(figure: _common.Figure) -> None:
    data = json.loads(json.dumps(figure.to_json()))
    assert set(data) >= {"name", "value", "unit", "baseline", "ratio", "target", "met"}
    assert isinstance(data["name"], str) and data["name"]
    if data["value"] is not None:
        assert math.isfinite(data["value"])
    assert data["met"] in (True, False, None)
    assert (data["target"] is None) == (data["met"] is None)


def test_generate_is_deterministic(corpus: list[generate.SyntheticArticle]) -> None:
    again = list(generate.generate_articles(60, seed=5))
    assert [a.article for a in again] == [a.article for a in corpus]
    assert [a.truth for a in again] == [a.truth for a in corpus]
    # any slice is the same text: article i depends on (seed, i) only
    tail = list(generate.generate_articles(10, seed=5, start=50))
    assert [a.article for a in tail] == [a.article for a in corpus[50:]]
    other = next(generate.generate_articles(1, seed=6))
    assert other.article.text != corpus[0].article.text


def test_generate_varies_actors_claims_and_dates(
    corpus: list[generate.SyntheticArticle],
) -> None:
    kinds = Counter(c.type for a in corpus for c in a.truth.claims)
    assert set(kinds) == {
        "accusation", "denial", "appeal", "commitment", "warning", "criticism", "proposal",
        "support", "statement",
    }  # fmt: skip
    states = {x.iri for a in corpus for x in a.truth.actors if x.type == "State"}
    assert len(states) >= 40
    assert any(x.type == "InternationalOrganization" for a in corpus for x in a.truth.actors)
    assert len({a.article.date for a in corpus}) >= 50
    assert sum(len(a.truth.meetings) for a in corpus) >= 2 * len(corpus)
    texts = " ".join(a.article.text for a in corpus)
    for phrasing in ("According to", " was accused by ", '," warned ', " also met diplomats "):
        assert phrasing in texts


def test_generate_truth_is_valid_rdf(corpus: list[generate.SyntheticArticle]) -> None:
    for s in corpus[:10]:
        for ev in [m.evidence for m in s.truth.meetings] + [c.evidence for c in s.truth.claims]:
            assert s.article.text[ev.start : ev.end] == ev.text
        report = validate(to_graph(s.truth))  # to_graph also checks the offsets
        assert report.conforms, report.text


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_generate_files_read_back(tmp_path: Path, fmt: str) -> None:
    if fmt == "txt":
        generate.write_txt(tmp_path / "c", 5, seed=2)
        source = tmp_path / "c"
    else:
        source = generate.write_jsonl(tmp_path / "c.jsonl", 5, seed=2)
    read = sorted(read_articles([str(source)]), key=lambda a: a.id)
    expected = [s.article for s in generate.generate_articles(5, seed=2)]
    assert [(a.id, a.text, a.url, a.title, a.date, a.outlet) for a in read] == [
        (a.id, a.text, a.url, a.title, a.date, a.outlet) for a in expected
    ]
    assert [a.iri for a in read] == [a.iri for a in expected]


def test_generate_store(tmp_path: Path) -> None:
    from diplograph.query import run_query
    from diplograph.store import OxigraphStore

    n = generate.build_store(tmp_path / "s", triples=3000, seed=1)
    with OxigraphStore(tmp_path / "s") as store:
        assert store.count() >= 3000
        names = store.graph_names()
        first = next(generate.generate_articles(1, seed=1)).article.iri
        assert first in names and f"{first}/inferred" in names
        assert sum(1 for g in names if "/article/" in g and g.endswith("/inferred")) == n
        rows = run_query(store, "articles-mentioning", {"actor": "United Nations"}).rows
        assert isinstance(rows, list)


@pytest.mark.parametrize(
    ("target", "value", "ratio", "met"),
    [
        ("ratio >= 1.7", 1.0, 1.8, True),
        ("ratio >= 1.7", 1.0, 1.6, False),
        ("value < 0.5", 0.49, None, True),
        ("value <= 11", 11.5, None, False),
        ("ratio >= 10", 1.0, None, False),
        (None, 1.0, 1.0, None),
    ],
)
def test_common_targets(target: str | None, value: float, ratio: float | None, met: Any) -> None:
    assert _common.check(target, value, ratio) is met


def test_common_bad_target() -> None:
    with pytest.raises(ValueError, match="expected"):
        _common.check("speed >= 2", 1.0, 1.0)


def test_validate_bench_figures() -> None:
    figures = bench_validate.run((2, 20), repeats=1, batch=8)
    names = [f.name for f in figures]
    for n in (2, 20):
        for way in ("per_article", "whole_graph", "batched8"):
            assert f"validate.{way}.{n}" in names
    for f in figures:
        _well_formed(f)
    per = next(f for f in figures if f.name == "validate.per_article.20")
    assert per.detail["same_results"] is True
    assert per.detail["violations"]["whole"] == 0  # every 100th is broken: none of 20
    growth = [f for f in figures if f.name.startswith("validate.growth.")]
    assert {f.name for f in growth} == {
        "validate.growth.per_article.2-20", "validate.growth.whole_graph.2-20",
        "validate.growth.per_article.2-20.cpu", "validate.growth.whole_graph.2-20.cpu",
    }  # fmt: skip
    assert all(f.target == "value <= 11" for f in growth)
    by_name = {f.name: f for f in figures}
    cpu = by_name["validate.growth.per_article.2-20.cpu"]
    cpu_s = {n: by_name[f"validate.per_article.{n}"].detail["cpu_s"] for n in (2, 20)}
    assert cpu.value == pytest.approx(cpu_s[20] / cpu_s[2], rel=1e-3)


def test_validate_bench_finds_the_broken_articles() -> None:
    graphs = bench_validate.article_graphs(200, seed=0)
    assert sum(not validate(g).conforms for g in graphs[95:105]) == 1
    assert not validate(graphs[99]).conforms


def test_ingest_bench_child_and_growth(tmp_path: Path) -> None:
    generate.write_txt(tmp_path / "c", 3, seed=4)
    result = bench_ingest.child(tmp_path / "c", tmp_path / "store", 1)
    assert result["read"] == 3
    assert result["stored"] + result["quarantined"] == 3
    assert result["failed"] == 0 and result["triples"] > 0
    assert result["rss_mb"] > 10
    # read a moment apart, so equal to within the time between the readings
    split = result["parent_cpu_s"] + result["workers_cpu_s"]
    assert result["parent_cpu_s"] > 0 and result["cpu_s"] == pytest.approx(split, abs=0.05)
    figures = [
        _common.Figure.compare(f"ingest.seconds.{n}.jobs{j}", value=1.0, unit="s", peak_rss_mb=rss)
        for n, j, rss in ((100, 1, 200.0), (1000, 1, 320.0), (100, 2, 100.0), (1000, 2, 90.0))
    ]
    growth = {f.name: f for f in bench_ingest.growth_figures(figures)}
    assert growth["ingest.peak_rss.1000_vs_100.jobs1"].ratio == 1.6
    assert growth["ingest.peak_rss.1000_vs_100.jobs1"].met is False
    assert growth["ingest.peak_rss.1000_vs_100.jobs2"].met is None


def test_ingest_bench_speedup_sizes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[tuple[int, int]] = []

    def fake_ingest_once(source: Path, jobs: int, workdir: Path) -> dict[str, Any]:
        n = len(list(source.iterdir()))
        runs.append((n, jobs))
        return {"seconds": n / jobs, "cpu_s": float(n), "parent_cpu_s": float(n),
                "workers_cpu_s": 0.0, "rss_mb": 100.0 + n, "stored": n,
                "quarantined": 0, "failed": 0, "triples": 10 * n,
                "worker_rss_mb": 90.0 if jobs > 1 else None}  # fmt: skip

    monkeypatch.setattr(bench_ingest, "ingest_once", fake_ingest_once)
    figures = bench_ingest.run((2, 4), (1, 2), repeats=1, workdir=tmp_path, speedup_sizes=(4,))
    assert runs == [(2, 1), (4, 1), (4, 2)]
    by_name = {f.name: f for f in figures}
    assert set(by_name) == {
        "ingest.seconds.2.jobs1", "ingest.seconds.4.jobs1", "ingest.seconds.4.jobs2",
        "ingest.speedup_jobs2.4", "ingest.peak_rss.4_vs_2.jobs1",
    }  # fmt: skip
    assert by_name["ingest.speedup_jobs2.4"].ratio == 2.0
    assert by_name["ingest.peak_rss.4_vs_2.jobs1"].baseline == 102.0
    for f in figures:
        _well_formed(f)


def test_ingest_bench_rejects_speedup_size_not_measured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        bench_ingest.main(["--sizes", "8", "40", "--speedup-sizes", "50"])
    assert "--speedup-sizes [50]: each must be one of --sizes" in capsys.readouterr().err


def test_run_adapters() -> None:
    query = [
        {"figure": "store", "quads": 10, "rdflib_triples": 9, "generate_s": 1.0,
         "oxigraph_load_s": 1.0, "rdflib_load_s": 4.0},
        {"query": "envoys", "rows": 3, "oxigraph_ms": 20.0, "rdflib_ms": 400.0, "ratio": 20.0,
         "same_rows": True, "meets_targets": True},
        {"query": "slow", "rows": 1, "oxigraph_ms": 800.0, "rdflib_ms": None,
         "rdflib": ">60 s", "ratio_at_least": 75.0, "meets_targets": False},
    ]  # fmt: skip
    figures = {f.name: f for line in query for f in suite.adapt_query(line)}
    assert figures["query.envoys.seconds"].met is True
    assert figures["query.envoys.speedup_vs_rdflib"].ratio == 20.0
    assert figures["query.slow.seconds"].met is False
    assert figures["query.slow.speedup_vs_rdflib"].met is True
    net = list(suite.adapt_network({"figure": "build", "claims": 10000, "level": "state",
                                    "nodes": 5, "edges": 4, "seconds": 0.4}))  # fmt: skip
    assert net[0].name == "network.build.10000.state" and net[0].value == 0.4
    extract_line = {
        "articles": 57, "tokens": 30000, "repeats": 5, "baseline_seconds_median": 1.0,
        "extract_seconds_median": 1.6, "baseline_articles_per_s": 57.0,
        "extract_articles_per_s": 35.6, "ratio": 0.625, "target_ratio": 0.5,
    }  # fmt: skip
    ext = list(suite.adapt_extract(extract_line))
    assert ext[0].name == "extract.speed_vs_spacy"
    assert (ext[0].value, ext[0].baseline, ext[0].ratio, ext[0].met) == (35.6, 57.0, 0.625, True)
    for f in [*figures.values(), *net, *ext]:
        _well_formed(f)


def test_run_plan_quick_runs_every_benchmark_once() -> None:
    quick = suite.plan(list(suite.BENCHMARKS), quick=True)
    assert [b.name for b, _ in quick] == [b.name for b in suite.BENCHMARKS]
    args = {b.name: a for b, a in quick}
    assert args["ingest"] == (
        "--sizes", "8", "40", "--speedup-sizes", "40", "--repeats", "1",
    )  # fmt: skip
    assert args["validate"][-2:] == ("--repeats", "1")
    assert "--rdflib-timeout" in args["query"]
    for bench, _ in quick:
        assert (BENCH / bench.script).exists()


def test_run_plan_stages_in_order() -> None:
    full = suite.plan(list(suite.BENCHMARKS), quick=False, repeats=2)
    small = [(b.name, a) for b, a in full[: len(suite.BENCHMARKS)]]
    large = [(b.name, a) for b, a in full[len(suite.BENCHMARKS) :]]
    assert [n for n, _ in small] == [b.name for b in suite.BENCHMARKS]
    assert large == [
        ("validate", ("--sizes", "10000", "--repeats", "1")),
        ("ingest", ("--sizes", "10000", "--repeats", "1")),
    ]
    assert dict(small)["ingest"] == ("--sizes", "1000", "--repeats", "2")
    only_large = suite.plan(list(suite.BENCHMARKS), quick=False, stage="large")
    assert [b.name for b, _ in only_large] == ["validate", "ingest"]


def test_run_combine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small = _common.Figure.compare("validate.per_article.1000", value=10.0, unit="s")
    large = _common.Figure.compare("validate.per_article.10000", value=120.0, unit="s")
    for name, f in (("a.jsonl", small), ("b.jsonl", large)):
        (tmp_path / name).write_text(json.dumps(f.to_json()) + "\n", encoding="utf-8")
    assert suite.main(["--combine", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out == [
        {"name": "validate.growth.per_article.1000-10000", "value": 12.0, "unit": "x",
         "baseline": None, "ratio": None, "target": "value <= 11", "met": False,
         "detail": {"articles_ratio": 10.0, "cpu_ratio": None}},
    ]  # fmt: skip


def test_run_reads_json_lines_and_pretty_objects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "bench_fake.py"
    first = {"name": "fake.a", "value": 1.5, "unit": "s"}
    second = {"name": "fake.b", "value": 2.0, "unit": "s", "target": "value < 1", "met": False}
    script.write_text(
        "import json\n"
        "print('warming up')\n"
        f"print(json.dumps({first!r}))\n"
        f"print(json.dumps({second!r}, indent=2))\n",
        encoding="utf-8",
    )
    bench = suite.Benchmark("fake", str(script), (), None, (), suite.adapt_extract)
    figures = suite.run_benchmark(bench, ())
    assert [(f.name, f.value, f.met) for f in figures] == [
        ("fake.a", 1.5, None),
        ("fake.b", 2.0, False),
    ]
    printed = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert printed == ["fake.a", "fake.b"]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from diplograph.store import OxigraphStore

    path = tmp_path_factory.mktemp("bq") / "store"
    generate.build_store(path, triples=30_000, seed=0)
    store = OxigraphStore(path)
    yield store
    store.close()


PLAIN_FORMS = sorted(p.stem for p in (BENCH / "plain").glob("*.rq"))


def test_plain_forms_cover_the_queries_written_for_oxigraph() -> None:
    from diplograph.query import get_query, list_queries

    shaped = {
        q.name
        for q in list_queries()
        if "GRAPH ?" in get_query(q.name).text or "{ SELECT" in get_query(q.name).text
    }
    assert shaped <= set(PLAIN_FORMS)
    assert set(PLAIN_FORMS) <= {q.name for q in list_queries()}


@pytest.mark.parametrize("name", PLAIN_FORMS)
def test_plain_form_gives_the_bundled_rows_on_rdflib(
    small_store: Any, name: str, tmp_path: Path
) -> None:
    import bench_query
    from rdflib import Dataset

    from diplograph.query import _prepare, run_query

    result = run_query(small_store, name, bench_query._params(small_store).get(name, {}))
    ours = [tuple(r[v] for v in result.vars) for r in result.rows]
    assert ours, f"{name}: no rows to compare on the small store"
    nq = tmp_path / "store.nq"
    with nq.open("wb") as out:
        small_store.dump(out, "nquads")
    ds = Dataset(default_union=True)
    plain = BENCH / "plain" / f"{name}.rq"
    text = _prepare(plain.read_text("utf-8"), str(plain)).text
    ways = [("plain", text, dict(result.bindings.items()))]
    with nq.open("rb") as source, warnings.catch_warnings():
        # rdflib's own parse and query read its deprecated Dataset.default_context.
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(source, format="nquads")
        timed = bench_query._rdflib_ways(ds, ways, bench_query._rows_key(ours), timeout=60)
    assert isinstance(timed["plain"], tuple) and timed["plain"][2] is True


def test_query_bench_pairs_both_engines_per_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import bench_query

    from diplograph.query import list_queries

    argv = ["--triples", "3000", "--repeats", "2", "--rdflib-repeats", "2", "--rdflib-seconds", "0"]
    with warnings.catch_warnings():
        # rdflib's own parse and query read its deprecated Dataset.default_context.
        warnings.simplefilter("ignore", DeprecationWarning)
        bench_query.main([*argv, "--rdflib-timeout", "20", "--workdir", str(tmp_path)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    store = next(line for line in lines if line.get("figure") == "store")
    assert store["quads"] == store["rdflib_quads"] >= 3000
    by_query = {line["query"]: line for line in lines if "query" in line}
    assert set(by_query) == {q.name for q in list_queries()}
    for name, line in by_query.items():
        # Both engines gave the same rows, in two rounds each of which timed both.
        assert line["same_rows"] is True, name
        assert line["oxigraph_ms"] > 0 and line["rdflib_ms"] > 0, name
        assert len(line["round_ratios"]) == 2, name
        # (from the figures as printed, rounded to 0.1 ms)
        ratio = line["rdflib_ms"] / line["oxigraph_ms"]
        assert line["ratio"] == pytest.approx(ratio, rel=0.1), name
        assert line["rdflib_way"] in line["rdflib_ways"], name
    # The worker has closed the store: it opens again in this process.
    from diplograph.store import OxigraphStore

    OxigraphStore(tmp_path / "store").close()


def test_query_bench_worker_names_a_failing_query(tmp_path: Path) -> None:
    import bench_query

    generate.build_store(tmp_path / "store", triples=3000, seed=1)
    worker = bench_query._OxigraphWorker(tmp_path / "store")
    try:
        with pytest.raises(RuntimeError, match="no-such-query"):
            worker.time("no-such-query", {}, 1, warm=True)
        timed = worker.time("quarantined", {}, 2, warm=True)  # the worker goes on
        assert len(timed["ms"]) == 2 and timed["rows"] == len(timed["rows_key"])
    finally:
        worker.close()


def test_query_bench_samples_fast_queries_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import bench_query

    generate.build_store(tmp_path / "store", triples=3000, seed=1, optimize=False)
    (tmp_path / "store.done").write_text("built by the test\n", encoding="utf-8")
    argv = ["--only", "quarantined", "--repeats", "1", "--workdir", str(tmp_path)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # rdflib's runs never add up to a day: rounds go on to the cap.
        bench_query.main([*argv, "--rdflib-seconds", "86400"])
    [line] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if "query" in line]
    assert len(line["round_ratios"]) == bench_query._MAX_ROUNDS
    assert line["same_rows"] is True
