"""Build a knowledge graph from the example articles and print one state's outreach.

    python examples/01_build_graph.py OUT_DIR [--state Kenya] [--store DIR]

Reads every article in examples/articles/, extracts meetings and claims, validates
them and stores them in a persistent store (OUT_DIR/store unless --store is given;
re-running replaces each article's graph, it does not duplicate it). Then lists whom
the state met, with dates, and how many partners of each kind it has when claims
count too. The partners table is written to OUT_DIR/outreach-<state>.csv.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from _example_store import ARTICLES

from diplograph import KnowledgeGraph
from diplograph.network import outreach


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the store and the outputs")
    parser.add_argument("--state", default="Kenya", help="name, ISO code or IRI of a state")
    parser.add_argument("--store", type=Path, help="store directory (default OUT/store)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with KnowledgeGraph(args.store or args.out / "store") as kg:
        summary = kg.ingest(sorted(ARTICLES.glob("*.txt")))
        print(
            f"{summary.articles_read} articles read: {summary.stored} stored, "
            f"{summary.quarantined} quarantined (see `diplograph quarantine`), "
            f"{len(summary.failed)} failed"
        )
        stats = kg.stats()
        print(f"the graph holds {stats['meetings']} meetings and {stats['claims']} claims")

        # Whom did the state meet? A bundled SPARQL query; envoys count for their state.
        met = kg.query("outreach-partners", actor=args.state)
        print(f"\nOutreach of {args.state}: {len(met)} partners met")
        for row in met:
            when = f"{row['first']} to {row['last']}" if row["first"] else "undated"
            print(f"  {row['partnerLabel']:<40} {row['meetings']:>2} meeting(s)  {when}")
        csv_path = args.out / f"outreach-{args.state.lower().replace(' ', '-')}.csv"
        csv_path.write_text(met.to_csv(), encoding="utf-8", newline="")

        # The same state in the outreach network, where claims are ties too.
        G = kg.network(focus=args.state)
        reach = outreach(G, G.graph["focus"])
        kinds = ", ".join(f"{n} {kind}" for kind, n in reach.partners_by_type.items())
        print(f"with claims too: {len(reach.partners)} partners ({kinds})")
        print(f"wrote {csv_path}")


if __name__ == "__main__":
    main()
