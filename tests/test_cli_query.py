"""``diplograph query`` through typer's CliRunner, on a store built from tests/data/query."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from diplograph.cli import app
from diplograph.infer import infer
from diplograph.query import list_queries
from diplograph.rdf.files import read_rdf
from diplograph.store import OxigraphStore, inferred_graph_name

DATA = Path(__file__).parent / "data" / "query"
runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli-query") / "store"
    graphs: dict[str, Graph] = {}
    for g in read_rdf(DATA / "store.trig").graphs():
        if len(g):
            graph = graphs.setdefault(str(g.identifier), Graph())
            for triple in g:
                graph.add(triple)
    for name in [n for n in graphs if "/article/" in n]:  # as ingestion writes them
        graphs[inferred_graph_name(name)] = infer(graphs[name])
    with OxigraphStore(path) as store:
        store.replace_graphs(graphs)
    return str(path)


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["query", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_cli_query_list_prints_one_line_per_query() -> None:
    code, out, _ = _run("--list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [q.name for q in list_queries()]
    assert any("outreach-partners" in line and "[actor, since=" in line for line in lines)


def test_cli_query_table(store_dir: str) -> None:
    code, out, _ = _run("outreach-partners", "--store", store_dir, "--param", "actor=Islamabad")
    assert code == 0, out
    assert "partnerLabel" in out and "dgr:state/CHN" in out and "China" in out
    assert "3 row(s)" in out


@pytest.mark.parametrize("actor", ["Pakistan", "PAK", "Islamabad"])
def test_cli_query_csv_same_for_each_spelling(store_dir: str, actor: str) -> None:
    code, out, _ = _run("outreach-partners", "-s", store_dir, "-p", f"actor={actor}", "-f", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["partnerLabel"], r["meetings"]) for r in rows] == [
        ("China", "2"),
        ("Organisation of Islamic Cooperation", "1"),
        ("United Nations", "1"),
    ]


def test_cli_query_json_and_tsv(store_dir: str) -> None:
    code, out, _ = _run("envoys", "-s", store_dir, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["head"]["vars"][:2] == ["envoy", "envoyLabel"]
    assert [b["envoyLabel"]["value"] for b in doc["results"]["bindings"]] == [
        "Asim Iftikhar",
        "Ishaq Dar",
    ]
    code, out, _ = _run("envoys", "-s", store_dir, "--format", "tsv")
    assert code == 0 and out.splitlines()[0].startswith("?envoy\t?envoyLabel")


def test_cli_query_inline_file_and_stdin(store_dir: str, tmp_path: Path) -> None:
    inline = "SELECT ?id WHERE { ?a a dg:Article ; dg:articleId ?id } ORDER BY ?id"
    code, out, _ = _run(inline, "-s", store_dir, "-f", "csv")
    assert (code, out.splitlines()) == (0, ["id", "a1", "b2"])
    path = tmp_path / "ids.rq"
    path.write_text(inline + "\n")
    code, out, _ = _run(str(path), "-s", store_dir, "-f", "csv")
    assert (code, out.splitlines()) == (0, ["id", "a1", "b2"])
    code, out, _ = _run("-", "-s", store_dir, "-f", "csv", input=inline)
    assert (code, out.splitlines()) == (0, ["id", "a1", "b2"])


def test_cli_query_construct_prints_turtle(store_dir: str) -> None:
    query = "CONSTRUCT { ?p dg:represents ?s } WHERE { ?p a dg:Envoy ; dg:represents ?s }"
    code, out, _ = _run(query, "-s", store_dir)
    assert code == 0
    assert len(Graph().parse(data=out, format="turtle")) == 2


def test_cli_query_ask(store_dir: str) -> None:
    code, out, _ = _run('ASK { ?s dg:isoCode "PAK" }', "-s", store_dir)
    assert (code, out.strip()) == (0, "true")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["outreach-partner"],
            "unknown query 'outreach-partner' (did you mean outreach-partners?)",
        ),
        (["outreach-partners"], "missing parameter 'actor' (actor)"),
        (["outreach-partners", "-p", "actor"], "bad --param 'actor': expected NAME=VALUE"),
        (["outreach-partners", "-p", "actor=Atlantis"], "unknown actor 'Atlantis'"),
        (["outreach-partners", "-p", "actor=PAK", "-p", "since=May"], "is not a date"),
        (["outreach-partners", "-p", "actor=PAK", "-p", "actor=IND"], "--param actor given twice"),
        (["SELECT ?s WHERE {\n ?s ?p }"], "syntax error at line 2"),
        (["CLEAR ALL"], "updates"),
        (["SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "--allow-remote"),
        (["SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"], "FROM <file:///etc/passwd>"),
        ([], "give a QUERY"),
    ],
)
def test_cli_query_errors_are_one_line_exit_2(
    store_dir: str, args: list[str], message: str
) -> None:
    code, out, err = _run(*args, "--store", store_dir)
    assert code == 2
    assert out == ""
    assert err.startswith("diplograph: error: ") and err.count("\n") == 1
    assert message in err


def test_cli_query_missing_store(tmp_path: Path) -> None:
    code, _, err = _run("envoys", "--store", str(tmp_path / "nowhere"))
    assert code == 2 and "no store at" in err
    assert not (tmp_path / "nowhere").exists()
