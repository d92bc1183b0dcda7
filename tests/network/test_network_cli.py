"""``diplograph network`` and ``diplograph plot`` through typer's CliRunner on a real store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from typer.testing import CliRunner

from diplograph.cli import app
from network.conftest import _to_rdflib

DATA = Path(__file__).resolve().parents[1] / "data" / "network"
runner = CliRunner()


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An Oxigraph store directory holding the fixture actors and articles."""
    from diplograph.store import OxigraphStore

    graphs: dict[str, Graph] = {}
    for name in ("actors.trig", "articles.trig"):
        for quad in ox.parse(path=DATA / name, format=ox.RdfFormat.TRIG):
            graph = graphs.setdefault(quad.graph_name.value, Graph())
            graph.add(
                (_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object))
            )
    path = tmp_path_factory.mktemp("net") / "store"
    store = OxigraphStore(path, reference=False)
    try:
        store.replace_graphs(graphs)
    finally:
        store.close()
    return str(path)


def _run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_cli_network_summary(store_dir: str) -> None:
    result = _run("network", "--store", store_dir)
    assert result.exit_code == 0, result.output
    assert "7 actors, 9 ties (level state)" in result.output
    assert "dates 2024-12-01 to 2025-06-15" in result.output
    assert "accusation" in result.output and "meeting" in result.output


def test_cli_network_metrics_table(store_dir: str) -> None:
    result = _run("network", "--store", store_dir, "--focus", "Pakistan", "--metrics")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first_row = next(line for line in lines if line.strip().startswith("│ 1") or " 1 " in line)
    assert "Pakistan" in first_row
    assert "claim reciprocity: 0.67" in result.output
    assert "new partners per month: 2025-05: 4" in result.output


@pytest.mark.parametrize("suffix", [".gexf", ".graphml", ".csv"])
def test_cli_network_output(store_dir: str, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"net{suffix}"
    result = _run("network", "--store", store_dir, "--types", "meeting,accusation", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    if suffix == ".gexf":
        G = nx.read_gexf(out, version="1.3")
        assert {d["relation"] for *_, d in G.edges(data=True)} == {"meeting", "accusation"}
    elif suffix == ".csv":
        assert (tmp_path / "net-nodes.csv").is_file() and (tmp_path / "net-edges.csv").is_file()
    else:
        assert nx.read_graphml(out).number_of_nodes() == 6


def test_cli_network_since_until(store_dir: str) -> None:
    result = _run("network", "--store", store_dir, "--since", "2025-06-01", "--until", "2025-06-30")
    assert result.exit_code == 0, result.output
    assert "dates 2025-06-15 to 2025-06-15" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "May 2025"], "--since 'May 2025' is not a date; expected YYYY-MM-DD"),
        (["--until", "2025-13-01"], "--until '2025-13-01' is not a date"),
        (["--types", "meeting,hug"], "unknown relation type(s) hug"),
        (["--level", "city"], "--level 'city': expected state or person"),
        (["--focus", "Atlantis"], "unknown focus actor 'Atlantis'"),
        (["-o", "net.xlsx"], "cannot tell the format"),
    ],
)
def test_cli_network_bad_input(store_dir: str, args: list[str], message: str) -> None:
    result = _run("network", "--store", store_dir, *args)
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("diplograph: error:")]
    assert len(errors) == 1 and message in errors[0]


def test_cli_network_missing_store(tmp_path: Path) -> None:
    result = _run("network", "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no store at" in result.output


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_cli_plot(store_dir: str, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"outreach{suffix}"
    result = _run("plot", "--store", store_dir, "--focus", "PAK", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_cli_plot_bad_extension(store_dir: str, tmp_path: Path) -> None:
    result = _run("plot", "--store", store_dir, "-o", str(tmp_path / "x.jpg"))
    assert result.exit_code == 2
    assert "use one of .png, .svg" in result.output
