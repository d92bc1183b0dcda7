"""The ``diplograph`` command line.

Each command lives in its own module and registers itself on the shared typer app;
the table below is the explicit list of those modules (no import side effects
elsewhere decide what the CLI offers).
"""

from __future__ import annotations

import importlib
import sys

from diplograph.cli._app import app, err_console
from diplograph.errors import DiplographError

__all__ = ["app", "main"]

_COMMAND_MODULES: tuple[str, ...] = (
    # each helper/command adds its module name here, in the order --help lists them
    "extract",
    "evaluate",
    "validate",
    "query",
    "ingest",
    "store",
    "network",
    "docs",
)

for _name in _COMMAND_MODULES:
    importlib.import_module(f"diplograph.cli.{_name}")


def main() -> None:
    """Entry point of the console script."""
    try:
        app()
    except DiplographError as exc:  # a library error outside a command's own handling
        err_console.print(f"diplograph: error: {exc}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("diplograph: interrupted", markup=False)
        sys.exit(130)
