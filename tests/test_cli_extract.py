"""``diplograph extract``: formats, inputs, and how failures are reported."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF
from typer.testing import CliRunner

from diplograph.cli import app
from diplograph.cli import extract as cli_extract
from diplograph.errors import ExtractionError
from diplograph.model import Actor, Article, Evidence, Extraction, Meeting
from diplograph.namespaces import DG
from diplograph.rdf import mint
from diplograph.rdf.files import read_rdf
from diplograph.read import read_article, read_articles

READ = Path(__file__).parent / "data" / "read"
STATES = {"Chile": "CHL", "Peru": "PER", "Nigeria": "NGA", "Ghana": "GHA", "Norway": "NOR"}
MET = re.compile(r"(\w+) met (\w+)\.")


def fake_extract(article: Article) -> Extraction:
    """A stand-in extractor: "X met Y." between two known states is a meeting."""
    if "FAIL" in article.text:
        raise ExtractionError(f"article {article.id}: cannot extract")
    actors: dict[str, Actor] = {}
    meetings = []
    for match in MET.finditer(article.text):
        names = [n for n in match.groups() if n in STATES]
        if len(names) != 2:
            continue
        for name in names:
            actors[name] = Actor(mint.state_iri(STATES[name]), name, "State", code=STATES[name])
        evidence = Evidence(match.start(), match.end(), match.group())
        meetings.append(Meeting(tuple(actors[n].iri for n in names), evidence))
    return Extraction(
        article, actors=tuple(actors.values()), meetings=tuple(meetings), extractor="fake.v1"
    )


def fake_record(extraction: Extraction) -> dict[str, object]:
    return {
        "id": extraction.article.id,
        "meetings": [sorted(m.participants) for m in extraction.meetings],
    }


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_extract, "_load_extractor", lambda name: fake_extract)
    monkeypatch.setattr(cli_extract, "_load_to_record", lambda: fake_record)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(READ / "tree", folder)
    (folder / "sub" / "notes.csv").unlink()
    return folder


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", *args], input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def quiet_parse(data: str, format: str) -> Dataset:
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        dataset.default_graph.parse(data=data, format=format)
    return dataset


def union(dataset: Dataset) -> Graph:
    graph = Graph()
    for named in dataset.graphs():
        graph += named
    return graph


def expected_iris(folder: Path) -> set[str]:
    return {a.iri for a in read_articles([folder])}


@pytest.mark.usefixtures("fake")
@pytest.mark.parametrize("format", ["trig", "nquads", "jsonld"])
def test_cli_extract_quad_formats_one_graph_per_article(articles: Path, format: str) -> None:
    code, out, err = run(str(articles), "--format", format)
    assert (code, err) == (0, "")
    dataset = quiet_parse(out, {"jsonld": "json-ld"}.get(format, format))
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == expected_iris(articles)
    everything = union(dataset)
    meetings = {
        frozenset(everything.objects(m, DG.participant))
        for m in everything.subjects(RDF.type, DG.Meeting)
    }
    assert meetings == {
        frozenset({URIRef(mint.state_iri("NGA")), URIRef(mint.state_iri("GHA"))}),
        frozenset({URIRef(mint.state_iri("CHL")), URIRef(mint.state_iri("PER"))}),
    }


@pytest.mark.usefixtures("fake")
def test_cli_extract_nquads_load_in_oxigraph(articles: Path) -> None:
    code, out, _ = run(str(articles), "--format", "nquads")
    assert code == 0
    quads = list(pyoxigraph.parse(out, format=pyoxigraph.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == expected_iris(articles)


@pytest.mark.usefixtures("fake")
def test_cli_extract_turtle_comments_each_article(articles: Path) -> None:
    code, out, _ = run(str(articles))  # turtle is the default
    assert code == 0
    assert [line.split()[2] for line in out.splitlines() if line.startswith("# article ")] == [
        "01-first",
        "02-second",
        "third",
    ]
    graph = Graph().parse(data=out, format="turtle")
    assert {str(s) for s in graph.subjects(RDF.type, DG.Article)} == expected_iris(articles)


@pytest.mark.usefixtures("fake")
def test_cli_extract_annotations_one_json_object_per_article(articles: Path) -> None:
    code, out, _ = run(str(articles), "--format", "annotations")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["01-first", "02-second", "third"]
    assert records[0]["meetings"] == [sorted([mint.state_iri("GHA"), mint.state_iri("NGA")])]


@pytest.mark.usefixtures("fake")
def test_cli_extract_reports_bad_inputs_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "fails.txt").write_text("FAIL here. Chile met Peru.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = run(
        str(READ / "articles.jsonl"),
        str(missing),
        str(tmp_path / "fails.txt"),
        str(READ / "tree"),
        "--format",
        "nquads",
    )
    assert code == 1
    lines = err.splitlines()
    assert lines[:4] == [
        f"diplograph: error: {READ / 'articles.jsonl'}:3: invalid JSON: "
        "Invalid control character at (column 35)",
        f"diplograph: error: {missing}: no such file or directory",
        f"diplograph: error: {tmp_path / 'fails.txt'}: article fails: cannot extract",
        f"diplograph: error: {READ / 'tree' / 'sub' / 'notes.csv'}: unsupported file type '.csv'; "
        "expected one of .htm, .html, .jsonl, .markdown, .md, .txt",
    ]
    assert lines[4:] == ["diplograph: 4 input(s) could not be read or extracted"]
    graphs = {
        q.graph_name.value for q in pyoxigraph.parse(out, format=pyoxigraph.RdfFormat.N_QUADS)
    }
    assert len(graphs) == 4 + 3  # four good jsonl lines, three articles in the tree


@pytest.mark.usefixtures("fake")
def test_cli_extract_reads_stdin() -> None:
    code, out, _ = run("-", "--format", "trig", input="Norway met Chile.\n")
    assert code == 0
    graph = union(quiet_parse(out, "trig"))
    (article,) = graph.subjects(RDF.type, DG.Article)
    assert str(graph.value(article, DG.articleId)) == "stdin"
    assert len(list(graph.subjects(RDF.type, DG.Meeting))) == 1


@pytest.mark.usefixtures("fake")
def test_cli_extract_output_file_written_atomically(articles: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "all.trig"
    target.parent.mkdir()
    code, out, _ = run(str(articles), "--format", "trig", "-o", str(target))
    assert (code, out) == (0, "")
    assert {str(g.identifier) for g in read_rdf(target).graphs() if len(g)} == expected_iris(
        articles
    )
    assert [p.name for p in target.parent.iterdir()] == ["all.trig"]  # no temporary left


def test_cli_extract_unknown_extractor_lists_the_known(articles: Path) -> None:
    pytest.importorskip("diplograph.extract")
    code, out, err = run(str(articles), "--extractor", "nope.v9")
    assert code == 2
    assert out == ""
    assert err.startswith("diplograph: error: ") and "rules.v1" in err


def test_cli_extract_annotations_in_gold_schema(seed_article: Path) -> None:
    """With the real extractor, annotations read back as gold records with the seed's id."""
    pytest.importorskip("diplograph.extract")
    annotations = pytest.importorskip("diplograph.annotations")
    article = seed_article
    code, out, err = run(str(article), "-", "--format", "annotations", input="Chile met Peru.")
    assert (code, err) == (0, "")
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["00", "stdin"]
    for record in records:
        assert {"id", "actors", "meetings", "claims", "edges"} <= set(record)
    assert ("Pakistan", "meeting", "United Nations") in {
        tuple(edge) for edge in annotations.edges(records[0])
    }


def test_cli_extract_seed_article_end_to_end(seed_article: Path) -> None:
    """The real extractor on the seed article: a graph that passes the SHACL shapes."""
    pytest.importorskip("diplograph.extract")
    validate = pytest.importorskip("diplograph.validate").validate
    article = seed_article
    code, out, err = run(str(article), "--format", "trig")
    assert (code, err) == (0, "")
    dataset = quiet_parse(out, "trig")
    (text_article,) = read_article(article)
    graph = dataset.graph(URIRef(text_article.iri))
    assert len(list(graph.subjects(RDF.type, DG.Meeting))) >= 1
    for evidence in graph.subjects(RDF.type, DG.Evidence):
        begin = graph.value(evidence, DG.beginOffset).toPython()  # type: ignore[union-attr]
        end = graph.value(evidence, DG.endOffset).toPython()  # type: ignore[union-attr]
        assert text_article.text[begin:end] == str(graph.value(evidence, DG.sentence))
    report = validate(graph)
    assert report.conforms, str(report)
