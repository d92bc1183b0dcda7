"""Hand-curated annotations ingested as data: the same shapes, store and quarantine as
extracted articles, with provenance telling curated facts from extracted ones.

tests/data/api/curated.jsonl holds two records: "beijing" annotates the article file
tests/data/api/articles/a-beijing.txt (matched by id; a meeting of Ishaq Dar with Wang
Yi, and Dar's criticism of India), "lusaka" carries its own text (a meeting given by
character offsets, and Zambia's support for Malawi).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from diplograph import IngestSummary, KnowledgeGraph
from diplograph._curation import curated_extractions, ingest_annotations
from diplograph.annotations import edges
from diplograph.cli import app
from diplograph.pipeline import quarantined_articles, recheck_quarantine

DATA = Path(__file__).parent / "data" / "api"
ARTICLES = DATA / "articles"
CURATED = DATA / "curated.jsonl"
EXAMPLES = Path(__file__).parents[1] / "examples"
ID = "https://w3id.org/diplograph/id/"

PROVENANCE = """
SELECT ?article ?kind ?extractor ?version WHERE {
  ?fact prov:wasGeneratedBy ?activity .
  ?activity a ?kind ; prov:used ?article ; prov:wasAssociatedWith ?extractor .
  ?extractor dg:softwareVersion ?version .
  VALUES ?kind { dg:ExtractionActivity dg:CurationActivity }
} GROUP BY ?article ?kind ?extractor ?version
"""
PREFIXES = "PREFIX prov: <http://www.w3.org/ns/prov#>\n"


def _lines(*records: dict[str, Any] | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


@pytest.fixture(scope="module")
def curated() -> Iterator[tuple[KnowledgeGraph, IngestSummary]]:
    with KnowledgeGraph() as kg:
        yield kg, kg.ingest_annotations(CURATED, articles=[ARTICLES])


def test_annotations_ingest_stores_curated_records(
    curated: tuple[KnowledgeGraph, IngestSummary],
) -> None:
    kg, summary = curated
    assert (summary.articles_read, summary.stored, summary.quarantined) == (2, 2, 0)
    assert summary.failed == []
    stats = kg.stats()
    assert (stats["curated_articles"], stats["extracted_articles"]) == (2, 0)
    assert stats["claims_by_type"] == {"criticism": 1, "support": 1}
    edges_found = {
        (kg.network().nodes[u]["label"], k, kg.network().nodes[v]["label"])
        for u, v, k in kg.network().edges(keys=True)
    }
    assert edges_found == {
        ("Pakistan", "meeting", "China"),
        ("China", "meeting", "Pakistan"),
        ("Pakistan", "criticism", "India"),
        ("Zambia", "meeting", "Malawi"),
        ("Malawi", "meeting", "Zambia"),
        ("Zambia", "support", "Malawi"),
    }


def test_annotations_ingest_evidence_from_sentence_start_and_offsets(
    curated: tuple[KnowledgeGraph, IngestSummary],
) -> None:
    kg, _ = curated
    rows = kg.query(
        "SELECT ?kind ?sentence ?begin ?end WHERE { ?fact dg:evidence ?e ; a ?kind . "
        "?e dg:sentence ?sentence ; dg:beginOffset ?begin ; dg:endOffset ?end . "
        "VALUES ?kind { dg:Meeting dg:Criticism dg:Support } } ORDER BY ?sentence"
    ).rows
    text = (ARTICLES / "a-beijing.txt").read_text(encoding="utf-8").split("---\n", 2)[2]
    beijing = text.splitlines()[0]
    assert [(r["sentence"], r["end"] - r["begin"]) for r in rows] == [
        ("Dar accused India of spreading an aggressive narrative.", 55),
        (beijing, len(beijing)),
        ("Zambia praised Malawi for reopening the border.", 47),
        ("Zambia's foreign minister met Malawi's foreign minister in Lusaka.", 66),
    ]
    assert {r["begin"] for r in rows if r["sentence"].startswith("Zambia's")} == {0}


def test_annotations_ingest_provenance_tells_curated_from_extracted() -> None:
    with KnowledgeGraph() as kg:
        kg.ingest(ARTICLES / "b-nairobi.txt")
        kg.ingest_annotations(CURATED, articles=[ARTICLES])
        rows = kg.query(PREFIXES + PROVENANCE).rows
        nairobi = kg.extract(ARTICLES / "b-nairobi.txt").article.iri
    by_article = {r["article"]: r for r in rows}
    assert len(rows) == 3  # one activity per article
    assert by_article[nairobi]["kind"].endswith("#ExtractionActivity")
    assert by_article[nairobi]["extractor"] == f"{ID}extractor/rules.v1"
    assert by_article[nairobi]["version"]
    curated_rows = [r for r in rows if r["article"] != nairobi]
    assert {r["kind"].rsplit("#", 1)[1] for r in curated_rows} == {"CurationActivity"}
    assert {r["extractor"] for r in curated_rows} == {f"{ID}extractor/curated"}


def test_annotations_ingest_replaces_the_extracted_graph_of_the_same_article() -> None:
    with KnowledgeGraph() as kg:
        kg.ingest(ARTICLES / "a-beijing.txt")
        assert kg.stats()["claims_by_type"] == {"accusation": 1}
        lines = CURATED.read_text(encoding="utf-8").splitlines()
        kg.ingest_annotations([json.loads(lines[0])], articles=[ARTICLES / "a-beijing.txt"])
        stats = kg.stats()
    assert stats["articles"] == 1
    assert (stats["curated_articles"], stats["extracted_articles"]) == (1, 0)
    assert stats["claims_by_type"] == {"criticism": 1}


LUSAKA = json.loads(CURATED.read_text(encoding="utf-8").splitlines()[1])


def _variant(**changes: Any) -> dict[str, Any]:
    return {**LUSAKA, "id": "variant", "url": None, **changes}


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object per line"),
        ({"actors": []}, "neither 'id' nor 'url'"),
        ({"id": "ghost", "meetings": []}, "no text for the article with id 'ghost'"),
        (_variant(claims=[{"claimant": "Zambia", "type": "threat"}]), "'type' must be one of"),
        (_variant(claims=[{"type": "support"}]), "claim 1: needs a 'claimant'"),
        (_variant(meetings=[{"participants": ["Zambia"]}]), "two or more names"),
        (_variant(meetings="Zambia met Malawi"), "'meetings' must be a list"),
        (
            _variant(claims=[{"claimant": "Zambia", "type": "support", "sentence_start": "Nope"}]),
            "claim 1: sentence not found in the article: 'Nope'",
        ),
        (
            _variant(meetings=[{"participants": ["Zambia", "Malawi"], "start": 0, "end": 999}]),
            "meeting 1: offsets [0, 999) are outside the article text",
        ),
        (
            _variant(
                meetings=[
                    {"participants": ["Zambia", "Malawi"], "start": 0, "end": 6, "sentence": "Z"}
                ]
            ),
            "do not slice the text to its 'sentence'",
        ),
        (_variant(date="July 2025"), "date"),
    ],
    ids=[
        "json",
        "not-object",
        "no-id",
        "no-text",
        "claim-type",
        "no-claimant",
        "one-participant",
        "meetings-not-list",
        "sentence-missing",
        "offsets-outside",
        "offsets-mismatch",
        "bad-date",
    ],
)
def test_annotations_ingest_reports_bad_lines_and_goes_on(
    tmp_path: Path, bad: dict[str, Any] | str, reason: str
) -> None:
    path = tmp_path / "curated.jsonl"
    path.write_text(_lines(bad, "", LUSAKA), encoding="utf-8")
    with KnowledgeGraph(reference=False) as kg:
        summary = ingest_annotations(path, kg.store)
        assert kg.stats()["articles"] == 1
    assert summary.stored == 1
    assert summary.articles_read == 2
    assert len(summary.failed) == 1
    where, why = summary.failed[0]
    assert where == f"{path}:1"
    assert reason in why


def test_annotations_ingest_quarantines_records_that_break_the_shapes() -> None:
    # a claim whose target is its own claimant breaks dgsh:Claim-target (sh:disjoint)
    record = _variant(
        id="self",
        claims=[
            {
                "claimant": "Zambia",
                "type": "criticism",
                "target": "Zambia",
                "sentence_start": "Zambia praised Malawi",
            }
        ],
    )
    with KnowledgeGraph() as kg:
        summary = kg.ingest_annotations([record])
        assert (summary.stored, summary.quarantined) == (0, 1)
        (entry,) = quarantined_articles(kg.store)
        assert entry["sourcePath"] == "<record 1>"
        assert any("dg:target" in reason for reason in entry["reasons"])
        assert kg.stats()["articles"] == 0
        # a recheck validates the kept curated triples again (they still break the shapes)
        again = recheck_quarantine(kg.store)
        assert (again.stored, again.quarantined) == (0, 1)


def test_annotations_ingest_curated_extractions_are_marked() -> None:
    failed: list[tuple[str, str]] = []
    found = list(curated_extractions(CURATED, articles=[ARTICLES], failed=failed))
    assert failed == []
    assert [(x.article.id, x.curated, x.extractor) for x in found] == [
        ("beijing", True, "curated"),
        ("lusaka", True, "curated"),
    ]
    assert found[0].article.source == f"{CURATED}:1"
    assert found[1].article.url == "https://example.org/tests/api/lusaka"


def test_annotations_ingest_reproduces_the_gold_edges_of_the_examples() -> None:
    """The example articles' gold annotations, ingested as data, give back their edges."""
    lines = (EXAMPLES / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    chosen = [r for r in records if r["id"] in ("01", "02")]
    with KnowledgeGraph() as kg:
        summary = kg.ingest_annotations(chosen, articles=[*sorted(EXAMPLES.glob("articles/*.txt"))])
        G = kg.network()
    assert (summary.stored, summary.failed) == (2, [])
    found = set()
    for u, v, kind in G.edges(keys=True):
        a, b = G.nodes[u]["label"], G.nodes[v]["label"]
        found.add((min(a, b), kind, max(a, b)) if kind == "meeting" else (a, kind, b))
    assert found == edges(chosen[0]) | edges(chosen[1])


def test_annotations_ingest_cli(tmp_path: Path) -> None:
    path = tmp_path / "curated.jsonl"
    path.write_text(CURATED.read_text(encoding="utf-8") + "{oops\n", encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(
        app,
        ["ingest", "--annotations", str(path), "--articles", str(ARTICLES), "--store", str(store)],
    )
    assert result.exit_code == 1, result.output  # one line failed
    assert f"{path}:3: not valid JSON" in result.stderr
    with KnowledgeGraph(store) as kg:
        assert kg.stats()["curated_articles"] == 2
    good = tmp_path / "good.jsonl"
    good.write_text(CURATED.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", "--annotations", str(good), "--articles", str(ARTICLES), "-s", str(store)]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give article files or directories, or --annotations FILE"),
        (["--articles", str(ARTICLES)], "--articles goes with --annotations"),
    ],
    ids=["nothing", "articles-alone"],
)
def test_annotations_ingest_cli_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["ingest", *args, "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "store").exists()
