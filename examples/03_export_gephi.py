"""Export the outreach network for Gephi: GEXF (with a timeline), GraphML and CSV.

    python examples/03_export_gephi.py OUT_DIR [--store DIR] [--since YYYY-MM-DD]

Writes OUT_DIR/outreach.gexf (open it in Gephi: File > Open; docs/gephi.md tells
how to lay it out and play its timeline), OUT_DIR/outreach.graphml (Gephi, Cytoscape,
igraph) and OUT_DIR/outreach-nodes.csv + outreach-edges.csv (Gephi's Data Laboratory
> Import Spreadsheet, or pandas). Nodes carry label, type, code, memberships and the
metrics (degree, strengths, betweenness, PageRank, community); edges carry the
relation, weight, articles and first/last dates. The store is OUT_DIR/store (built
from examples/articles/ if missing).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _example_store import open_graph


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the store and the outputs")
    parser.add_argument("--store", type=Path, help="store directory (default OUT/store)")
    parser.add_argument("--since", help="keep ties dated on or after this day")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with open_graph(args.out, args.store) as kg:
        G = kg.network(since=args.since, metrics=True)
        print(f"{G.number_of_nodes()} actors, {G.number_of_edges()} directed ties")
        top = sorted(G.nodes, key=lambda n: -G.nodes[n]["pagerank"])[:5]
        print("most central: " + ", ".join(G.nodes[n]["label"] for n in top))
        for name in ("outreach.gexf", "outreach.graphml", "outreach.csv"):
            for path in kg.export(args.out / name, since=args.since):
                print(f"wrote {path}")


if __name__ == "__main__":
    main()
