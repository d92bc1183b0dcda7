"""Where the packaged ontology, shapes and bundled queries live.

In an installed wheel they sit in ``diplograph/_data/``; in a source checkout
(editable install, tests) they are read from the repository's top-level folders, so
there is one copy of each file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from diplograph.errors import ResourceError

__all__ = ["data_dir", "ontology_dir", "queries_dir", "shapes_dir"]

_PACKAGE = Path(__file__).resolve().parent
_REPO_NAMES = {"ontology": "ontology", "shapes": "shapes", "queries": "examples/queries"}


@cache
def data_dir(kind: str) -> Path:
    """The folder holding ``kind`` ("ontology", "shapes" or "queries")."""
    if kind not in _REPO_NAMES:
        expected = sorted(_REPO_NAMES)
        raise ResourceError(f"unknown resource kind {kind!r}; expected one of {expected}")
    packaged = _PACKAGE / "_data" / kind
    if packaged.is_dir():
        return packaged
    repo = _PACKAGE.parents[1] / _REPO_NAMES[kind]
    if repo.is_dir():
        return repo
    raise ResourceError(
        f"the {kind} files are missing: looked in {packaged} and {repo}; reinstall diplograph"
    )


def ontology_dir() -> Path:
    """Folder of the ontology, reference actors and claim-type scheme (Turtle)."""
    return data_dir("ontology")


def shapes_dir() -> Path:
    """Folder of the SHACL shapes."""
    return data_dir("shapes")


def queries_dir() -> Path:
    """Folder of the bundled SPARQL queries (``*.rq``)."""
    return data_dir("queries")
