"""Scoring extraction against gold records, and the evaluate command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diplograph.cli import app
from diplograph.evaluate import Score, evaluate
from diplograph.extract import extract
from diplograph.model import Article

TEXT = (
    "Pakistani officials have met with diplomats from China and Russia. "
    "India accused Pakistan of aggression."
)
GOLD = {
    "id": "g1",
    "url": "https://example.org/g1",
    "actors": [],
    "claims": [],
    "meetings": [],
    "edges": [
        ["Pakistan", "meeting", "China"],
        ["Pakistan", "meeting", "Turkey"],
        ["India", "accusation", "Pakistan"],
        ["OIC", "support", "Pakistan"],
    ],
}


@pytest.mark.parametrize(
    ("score", "p", "r", "f"),
    [
        (Score(2, 2, 0), 0.5, 1.0, 2 / 3),
        (Score(0, 0, 3), None, 0.0, None),
        (Score(), None, None, None),
    ],
)
def test_evaluate_score_ratios(
    score: Score, p: float | None, r: float | None, f: float | None
) -> None:
    assert score.precision == p and score.recall == r
    assert score.f1 == (pytest.approx(f) if f is not None else None)


@pytest.mark.parametrize("article_id", ["g1", "other-id"])
def test_evaluate_matches_by_id_or_url(article_id: str) -> None:
    x = extract(Article(id=article_id, text=TEXT, url="https://example.org/g1"))
    result = evaluate([x], [GOLD])
    assert result.articles == (article_id,)
    assert result.per_type["meeting"] == Score(tp=1, fp=1, fn=1)
    assert result.per_type["accusation"] == Score(tp=1)
    assert result.per_type["support"] == Score(fn=1)
    assert result.core == Score(tp=2, fp=1, fn=2)
    missed = {m.edge for m in result.missed}
    assert ("Organisation of Islamic Cooperation", "support", "Pakistan") in missed
    spurious = {s.edge: s for s in result.spurious}
    assert spurious[("Pakistan", "meeting", "Russia")].sentences[0].startswith("Pakistani")


def test_evaluate_unmatched_article_is_reported_not_scored() -> None:
    result = evaluate([extract(Article(id="zz", text=TEXT))], [GOLD])
    assert result.unmatched == ("zz",) and result.articles == ()
    assert result.overall == Score()


def test_evaluate_cli_table_and_json(tmp_path: Path) -> None:
    (tmp_path / "g1.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(app, ["evaluate", "--gold", str(gold), str(tmp_path / "g1.txt")])
    assert table.exit_code == 0, table.output
    assert "core" in table.output and "Missed edges (2)" in table.output
    assert "Pakistan --meeting--> Turkey" in table.output
    out = runner.invoke(app, ["evaluate", "--gold", str(gold), str(tmp_path / "g1.txt"), "--json"])
    data = json.loads(out.stdout)
    assert data["core"]["tp"] == 2 and data["articles"] == ["g1"]


def test_evaluate_cli_bad_gold_line_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{bad\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert f"{gold}:1" in result.output
