"""``diplograph ingest`` and ``diplograph quarantine``: fill the store, see what was kept out.

Exit codes: 0 when every article went into the store; 1 when some failed or were
quarantined (the good ones are stored all the same); 2 for a store or usage error.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from diplograph.cli._app import EXIT_FAILED, EXIT_OK, command, err_console, fail
from diplograph.pipeline import IngestSummary, ingest, quarantined_articles, recheck_quarantine
from diplograph.store import open_store

__all__ = ["ingest_cli", "quarantine_cli"]

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        help="Store directory or SPARQL endpoint URL "
        "(default: $DIPLOGRAPH_STORE or ./diplograph-store).",
    ),
]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def _print_summary(summary: IngestSummary, store: str) -> None:
    out = err_console
    out.print(f"store:            {store}", markup=False)
    out.print(f"articles read:    {summary.articles_read}", markup=False)
    out.print(f"stored:           {summary.stored}", markup=False)
    if summary.released:
        out.print(f"  out of quarantine: {summary.released}", markup=False)
    out.print(f"quarantined:      {summary.quarantined}", markup=False)
    out.print(f"failed:           {len(summary.failed)}", markup=False)
    for source, reason in summary.failed:
        out.print(f"  {source}: {reason}", markup=False)
    out.print(f"duplicates:       {len(summary.duplicates)}", markup=False)
    for iri, sources in summary.duplicates:
        out.print(f"  {iri}: stored once, from {', '.join(sources)}", markup=False)
    out.print(f"triples written:  {summary.triples_written}", markup=False)
    out.print(f"time taken:       {summary.seconds:.2f} s", markup=False)
    if summary.quarantined:
        out.print("see why with: diplograph quarantine", markup=False)


@command("ingest")
def ingest_cli(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Article files (txt, md, html, jsonl), directories, or -.", show_default=False
        ),
    ] = None,
    store: StoreOption = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction.")
    ] = 1,
    extractor: Annotated[str, typer.Option("--extractor", help="Extractor name.")] = "rules.v1",
    annotations: Annotated[
        Path | None,
        typer.Option(
            "--annotations",
            help="Hand-curated annotations (gold-schema JSON lines) to ingest as data.",
            show_default=False,
        ),
    ] = None,
    articles: Annotated[
        list[Path] | None,
        typer.Option(
            "--articles",
            help="With --annotations: article files or directories holding the annotated "
            "texts (matched by id, else url); repeat for several.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read, extract, validate and store articles: one named graph per article.

    Articles that do not conform to the shapes are quarantined with the reasons
    (see `diplograph quarantine`); unreadable inputs are listed. Exit code 0 only
    when everything went in.

    With --annotations, hand-curated records are validated and stored the same way,
    their facts marked as curated (dg:CurationActivity) rather than extracted.
    """
    from diplograph.extract import get_extractor

    if articles and annotations is None:
        raise fail("--articles goes with --annotations (articles to extract are arguments)")
    if not paths and annotations is None:
        raise fail("give article files or directories, or --annotations FILE")
    get_extractor(extractor)  # an unknown name fails here, listing the known ones
    kg = open_store(store)
    try:
        with _progress() as bar:
            task = bar.add_task("ingesting", total=None)

            def progress(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            summary = IngestSummary()
            if paths:
                summary = ingest(
                    [str(p) for p in paths], kg, jobs=jobs, extractor=extractor, progress=progress
                )
            if annotations is not None:
                from diplograph._curation import ingest_annotations, merge_summaries

                curated = ingest_annotations(
                    annotations, kg, articles=articles or [], jobs=jobs, progress=progress
                )
                merge_summaries(summary, curated)
    finally:
        kg.close()
    _print_summary(summary, kg.location)
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_FAILED)


@command("quarantine")
def quarantine_cli(
    store: StoreOption = None,
    recheck: Annotated[
        bool,
        typer.Option(
            "--recheck", help="Process the quarantined articles again (new shapes or extractor)."
        ),
    ] = False,
    extractor: Annotated[
        str | None,
        typer.Option("--extractor", help="With --recheck: extract again with this extractor."),
    ] = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text or json.")
    ] = OutputFormat.text,
) -> None:
    """List the quarantined articles and why; with --recheck, try them again first.

    Exit code 0 when the quarantine is empty (after a recheck), 1 otherwise.
    """
    kg = open_store(store)
    try:
        summary = None
        if recheck:
            with _progress() as bar:
                task = bar.add_task("rechecking", total=None)
                summary = recheck_quarantine(
                    kg,
                    extractor=extractor,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        entries = quarantined_articles(kg)
    finally:
        kg.close()
    if output is OutputFormat.json:
        doc: dict[str, object] = {"quarantined": entries}
        if summary is not None:
            doc["recheck"] = summary.to_json()
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        if summary is not None:
            typer.echo(
                f"rechecked {summary.articles_read}: {summary.stored} now stored, "
                f"{summary.quarantined} still quarantined, {len(summary.failed)} failed"
            )
            for source, reason in summary.failed:
                typer.echo(f"  failed: {source}: {reason}")
        if not entries:
            typer.echo("no quarantined articles")
        for e in entries:
            typer.echo(f"{e['articleId']}  {e['sourcePath']}  <{e['article']}>")
            for reason in e["reasons"]:
                typer.echo(f"    {reason}")
    raise typer.Exit(EXIT_OK if not entries else EXIT_FAILED)
