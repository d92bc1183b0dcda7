"""Draw who accused whom as a heatmap (matplotlib), with the matrix as CSV.

    python examples/04_accusation_heatmap.py OUT_DIR [--store DIR] [--top 12]

Runs the bundled accusation-matrix query (a person counts for the state or
organisation it represents), keeps the --top actors by accusations made plus
received, and writes OUT_DIR/accusation-heatmap.png (rows accuse columns) and
OUT_DIR/accusation-matrix.csv (the full matrix, every actor). The store is
OUT_DIR/store (built from examples/articles/ if missing).
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # draw to files, no display needed
from _example_store import open_graph
from matplotlib import pyplot as plt
from matplotlib.ticker import MaxNLocator


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the store and the outputs")
    parser.add_argument("--store", type=Path, help="store directory (default OUT/store)")
    parser.add_argument("--top", type=int, default=12, help="actors shown in the picture")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    with open_graph(args.out, args.store) as kg:
        rows = kg.query("accusation-matrix").rows
    if not rows:
        raise SystemExit("no accusations in the store: nothing to draw")

    counts = {(r["accuserLabel"], r["accusedLabel"]): r["accusations"] for r in rows}
    involvement: Counter[str] = Counter()
    for (accuser, accused), n in counts.items():
        involvement[accuser] += n
        involvement[accused] += n
    everyone = sorted(involvement, key=lambda a: (-involvement[a], a))

    matrix_path = args.out / "accusation-matrix.csv"
    with matrix_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["accuser \\ accused", *everyone])
        for accuser in everyone:
            writer.writerow([accuser, *(counts.get((accuser, b), 0) for b in everyone)])

    shown = everyone[: args.top]
    grid = [[counts.get((a, b), 0) for b in shown] for a in shown]
    fig, ax = plt.subplots(figsize=(2 + 0.6 * len(shown), 1.5 + 0.5 * len(shown)))
    image = ax.imshow(grid, cmap="Reds", vmin=0)
    ax.set_xticks(range(len(shown)), shown, rotation=45, ha="right")
    ax.set_yticks(range(len(shown)), shown)
    ax.set_xlabel("accused")
    ax.set_ylabel("accuser")
    for i, line in enumerate(grid):
        for j, n in enumerate(line):
            if n:
                ax.text(j, i, str(n), ha="center", va="center", fontsize=8)
    bar = fig.colorbar(image, ax=ax, label="accusations", shrink=0.8)
    bar.locator = MaxNLocator(integer=True)
    bar.update_ticks()
    ax.set_title(f"Who accused whom ({sum(counts.values())} accusations)")
    fig.tight_layout()
    picture = args.out / "accusation-heatmap.png"
    fig.savefig(picture, dpi=120)
    plt.close(fig)
    print(f"{len(everyone)} actors, {sum(counts.values())} accusations")
    print(f"wrote {matrix_path}\nwrote {picture}")


if __name__ == "__main__":
    main()
