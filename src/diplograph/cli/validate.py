"""``diplograph validate DATA...``: check RDF files against the shapes.

Each file is read (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) and validated
on its own, with the ontology's class hierarchy and the reference actors as context.
Exit code 0 when every file conforms, 1 when any does not, 2 when any cannot be used;
an unusable file is reported on one line and the other files are still validated.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from diplograph.cli._app import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, command, err_console
from diplograph.errors import DiplographError
from diplograph.rdf.files import read_rdf
from diplograph.validate import validate, validation_context

__all__ = ["validate_cli"]


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


@command("validate")
def validate_cli(
    data: Annotated[
        list[Path],
        typer.Argument(metavar="DATA",
                       help="RDF files: .ttl, .trig, .nt, .nq, .jsonld/.json, .rdf/.owl/.xml."),
    ],
    output: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="text (readable) or json (one document on stdout)."),
    ] = OutputFormat.text,
) -> None:
    """Validate RDF files against diplograph's SHACL shapes.

    Prints, for each problem, the node with its label, the property, what is
    wrong, and the article and sentence it came from. Exit code 0: all files
    conform; 1: some data do not conform; 2: a file could not be used.
    """
    context = validation_context(reference_actors=True)
    documents: list[dict[str, Any]] = []
    code = EXIT_OK
    for path in data:
        try:
            report = validate(read_rdf(path), context=context)
        except DiplographError as exc:
            err_console.print(f"diplograph: error: {exc}", markup=False)
            documents.append({"file": str(path), "error": str(exc)})
            code = EXIT_BAD_INPUT
            continue
        documents.append({"file": str(path), **report.to_json()})
        if not report.conforms and code == EXIT_OK:
            code = EXIT_FAILED
        if output is OutputFormat.text:
            typer.echo(f"{path}: {report.text}\n")
    if output is OutputFormat.json:
        typer.echo(json.dumps(documents, indent=2, ensure_ascii=False))
    raise typer.Exit(code)
