from __future__ import annotations

import importlib.util
import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset
from typer.testing import CliRunner

from _serving import serving
from diplograph.cli import app
from diplograph.store import REFERENCE_GRAPHS, OxigraphStore

DATA = Path(__file__).parent / "data" / "store"
runner = CliRunner()


def _write_articles(folder: Path, count: int) -> list[Path]:
    spec = importlib.util.spec_from_file_location("synthetic", DATA / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths: list[Path] = module.write_articles(folder, count)
    return paths


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store from 6 good articles, one binary file and one envoy without a state."""
    root = tmp_path_factory.mktemp("cli")
    articles = root / "articles"
    _write_articles(articles, 6)
    (articles / "broken.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    store = root / "store"
    result = runner.invoke(app, ["ingest", str(articles), "--store", str(store)])
    assert result.exit_code == 1, result.output
    return store


def test_cli_ingest_summary_names_failures(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _write_articles(articles, 3)
    bad = articles / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    result = runner.invoke(app, ["ingest", str(articles), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    out = result.output
    assert "articles read:    3" in out
    assert "stored:           3" in out
    assert "failed:           1" in out
    assert str(bad) in out
    assert "triples written:" in out and "time taken:" in out


def test_cli_ingest_exit_zero_when_all_stored(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _write_articles(articles, 2)
    result = runner.invoke(app, ["ingest", str(articles), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "stored:           2" in result.output


def test_cli_ingest_unknown_extractor_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(tmp_path), "--store", str(tmp_path / "s"), "--extractor", "nope.v9"]
    )
    assert result.exit_code == 2
    assert "rules.v1" in result.output


def test_cli_stats_json(built_store: Path) -> None:
    result = runner.invoke(app, ["stats", "--store", str(built_store), "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["articles"] == 6
    assert stats["meetings"] == 6
    assert stats["actors_by_type"]["State"] >= 2
    assert stats["claims_by_type"]["accusation"] == 6
    assert stats["quarantined"] == 0
    text = runner.invoke(app, ["stats", "--store", str(built_store)])
    assert "articles:     6" in text.output


def test_cli_quarantine_lists_reasons(tmp_path: Path) -> None:
    # A hand-curated record with a mistake (a claim aimed at its own claimant): the
    # shapes reject it, and it waits in the quarantine with the reason.
    record = {
        "id": "self",
        "text": "Pakistan accused Pakistan of aggression on Monday.",
        "actors": [{"name": "Pakistan", "type": "State", "affiliation": None, "role": None}],
        "meetings": [],
        "claims": [
            {
                "claimant": "Pakistan",
                "type": "accusation",
                "target": "Pakistan",
                "topic": None,
                "sentence_start": "Pakistan accused Pakistan",
            }
        ],
        "edges": [],
    }
    article = tmp_path / "curated.jsonl"
    article.write_text(json.dumps(record) + "\n", encoding="utf-8")
    store = tmp_path / "s"
    ingest = runner.invoke(app, ["ingest", "--annotations", str(article), "--store", str(store)])
    assert ingest.exit_code == 1
    assert "quarantined:      1" in ingest.output
    listed = runner.invoke(app, ["quarantine", "--store", str(store), "--format", "json"])
    doc = json.loads(listed.output)
    assert listed.exit_code == 1
    [entry] = doc["quarantined"]
    assert entry["sourcePath"] == f"{article}:1"
    assert any("other than the claimant" in reason for reason in entry["reasons"])
    text = runner.invoke(app, ["quarantine", "--store", str(store)])
    assert entry["reasons"][0] in text.output
    recheck = runner.invoke(app, ["quarantine", "--store", str(store), "--recheck"])
    assert "rechecked 1: 0 now stored, 1 still quarantined" in recheck.output


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_cli_dump_reloads_into_other_stores(built_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = runner.invoke(app, ["dump", "--store", str(built_store), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with OxigraphStore(built_store) as store:
        quads = store.count()
        names = set(store.graph_names())
    assert set(REFERENCE_GRAPHS) <= names
    fresh = ox.Store()
    fresh.load(path=str(out), format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)
    assert len(fresh) == quads
    assert {g.value for g in fresh.named_graphs()} == names
    ds = Dataset()
    with warnings.catch_warnings():  # rdflib 7's Dataset.parse warns about its own API
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(out, format=fmt)
    assert len(list(ds.quads((None, None, None, None)))) == quads
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == names


@pytest.fixture
def served(built_store: Path) -> Iterator[str]:
    with serving(built_store) as (base, proc):
        yield base
    assert proc.returncode == 0


COUNT = (
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE "
    "{ ?a a <https://w3id.org/diplograph/ontology#Article> }"
)
JSON = {"Accept": "application/sparql-results+json"}


def test_cli_serve_answers_get_and_post(served: str) -> None:
    got = httpx.get(f"{served}/query", params={"query": COUNT}, headers=JSON, timeout=10)
    assert got.status_code == 200
    assert got.json()["results"]["bindings"][0]["n"]["value"] == "6"
    posted = httpx.post(
        f"{served}/query",
        content=COUNT,
        headers={**JSON, "Content-Type": "application/sparql-query"},
        timeout=10,
    )
    assert posted.json() == got.json()
    form = httpx.post(f"{served}/query", data={"query": COUNT}, headers=JSON, timeout=10)
    assert form.json() == got.json()
    # Inferred triples are part of the union: a state is a dg:Actor.
    actors = httpx.get(
        f"{served}/query",
        params={
            "query": "ASK { <https://w3id.org/diplograph/id/state/PAK> a "
            "<https://w3id.org/diplograph/ontology#Actor> }"
        },
        headers=JSON,
        timeout=10,
    )
    assert actors.json()["boolean"] is True


@pytest.mark.parametrize("how", ["sparql-update", "form"])
def test_cli_serve_refuses_updates(served: str, how: str) -> None:
    update = "DROP ALL"
    if how == "form":
        response = httpx.post(f"{served}/update", data={"update": update}, timeout=10)
    else:
        response = httpx.post(
            f"{served}/update",
            content=update,
            headers={"Content-Type": "application/sparql-update"},
            timeout=10,
        )
    assert response.status_code >= 400
    still = httpx.get(f"{served}/query", params={"query": COUNT}, headers=JSON, timeout=10)
    assert still.json()["results"]["bindings"][0]["n"]["value"] == "6"


def test_cli_serve_stops_long_queries(served: str) -> None:
    # A count over a cross product of the store with itself runs for hours; with
    # --timeout 2 it is stopped (by Oxigraph or by serve's watchdog) within seconds.
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    start = time.monotonic()
    with pytest.raises(httpx.HTTPError):
        response = httpx.get(f"{served}/query", params={"query": slow}, headers=JSON, timeout=60)
        response.raise_for_status()
        response.json()
    assert time.monotonic() - start < 20
    deadline = time.monotonic() + 20
    while True:  # the endpoint answers again
        try:
            again = httpx.get(f"{served}/query", params={"query": COUNT}, headers=JSON, timeout=10)
            break
        except httpx.TransportError:
            assert time.monotonic() < deadline
            time.sleep(0.2)
    assert again.json()["results"]["bindings"][0]["n"]["value"] == "6"


def test_cli_optimize_keeps_every_quad(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    _write_articles(articles, 4)
    store = tmp_path / "store"
    assert runner.invoke(app, ["ingest", str(articles), "--store", str(store)]).exit_code == 0
    before = runner.invoke(app, ["dump", "--store", str(store), "-f", "nquads"]).stdout
    stats = runner.invoke(app, ["stats", "--store", str(store), "--format", "json"]).stdout
    result = runner.invoke(app, ["optimize", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert f"optimized {store}: {len(before.splitlines())} quads" in result.output
    after = runner.invoke(app, ["dump", "--store", str(store), "-f", "nquads"]).stdout
    assert sorted(after.splitlines()) == sorted(before.splitlines())
    again = runner.invoke(app, ["stats", "--store", str(store), "--format", "json"]).stdout
    assert json.loads(again) == json.loads(stats)


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing", "no store at {where}: nothing to optimize"),
        ("empty", "no store at {where}: nothing to optimize"),
        (
            "http://localhost:9/sparql",
            "{where} is a SPARQL endpoint; optimize works on a store directory",
        ),
    ],
)
def test_cli_optimize_needs_a_store_directory(tmp_path: Path, where: str, message: str) -> None:
    if not where.startswith("http"):
        (tmp_path / "empty").mkdir()
        where = str(tmp_path / where)
    result = runner.invoke(app, ["optimize", "--store", where])
    assert result.exit_code == 2
    assert result.output.strip() == f"diplograph: error: {message.format(where=where)}"
    assert not (tmp_path / "empty").exists() or not any((tmp_path / "empty").iterdir())
