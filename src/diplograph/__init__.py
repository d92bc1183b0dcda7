"""diplograph: knowledge graphs of diplomatic news.

Read news articles, extract who met whom and who claimed what (with the sentence as
evidence), validate the triples with SHACL, keep them in a store, query them with
SPARQL and study the diplomatic-outreach network with networkx.

Start from :class:`KnowledgeGraph`:

>>> import diplograph
>>> with diplograph.KnowledgeGraph() as kg:
...     summary = kg.ingest(diplograph.Article(
...         id="demo", text="India's envoy met the UN Secretary-General in New York."))
...     rows = kg.query("outreach-partners", actor="India").rows
>>> summary.stored, [row["partnerLabel"] for row in rows]
(1, ['United Nations'])

Everything here is also importable from the module that defines it (the stage
modules ``diplograph.read``, ``.extract``, ``.validate``, ``.query``, ``.network``,
``.store``, ``.pipeline``); those hold the lower-level API. ``diplograph.extract``
and ``diplograph.validate`` are those modules, so the functions are
``from diplograph.extract import extract`` and ``from diplograph.validate import
validate`` (or the methods of :class:`KnowledgeGraph`).
"""

from __future__ import annotations

from diplograph._graph import KnowledgeGraph
from diplograph._version import __version__
from diplograph.errors import (
    DiplographError,
    ExportError,
    ExtractionError,
    InputError,
    NetworkError,
    QueryError,
    ResourceError,
    StoreError,
    ValidationError,
)
from diplograph.model import Actor, Article, Claim, Evidence, Extraction, Meeting
from diplograph.pipeline import IngestSummary
from diplograph.query import QueryResult
from diplograph.read import read_articles
from diplograph.validate import ValidationReport

ONTOLOGY_VERSION = "0.1.0"
"""Version of the bundled ontology (its ``owl:versionInfo``)."""

__all__ = [
    "ONTOLOGY_VERSION",
    "Actor",
    "Article",
    "Claim",
    "DiplographError",
    "Evidence",
    "ExportError",
    "Extraction",
    "ExtractionError",
    "IngestSummary",
    "InputError",
    "KnowledgeGraph",
    "Meeting",
    "NetworkError",
    "QueryError",
    "QueryResult",
    "ResourceError",
    "StoreError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "read_articles",
]

# Show the public objects as ``diplograph.X`` in reprs and tracebacks (as httpx does);
# pickling finds them here too.
for _name in __all__:
    if not _name.isupper() and not _name.startswith("__"):
        globals()[_name].__module__ = "diplograph"
del _name
