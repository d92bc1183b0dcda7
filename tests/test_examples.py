"""Every research script in examples/ runs, as a user runs it, and makes what it says.

01_build_graph.py builds the store from examples/articles once (session scope); the
other scripts run in their own tmp_path on a copy of that store, and their outputs
are checked against the store itself.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diplograph import KnowledgeGraph
from diplograph.network import outreach, read_gexf, read_graphml

EXAMPLES = Path(__file__).parents[1] / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("[0-9][0-9]_*.py"))
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.slow  # each script is a fresh interpreter; 01 ingests 18 articles


def run(script: str, *args: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """OUT of 01_build_graph.py (with its store) and what it printed."""
    out = tmp_path_factory.mktemp("example-01")
    return out, run("01_build_graph.py", out, "--state", "Kenya", cwd=out)


@pytest.fixture
def store(built: tuple[Path, str], tmp_path: Path) -> Path:
    """A copy of the example store in this test's tmp_path (as OUT/store)."""
    copy = tmp_path / "store"
    shutil.copytree(built[0] / "store", copy)
    return copy


def test_examples_all_scripts_are_tested() -> None:
    assert SCRIPTS == [
        "01_build_graph.py",
        "02_sparql_questions.py",
        "03_export_gephi.py",
        "04_accusation_heatmap.py",
        "05_outreach_over_time.py",
    ]


def test_examples_01_build_graph(built: tuple[Path, str]) -> None:
    out, printed = built
    articles = len(list((EXAMPLES / "articles").glob("*.txt")))
    assert f"{articles} articles read" in printed
    with KnowledgeGraph(out / "store") as kg:
        stats = kg.stats()
        partners = kg.query("outreach-partners", actor="Kenya")
    assert stats["articles"] + stats["quarantined"] == articles
    assert f"holds {stats['meetings']} meetings and {stats['claims']} claims" in printed
    assert f"Outreach of Kenya: {len(partners)} partners met" in printed
    assert len(partners) > 0
    for row in partners:
        assert row["partnerLabel"] in printed
    assert (out / "outreach-kenya.csv").read_bytes().decode("utf-8") == partners.to_csv()


def test_examples_02_sparql_questions(store: Path, tmp_path: Path) -> None:
    printed = run("02_sparql_questions.py", tmp_path, cwd=tmp_path)
    answers = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert list(answers) == [
        "who accuses whom",
        "organisations Kenya engaged",
        "claims per actor",
    ]
    with KnowledgeGraph(store) as kg:
        matrix = kg.query("accusation-matrix").rows
        claims = kg.stats()["claims"]
    assert len(answers["who accuses whom"]) == len(matrix) > 0
    top = matrix[0]
    assert f"{top['accuserLabel']} -> {top['accusedLabel']}: {top['accusations']}" in printed
    assert answers["organisations Kenya engaged"]
    # each claim has one claimant, so the per-actor counts add up to all claims
    assert sum(row["claims"] for row in answers["claims per actor"]) == claims


def test_examples_03_export_gephi(store: Path, tmp_path: Path) -> None:
    printed = run("03_export_gephi.py", tmp_path, cwd=tmp_path)
    with KnowledgeGraph(store) as kg:
        G = kg.network()
    names = ["outreach.gexf", "outreach.graphml", "outreach-nodes.csv", "outreach-edges.csv"]
    for name in names:
        assert f"wrote {tmp_path / name}" in printed
    for back in (
        read_gexf(tmp_path / "outreach.gexf"),
        read_graphml(tmp_path / "outreach.graphml"),
    ):
        assert set(back.nodes) == set(G.nodes)
        assert set(back.edges(keys=True)) == set(G.edges(keys=True))
        assert all("pagerank" in d for _, d in back.nodes(data=True))
    with (tmp_path / "outreach-nodes.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == G.number_of_nodes()
    assert f"{G.number_of_nodes()} actors, {G.number_of_edges()} directed ties" in printed


def test_examples_04_accusation_heatmap(store: Path, tmp_path: Path) -> None:
    import matplotlib.image

    run("04_accusation_heatmap.py", tmp_path, "--top", "6", cwd=tmp_path)
    with KnowledgeGraph(store) as kg:
        rows = kg.query("accusation-matrix").rows
    with (tmp_path / "accusation-matrix.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header, body = table[0], table[1:]
    actors = {r["accuserLabel"] for r in rows} | {r["accusedLabel"] for r in rows}
    assert set(header[1:]) == actors == {line[0] for line in body}
    assert sum(int(n) for line in body for n in line[1:]) == sum(r["accusations"] for r in rows)
    cell = {
        (line[0], b): int(n) for line in body for b, n in zip(header[1:], line[1:], strict=True)
    }
    for r in rows:
        assert cell[(r["accuserLabel"], r["accusedLabel"])] == r["accusations"]
    picture = tmp_path / "accusation-heatmap.png"
    assert picture.read_bytes()[:8] == PNG
    height, width, _ = matplotlib.image.imread(picture).shape
    assert width > 300 and height > 300


def test_examples_05_outreach_over_time(store: Path, tmp_path: Path) -> None:
    run("05_outreach_over_time.py", tmp_path, "--top", "3", cwd=tmp_path)
    with (tmp_path / "outreach-over-time.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    states = list(dict.fromkeys(r["state"] for r in rows))
    assert len(states) == 3
    with KnowledgeGraph(store) as kg:
        G = kg.network()
    by_label = {G.nodes[n]["label"]: n for n in G}
    for label in states:
        mine = [r for r in rows if r["state"] == label]
        months = [r["month"] for r in mine]
        assert months == sorted(months)
        cumulative = [int(r["cumulative_partners"]) for r in mine]
        assert cumulative == sorted(cumulative)
        # partners with a dated tie, counted from the network directly
        node = by_label[label]
        dated = {
            v if u == node else u
            for u, v, d in [*G.out_edges(node, data=True), *G.in_edges(node, data=True)]
            if d.get("first_date") is not None and u != v
        }
        assert cumulative[-1] == len(dated)
        assert len(outreach(G, node).partners) >= cumulative[-1]
    assert (tmp_path / "outreach-over-time.png").read_bytes()[:8] == PNG


@pytest.mark.parametrize("script", SCRIPTS)
def test_examples_scripts_explain_themselves(script: str) -> None:
    text = (EXAMPLES / script).read_text(encoding="utf-8")
    assert text.startswith('"""'), f"{script} opens without a docstring"
    assert f"python examples/{script} OUT_DIR" in text
    assert 'if __name__ == "__main__":' in text
