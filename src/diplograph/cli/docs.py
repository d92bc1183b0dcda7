"""``diplograph docs``: regenerate the documentation made from the project's own files.

Examples::

    diplograph docs                 # data-model.md, class-diagram.png, sparql-cookbook.md
    diplograph docs --check         # exit 1 when a committed page is out of date
    diplograph docs -o build/docs   # somewhere else
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from diplograph.cli._app import EXIT_FAILED, command, console, err_console

__all__ = ["docs_cli"]


@command("docs")
def docs_cli(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the pages into.")
    ] = Path("docs"),
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 when the pages there are stale."),
    ] = False,
) -> None:
    """Generate the data-model page (with its class diagram) and the SPARQL cookbook.

    The data model is read from the ontology and shapes, the cookbook from the
    bundled queries; each page records a digest of its inputs.
    """
    from diplograph.docgen import build_docs, stale_docs

    if check:
        stale = stale_docs(output)
        for line in stale:
            err_console.print(f"stale: {line}", markup=False)
        if stale:
            err_console.print("regenerate with: diplograph docs", markup=False)
            raise typer.Exit(EXIT_FAILED)
        console.print(f"{output}: up to date", markup=False, highlight=False)
        return
    for path in build_docs(output):
        console.print(f"wrote {path}", markup=False, highlight=False)
