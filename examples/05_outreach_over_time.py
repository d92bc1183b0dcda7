"""Plot how the most active states' outreach grew, month by month (matplotlib).

    python examples/05_outreach_over_time.py OUT_DIR [--store DIR] [--top 5]

For the --top states with the most partners, counts the distinct partners (met, or
addressed by a claim, either way) first linked in each month, from the dated ties of
the outreach network, and draws the cumulative count as lines:
OUT_DIR/outreach-over-time.png, with the numbers in OUT_DIR/outreach-over-time.csv
(month, state, new partners, cumulative partners). The store is OUT_DIR/store
(built from examples/articles/ if missing).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files, no display needed
from _example_store import open_graph
from matplotlib import pyplot as plt
from matplotlib.ticker import MaxNLocator

from diplograph.network import outreach


def months(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` ("YYYY-MM"), so quiet months show too."""
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the store and the outputs")
    parser.add_argument("--store", type=Path, help="store directory (default OUT/store)")
    parser.add_argument("--top", type=int, default=5, help="states drawn")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with open_graph(args.out, args.store) as kg:
        G = kg.network()
    states = [n for n in G if G.nodes[n]["type"] == "State"]
    reach = {n: outreach(G, n, period="month") for n in states}
    top = sorted(states, key=lambda n: (-len(reach[n].partners), G.nodes[n]["label"]))
    top = top[: args.top]
    dated = sorted({m for n in top for m in reach[n].new_partners})
    if not dated:
        raise SystemExit("no dated ties in the store: nothing to draw")
    axis = months(dated[0], dated[-1])

    table_path = args.out / "outreach-over-time.csv"
    fig, ax = plt.subplots(figsize=(8, 4.5))
    with table_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["month", "state", "new_partners", "cumulative_partners"])
        for node in top:
            label = G.nodes[node]["label"]
            total, line = 0, []
            for month in axis:
                new = reach[node].new_partners.get(month, 0)
                total += new
                line.append(total)
                writer.writerow([month, label, new, total])
            ax.plot(axis, line, marker="o", label=label)
            print(f"{label}: {total} dated partners by {axis[-1]}")
    ax.set_xlabel("month")
    ax.set_ylabel("partners so far")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Diplomatic outreach over time (distinct partners, cumulative)")
    ax.legend(loc="upper left", fontsize=8)
    ax.tick_params(axis="x", rotation=45)
    fig.tight_layout()
    picture = args.out / "outreach-over-time.png"
    fig.savefig(picture, dpi=120)
    plt.close(fig)
    print(f"wrote {table_path}\nwrote {picture}")


if __name__ == "__main__":
    main()
