"""validate(): the report a user reads, and the ``diplograph validate`` command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SH, SKOS
from typer.testing import CliRunner

from diplograph.cli import app
from diplograph.errors import ValidationError
from diplograph.namespaces import DG, DGR
from diplograph.rdf.files import read_rdf, write_rdf
from diplograph.validate import ValidationReport, load_shapes, validate, validation_context

DATA = Path(__file__).parent / "data" / "validate"
GOOD = DATA / "article.ttl"
BAD = DATA / "nonconforming.trig"
BROKEN = DATA / "broken.ttl"
REFERENCE = DATA / "reference-actor.ttl"
ARTICLE = "https://w3id.org/diplograph/id/article/0a1b2c3d4e5f6a7b"
CLAIM = f"{ARTICLE}/claim/9f8e7d6c5b4a"
EVIDENCE = f"{ARTICLE}/evidence/120-80"
SENTENCE = "Pakistan has repeatedly denied these accusations."

runner = CliRunner()


@pytest.fixture(scope="session")
def bad_report() -> ValidationReport:
    return validate(read_rdf(BAD))


def _union(dataset: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_validate_conforming_article() -> None:
    report = validate(read_rdf(GOOD))
    assert report.conforms
    assert report.results == ()
    assert report.raise_for_violations() is report
    assert "Conforms" in str(report)


def test_validate_results_say_what_where_and_why(bad_report: ValidationReport) -> None:
    assert not bad_report.conforms
    by_shape = {r.shape: r for r in bad_report.results}
    assert set(by_shape) == {"dgsh:Claim-claimant", "dgsh:Evidence-offsetOrder",
                             "dgsh:Actor-prefLabel"}
    claimant = by_shape["dgsh:Claim-claimant"]
    assert claimant.focus == CLAIM
    assert claimant.path == "dg:claimant"
    assert claimant.message.startswith("A claim must have exactly one claimant")
    assert claimant.severity == "Violation"
    assert claimant.article == ARTICLE  # via dg:reportedIn
    assert claimant.sentence == SENTENCE  # via dg:evidence
    order = by_shape["dgsh:Evidence-offsetOrder"]
    assert (order.focus, order.value, order.article) == (EVIDENCE, "120", ARTICLE)
    assert order.focus_label == SENTENCE
    unnamed = by_shape["dgsh:Actor-prefLabel"]
    assert unnamed.article == ARTICLE  # from the named graph the actor is in
    assert unnamed.constraint == "sh:MinCountConstraintComponent"


def test_validate_actor_article_from_mentions() -> None:
    graph = _union(read_rdf(GOOD))
    india = URIRef(f"{DGR}state/IND")
    graph.remove((india, SKOS.prefLabel, None))
    (result,) = validate(graph).results
    assert (result.focus, result.shape) == (str(india), "dgsh:Actor-prefLabel")
    assert result.article == f"{DGR}article/5d0c2b4ef1a9e7c3"  # the article that mentions it


def test_validate_text_report_is_readable(bad_report: ValidationReport) -> None:
    text = str(bad_report)
    assert text.startswith("Does not conform: 3 results.")
    assert f"<{CLAIM}>" in text
    assert "property: dg:claimant" in text
    assert f'sentence: "{SENTENCE}"' in text
    assert f"article:  <{ARTICLE}>" in text


def test_validate_json_report(bad_report: ValidationReport) -> None:
    document = json.loads(json.dumps(bad_report.to_json()))
    assert document["conforms"] is False
    assert document["violations"] == len(document["results"]) == 3
    assert {r["path"] for r in document["results"]} == {
        "dg:claimant", "dg:beginOffset", "skos:prefLabel"}


def test_validate_raise_for_violations_carries_report(bad_report: ValidationReport) -> None:
    with pytest.raises(ValidationError, match="3 violations") as info:
        bad_report.raise_for_violations()
    assert info.value.report is bad_report


def test_validate_report_graph_is_shacl(bad_report: ValidationReport) -> None:
    assert len(list(bad_report.graph.objects(None, SH.result))) == 3


def test_validate_does_not_modify_data() -> None:
    dataset = read_rdf(BAD)
    before = _union(dataset)
    validate(dataset)
    assert isomorphic(_union(dataset), before)
    assert len(list(dataset.graphs())) == len(list(read_rdf(BAD).graphs()))


def test_validate_graph_and_dataset_agree() -> None:
    dataset = read_rdf(BAD)
    from_graph = validate(_union(dataset))
    from_dataset = validate(dataset)
    assert sorted((r.shape, r.focus) for r in from_graph.results) == sorted(
        (r.shape, r.focus) for r in from_dataset.results)


def test_validate_reference_actors_context() -> None:
    data = read_rdf(REFERENCE)
    alone = validate(data)
    assert {r.value for r in alone.results if r.path == "dg:claimant"} == {
        f"<{DGR}state/PAK>"}
    assert validate(data, context=validation_context(reference_actors=True)).conforms


def test_validate_custom_shapes() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix dg: <https://w3id.org/diplograph/ontology#> .
        <urn:s> a sh:NodeShape ; sh:targetClass dg:Article ;
            sh:property [ sh:path dg:outlet ; sh:minCount 1 ; sh:message "Outlet needed." ] .
    """, format="turtle")
    graph = Graph()
    graph.add((URIRef(ARTICLE), DG.articleId, Literal("07")))
    graph.add((URIRef(ARTICLE), RDF.type, DG.Article))
    size = len(shapes)
    report = validate(graph, shapes=shapes)
    assert [r.message for r in report.results] == ["Outlet needed."]
    assert report.results[0].focus_label == "07"
    assert len(shapes) == size  # the caller's shapes graph is left as it was
    graph.add((URIRef(ARTICLE), DG.outlet, Literal("Dawn")))
    assert validate(graph, shapes=shapes).conforms


