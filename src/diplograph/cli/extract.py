"""``diplograph extract``: articles in, RDF (or gold-schema annotations) out.

Reads every ARTICLE (files, directories, ``-`` for stdin), extracts each with the
chosen extractor and writes the result. An input that cannot be read or extracted
is reported as one line ``diplograph: error: FILE[:LINE]: reason`` on stderr; the
other articles are still written, and the exit code is 1 at the end.
"""

from __future__ import annotations

import enum
import functools
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rdflib import Graph

from diplograph.cli._app import EXIT_FAILED, command, err_console, fail
from diplograph.errors import ExtractionError, InputError
from diplograph.model import Article, Extraction
from diplograph.namespaces import PREFIXES
from diplograph.rdf.build import to_dataset, to_graph
from diplograph.read import read_articles

__all__ = ["OutputFormat", "extract_command"]


class OutputFormat(enum.StrEnum):
    """What ``diplograph extract`` writes."""

    turtle = "turtle"
    trig = "trig"
    nquads = "nquads"
    jsonld = "jsonld"
    annotations = "annotations"


# The JSON-LD context: the prefixes an article graph uses.
_JSONLD_CONTEXT = {k: PREFIXES[k] for k in ("dg", "dgr", "dgct", "prov", "rdfs", "skos", "xsd")}


def _load_extractor(name: str) -> Callable[[Article], Extraction]:
    """The extractor ``name`` (imported on first use: it loads spaCy).

    An unknown name raises UnknownExtractor here, before any input is read.
    """
    from diplograph.extract import extract, get_extractor

    get_extractor(name)
    return functools.partial(extract, extractor=name)


def _load_to_record() -> Callable[[Extraction], dict[str, Any]]:
    """``diplograph.annotations.to_record``: an Extraction in the gold-annotation schema."""
    from diplograph.annotations import to_record

    return to_record


@command("extract")
def extract_command(
    articles: Annotated[
        list[str],
        typer.Argument(
            help="Article files (.txt .md .html .jsonl), directories (read recursively), "
            "or - for stdin.",
            metavar="ARTICLE",
            show_default=False,
        ),
    ],
    format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = OutputFormat.turtle,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write here (atomically) instead of stdout.", dir_okay=False
        ),
    ] = None,
    extractor: Annotated[
        str, typer.Option("--extractor", "-x", help="Registered extractor name.")
    ] = "rules.v1",
) -> None:
    """Extract meetings and claims from ARTICLE... and write them as RDF or annotations.

    Turtle writes one block per article (prefer trig for many articles: it keeps one
    named graph per article); annotations writes one JSON object per line in the
    gold-annotation schema.
    """
    extract = _load_extractor(extractor)
    to_record = _load_to_record() if format is OutputFormat.annotations else None
    failures = 0

    def report(error: InputError | ExtractionError, article: Article | None = None) -> None:
        nonlocal failures
        failures += 1
        where = f"{article.source or article.id}: " if article is not None else ""
        err_console.print(f"diplograph: error: {where}{error}", markup=False)

    # JSON-LD is one document, so its graphs are collected; the other formats stream.
    collected: list[Extraction] | None = [] if format is OutputFormat.jsonld else None
    with _sink(output) as out:
        for article in read_articles(articles, on_error=report):
            try:
                extraction = extract(article)
                if to_record is not None:
                    out.write(json.dumps(to_record(extraction), ensure_ascii=False) + "\n")
                elif collected is not None:
                    collected.append(extraction)
                else:
                    out.write(_serialize(extraction, format))
            except ExtractionError as exc:
                report(exc, article)
        if collected is not None:
            dataset = to_dataset(collected)
            out.write(_rdf_text(dataset, "json-ld", context=_JSONLD_CONTEXT, auto_compact=True))
            out.write("\n")
    if failures:
        err_console.print(
            f"diplograph: {failures} input(s) could not be read or extracted", markup=False
        )
        raise typer.Exit(EXIT_FAILED)


def _serialize(extraction: Extraction, format: OutputFormat) -> str:
    """One article's output block for the streaming formats (turtle, trig, nquads)."""
    article = extraction.article
    if format is OutputFormat.turtle:
        header = f"# article {article.id} ({article.source or '-'}): <{article.iri}>\n"
        return header + _rdf_text(to_graph(extraction), "turtle") + "\n"
    dataset = to_dataset((extraction,))
    if format is OutputFormat.trig:
        header = f"# article {article.id} ({article.source or '-'})\n"
        return header + _rdf_text(dataset, "trig") + "\n"
    return _rdf_text(dataset, "nquads")


def _rdf_text(data: Graph, fmt: str, **options: Any) -> str:
    """Serialise, silencing the DeprecationWarnings rdflib 7 raises from its own quad writers."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"rdflib(\.|$)")
        text: str = data.serialize(format=fmt, **options)
    return text


@contextmanager
def _sink(output: Path | None) -> Iterator[TextIO]:
    """stdout, or a temporary file beside ``output`` renamed into place when all went well."""
    if output is None:  # (typer turns a closed pipe, ``| head``, into a quiet exit 1)
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = output.parent if str(output.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{output.name}.", suffix=".tmp", dir=directory
        )
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, output)
    finally:
        Path(temporary).unlink(missing_ok=True)
