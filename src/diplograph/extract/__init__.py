"""Extraction: an article's text to actors, meetings and claims, each with its sentence.

>>> from diplograph.model import Article
>>> from diplograph.extract import extract
>>> x = extract(Article(id="demo", text="Pakistan's foreign minister Ishaq Dar met Wang Yi."))
>>> x.extractor
'rules.v1'
"""

from __future__ import annotations

from diplograph.extract._registry import (
    ENTRY_POINT_GROUP,
    Extractor,
    available_extractors,
    get_extractor,
)
from diplograph.extract._rules import RulesExtractor
from diplograph.model import Article, Extraction

__all__ = [
    "ENTRY_POINT_GROUP",
    "Extractor",
    "RulesExtractor",
    "available_extractors",
    "extract",
    "get_extractor",
]


def extract(article: Article, *, extractor: str = "rules.v1") -> Extraction:
    """Extract actors, meetings and claims from ``article`` with the named extractor.

    Raises :class:`~diplograph.errors.UnknownExtractor` (listing the available names)
    for a name that is not registered.
    """
    return get_extractor(extractor)(article)
