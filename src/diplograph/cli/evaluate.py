"""``diplograph evaluate``: score extraction against hand annotations.

Extracts every ARTICLE, matches it to the gold record with the same id (else url),
and prints precision, recall and F1 per edge type, overall and "core" (all but
``statement``) as a table, then the missed and spurious edges with their sentences.
``--json`` prints one JSON object instead. An article that cannot be read is
reported on stderr and the others are still scored (exit code 1 at the end).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from diplograph.cli._app import EXIT_FAILED, command, console, err_console
from diplograph.errors import InputError

__all__ = ["evaluate_command"]


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


@command("evaluate")
def evaluate_command(
    articles: Annotated[
        list[str],
        typer.Argument(
            help="Article files or directories to extract and score.",
            metavar="ARTICLE",
            show_default=False,
        ),
    ],
    gold: Annotated[
        Path,
        typer.Option(
            "--gold", help="Hand annotations, JSON lines in the gold schema.", show_default=False
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    extractor: Annotated[
        str, typer.Option("--extractor", help="Name of the extractor to score.")
    ] = "rules.v1",
) -> None:
    """Score extraction against hand annotations (precision, recall, F1 per edge type)."""
    from diplograph.annotations import read_gold
    from diplograph.evaluate import evaluate
    from diplograph.extract import extract, get_extractor
    from diplograph.read import read_articles

    records = read_gold(gold)
    get_extractor(extractor)
    failed = False

    def report(error: InputError) -> None:
        nonlocal failed
        failed = True
        err_console.print(f"diplograph: error: {error}", markup=False)

    extractions = [
        extract(a, extractor=extractor) for a in read_articles(articles, on_error=report)
    ]
    result = evaluate(extractions, records)
    for article_id in result.unmatched:
        err_console.print(
            f"diplograph: warning: no gold record for article {article_id!r}", markup=False
        )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"Edges in {len(result.articles)} article(s)")
        for column in ("type", "tp", "fp", "fn", "precision", "recall", "F1"):
            table.add_column(column, justify="left" if column == "type" else "right")
        rows = [*result.per_type.items(), ("core", result.core), ("overall", result.overall)]
        for name, score in rows:
            table.add_row(
                name,
                str(score.tp),
                str(score.fp),
                str(score.fn),
                _fmt(score.precision),
                _fmt(score.recall),
                _fmt(score.f1),
            )
        console.print(table)
        for title, items in (("Missed", result.missed), ("Spurious", result.spurious)):
            console.print(f"\n{title} edges ({len(items)}):", markup=False, highlight=False)
            for item in items:
                a, kind, b = item.edge
                console.print(
                    f"  [{item.article}] {a} --{kind}--> {b}", markup=False, highlight=False
                )
                for sentence in item.sentences[:2]:
                    console.print(f"      {sentence}", markup=False, highlight=False)
    if failed:
        raise typer.Exit(EXIT_FAILED)
