"""plot_network writes a real PNG or SVG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from diplograph.errors import ExportError
from diplograph.network.build import to_networkx
from diplograph.network.plot import plot_network

PAK = "https://w3id.org/diplograph/id/state/PAK"


@pytest.mark.parametrize("focus", [None, PAK])
def test_plot_png(fixture_store: Any, tmp_path: Path, focus: str | None) -> None:
    path = plot_network(to_networkx(fixture_store), tmp_path / "o.png", focus=focus)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000


def test_plot_svg_has_labels_and_legend(fixture_store: Any, tmp_path: Path) -> None:
    path = plot_network(to_networkx(fixture_store), tmp_path / "o.svg")
    root = etree.parse(str(path)).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text(encoding="utf-8")
    # matplotlib writes text as glyph paths, with the string in a comment/id
    for word in ("Pakistan", "India", "InternationalOrganization", "meeting"):
        assert word in text


@pytest.mark.parametrize(
    ("name", "focus", "message"),
    [
        ("o.jpg", None, "use one of .png, .svg"),
        ("o.png", "nobody", "not a node"),
    ],
)
def test_plot_errors(
    fixture_store: Any, tmp_path: Path, name: str, focus: str | None, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        plot_network(to_networkx(fixture_store), tmp_path / name, focus=focus)


def test_plot_empty_graph(tmp_path: Path) -> None:
    import networkx as nx

    assert plot_network(nx.MultiDiGraph(), tmp_path / "empty.png").stat().st_size > 0
