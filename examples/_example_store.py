"""The store the example scripts share: 01_build_graph.py builds it, the others reuse it.

Run as scripts (``python examples/0N_....py OUT_DIR``), they find this module beside
them; copy it along when you copy a script elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from diplograph import KnowledgeGraph

ARTICLES = Path(__file__).resolve().parent / "articles"
"""The example articles written for the project."""


def open_graph(out: Path, store: Path | None) -> KnowledgeGraph:
    """The store of 01_build_graph.py (``store`` or OUT/store), built from the example
    articles if missing."""
    location = store or out / "store"
    fresh = not location.exists()
    kg = KnowledgeGraph(location)
    if fresh:
        summary = kg.ingest(sorted(ARTICLES.glob("*.txt")))
        print(f"built {location}: {summary.stored} articles stored")
    return kg
