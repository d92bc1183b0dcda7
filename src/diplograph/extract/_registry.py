"""The extractor registry: an explicit table of names, plus an entry-point group.

Third parties register ``name = "package.module:factory"`` under the entry-point group
``diplograph.extractors``; a factory takes no arguments and returns a callable
``Article -> Extraction``. Names are versioned ("rules.v1") so saved results stay
traceable when rules change.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib.metadata import EntryPoint, entry_points

from diplograph.errors import UnknownExtractor
from diplograph.model import Article, Extraction

__all__ = ["ENTRY_POINT_GROUP", "Extractor", "available_extractors", "get_extractor"]

ENTRY_POINT_GROUP = "diplograph.extractors"
Extractor = Callable[[Article], Extraction]


def _rules_v1() -> Extractor:
    from diplograph.extract._rules import RulesExtractor

    return RulesExtractor()


_BUILTIN: dict[str, Callable[[], Extractor]] = {
    "rules.v1": _rules_v1,
}


def _plugins() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)
    return found


def available_extractors() -> list[str]:
    """Names of the built-in and installed extractors, sorted."""
    return sorted({*_BUILTIN, *_plugins()})


@cache
def get_extractor(name: str) -> Extractor:
    """The extractor registered as ``name`` (built once per process)."""
    if name in _BUILTIN:
        return _BUILTIN[name]()
    plugins = _plugins()
    if name in plugins:
        factory: Callable[[], Extractor] = plugins[name].load()
        return factory()
    raise UnknownExtractor(
        f"no extractor named {name!r}; available extractors: {', '.join(available_extractors())}"
    )