def test_validate_shapes_are_loaded_once() -> None:
    assert load_shapes() is load_shapes()


@settings(max_examples=25, deadline=None)
@given(begin=st.integers(-5, 50), end=st.integers(-5, 50))
def test_validate_offsets_conform_iff_ordered(begin: int, end: int) -> None:
    graph = Graph().parse(data=f"""
        @prefix dg: <https://w3id.org/diplograph/ontology#> .
        <urn:a> a dg:Article ; dg:articleId "a" .
        <urn:e> a dg:Evidence ; dg:sentence "x" ; dg:inArticle <urn:a> ;
            dg:beginOffset {begin} ; dg:endOffset {end} .
    """, format="turtle")
    assert validate(graph).conforms is (0 <= begin < end)


# ---- the command


def test_validate_cli_conforming_exit_0() -> None:
    result = runner.invoke(app, ["validate", str(GOOD), str(REFERENCE)])
    assert result.exit_code == 0, result.output
    assert f"{GOOD}: Conforms" in result.output


def test_validate_cli_nonconforming_exit_1() -> None:
    result = runner.invoke(app, ["validate", str(BAD)])
    assert result.exit_code == 1
    assert "A claim must have exactly one claimant" in result.stdout
    assert SENTENCE in result.stdout


def test_validate_cli_syntax_error_exit_2_names_file_and_line() -> None:
    result = runner.invoke(app, ["validate", str(BROKEN)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"diplograph: error: {BROKEN}:7: bad syntax: expected '.' or '}}' or ']' at end of "
        "statement"
    ]
    assert "Traceback" not in result.output


def test_validate_cli_mixed_files_all_reported(tmp_path: Path) -> None:
    missing = tmp_path / "missing.ttl"
    result = runner.invoke(app, ["validate", str(BROKEN), str(GOOD), str(missing), str(BAD)])
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert errors == [
        f"diplograph: error: {BROKEN}:7: bad syntax: expected '.' or '}}' or ']' at end of "
        "statement",
        f"diplograph: error: {missing}: no such file",
    ]
    assert f"{GOOD}: Conforms" in result.stdout
    assert f"{BAD}: Does not conform" in result.stdout


def test_validate_cli_json(tmp_path: Path) -> None:
    copy = tmp_path / "article.jsonld"
    write_rdf(read_rdf(GOOD), copy)
    result = runner.invoke(app, ["validate", "--format", "json", str(copy), str(BAD),
                                 str(BROKEN)])
    assert result.exit_code == 2
    documents = json.loads(result.stdout)
    assert [d["file"] for d in documents] == [str(copy), str(BAD), str(BROKEN)]
    assert documents[0]["conforms"] is True
    assert documents[1]["conforms"] is False and documents[1]["violations"] == 3
    assert documents[2]["error"].startswith(f"{BROKEN}:7:")


def test_validate_cli_jsonld_context_not_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jsonld"
    secret.write_text('{"@context": {"x": "urn:TOP-SECRET#"}}', encoding="utf-8")
    data = tmp_path / "data.jsonld"
    data.write_text(json.dumps({"@context": secret.as_uri(), "@id": "urn:a", "x": "1"}),
                    encoding="utf-8")
    result = runner.invoke(app, ["validate", "--format", "json", str(data)])
    assert result.exit_code == 2
    assert "TOP-SECRET" not in result.output
    assert "never fetches" in result.stderr


def test_validate_cli_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    shutil.copy(GOOD, path)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"diplograph: error: {path}: cannot tell the RDF format" in result.stderr
