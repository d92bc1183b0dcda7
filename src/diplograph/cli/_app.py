"""The typer application every command module registers on, and its error policy.

Commands do no work themselves: they parse options, call the library and print.
A :class:`~diplograph.errors.DiplographError` becomes one line on stderr and exit
code 2; exit code 1 is kept for "data do not conform" or "something failed".
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from diplograph._version import __version__
from diplograph.errors import DiplographError

__all__ = ["app", "command", "console", "err_console", "fail"]

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="diplograph",
    help="Knowledge graphs of diplomatic news: extract, validate, store, query, network.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True, highlight=False)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> typer.Exit:
    """Print ``diplograph: error: message`` on stderr and return the Exit to raise."""
    err_console.print(f"diplograph: error: {message}", markup=False)
    return typer.Exit(code)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Like ``app.command`` but turns DiplographError into one clear line and exit code 2."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*a: P.args, **kw: P.kwargs) -> R:
            try:
                return func(*a, **kw)
            except DiplographError as exc:
                raise fail(str(exc)) from None

        app.command(*args, **kwargs)(wrapper)
        return wrapper

    return decorate


def _version(value: bool) -> None:
    if value:
        console.print(f"diplograph {__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Knowledge graphs of diplomatic news: extract, validate, store, query, network."""
